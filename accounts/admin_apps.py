from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site: every ModelAdmin scoped to an officer's province."""

    default_site = "accounts.admin_site.PortalAdminSite"
