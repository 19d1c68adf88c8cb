"""双随机 draw and its verification: a stratified sample, a team for each object, re-run by anyone.

The plan first `commit`s: SM3 digests of its inputs and of a secret seed are published. At the
draw (`hold_draw`) the seed is revealed, a witness enters a value, and the draw key made from
both and the digests orders every object within its stratum (credit class × the plan's strata)
by its SM4 order key; each stratum yields round(size × its class ratio) objects from the front
of the line. `verify` recomputes everything from the published inputs and says which part
agrees. docs/draw.md specifies the algorithm for independent re-implementation.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from jianguan.apps.inspections.assign import TEAM_COLUMNS, assign
from jianguan.apps.inspections.digest import (
    Inputs,
    Keys,
    commit_seed,
    draw_key,
    hex_keys,
    order_keys,
    snapshot,
    subkey,
)
from jianguan.core.crypto import canonical_json, sm3_hex
from jianguan.core.errors import FieldProblem, JianguanError, ValidationFailed

Rows = NDArray[np.int64]
Quota = Callable[[int, int], int]  # (stratum code, stratum size) -> objects to draw
SHOWN_DIFFERENCES = 5


@dataclass(frozen=True)
class Commitment:
    """Published before the draw (SM3, hex): the inputs' digests and the seed commitment."""

    directory: str
    staff: str
    conflicts: str
    recent: str
    rules: str
    seed: str

    def digest(self) -> str:
        return sm3_hex(canonical_json(asdict(self)))


@dataclass(frozen=True)
class Draw:
    """What is published after the draw: with the inputs, enough for anyone to re-run it."""

    commitment: Commitment
    seed: bytes
    witness: str
    sample: pa.Table
    teams: pa.Table


@dataclass(frozen=True)
class Check:
    """One thing verification looked at (名录快照, 种子承诺, 抽中对象 …) and what it found."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class VerifyResult:
    """Every check in order; the draw verifies only if all of them pass."""

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def commit(inputs: Inputs, seed: bytes) -> Commitment:
    """What the plan publishes before the draw (the seed itself stays secret until then)."""
    return Commitment(**inputs.digests(), seed=commit_seed(seed))


def hold_draw(inputs: Inputs, commitment: Commitment, seed: bytes, witness: str) -> Draw:
    """The draw itself: refuses inputs or a seed other than those committed to."""
    wrong = [check for check in _input_checks(inputs, commitment, seed) if not check.ok]
    if wrong:
        details = [FieldProblem(field=c.name, rule="commitment", message=c.detail) for c in wrong]
        raise ValidationFailed("抽取输入与抽取前公布的摘要不一致", details=details)
    return _run(inputs, commitment, seed, witness)


def verify(inputs: Inputs, published: Draw) -> VerifyResult:
    """Re-run a published draw: every input against its digest, then objects and teams."""
    checks = _input_checks(inputs, published.commitment, published.seed)
    if not all(check.ok for check in checks):
        return VerifyResult(
            (*checks, Check("重新抽取", False, "输入与公布的摘要不一致，未重新抽取"))
        )
    try:
        again = _run(inputs, published.commitment, published.seed, published.witness)
    except JianguanError as exc:
        return VerifyResult((*checks, Check("重新抽取", False, str(exc))))
    return VerifyResult(
        (
            *checks,
            _same("抽中对象", published.sample, again.sample, ("subject_id", "rank", "order_key")),
            _same("检查人员分派", published.teams, again.teams, TEAM_COLUMNS),
        )
    )


def draw(inputs: Inputs, key: bytes) -> pa.Table:
    """The sample: per stratum, the first round(size × ratio) objects by order key.

    Returns the drawn objects' snapshot columns plus `rank` (1-based place in its stratum's
    line) and `order_key` (32 hex digits), ordered by stratum and rank.
    """
    table, rules = inputs.directory, inputs.rules
    columns = ("credit_class", *rules.strata)
    missing = [name for name in columns if name not in table.column_names]
    if missing:
        raise ValidationFailed(f"检查对象名录缺少分层列：{'、'.join(missing)}")
    codes, labels = _strata(table, columns)
    quota = _quota_rule(labels, rules.ratios)
    keys = order_keys(table.num_rows, subkey(key, "objects"))
    rows, ranks = _pick(codes, keys, quota)
    picked = table.take(pa.array(rows)).append_column("rank", pa.array(ranks, pa.int32()))
    picked = picked.append_column("order_key", hex_keys(keys[rows]))
    return picked.sort_by([*((name, "ascending") for name in columns), ("rank", "ascending")])


def joint_directory(parts: Mapping[str, pa.Table]) -> pa.Table:
    """A joint plan's directory from each department's (keyed by department code): a subject
    listed by several departments (a matched object) appears once, with all of them in
    `departments`; a part's own `departments` column is replaced by its department."""
    frames = []
    for code, part in parts.items():
        table = snapshot(part).drop_columns(["departments"])
        frames.append(table.append_column("departments", pa.repeat(code, table.num_rows)))
    try:
        rows = pa.concat_tables(frames)
    except pa.ArrowInvalid as exc:
        raise ValidationFailed("联合抽查各部门的检查对象名录列须相同") from exc
    others = [name for name in rows.column_names if name not in ("subject_id", "departments")]
    merged = rows.group_by("subject_id", use_threads=False).aggregate(
        [
            *((name, "min") for name in others),
            *((name, "max") for name in others),
            ("departments", "distinct"),
        ]
    )
    for name in others:
        differ = pc.not_equal(merged.column(f"{name}_min"), merged.column(f"{name}_max"))
        if pc.any(differ).as_py():
            subject = merged.column("subject_id")[pc.index(differ, True).as_py()].as_py()
            raise ValidationFailed(f"对象 {subject} 在不同部门的名录中 {name} 不一致")
    columns = {"subject_id": merged.column("subject_id")}
    columns |= {name: merged.column(f"{name}_min") for name in others}
    columns["departments"] = pc.binary_join(merged.column("departments_distinct"), ",")
    return snapshot(pa.table(columns))


