"""Admin actions for staff decisions: an intermediate page asks for the reason (or other fields), then the
decision's service runs once per selected row and reports what it refused. Shared by every decision admin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.shortcuts import render


class DecisionActionsMixin:
    """ModelAdmin mixin; `decision_object_arg` names the service's keyword for the row (listing=, trial=…)."""

    decision_object_arg = "obj"

    def _run(self, request, queryset, service, success: str, **kwargs) -> None:
        done = 0
        for obj in queryset:
            try:
                service(**{self.decision_object_arg: obj}, actor=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, success % {"count": done}, messages.SUCCESS)

    def _decide_with_reason(self, request, queryset, form_class, title, action, service, success):
        """A decision that asks for a reason on an intermediate page, then runs the service per row."""
        return self._with_form(
            request,
            queryset,
            form_class=form_class,
            title=title,
            action=action,
            run=lambda data: self._run(request, queryset, service, success, reason=data["reason"]),
        )

    def _with_form(self, request, queryset, *, form_class, title: str, action: str, run, initial=None):
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
        return render(request, "platforms/admin/action_form.html", context)
