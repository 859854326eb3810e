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
