import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smedx_portal.settings")

app = Celery("smedx_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="smedx_portal.ping")
def ping(value: str = "pong") -> str:
    """A no-op used by the health check and the worker round-trip test."""
    return value
