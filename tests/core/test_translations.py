"""English is the second language: the committed catalogue has every string translated, placeholders kept.

The test reads locale/en/LC_MESSAGES/django.po as committed (it never runs makemessages), so a string added
without English fails here once `makemessages -l en` has been run and the catalogue committed.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$')
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[sdfir]|%[sdfir]|%%|\{[A-Za-z_][A-Za-z0-9_]*\}|</?[A-Za-z][A-Za-z0-9]*(?:\s[^>]*)?/?>"
)
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> dict[str, str]:
        return {key: value for key, value in self.fields.items() if key.startswith("msgstr")}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match.group(1), match.group(1)), text)


def read_catalogue(path: Path) -> list[Entry]:
    """Parse a PO file into its entries (obsolete `#~` entries are skipped)."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, current = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"') and current:
                entry.fields[current] += _unquote(line.strip()[1:-1])
            elif match := KEYWORD.match(line):
                current = match.group(1)
                entry.fields[current] = _unquote(match.group(2))
        if entry.msgid:
            entries.append(entry)
    return entries


ENTRIES = read_catalogue(CATALOGUE)


def test_the_catalogue_has_the_portal_strings():
    assert len(ENTRIES) > 1000
    assert any(entry.msgid == "Sẵn sàng" and entry.translations["msgstr"] == "Ready" for entry in ENTRIES)


def test_no_string_is_fuzzy():
    fuzzy = [entry.msgid for entry in ENTRIES if "fuzzy" in entry.flags]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:5]}"


def test_no_string_is_untranslated():
    untranslated = [
        entry.msgid for entry in ENTRIES if any(not text.strip() for text in entry.translations.values())
    ]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:5]}"


def missing_placeholders(entry: Entry) -> list[str]:
    """The placeholders (%(name)s, %s, %%, {name}, HTML tags) of the msgid that a translation lacks."""
    plural = entry.fields.get("msgid_plural")
    missing = []
    for key, text in entry.translations.items():
        source = plural if plural is not None and key != "msgstr[0]" else entry.msgid
        missing += [
            f"{key} of {entry.msgid!r} lacks {name}"
            for name in PLACEHOLDER.findall(source)
            if name not in text
        ]
    return missing


def test_the_placeholder_check_sees_formats_and_tags():
    entry = Entry(fields={"msgid": "Chào <strong>%(name)s</strong> {count} %s 5%%", "msgstr": "Hi %(name)s"})
    assert len(missing_placeholders(entry)) == 5
    assert missing_placeholders(Entry(fields={"msgid": "Bearer <khóa>", "msgstr": "Bearer <key>"})) == []


def test_every_placeholder_is_kept():
    missing = [problem for entry in ENTRIES for problem in missing_placeholders(entry)]
    assert missing == [], f"{len(missing)} placeholders lost: {missing[:5]}"
