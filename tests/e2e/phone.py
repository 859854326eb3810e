"""What every page must satisfy on a 360 × 780 phone, checked in the browser (issue 20).

`layout_faults(page)` returns a list of human-readable faults (empty when the page passes): horizontal page
scroll, a header (with the navigation closed) taller than 80 px before the main content, visible links and
buttons beyond the viewport's width, and chart text under 12 CSS px. `axe_faults(page)` runs axe-core and returns
its serious and critical violations.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

PHONE = {"width": 360, "height": 780}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "journeys"

LAYOUT_PROBE = """() => {
  const vw = window.innerWidth, out = [];
  const width = document.scrollingElement.scrollWidth;
  if (width > vw + 1) out.push(`page ${width}px wide`);
  const main = document.querySelector('main');
  if (!main) { out.push('no <main>'); }
  else {
    const top = main.getBoundingClientRect().top + window.scrollY;
    if (top > 80) out.push(`content starts at ${Math.round(top)}px`);
  }
  const off = [];
  for (const el of document.querySelectorAll('a, button, input[type=submit], summary, label.nav-toggle-label')) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (r.width && r.height && s.visibility !== 'hidden' && (r.right > vw + 1 || r.left < -1)) off.push((el.textContent || el.value || '').trim().slice(0, 30));
  }
  if (off.length) out.push(`beyond ${vw}px: ${off.join(' | ')}`);
  const small = [];
  for (const t of document.querySelectorAll('svg text')) {
    const r = t.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM() ? t.getScreenCTM().a : 1);
    if (r.height && size < 11.95) small.push(`${t.textContent.trim().slice(0, 12)} ${size.toFixed(1)}px`);
  }
  if (small.length) out.push(`chart text under 12px: ${small.slice(0, 5).join(', ')}`);
  return out;
}"""


NAV_SIGNATURE = (
    "() => [...document.querySelectorAll('nav.main-nav a')].map(a => a.textContent.trim()).join('|')"
)
AXE_CHECKED: set[tuple[str, str]] = set()


def layout_faults(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBE)


def axe_faults(page) -> list[str]:
    """axe-core's serious and critical violations on the page (axe.min.js from axe-playwright-python)."""
    from importlib.resources import files

    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated by the test, not by the page: works with the page's JavaScript off and under its CSP
        source = (files("axe_playwright_python") / "axe.min.js").read_text()
        page.evaluate(f"() => {{ {source}\n; return typeof window.axe; }}")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['target']}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


class Journey:
    """Checks every page a journey reaches and keeps a screenshot of it
    (var/screenshots/journeys/<role>/<js|nojs>-<step>-<page>.png).

    With the page's JavaScript off, Playwright's own `evaluate` still runs (the layout probe works), but axe-core
    never finishes (its timers do not fire): the same journey walked with JavaScript on runs axe on those pages.
    """

    def __init__(self, page, role: str, *, js: bool = True, base_url: str = ""):
        self.page, self.role, self.js, self.base_url, self.step = page, role, js, base_url, 0
        self.folder = SCREENSHOTS / role
        self.folder.mkdir(parents=True, exist_ok=True)

    def check(self, label: str) -> None:
        self.page.wait_for_load_state("load")
        self.step += 1
        mode = "js" if self.js else "nojs"
        self.page.screenshot(path=self.folder / f"{mode}-{self.step:02d}-{label}.png", full_page=True)
        faults = layout_faults(self.page) + (axe_faults(self.page) if self.js and self.first_visit() else [])
        assert not faults, f"{self.role} {mode} / {label} ({self.page.url}): {faults}"

    def first_visit(self) -> bool:
        """axe-core (1–2 s a page) runs once per page and menu per test session: the home and sign-in pages every
        journey passes, or a dashboard a journey comes back to, are checked the first time only."""
        path = re.sub(r"\d+", "N", urlsplit(self.page.url).path)
        key = (path, self.page.evaluate(NAV_SIGNATURE))
        if key in AXE_CHECKED:
            return False
        AXE_CHECKED.add(key)
        return True

    def start(self) -> None:
        self.page.goto(self.base_url + "/")
        self.check("trang-chu")

    def menu(self, link: str) -> None:
        """Open the phone menu (a label, no JavaScript needed) and follow one of its links."""
        self.page.locator("label.nav-toggle-label").click()
        self.page.locator("nav.main-nav").get_by_role("link", name=link, exact=True).click()

    def tap(self, name: str, label: str, *, role: str = "link", within: str = "main") -> None:
        """Tap a link (or button) on the page by its name, then check the page it leads to."""
        self.page.locator(within).get_by_role(role, name=name, exact=True).first.click()
        self.check(label)

    def sign_in(self, user, password: str) -> None:
        self.menu("Đăng nhập")
        self.check("dang-nhap")
        self.page.get_by_label("Số điện thoại di động").fill(user.phone.replace("+84", "0"))
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập", exact=True).click()
        self.check("sau-dang-nhap")


def walk_both(browser, base_url: str, role: str, steps) -> None:
    """Walk `steps(journey)` on a 360 × 780 phone with JavaScript off, then on (a fresh context each: no cookies
    shared). The no-JavaScript walk goes first, so state-changing taps it makes are the ones without script."""
    for js in (False, True):
        context = browser.new_context(locale="vi-VN", viewport=PHONE, java_script_enabled=js)
        context.set_default_timeout(15_000)
        try:
            journey = Journey(context.new_page(), role, js=js, base_url=base_url)
            journey.start()
            steps(journey)
        finally:
            context.close()
