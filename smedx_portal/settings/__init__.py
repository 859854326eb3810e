"""Settings of the SMEdx / RDX portal, every value from the environment (`DJANGO_SETTINGS_MODULE` stays
`smedx_portal.settings`).

Development needs nothing set (SQLite, local-memory cache, eager Celery, SMS to the console).
`DJANGO_ENV=production` refuses to start without a real SECRET_KEY and ALLOWED_HOSTS. Read in this order, each
part adding to the lists (apps, middleware, beat schedule) of the ones before:
- `base`: environment, keys, apps, middleware, database, cache, Celery, SMS, sign-in, languages, files;
- `security`: cookies, HTTPS, CSP, logging, the portal's address and facts;
- `apps`: each app's own settings (experts, platforms, accounts, campaigns, reports, programmes);
- `api`: the data-sharing API; `personal_data`: the privacy notice, requests' deadlines, the `privacy` app.
"""

# ruff: noqa: I001 - the order of these imports is the order of the lists they add to
from smedx_portal.settings.base import *  # noqa: F403
from smedx_portal.settings.security import *  # noqa: F403
from smedx_portal.settings.apps import *  # noqa: F403
from smedx_portal.settings.api import *  # noqa: F403
from smedx_portal.settings.personal_data import *  # noqa: F403
