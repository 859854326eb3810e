"""Outreach: the province assigns a segment to providers; a provider sees its businesses and records
follow-ups."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from businesses.models import BusinessKind, Ward
from programmes import access
from programmes.models import FollowUpStep, OutreachAssignment
from programmes.services import outreach as services
from programmes.views.common import error_messages
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme


class AssignForm(forms.Form):
    programme = forms.ChoiceField(label=gettext_lazy("Chương trình"), choices=Programme.choices)
    ward = forms.ModelChoiceField(
        label=gettext_lazy("Phường/xã"), queryset=Ward.objects.none(), required=False
    )
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Loại hình"),
        choices=BusinessKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    levels = forms.MultipleChoiceField(
        label=gettext_lazy("Mức độ"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    providers = forms.MultipleChoiceField(
        label=gettext_lazy("Nhà cung cấp được phân công"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    limit = forms.IntegerField(
        label=gettext_lazy("Số đơn vị tối đa"), min_value=1, max_value=5000, initial=100
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        programmes = access.programmes_for(user)
        self.fields["programme"].choices = [
            (code, label) for code, label in Programme.choices if code in programmes
        ]
        self.fields["ward"].queryset = Ward.objects.filter(province_id=user.province_id).order_by("name")
        self.fields["providers"].choices = list(
            services.selected_providers(programmes).order_by("name").values_list("pk", "name")
        )


@login_required
@require_http_methods(["GET", "POST"])
def province_outreach(request):
    if not access.is_officer(request.user):
        raise PermissionDenied
    form = AssignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        segment = services.OutreachSegment(
            programme=data["programme"],
            ward_id=data["ward"].pk if data["ward"] else None,
            kinds=tuple(data["kinds"]),
            levels=tuple(data["levels"]),
        )
        try:
            made = services.outreach_assign(
                actor=request.user,
                segment=segment,
                provider_ids=[int(pk) for pk in data["providers"]],
                limit=data["limit"],
            )
        except ValidationError as error:
            for name, items in error_messages(error).items():
                form.add_error(name if name in form.fields else None, items)
        else:
            messages.success(request, _("Đã phân công %(count)s đơn vị.") % {"count": len(made)})
            return redirect("programmes:province_outreach")
    assignments = access.scope(OutreachAssignment.objects.all(), request.user)
    summary = (
        assignments.values("provider__name", "programme")
        .annotate(businesses=Count("id", distinct=True), follow_ups=Count("follow_ups"))
        .order_by("programme", "provider__name")
    )
    return render(
        request,
        "programmes/outreach_province.html",
        {"form": form, "summary": summary},
        status=400 if form.errors else 200,
    )


@role_required(Role.PROVIDER)
def provider_outreach(request):
    assignments = (
        services.assignments_for_provider(request.user)
        .select_related("business__ward", "business__province")
        .prefetch_related("follow_ups")
        .order_by("-assigned_at", "pk")[:200]
    )
    return render(
        request,
        "programmes/outreach_provider.html",
        {"assignments": assignments, "steps": FollowUpStep.choices},
    )


@role_required(Role.PROVIDER)
@require_POST
def follow_up(request, pk: int):
    assignment = get_object_or_404(services.assignments_for_provider(request.user), pk=pk)
    try:
        services.follow_up_record(
            actor=request.user,
            assignment=assignment,
            step=request.POST.get("step", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        for items in error_messages(error).values():
            for message in items:
                messages.error(request, message)
    else:
        messages.success(request, _("Đã ghi nhận."))
    return redirect("programmes:provider_outreach")
