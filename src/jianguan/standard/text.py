"""Text normalisation shared by identifiers, code lookup and value parsing."""

from __future__ import annotations

import re
import string
from functools import cache

import opencc

# Full-width ASCII (U+FF01..U+FF5E) maps onto U+0021..U+007E by a fixed offset.
_FULL_WIDTH_OFFSET = 0xFEE0
_HALF_WIDTH = {code: code - _FULL_WIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20  # ideographic space
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SEPARATORS = re.compile(r"[\s\-]+")


def half_width(value: str) -> str:
    """Full-width letters, digits and punctuation as their ASCII forms; invisible marks removed."""
    return _INVISIBLE.sub("", value.translate(_HALF_WIDTH))


@cache
def traditional_pairs() -> tuple[str, str]:
    """The traditional characters `simplified` replaces and their replacements, aligned.

    OpenCC's t2s conversion of each CJK character on its own (Basic Multilingual Plane),
    keeping only characters outside GB 2312, the simplified character set: those inside it
    (乾, 瞭, 後, 於 …) are also written in simplified text, where only the phrase decides.
    A one-to-one map keeps lengths and lets SQL engines apply it with `translate`.
    """
    blocks = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))
    characters = [chr(c) for block in blocks for c in block]
    converted = opencc.OpenCC("t2s").convert("\n".join(characters)).split("\n")
    pairs = [
        (t, s)
        for t, s in zip(characters, converted, strict=True)
        if t != s and len(s) == 1 and ord(s) < 0x10000 and not _in_gb2312(t)
    ]
    return "".join(t for t, _ in pairs), "".join(s for _, s in pairs)


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@cache
def _simplifying() -> dict[int, int]:
    traditional, simple = traditional_pairs()
    return str.maketrans(traditional, simple)


def simplified(value: str) -> str:
    """Traditional characters as their simplified forms (陳→陈, 經營→经营), character by character."""
    return value.translate(_simplifying())


def clean_text(value: str) -> str:
    """Trimmed text with invisible marks removed; full-width Chinese punctuation is kept."""
    return _INVISIBLE.sub("", value).strip()


# ASCII only: Unicode upper() turns ß into SS, which SQL engines do differently.
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def compact_code(value: str) -> str:
    """An identifier as typed by people: half-width, upper case, no spaces or hyphens."""
    return _SEPARATORS.sub("", half_width(value)).translate(_ASCII_UPPER)


def shown(value: object, limit: int = 40) -> str:
    """A value as quoted back in a message, shortened so a huge cell cannot flood a report."""
    if isinstance(value, int) and value.bit_length() > 100:
        return "超长数字"  # repr of a huge int raises ValueError beyond 4300 digits
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
