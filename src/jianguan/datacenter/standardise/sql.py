"""SQL text building blocks, written in DuckDB's dialect and transpiled to Spark by SQLGlot.

An `X` is a SQL expression that remembers its *layer*: the step of the query (a CTE) whose
columns it reads. `Plan.col` materialises an expression as a column of the next layer, so a
value used many times (a cleaned cell, a checksum) is computed once and the SQL text stays
small. Only constructs that mean the same in both engines are used here: no backreferences,
no `.` in regular expressions (Java's excludes more line ends than RE2's), no engine-specific
date formats, no `l[i]` with a computed index.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jianguan.standard.text import traditional_pairs

# Python's str.strip() and regex \s: every code point for which str.isspace() holds.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# jianguan.standard.text: invisible marks removed, full-width ASCII and U+3000 made half-width.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
FULL_WIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000"
HALF_WIDTH = "".join(chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)) + " "
ELLIPSIS = "…"
SHOWN_LIMIT = 40


def _regex_class_members(chars: str) -> str:
    return "".join(f"\\x{{{ord(c):x}}}" for c in chars)


WS = _regex_class_members(WHITESPACE)  # use inside [...]: RE2 and Java both read \x{hhhh}
_INVISIBLE = _regex_class_members(INVISIBLE)
_HALF_GUARD = f"[\\x{{ff01}}-\\x{{ff5e}}\\x{{3000}}{_INVISIBLE}]"


@dataclass(frozen=True)
class X:
    """A SQL expression and the layer whose columns it reads (0: the landed columns)."""

    sql: str
    layer: int = 0

    def __str__(self) -> str:
        return self.sql


def x(template: str, *parts: X) -> X:
    """`template` with `{0}`, `{1}` … replaced by `parts`; its layer is the latest of theirs.

    Templates hold SQL structure only: literals (which may contain braces) go in as parts.
    """
    return X(template.format(*parts), max((p.layer for p in parts), default=0))


def lit(value: str | int | None) -> X:
    if value is None:
        return X("CAST(NULL AS VARCHAR)")
    if isinstance(value, int):
        return X(str(value))
    return X("'" + value.replace("'", "''") + "'")


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def concat(*parts: X | str) -> X:
    """String concatenation; plain `str` parts are literals."""
    xs = [lit(p) if isinstance(p, str) else p for p in parts]
    return x(" || ".join(f"{{{i}}}" for i in range(len(xs))), *xs)


def case_map(key: X, mapping: Iterable[tuple[str, str]], default: X | None = None) -> X:
    """`CASE key WHEN k THEN v … END`: a code-table lookup evaluated in the engine."""
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping)
    if not whens:
        return default or lit(None)
    tail = f" ELSE {default}" if default is not None else ""
    return X(f"(CASE {key} {whens}{tail} END)", max(key.layer, default.layer if default else 0))


def first_of(branches: Sequence[tuple[X, X]], otherwise: X | None = None) -> X:
    """`CASE WHEN c1 THEN v1 …`: the value of the first condition that holds."""
    parts: list[X] = []
    body = ""
    for cond, value in branches:
        body += f" WHEN {{{len(parts)}}} THEN {{{len(parts) + 1}}}"
        parts += [cond, value]
    if otherwise is not None:
        body += f" ELSE {{{len(parts)}}}"
        parts.append(otherwise)
    return x("(CASE" + body + " END)", *parts)


def case_on(key: X, branches: Sequence[tuple[int, X]]) -> X:
    """`CASE key WHEN n THEN v … END` for integer keys."""
    parts = [key]
    body = ""
    for number, value in branches:
        body += f" WHEN {number} THEN {{{len(parts)}}}"
        parts.append(value)
    return x("(CASE {0}" + body + " END)", *parts)


def strip(value: X) -> X:
    """Python's str.strip()."""
    return x("regexp_replace({0}, {1}, '', 'g')", value, lit(f"^[{WS}]+|[{WS}]+\\z"))


def ascii_only(value: X) -> X:
    """Whether every character is ASCII: as many bytes as characters, nearly free beside a
    regex test (`strlen` counts bytes in DuckDB; Spark's name for it, `octet_length`, is put
    in by the transpiler)."""
    return x("strlen({0}) = length({0})", value)