# --- commitment --------------------------------------------------------------------------


_INPUT_NAMES = {
    "directory": "检查对象名录快照",
    "staff": "执法检查人员名录",
    "conflicts": "回避声明",
    "recent": "近期检查记录",
    "rules": "抽查规则",
}


def _input_checks(inputs: Inputs, commitment: Commitment, seed: bytes) -> list[Check]:
    published = asdict(commitment)
    checks = [_digest_check(_INPUT_NAMES[k], v, published[k]) for k, v in inputs.digests().items()]
    try:
        checks.append(_digest_check("种子承诺", commit_seed(seed), commitment.seed))
    except ValidationFailed as exc:
        checks.append(Check("种子承诺", False, str(exc)))
    return checks


def _digest_check(name: str, value: str, published: str) -> Check:
    if value == published:
        return Check(name, True, f"SM3 {value} 与公布的一致")
    return Check(name, False, f"重新计算的 SM3 {value} 与公布的 {published} 不一致")


def _run(inputs: Inputs, commitment: Commitment, seed: bytes, witness: str) -> Draw:
    key = draw_key(seed, witness, commitment.digest())
    sample = draw(inputs, key)
    teams = assign(sample, inputs, key)
    return Draw(commitment, seed, witness, sample, teams)


def _same(name: str, published: pa.Table, again: pa.Table, columns: tuple[str, ...]) -> Check:
    """Rows compared on the given columns (as text, in any order, each as often as it occurs);
    differences are told by subject (the first column)."""
    missing = [c for c in columns if c not in published.column_names]
    if missing:
        return Check(name, False, f"公布的结果缺少列 {'、'.join(missing)}")
    said, found = _sorted_text(published, columns), _sorted_text(again, columns)
    if said.equals(found):
        return Check(name, True, f"重新抽取结果与公布的一致（{found.num_rows} 行）")
    said_rows, found_rows = _rows(said), _rows(found)
    said_ids, found_ids = {row[0] for row in said_rows}, {row[0] for row in found_rows}
    unequal = (said_rows - found_rows) + (found_rows - said_rows)
    groups = (
        ("仅在公布结果中", said_ids - found_ids),
        ("仅在重新抽取结果中", found_ids - said_ids),
        ("两边都有但内容不同", {row[0] for row in unequal} & said_ids & found_ids),
    )
    detail = "；".join(
        f"{label}的对象 {len(ids)} 个（{_first(sorted(ids))}）" for label, ids in groups if ids
    )
    return Check(name, False, detail)


