"""Shared Playwright fixtures for browser journeys (`@pytest.mark.e2e`).

    @pytest.mark.e2e
    def test_something(page, live_server):
        page.goto(live_server.url + "/")

`browser` is one Chromium per test session (the Debian package at /usr/bin/chromium); `page` is a fresh
browser context and page per test (Vietnamese locale, a phone-sized viewport), so cookies never leak between
tests. Tests using `live_server` need committed data: mark them

    pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

A transactional test flushes the tables when it ends; tests/conftest.py then writes back what the migrations
loaded (provinces, wards, sectors, catalogue groups: `tests/seed_data.py`), so no `serialized_rollback` is needed
(it would reload the whole database before each test). `reference_data` loads them if they are missing anyway.
"""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a thread
# unless told otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A fresh page on a 360 × 780 phone (tests/e2e/phone.py's PHONE), 15 s per step; a module may define its own."""
    from tests.e2e.phone import PHONE

    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def reference_data(transactional_db):
    """The 34 provinces, 3,321 wards, the old-province mapping and the sectors, loaded if missing (~1 s)."""
    from businesses.models import Ward
    from businesses.reference import reference_data_load

    if not Ward.objects.exists():
        reference_data_load()
