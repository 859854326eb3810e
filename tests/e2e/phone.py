"""What every page must satisfy on a 360 × 780 phone, checked in the browser (issue 20).

`layout_faults(page)` returns a list of human-readable faults (empty when the page passes): horizontal page
scroll, a header (with the navigation closed) taller than 80 px before the main content, visible links and
buttons beyond the viewport's width, and chart text under 12 CSS px. `axe_faults(page)` runs axe-core and returns
its serious and critical violations.
"""

from __future__ import annotations

from pathlib import Path

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
    """Checks every page a journey reaches and keeps a screenshot of it (var/screenshots/journeys/)."""

    def __init__(self, page, name: str):
        self.page, self.name, self.step = page, name, 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(self, label: str) -> None:
        self.page.wait_for_load_state("load")
        self.step += 1
        self.page.screenshot(path=SCREENSHOTS / f"{self.name}-{self.step:02d}-{label}.png", full_page=True)
        faults = layout_faults(self.page) + axe_faults(self.page)
        assert not faults, f"{self.name} / {label} ({self.page.url}): {faults}"

    def menu(self, link: str) -> None:
        """Open the phone menu (a label, no JavaScript needed) and follow one of its links."""
        self.page.locator("label.nav-toggle-label").click()
        self.page.locator("nav.main-nav").get_by_role("link", name=link, exact=True).click()