def _sorted_text(table: pa.Table, columns: tuple[str, ...]) -> pa.Table:
    text = pa.table({c: table.column(c).cast(pa.string()) for c in columns})
    return text.sort_by([(c, "ascending") for c in columns])


def _rows(table: pa.Table) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(column.to_pylist() for column in table.columns), strict=True))


def _first(values: list[str]) -> str:
    more = " 等" if len(values) > SHOWN_DIFFERENCES else ""
    return "、".join(values[:SHOWN_DIFFERENCES]) + more if values else "无"


# --- sampling ----------------------------------------------------------------------------


def _strata(table: pa.Table, columns: tuple[str, ...]) -> tuple[NDArray[np.int64], list[list[Any]]]:
    """Each row's stratum as one integer (mixed radix over the columns' distinct values), and
    each column's distinct values to read the integer back."""
    codes = np.zeros(table.num_rows, np.int64)
    labels = []
    for name in columns:
        encoded = table.column(name).combine_chunks().dictionary_encode()
        codes = codes * len(encoded.dictionary) + encoded.indices.to_numpy()
        labels.append(encoded.dictionary.to_pylist())
    return codes, labels


def _quota_rule(labels: list[list[Any]], ratios: Mapping[str, Fraction]) -> Quota:
    """round(size × ratio of the stratum's class), halves up, exactly (ratios are fractions)."""
    unknown = sorted(set(labels[0]) - set(ratios))
    if unknown:
        known = "、".join(sorted(ratios)) or "无"
        raise ValidationFailed(
            f"名录中的信用风险分类 {'、'.join(unknown)} 没有设定抽查比例（已设定：{known}）"
        )
    per_class = math.prod(len(values) for values in labels[1:])

    def quota(code: int, size: int) -> int:
        ratio = ratios[labels[0][code // per_class]]
        return (2 * size * ratio.numerator + ratio.denominator) // (2 * ratio.denominator)

    return quota


def _pick(codes: NDArray[np.int64], keys: Keys, quota: Quota) -> tuple[Rows, Rows]:
    """Rows drawn (positions in the snapshot) and their 1-based rank within their stratum."""
    if not codes.size:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # Narrow codes sort by radix in numpy (10M rows in a fraction of a second).
    narrow = codes.astype(np.uint16) if codes.max() < 2**16 else codes
    order = np.argsort(narrow, kind="stable")
    cuts = np.flatnonzero(np.diff(narrow[order])) + 1
    rows = [
        _front(members, keys, quota(int(codes[members[0]]), members.size))
        for members in np.split(order, cuts)
    ]
    ranks = [np.arange(1, chosen.size + 1, dtype=np.int64) for chosen in rows]
    return np.concatenate(rows), np.concatenate(ranks)


def _front(members: Rows, keys: Keys, quota: int) -> Rows:
    """The first `quota` members by order key; only the rows that can make the cut (high 64
    bits at most the quota-th smallest) are sorted on the whole 128 bits."""
    if quota == 0:
        return members[:0]
    high = keys[members, 0]
    if quota < members.size:
        bound = np.partition(high, quota - 1)[quota - 1]
        members = members[high <= bound]
    line = np.lexsort((keys[members, 1], keys[members, 0]))
    return members[line[:quota]]
