"""Fixtures of the API tests: a client, keys with chosen scopes, a local webhook receiver."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rest_framework.test import APIClient

from smedx_portal.api.keys import api_key_issue


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "schemathesis: property-based run of the API schema against a live server"
    )


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def issue_key(db):
    """issue_key(["stats:read"], owner=None, **options) -> (ApiKey, raw key)."""

    def issue(scopes, owner=None, **options):
        issued = api_key_issue(
            name=options.pop("name", "Hệ thống thử"), scopes=scopes, owner=owner, **options
        )
        return issued.key, issued.raw_key

    return issue


@pytest.fixture
def call(api_client):
    """call("get", "/api/v1/key/", key=raw, **kwargs): an API call with the key in the Authorization header."""

    def do(method, url, key=None, language="vi", **kwargs):
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if key:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        if "data" in kwargs and "format" not in kwargs and "content_type" not in kwargs:
            kwargs["format"] = "json"
        return getattr(api_client, method)(url, **kwargs, **headers)

    return do


@dataclass
class Received:
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1 answering with the queued statuses (then 200)."""

    url: str
    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)


@pytest.fixture
def webhook_receiver():
    receiver = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", 0))
            receiver.received.append(
                Received(
                    headers={k.lower(): v for k, v in self.headers.items()}, body=self.rfile.read(length)
                )
            )
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            payload = json.dumps({"ok": status < 300}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield receiver
    server.shutdown()
    server.server_close()
