"""Shared Playwright fixtures for browser journeys (`@pytest.mark.e2e`).

    @pytest.mark.e2e
    def test_something(page, live_server):
        page.goto(live_server.url + "/")

`browser` is one Chromium per test session (the Debian package at /usr/bin/chromium); `page` is a fresh
browser context and page per test (Vietnamese locale, a phone-sized viewport), so cookies never leak between
tests. Tests using `live_server` need committed data: mark them

    pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

`serialized_rollback` puts back what the migrations loaded (provinces, wards, sectors, catalogues), which a
transactional test otherwise flushes away for the tests that run after it.
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
