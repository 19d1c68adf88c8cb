"""`CodeTable`: a named code list whose entries a department may send by code or by label."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from jianguan.standard.text import clean_text, half_width

_CODE_AND_LABEL = re.compile(r"^(\S+)\s+(.+)$")


@dataclass(frozen=True)
class CodeEntry:
    code: str
    label: str
    parent: str | None = None
    since: int | None = None
    until: int | None = None
    note: str = ""

    @property
    def current(self) -> bool:
        """Still in force: no end year."""
        return self.until is None

    def valid_in(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (
            self.until is None or year <= self.until
        )


class CodeTable:
    """Entries by code, resolvable from a code, a label, or "code label" as in template drop-downs.

    Codes that are all digits also match when a spreadsheet dropped their leading zeros
    ("2" for "02"); a label shared by several entries (e.g. 市辖区) resolves to none.
    """

    def __init__(
        self,
        name: str,
        label: str,
        entries: Iterable[CodeEntry],
        *,
        description: str = "",
    ) -> None:
        self.name = name
        self.label = label
        self.description = description
        self._entries: dict[str, CodeEntry] = {}
        labels: dict[str, list[str]] = {}
        for entry in entries:
            if entry.code in self._entries:
                raise ValueError(f"代码表 {name} 中代码 {entry.code} 重复")
            self._entries[entry.code] = entry
            labels.setdefault(_label_key(entry.label), []).append(entry.code)
        self._by_label = {key: codes[0] for key, codes in labels.items() if len(codes) == 1}
        self._upper = {code.upper(): code for code in self._entries}
        self._unpadded = {
            code.lstrip("0"): code
            for code in self._entries
            if code.isdigit() and code.startswith("0") and code.strip("0")
        }

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[CodeEntry]:
        return iter(self._entries.values())

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def get(self, code: str) -> CodeEntry | None:
        return self._entries.get(code)

    def label_of(self, code: str) -> str | None:
        entry = self._entries.get(code)
        return entry.label if entry else None

    def by_label(self, label: str) -> CodeEntry | None:
        code = self._by_label.get(_label_key(label))
        return self._entries[code] if code else None

    def codes(self) -> list[str]:
        return list(self._entries)

    def resolve(self, value: str) -> CodeEntry | None:
        """The entry `value` names by code, label or "code label"; None if none or ambiguous."""
        text = clean_text(half_width(value))
        if not text:
            return None
        entry = self._by_code(text) or self.by_label(text)
        if entry:
            return entry
        match = _CODE_AND_LABEL.match(text)
        if match:
            entry = self._by_code(match.group(1))
            if entry and _label_key(entry.label) == _label_key(match.group(2)):
                return entry
        return None

    def _by_code(self, text: str) -> CodeEntry | None:
        code = self._upper.get(text.upper())
        if code is None and text.isdigit():
            code = self._unpadded.get(text)
        return self._entries[code] if code else None


def _label_key(label: str) -> str:
    return "".join(half_width(label).split())


def simple_table(name: str, label: str, pairs: dict[str, str], description: str = "") -> CodeTable:
    """A flat table from code → label pairs."""
    return CodeTable(
        name, label, (CodeEntry(c, lbl) for c, lbl in pairs.items()), description=description
    )
