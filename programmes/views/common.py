"""Access to one row for the signed-in user: 403 for a programme they don't run (a MoIT user on SMEdx),
404 for another province's row."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from programmes import access
from smedx_portal.programmes import Programme


def visible_or_404(request, model, pk: int, *, select: tuple[str, ...] = ()):
    row = get_object_or_404(model.objects.select_related("province", *select), pk=pk)
    access.require_programme(request.user, row.programme)
    if not access.can_see(request.user, province_id=row.province_id, programme=row.programme):
        raise Http404
    return row


def programme_arg(code: str) -> str:
    """The programme named in a URL ("rdx", "smedx"), or 404."""
    programme = code.upper()
    if programme not in Programme.values:
        raise Http404
    return programme


def error_messages(error: ValidationError) -> dict[str, list[str]]:
    """A service's refusal as messages per field ("__all__" for the whole form)."""
    if hasattr(error, "error_dict"):
        return {
            name: [str(message) for item in items for message in item]
            for name, items in error.error_dict.items()
        }
    return {"__all__": [str(message) for message in error.messages]}


def run_action(request, action, success: str, *, fallback, **kwargs):
    """Call a service on behalf of the signed-in user; show its refusal or `success`, then go to what it
    returned (a row with a page) or back to `fallback`."""
    try:
        result = action(actor=request.user, **kwargs)
    except ValidationError as error:
        for items in error_messages(error).values():
            for message in items:
                messages.error(request, message)
        return redirect(fallback)
    messages.success(request, str(success))
    return redirect(result if hasattr(result, "get_absolute_url") else fallback)


def review_steps(model, name: str, *steps: tuple) -> list:
    """POST-only views for the steps of a row's review (send, submit, return, approve, accept, reopen,
    correct), one per `(service, success message, posted field names)`. Plans and reports share them."""
    return [review_step(model, name, action, success, posted=posted) for action, success, posted in steps]


def review_step(model, name: str, action, success: str, *, posted: tuple[str, ...] = ()):
    """One step: the row checked for the user (403/404), the service called with the row as `name` and the
    `posted` text fields, its refusal or `success` shown on the row's page."""

    @login_required
    @require_POST
    def view(request, pk: int):
        row = visible_or_404(request, model, pk)
        texts = {field: request.POST.get(field, "") for field in posted}
        return run_action(request, action, success, fallback=row, **{name: row}, **texts)

    return view
