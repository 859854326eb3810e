from django.conf import settings

from smedx_portal.programmes import DECISIONS, Programme


def portal(request):
    return {
        "PORTAL": settings.PORTAL,
        "PROGRAMMES": Programme,
        "PROGRAMME_DECISIONS": DECISIONS,
        "PRIVACY_NOTICE_VERSION": settings.PRIVACY_NOTICE_VERSION,
    }
