"""The draw verifies from its published inputs, and fails to verify when any one of them changes."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter
from datetime import date
from fractions import Fraction

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from jianguan.apps.inspections.digest import (
    Inputs,
    commit_seed,
    draw_key,
    order_keys,
    parse_ratio,
    snapshot_digest,
)
from jianguan.apps.inspections.draw import Draw, commit, draw, hold_draw, verify
from jianguan.core.crypto import sm3_hex
from jianguan.core.errors import ValidationFailed
from tests.apps.inspections import SEED, WITNESS, conflicts, directory, recent, rules, staff, town


@pytest.fixture(scope="module")
def published() -> tuple[Inputs, Draw]:
    inputs = town()
    return inputs, hold_draw(inputs, commit(inputs, SEED), SEED, WITNESS)


def test_a_draw_verifies_from_its_published_inputs(published: tuple[Inputs, Draw]) -> None:
    inputs, done = published
    result = verify(town(), done)  # rebuilt from the same rows, as a verifier would
    assert result.ok, result.checks
    assert [c.name for c in result.checks][-2:] == ["抽中对象", "检查人员分派"]
    # 40 subjects = 2 counties × 4 classes × 5; half of 5 rounds up to 3 per stratum.
    strata = Counter(
        zip(*(done.sample.column(c).to_pylist() for c in ("credit_class", "region")), strict=True)
    )
    assert set(strata.values()) == {3} and len(strata) == 8
    assert done.teams.num_rows == 2 * done.sample.num_rows
    assert inputs.digests()["directory"] == snapshot_digest(town().directory)


def _changed(name: str) -> tuple[Inputs, Draw]:
    """The published draw with exactly one input changed, as someone might try afterwards."""
    inputs = town()
    done = hold_draw(inputs, commit(inputs, SEED), SEED, WITNESS)
    rows = town().directory.to_pylist()
    if name == "directory":
        rows[0]["credit_class"] = "D"  # S000 was in class A
        return dataclasses.replace(inputs, directory=pa.Table.from_pylist(rows)), done
    if name == "removed":
        return dataclasses.replace(inputs, directory=pa.Table.from_pylist(rows[1:])), done
    if name == "ratios":
        return dataclasses.replace(inputs, rules=rules(ratio=Fraction(51, 100))), done
    if name == "staff":
        people = town().staff.to_pylist()
        people[2]["region"] = "320104"  # P02 moves county
        return dataclasses.replace(inputs, staff=pa.Table.from_pylist(people)), done
    if name == "conflicts":
        return dataclasses.replace(inputs, conflicts=conflicts([("P02", "S000")])), done
    if name == "recent":
        later = recent([("P01", "S001", date(2026, 6, 2))])
        return dataclasses.replace(inputs, recent=later), done
    if name == "seed":
        return inputs, dataclasses.replace(done, seed=bytes(32))
    assert name == "witness"
    return inputs, dataclasses.replace(done, witness="0938")


@pytest.mark.parametrize(
    ("name", "failing"),
    [
        ("directory", "检查对象名录快照"),
        ("removed", "检查对象名录快照"),
        ("ratios", "抽查规则"),
        ("staff", "执法检查人员名录"),
        ("conflicts", "回避声明"),
        ("recent", "近期检查记录"),
        ("seed", "种子承诺"),
        ("witness", "抽中对象"),
    ],
)
def test_changing_any_one_input_fails_verification(name: str, failing: str) -> None:
    inputs, done = _changed(name)
    result = verify(inputs, done)
    assert not result.ok
    assert next(c.name for c in result.checks if not c.ok) == failing


def test_a_different_witness_value_reorders_everything(published: tuple[Inputs, Draw]) -> None:
    inputs, done = published
    result = verify(inputs, dataclasses.replace(done, witness="0938"))
    failed = {c.name: c.detail for c in result.checks if not c.ok}
    assert set(failed) == {"抽中对象", "检查人员分派"}
    assert "两边都有但内容不同" in failed["抽中对象"]  # even objects drawn both times move


def test_a_tampered_result_fails_verification(published: tuple[Inputs, Draw]) -> None:
    inputs, done = published
    teams = done.teams.to_pylist()
    teams[0]["staff_id"] = "P99"
    result = verify(inputs, dataclasses.replace(done, teams=pa.Table.from_pylist(teams)))
    failed = [c for c in result.checks if not c.ok]
    assert [c.name for c in failed] == ["检查人员分派"]
    assert teams[0]["subject_id"] in failed[0].detail


def test_the_draw_refuses_inputs_other_than_those_committed_to() -> None:
    inputs = town()
    commitment = commit(inputs, SEED)
    with pytest.raises(ValidationFailed) as caught:
        hold_draw(town(plan=rules(ratio=Fraction(1, 3))), commitment, SEED, WITNESS)
    assert caught.value.message == "抽取输入与抽取前公布的摘要不一致"
    assert [p.field for p in caught.value.details] == ["抽查规则"]
    with pytest.raises(ValidationFailed) as caught:
        hold_draw(inputs, commitment, bytes(32), WITNESS)
    assert [p.field for p in caught.value.details] == ["种子承诺"]


def test_quotas_round_half_up_in_every_stratum() -> None:
    # Stratum sizes 1..6 in one county (class A), ratio 1/4: 0.25→0, 0.5→1, 0.75→1, 1→1,
    # 1.25→1, 1.5→2.
    rows = [(f"S{size}-{i}", f"3201{size:02d}", "A") for size in range(1, 7) for i in range(size)]
    inputs = Inputs(
        directory(rows), staff([]), conflicts([]), recent([]), rules(ratio=Fraction(1, 4))
    )
    sample = draw(inputs, draw_key(SEED, WITNESS, commit(inputs, SEED).digest()))
    per_county = Counter(sample.column("region").to_pylist())
    assert [per_county[f"3201{size:02d}"] for size in range(1, 7)] == [0, 1, 1, 1, 1, 2]


def test_each_object_is_drawn_about_as_often_as_its_ratio() -> None:
    inputs = Inputs(
        directory((f"S{i:02d}", "320102", "B") for i in range(20)),
        staff([]),
        conflicts([]),
        recent([]),
        rules(ratio=Fraction(1, 4)),
    )
    digest = commit(inputs, SEED).digest()
    counts: Counter[str] = Counter()
    for witness in range(300):
        sample = draw(inputs, draw_key(SEED, str(witness), digest))
        assert sample.num_rows == 5 and sample.column("rank").to_pylist() == [1, 2, 3, 4, 5]
        counts.update(sample.column("subject_id").to_pylist())
    # Expected 75 each (sd ≈ 7.5); the outcome is fixed by the inputs, so this never flakes.
    assert len(counts) == 20
    assert min(counts.values()) > 45 and max(counts.values()) < 105


def test_the_snapshot_digest_ignores_row_order_encoding_and_department_spelling() -> None:
    rows = [("S2", "320102", "A", "xf,scjg"), ("S1", "320104", "B", "")]
    plain = directory(rows)
    shuffled = directory(reversed([("S2", "320102", "A", "scjg,xf,scjg"), rows[1]]))
    encoded = plain.set_column(1, "region", pc.dictionary_encode(plain.column("region")))
    assert snapshot_digest(plain) == snapshot_digest(shuffled) == snapshot_digest(encoded)
    missing = directory([("S2", "320102", "A"), ("S1", "320104", "B")])
    assert snapshot_digest(missing) == snapshot_digest(directory([(*r[:3], "") for r in rows]))
    assert snapshot_digest(plain) != snapshot_digest(directory(rows[:1]))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("S1", "320102", "A"), ("S1", "320104", "B")], "“S1”出现了不止一次"),
        ([("S1", "320102", "")], "信用风险分类（credit_class）有空字符串"),
        ([("S1", "320102\x1f", "A")], r"检查对象名录中有值含不允许的控制字符 U\+001F"),
    ],
)
def test_a_bad_directory_is_refused_with_the_reason(
    rows: list[tuple[str, ...]], message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message):
        snapshot_digest(directory(rows))


def test_missing_columns_and_unknown_classes_are_named() -> None:
    with pytest.raises(ValidationFailed, match="缺少列：credit_class（信用风险分类）"):
        snapshot_digest(pa.table({"subject_id": ["S1"], "region": ["320102"]}))
    inputs = Inputs(
        directory([("S1", "320102", "X")]), staff([]), conflicts([]), recent([]), rules()
    )
    with pytest.raises(ValidationFailed, match="信用风险分类 X 没有设定抽查比例"):
        draw(inputs, bytes(32))


def test_seed_commitment_and_order_keys_follow_the_documented_bytes() -> None:
    assert commit_seed(SEED) == sm3_hex(b"jianguan/seed/v1\x00" + SEED)
    with pytest.raises(ValidationFailed, match="32 字节"):
        commit_seed(b"short")
    key = bytes(range(16))
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    expected = [encryptor.update(i.to_bytes(16, "big")) for i in range(3)]
    keys = order_keys(3, key)
    assert [int(hi).to_bytes(8, "big") + int(lo).to_bytes(8, "big") for hi, lo in keys] == expected


def test_the_witness_value_is_taken_as_meant() -> None:
    commitment = "00" * 32
    composed, decomposed = "见证é", unicodedata.normalize("NFD", "见证é")
    assert draw_key(SEED, f"  {composed}\n", commitment) == draw_key(SEED, decomposed, commitment)
    assert draw_key(SEED, "1", commitment) != draw_key(SEED, "2", commitment)
    with pytest.raises(ValidationFailed, match="见证人输入值不能为空"):
        draw_key(SEED, "  ", commitment)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5%", Fraction(1, 20)),
        ("0.05", Fraction(1, 20)),
        ("1/20", Fraction(1, 20)),
        ("100%", Fraction(1)),
    ],
)
def test_ratios_are_read_exactly(text: str, value: Fraction) -> None:
    assert parse_ratio(text) == value


@pytest.mark.parametrize(("text", "message"), [("五成", "无法识别"), ("120%", "0 到 100%")])
def test_bad_ratios_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        parse_ratio(text)


def test_plan_rules_keep_teams_of_at_least_two() -> None:
    with pytest.raises(ValidationFailed, match="至少派 2 名"):
        rules(team_size=1)


def test_snapshots_sort_by_utf8_bytes() -> None:
    ids = ["中", "é", "z", "Z", "a", "a1", "😀"]
    table = Inputs(
        directory((i, "320102", "A") for i in ids), staff([]), conflicts([]), recent([]), rules()
    ).directory
    assert table.column("subject_id").to_pylist() == sorted(ids, key=lambda i: i.encode())


def test_a_result_listing_a_row_twice_fails_verification(published: tuple[Inputs, Draw]) -> None:
    inputs, done = published
    doubled = pa.concat_tables([done.sample, done.sample.slice(0, 1)])
    result = verify(inputs, dataclasses.replace(done, sample=doubled))
    failed = [c for c in result.checks if not c.ok]
    assert [c.name for c in failed] == ["抽中对象"]
    assert "两边都有但内容不同的对象 1 个" in failed[0].detail