def clean(value: X) -> X:
    """jianguan.standard.text.clean_text: invisible marks removed, then stripped.

    Most cells need neither: tests on the edges (by position, several times faster in DuckDB
    than an anchored regex) and, for text beyond ASCII, one regex spare them the rewriting.
    """
    rewritten = strip(x("regexp_replace({0}, {1}, '', 'g')", value, lit(f"[{_INVISIBLE}]")))
    guard = x(
        "(instr({1}, left({0}, 1)) > 0 OR instr({1}, right({0}, 1)) > 0 "
        "OR CASE WHEN {3} THEN FALSE ELSE regexp_matches({0}, {2}) END)",
        value,
        lit(WHITESPACE),
        lit(f"[{_INVISIBLE}]"),
        ascii_only(value),
    )
    return x("CASE WHEN {0} THEN {1} ELSE {2} END", guard, rewritten, value)


def half_width(value: X) -> X:
    """jianguan.standard.text.half_width (invisible marks dropped by the shorter target).

    `translate` with a 100-character map is slow in DuckDB: only cells that need it pay,
    and ASCII cells (which cannot) skip the regex test.
    """
    return x(
        "CASE WHEN {4} THEN {0} WHEN regexp_matches({0}, {1}) THEN translate({0}, {2}, {3}) "
        "ELSE {0} END",
        value,
        lit(_HALF_GUARD),
        lit(FULL_WIDTH + INVISIBLE),
        lit(HALF_WIDTH),
        ascii_only(value),
    )


def traditional_class() -> str:
    """A regex class of the characters `jianguan.standard.text.simplified` replaces, written
    as themselves (ideographs, special to neither RE2 nor Java): the shortest SQL."""
    codes = sorted(ord(c) for c in traditional_pairs()[0])
    spans: list[list[int]] = []
    for code in codes:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in spans) + "]"


@dataclass(frozen=True)
class Simplifying:
    """A cell's traditional characters (`found`, '' when none) and their simplified forms,
    aligned: `translate` with this short map is cheap, with the whole 3,401-pair map it is
    not (DuckDB 2.0.1 builds the map again for every value: ~200 µs a call)."""

    found: X
    replacement: X


def traditional_found(text: X) -> X:
    """The characters of `text` that `simplified` replaces, as a list."""
    return x("regexp_extract_all({0}, {1}, 1)", text, lit(f"({traditional_class()})"))


def simplified_forms(chars: X, traditional: X, simple: X) -> X:
    """The simplified forms of the traditional characters `chars`, as one string, by their
    places in the aligned strings `traditional` and `simple` (`_jg_t2s`, columns a lambda
    may read where it may not read a subquery)."""
    return x(
        "array_to_string(list_transform({0}, lambda c: substr({2}, instr({1}, c), 1)), '')",
        chars,
        traditional,
        simple,
    )


def simplified(value: X, traditional: Simplifying) -> X:
    """`jianguan.standard.text.simplified`, translated only in cells that need it."""
    return x(
        "CASE WHEN {1} = '' THEN {0} ELSE translate({0}, {1}, {2}) END",
        value,
        traditional.found,
        traditional.replacement,
    )


def compact(half: X) -> X:
    """jianguan.standard.text.compact_code of an already half-width text."""
    return ascii_upper(removed(half, f"[{WS}-]+"))


def ascii_upper(value: X) -> X:
    """Upper case of ASCII letters only, as the reference does (engines disagree on ß and ﬁ).

    `upper` does just that to ASCII text and is far cheaper than `translate`.
    """
    return x(
        "CASE WHEN {1} THEN upper({0}) ELSE translate({0}, {2}, {3}) END",
        value,
        ascii_only(value),
        lit(string.ascii_lowercase),
        lit(string.ascii_uppercase),
    )


def ascii_lower(value: X) -> X:
    """Lower case of ASCII letters only (see `ascii_upper`)."""
    return x(
        "CASE WHEN {1} THEN lower({0}) ELSE translate({0}, {2}, {3}) END",
        value,
        ascii_only(value),
        lit(string.ascii_uppercase),
        lit(string.ascii_lowercase),
    )


def removed(value: X, pattern: str) -> X:
    """Every match of `pattern` removed; the rewrite only where one is found (a test is cheap)."""
    return x(
        "CASE WHEN regexp_matches({0}, {1}) THEN regexp_replace({0}, {1}, '', 'g') ELSE {0} END",
        value,
        lit(pattern),
    )


def no_space(value: X) -> X:
    """All whitespace removed, as `"".join(s.split())` does for label keys."""
    return removed(value, f"[{WS}]+")


