"""The API docs in a real browser: Swagger UI renders from local assets under the strict CSP."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="vi-VN")
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


def _collect_problems(page, live_server):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda request: (
            problems.append(f"external request {request.url}")
            if not request.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )
    return problems


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_the_operations_without_csp_violations(page, live_server):
    problems = _collect_problems(page, live_server)
    page.goto(live_server.url + "/api/docs/")
    page.get_by_text("/api/v1/provider/usage-registrations/", exact=True).first.wait_for()
    page.get_by_text("X-SMEdx-Signature").first.wait_for()
    assert page.locator(".opblock").count() >= 10
    page.locator(".opblock-summary", has_text="/api/v1/identity/lookup/").first.click()
    page.get_by_text("tax_codes").first.wait_for()
    page.get_by_role("button", name="Try it out").first.click()
    assert not [
        problem for problem in problems if "Content Security Policy" in problem or "external" in problem
    ], problems
