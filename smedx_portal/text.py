"""Text helpers shared by every app."""

from smedx_portal.sms.encoding import strip_diacritics


def search_key(text: str) -> str:
    """Accent- and case-insensitive form of a text, stored beside it for search ("ke toan" finds "Kế toán")."""
    return " ".join(strip_diacritics(text or "").lower().split())
