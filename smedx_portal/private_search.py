"""Staff search boxes where an identity number (a 12-digit CCCD), a tax code or a phone may be typed.

The query never goes in a URL (browser history, the proxy's and the server's access logs, the Referer header): the
form posts it (with the CSRF token), the view keeps it in the person's session under a random token and redirects
to the same page with only the token (`?tim=…`), which pagination links carry on.

    if request.method == "POST":
        return private_search_redirect(request, keep=["status"])
    query = private_search_query(request)
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect

SESSION_KEY = "private_searches"
TOKEN_PARAM = "tim"
KEEP_LAST = 20  # searches remembered per session
MAX_LENGTH = 100


def private_search_redirect(
    request: HttpRequest, *, field: str = "q", keep: Iterable[str] = ()
) -> HttpResponseRedirect:
    """Keep the posted query in the session and redirect to the page with its token (and the `keep` filters,
    which hold no personal data)."""
    query = (request.POST.get(field) or "").strip()[:MAX_LENGTH]
    params = {name: request.POST.get(name, "") for name in keep if name in request.POST}
    if query:
        params[TOKEN_PARAM] = private_search_store(request, query)
    return HttpResponseRedirect(f"{request.path}?{urlencode(params)}" if params else request.path)


def private_search_store(request: HttpRequest, query: str) -> str:
    """Keep `query` in the session; returns the random token that stands for it."""
    token = secrets.token_urlsafe(9)
    stored = dict(request.session.get(SESSION_KEY, {}))
    stored[token] = query.strip()[:MAX_LENGTH]
    request.session[SESSION_KEY] = dict(list(stored.items())[-KEEP_LAST:])
    return token


def private_search_lookup(request: HttpRequest, token: str) -> str:
    """The query `token` stands for ('' when unknown, or another session's token)."""
    return str(request.session.get(SESSION_KEY, {}).get(token, "")) if token else ""


def private_search_query(request: HttpRequest) -> str:
    """The query the token in the URL stands for."""
    return private_search_lookup(request, request.GET.get(TOKEN_PARAM, ""))
