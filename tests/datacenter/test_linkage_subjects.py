"""Subject mentions linked into subjects: valid identifiers decide, variants follow, two valid
USCCs never merge, and the same list gives the same subject ids."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from typer.testing import CliRunner

from jianguan.cli.main import app
from jianguan.datacenter.linkage import link_mention_details, link_mentions, link_new_mentions
from jianguan.standard import is_valid_uscc
from jianguan.synth.subjects import make_uscc

_TRADES = "华信恒达宏远金鼎瑞丰鑫源天成博雅嘉禾永盛新联同创安达"
_LINES = ("餐饮管理", "食品销售", "建筑工程", "物流", "医药连锁", "网络科技", "商贸", "酒店管理")
_CITIES = (("南京", "320102", "鼓楼区中山路"), ("苏州", "320505", "高新区狮山路"))
_PEOPLE = "王伟李娜张敏刘洋陈静杨磊赵强黄丽周杰吴芳"


def _subject(rng: random.Random, n: int) -> dict[str, str]:
    city, region, street = _CITIES[n % 2]
    trade = rng.choice(_TRADES) + rng.choice(_TRADES)
    return {
        "truth": f"s{n}",
        "name": f"{city}{trade}{rng.choice(_LINES)}有限公司",
        "uscc": make_uscc(rng, region),
        "legal_rep": rng.choice(_PEOPLE) + rng.choice(_PEOPLE)[0],
        "address": f"{street}{rng.randint(1, 399)}号",
        "phone": f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}",
    }


def _variant(rng: random.Random, s: dict[str, str]) -> dict[str, str | None]:
    """How another department writes the same subject."""
    name, uscc = s["name"], s["uscc"]
    roll = rng.random()
    if roll < 0.25:
        name = name.replace("有限公司", "有限责任公司")
    elif roll < 0.4:
        city = name[:2]
        name = name[2:].replace("有限公司", f"（{city}）有限公司")
    elif roll < 0.5:
        name = name[2:]  # region prefix missing
    id_roll = rng.random()
    if id_roll < 0.3:
        uscc = ""  # no identifier at all
    elif id_roll < 0.4:
        uscc = uscc.lower()
    elif id_roll < 0.45:
        uscc = uscc[:10] + ("0" if uscc[10] != "0" else "1") + uscc[11:]  # one character wrong
    return {
        "name": name,
        "uscc": uscc or None,
        "legal_rep": s["legal_rep"] if rng.random() < 0.7 else None,
        "address": s["address"] if rng.random() < 0.8 else None,
        "phone": s["phone"] if rng.random() < 0.6 else None,
    }


def mention_list(subjects: int = 1500, seed: int = 7) -> tuple[pa.Table, list[str]]:
    rng = random.Random(seed)
    rows, truth = [], []
    for n in range(subjects):
        s = _subject(rng, n)
        for k in range(rng.randint(1, 4)):
            values = {key: s[key] for key in ("name", "uscc", "legal_rep", "address", "phone")}
            row: dict[str, str | None] = dict(values) if k == 0 else _variant(rng, s)
            rows.append({"mention_id": f"m{len(rows):06d}", "source": f"d{k}", **row})
            truth.append(s["truth"])
    return pa.Table.from_pylist(rows), truth


def _pairs(labels: list[str]) -> set[tuple[int, int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        groups[label].append(i)
    return {(a, b) for members in groups.values() for a in members for b in members if a < b}


@pytest.fixture(scope="module")
def linked() -> tuple[pa.Table, list[str], list[str]]:
    mentions, truth = mention_list()
    result = link_mention_details(mentions)
    return mentions, truth, result.clusters.column("cluster_id").to_pylist()


def test_variants_link_and_precision_stays_high(
    linked: tuple[pa.Table, list[str], list[str]],
) -> None:
    _, truth, found = linked
    true_pairs, found_pairs = _pairs(truth), _pairs(found)
    hits = len(true_pairs & found_pairs)
    precision, recall = hits / len(found_pairs), hits / len(true_pairs)
    assert precision >= 0.99 and recall >= 0.95, (precision, recall)


def test_two_valid_usccs_never_share_a_subject(
    linked: tuple[pa.Table, list[str], list[str]],
) -> None:
    mentions, _, found = linked
    codes: dict[str, set[str]] = defaultdict(set)
    for subject_id, code in zip(found, mentions.column("uscc").to_pylist(), strict=True):
        if code and is_valid_uscc(code):
            codes[subject_id].add(code.upper())
    assert codes and all(len(c) == 1 for c in codes.values())


def test_subject_ids_come_from_the_uscc_and_repeat_on_rerun(
    linked: tuple[pa.Table, list[str], list[str]],
) -> None:
    mentions, _, found = linked
    first = mentions.column("uscc")[0].as_py()
    assert found[0] == f"U{first}"
    again = link_mentions(mentions).column("subject_id").to_pylist()
    assert again == found


def test_cli_links_a_csv_list(tmp_path: Path) -> None:
    mentions, truth = mention_list(subjects=300, seed=3)
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    pacsv.write_csv(mentions, source)
    result = CliRunner().invoke(app, ["link", "mentions", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = pacsv.read_csv(out)
    assert written.column_names == ["mention_id", "subject_id"]
    assert written.column("mention_id").to_pylist() == mentions.column("mention_id").to_pylist()
    assert len(set(written.column("subject_id").to_pylist())) <= len(set(truth)) * 1.05


def test_cli_names_the_missing_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("mention_id,name\n1,南京华信有限公司\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["link", "mentions", str(source), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "名单缺少列：source、uscc、legal_rep、address、phone" in result.output


def _split(mentions: pa.Table, truth: list[str], at: float) -> tuple[pa.Table, pa.Table, list[str]]:
    """An earlier batch and a later one; the later mixes known subjects and new ones."""
    order = list(range(mentions.num_rows))
    random.Random(11).shuffle(order)
    cut = int(len(order) * at)
    first, later = sorted(order[:cut]), sorted(order[cut:])
    return mentions.take(first), mentions.take(later), [truth[i] for i in first + later]


def test_incremental_batches_keep_ids_and_link_like_a_full_run() -> None:
    mentions, truth = mention_list(subjects=1200, seed=21)
    earlier, later, truth_in_order = _split(mentions, truth, 0.7)
    first = link_mention_details(earlier)
    known = earlier.append_column("subject_id", first.clusters.column("cluster_id"))
    result = link_new_mentions(later, known, model=first.model)
    ids = result.clusters.column("cluster_id").to_pylist()
    assert ids[: earlier.num_rows] == first.clusters.column("cluster_id").to_pylist()
    true_pairs, found_pairs = _pairs(truth_in_order), _pairs(ids)
    hits = len(true_pairs & found_pairs)
    assert hits / len(found_pairs) >= 0.99 and hits / len(true_pairs) >= 0.95
    both = pa.concat_tables([earlier, later])
    full = link_mentions(both).column("subject_id").to_pylist()
    full_pairs = _pairs(full)
    agreement = 2 * len(full_pairs & found_pairs) / (len(full_pairs) + len(found_pairs))
    assert agreement >= 0.99, agreement


def test_a_second_increment_leaves_every_earlier_id_alone() -> None:
    mentions, truth = mention_list(subjects=600, seed=22)
    earlier, later, _ = _split(mentions, truth, 0.5)
    middle, last, _ = _split(later, truth[: later.num_rows], 0.5)
    first = link_mention_details(earlier)
    known = earlier.append_column("subject_id", first.clusters.column("cluster_id"))
    second = link_new_mentions(middle, known, model=first.model)
    known = pa.concat_tables([earlier, middle]).append_column(
        "subject_id", second.clusters.column("cluster_id")
    )
    third = link_new_mentions(last, known)  # no saved model: trained on both tables
    assert (
        third.clusters.column("cluster_id").to_pylist()[: known.num_rows]
        == known.column("subject_id").to_pylist()
    )
    assert third.model is not None and third.model["comparisons"]
