"""The OpenAPI schema is generated without warnings, documents the error format and is served with local docs."""

from __future__ import annotations

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_is_generated_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target), skip_checks=True)
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert schema["openapi"].startswith("3.")
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert {
        "/api/v1/key/",
        "/api/v1/catalogue/groups/",
        "/api/v1/provider/usage-registrations/",
        "/api/v1/provider/usage-registrations/{id}/confirm/",
        "/api/v1/provider/usage-registrations/{id}/reject/",
        "/api/v1/provider/usage-figures/",
        "/api/v1/stats/businesses/",
        "/api/v1/identity/lookup/",
        "/api/v1/webhook/",
    } <= set(schema["paths"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403", "429"} <= set(operation["responses"]), (method, path)
            assert operation["security"] == [{"ApiKey": []}], (method, path)
            assert "English" in operation["description"] or "scope" in operation["description"], (
                method,
                path,
            )
    assert schema["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    assert "X-SMEdx-Signature" in schema["info"]["description"] and "hmac" in schema["info"]["description"]
    assert schema["paths"]["/api/v1/stats/businesses/"]["get"]["responses"]["429"]["headers"]["Retry-After"]


def test_the_schema_endpoint_is_public(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/provider/usage-registrations/" in response.json()["paths"]


def test_the_docs_use_local_assets_and_keep_csp(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<script>" not in html and "<style>" not in html
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-eval'" not in csp
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.split("?")[0].removeprefix("/static/")), source
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert "/api/schema/" in script.content.decode()
