"""Text helpers shared by every app."""

import unicodedata

from smedx_portal.sms.encoding import strip_diacritics


def search_key(text: str) -> str:
    """Accent- and case-insensitive form of a text, stored beside it for search ("ke toan" finds "Kế toán")."""
    return " ".join(strip_diacritics(text or "").lower().split())


# Vietnamese alphabetical order: ă, â after a; đ after d; ê after e; ô, ơ after o; ư after u. Tones come second
# (ngang, huyền, hỏi, ngã, sắc, nặng), so "Cà Mau" sorts before "Cao Bằng" and "Đà Nẵng" after "Dak" but before "E".
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def vietnamese_sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese names as a Vietnamese reader expects (letters first, tones as tie-break)."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in str(text).lower():
        decomposed = unicodedata.normalize("NFD", char)
        letter, tone = decomposed[0], 0
        for mark in decomposed[1:]:
            if mark in _LETTER_MARKS:
                letter = unicodedata.normalize("NFC", letter + mark)
            else:
                tone = _TONES.get(mark, tone)
        rank = _RANK.get(letter)
        letters.append((1, rank) if rank is not None else (0, ord(letter)))  # spaces, digits before letters
        tones.append(tone)
    return tuple(letters), tuple(tones)
