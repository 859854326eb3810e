"""PDF rendering with WeasyPrint, shared by certificates and reports.

Templates use the portal's print stylesheet, whose fonts (Noto Sans / DejaVu Sans from Debian) cover
Vietnamese; WeasyPrint embeds the glyphs it uses, so the PDF reads the same everywhere.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, {"PORTAL": settings.PORTAL, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def qr_svg(data: str, *, scale: int = 4) -> str:
    """An inline SVG QR code (no external service: the portal works on a closed network)."""
    import segno

    return segno.make(data, error="m").svg_inline(scale=scale, dark="#1f2328")
