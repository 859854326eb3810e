"""The data-sharing API's shared machinery (seed 000 II.2đ, seed 001 II.2e–f).

Keys (`keys`), authentication, scopes (`permissions`), throttling, the error format (`errors`), pagination,
the call log (`middleware`), webhooks (`webhooks`) and the schema (`schema`) live here, once; each app's
endpoints live in its own `api.py` and are mounted under /api/v1/ by `smedx_portal.api.urls`.
"""