def shown(value: X) -> X:
    """jianguan.standard.text.shown: at most 40 characters, the 40th an ellipsis."""
    return x(
        f"(CASE WHEN length({{0}}) <= {SHOWN_LIMIT} THEN {{0}} "
        f"ELSE substr({{0}}, 1, {SHOWN_LIMIT - 1}) || '{ELLIPSIS}' END)",
        value,
    )


def matches(value: X, pattern: str) -> X:
    """Whole-string regular expression match (RE2 in DuckDB, java.util.regex in Spark)."""
    return x("regexp_matches({0}, {1})", value, lit(f"^(?:{pattern})\\z"))


def python_pattern(pattern: str) -> str:
    """A declared `Field.pattern` for RE2/Java: `\\d` as ASCII digits (see the report on Unicode)."""
    return pattern.replace("\\d", "[0-9]")


def extract(value: X, pattern: str, group: int) -> X:
    """A capture group of the first match, '' when none (both engines agree on that)."""
    return x(f"regexp_extract({{0}}, {{1}}, {group})", value, lit(pattern))


def int_of(value: X) -> X:
    """An integer from digits known to be ASCII (guarded by the caller's regex)."""
    return x("TRY_CAST(NULLIF({0}, '') AS BIGINT)", value)


def padded(value: X, width: int) -> X:
    return x(f"lpad(CAST({{0}} AS VARCHAR), {width}, '0')", value)


def valid_ymd(year: X, month: X, day: X) -> X:
    """Whether year-month-day is a real date of years 1-9999 (Python's `date` range)."""
    return x(
        "(COALESCE({0} BETWEEN 1 AND 9999 AND {1} BETWEEN 1 AND 12 AND {2} >= 1 AND {2} <= "
        "CASE WHEN {1} IN (4, 6, 9, 11) THEN 30 WHEN {1} <> 2 THEN 31 "
        "WHEN ({0} % 4 = 0 AND {0} % 100 <> 0) OR {0} % 400 = 0 THEN 29 ELSE 28 END, FALSE))",
        year,
        month,
        day,
    )


@dataclass
class Layer:
    columns: dict[str, str] = field(default_factory=dict)
    joins: list[str] = field(default_factory=list)


class Plan:
    """The columns and joins of one chain of CTEs: `<name>0` is `base`, and each next CTE
    adds the columns whose inputs the ones before it computed."""

    def __init__(self, name: str, base: str) -> None:
        self.name = name
        self.base = base
        self.layers: dict[int, Layer] = {}
        self._names: set[str] = set()

    def col(self, name: str, value: X) -> X:
        """`value` computed once, as column `name` of the layer after the ones it reads."""
        return self.joined(value.layer + 1, name, value.sql)

    def joined(self, layer: int, name: str, sql: str) -> X:
        """Column `name` of CTE `layer`, computed by `sql` (which may read that CTE's joins)."""
        if name in self._names:
            raise ValueError(f"column {name} defined twice")
        self._names.add(name)
        self.layers.setdefault(layer, Layer()).columns[name] = sql
        return X(ident(name), layer)

    def join(self, layer: int, clause: str) -> None:
        self.layers.setdefault(layer, Layer()).joins.append(clause)

    def cte(self, layer: int) -> str:
        return f"{self.name}{layer}"

    @property
    def last(self) -> str:
        """The CTE that holds every column."""
        return self.cte(max(self.layers, default=0))

    def lookup(self, relation: str, key: X, columns: dict[str, str]) -> dict[str, X]:
        """LEFT JOIN the lookup relation on its column `k` = `key`; `columns` as new names."""
        alias = f"_j{len(self._names)}"
        self.join(key.layer + 1, f"LEFT JOIN {relation} AS {alias} ON {alias}.k = {key}")
        return {
            name: self.joined(key.layer + 1, name, f"{alias}.{source}")
            for name, source in columns.items()
        }

    def ctes(self) -> list[tuple[str, str]]:
        """(name, SELECT) of every CTE, in order."""
        ctes = [(self.cte(0), self.base)]
        for n in range(1, max(self.layers, default=0) + 1):
            layer = self.layers.get(n, Layer())
            columns = "".join(f", {sql} AS {ident(name)}" for name, sql in layer.columns.items())
            before = self.cte(n - 1)
            ctes.append(
                (self.cte(n), f"SELECT {before}.*{columns} FROM {before} {' '.join(layer.joins)}")
            )
        return ctes
