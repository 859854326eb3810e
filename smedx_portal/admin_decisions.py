"""Admin actions for staff decisions: an intermediate page asks for the reason (or other fields), then the
decision's service runs once per selected row and reports what it refused. The project's one decision helper,
shared by every decision admin (platforms, experts, businesses); in the core because apps on every level use it:

    class TrialAdmin(DecisionActionsMixin, admin.ModelAdmin):
        decision_object_arg = "trial"
        actions = ["reject_ratings"]
        reject_ratings = DecisionAction(
            gettext_lazy("Không đăng đánh giá (nêu lý do)"),
            title=gettext_lazy("Không đăng đánh giá"),
            form_class=ReasonForm,
            service=services.trial_moderate,
            success=gettext_lazy("Đã không đăng %(count)d đánh giá."),
            approve=False,
        )
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _


class DecisionAction:
    """An admin action declared in the class body: the intermediate page asks for `form_class`'s fields, then
    `service` runs once per selected row with them (and the fixed keywords given here)."""

    def __init__(
        self,
        description,
        *,
        form_class,
        service: Callable[..., Any],
        success,
        title=None,
        actor_arg: str = "actor",
        object_arg: str | None = None,
        arguments: dict[str, str] | None = None,
        success_each: Callable[[Any, Any], dict[str, Any]] | None = None,
        allowed_permissions: tuple[str, ...] | None = None,
        **fixed: Any,
    ) -> None:
        """`title` defaults to the description. `actor_arg` names the service's keyword for the staff member
        (actor=, reviewer=…), `object_arg` the row's when it is not the admin's `decision_object_arg`;
        `arguments` maps the form's fields to the service's keywords (a field left out is not passed; None passes
        every field under its own name). With `success_each(row, result)`, `success` is reported once per decided
        row with those values instead of once with the count. `allowed_permissions` is Django's (("change",)…)."""
        self.short_description = description  # what Django's admin shows in the actions menu
        self.title = title if title is not None else description
        self.form_class = form_class
        self.service = service
        self.success = success
        self.actor_arg = actor_arg
        self.object_arg = object_arg
        self.arguments = arguments
        self.success_each = success_each
        if allowed_permissions is not None:
            self.allowed_permissions = allowed_permissions
        self.fixed = fixed
        self.__name__ = ""

    def __set_name__(self, owner, name: str) -> None:
        self.__name__ = name  # the action's name, posted back by the intermediate page

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        if self.arguments is not None:
            data = {keyword: data[field] for field, keyword in self.arguments.items()}
        return {**self.fixed, **data}

    def __call__(self, modeladmin, request, queryset):
        return modeladmin.action_form_page(
            request,
            queryset,
            form_class=self.form_class,
            title=str(self.title),
            action=self.__name__,
            run=lambda data: modeladmin.decide_each(
                request,
                queryset,
                self.service,
                str(self.success),
                actor_arg=self.actor_arg,
                object_arg=self.object_arg,
                success_each=self.success_each,
                service_kwargs=self.service_kwargs(data),
            ),
        )


class DecisionActionsMixin:
    """ModelAdmin mixin; `decision_object_arg` names the service's keyword for the row (listing=, trial=…)."""

    decision_object_arg = "obj"

    def decide_each(
        self,
        request,
        queryset,
        service: Callable[..., Any],
        success: str,
        *,
        actor_arg: str = "actor",
        object_arg: str | None = None,
        success_each: Callable[[Any, Any], dict[str, Any]] | None = None,
        service_kwargs: dict[str, Any] | None = None,
    ) -> None:
        """Run `service` on each row; refusals (invalid or not allowed) are reported row by row, successes by
        count (or row by row with `success_each`)."""
        done = 0
        object_arg = object_arg or self.decision_object_arg
        for obj in queryset:
            try:
                result = service(**{object_arg: obj, actor_arg: request.user}, **(service_kwargs or {}))
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied as error:
                self.message_user(request, f"{obj}: {str(error) or _('Không được phép.')}", messages.ERROR)
            else:
                done += 1
                if success_each is not None:
                    self.message_user(request, success % success_each(obj, result), messages.SUCCESS)
        if done and success_each is None:
            self.message_user(request, success % {"count": done}, messages.SUCCESS)

    def action_form_page(self, request, queryset, *, form_class, title: str, action: str, run, initial=None):
        """An intermediate page: show the form for the selected rows, then run the decision."""
        form = form_class(request.POST if "apply" in request.POST else None, initial=initial)
        if "apply" in request.POST and form.is_valid():
            run(form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "objects": list(queryset),
            "form": form,
            "action": action,
            "ids": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return render(request, "admin/decision_form.html", context)
