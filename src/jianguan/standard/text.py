"""Text normalisation shared by identifiers, code lookup and value parsing."""

from __future__ import annotations

import re
import string

# Full-width ASCII (U+FF01..U+FF5E) maps onto U+0021..U+007E by a fixed offset.
_FULL_WIDTH_OFFSET = 0xFEE0
_HALF_WIDTH = {code: code - _FULL_WIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20  # ideographic space
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SEPARATORS = re.compile(r"[\s\-]+")


def half_width(value: str) -> str:
    """Full-width letters, digits and punctuation as their ASCII forms; invisible marks removed."""
    return _INVISIBLE.sub("", value.translate(_HALF_WIDTH))


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
