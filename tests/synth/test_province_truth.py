"""The province's ground truth: complete, consistent with the feeds, and carrying real signal."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from jianguan.libraries.subjects.models import SUBJECT_KINDS
from jianguan.standard import get_record_type, is_valid_id_number, is_valid_uscc, validate_record
from jianguan.standard.identifiers import parse_uscc
from jianguan.synth.province import ProvinceConfig, generate
from tests.synth.test_province import AS_OF, TINY, manifest_of, read_rows, truth_rows

MEDIUM = ProvinceConfig(subjects=1500, years=1, seed=11, as_of=AS_OF).with_clean_feeds()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny_truth")
    generate(TINY, root)
    return root


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("medium")
    generate(MEDIUM, root)
    return root


def _standard_rows(root: Path, record_type: str) -> list[tuple[str, int, dict[str, object]]]:
    """(path, row, standardised values) of every valid row of one record type."""
    found = []
    for entry in manifest_of(root)["files"]:
        if entry["record_type"] != record_type:
            continue
        rows = read_rows(root / entry["path"], entry["format"], entry["encoding"])
        for number, row in enumerate(rows, start=1):
            result = validate_record(record_type, row)
            if result.ok:
                found.append((entry["path"], number, result.values))
    return found


def test_truth_covers_every_mention(tiny: Path) -> None:
    subjects = {s["subject_id"] for s in truth_rows(tiny, "subjects")}
    mentions = {(m["path"], m["row"]): m for m in truth_rows(tiny, "mentions")}
    expected = 0
    for entry in manifest_of(tiny)["files"]:
        if get_record_type(entry["record_type"]).mention is None:
            continue
        expected += entry["rows"]
        for number in range(1, entry["rows"] + 1):
            mention = mentions[(entry["path"], number)]
            assert mention["subject_id"] in subjects
            assert mention["object_id"] is None or mention["object_id"] in subjects
    assert len(mentions) == expected
    dirt = Counter(d for m in mentions.values() for d in m["dirt"])
    for kind in ("duplicate", "resent", "update", "uscc_lower", "traditional", "full_width"):
        assert dirt[kind] > 0, kind
    assert any(d.startswith("name_") for d in dirt)
    assert {m["operation"] for m in mentions.values()} == {"i", "u", "d"}


def test_mentions_name_their_true_subject(medium: Path) -> None:
    by_id = {s["subject_id"]: s for s in truth_rows(medium, "subjects")}
    mentions = {(m["path"], m["row"]): m for m in truth_rows(medium, "mentions")}
    for path, row, values in _standard_rows(medium, "penalty"):
        subject = by_id[mentions[(path, row)]["subject_id"]]
        assert values["counterpart_id"] == subject["identifier"]
        assert values["counterpart_name"] == subject["name"]


def test_identifiers_are_valid_and_consistent(tiny: Path) -> None:
    subjects = truth_rows(tiny, "subjects")
    kinds = Counter(s["kind"] for s in subjects)
    assert set(kinds) == set(SUBJECT_KINDS)
    usccs = [s for s in subjects if s["certificate_type"] == "001"]
    assert all(is_valid_uscc(s["identifier"]) for s in usccs)
    assert {parse_uscc(s["identifier"]).region_code for s in usccs} <= {
        s["region_code"] for s in usccs
    }
    prefixes = {s["identifier"][:2] for s in usccs}
    assert {"91", "92", "12"} <= prefixes and prefixes & {"51", "52", "53"}
    people = [s for s in subjects if s["certificate_type"] == "111"]
    assert people and all(is_valid_id_number(p["identifier"]) for p in people)
    assert all(p["identifier"][6:14] == f"{p['established_on']:%Y%m%d}" for p in people)
    owners = {s["subject_id"] for s in subjects if s["owner_subject_id"] is None}
    assert all(
        s["owner_subject_id"] in owners for s in subjects if s["kind"] in ("place", "device")
    )


def test_letter_prefixed_codes_appear_in_a_larger_province(medium: Path) -> None:
    subjects = truth_rows(medium, "subjects")
    codes = [s["identifier"] for s in subjects if s["certificate_type"] == "001"]
    assert any(c[0] == "N" for c in codes) and any(c[0] == "Y" for c in codes)
    assert all(is_valid_uscc(c) for c in codes if c[0] in "NY")


def test_hidden_risk_drives_violations(medium: Path) -> None:
    risk = {s["subject_id"]: s["risk"] for s in truth_rows(medium, "subjects")}
    mentions = {(m["path"], m["row"]): m["subject_id"] for m in truth_rows(medium, "mentions")}
    inspected: dict[str, list[bool]] = defaultdict(list)
    for path, row, values in _standard_rows(medium, "inspection"):
        if values["inspection_form"] == "01":  # random draws only: no selection on risk
            results = values["inspection_results"]
            assert isinstance(results, list)
            inspected[mentions[(path, row)]].append(results != ["1"])
    ranked = sorted(inspected, key=risk.__getitem__)
    fifth = len(ranked) // 5

    def rate(group: list[str]) -> float:
        outcomes = [hit for sid in group for hit in inspected[sid]]
        return sum(outcomes) / len(outcomes)

    assert len(ranked) > 200
    assert rate(ranked[-fifth:]) > 2 * rate(ranked[:fifth])


def test_penalties_link_inspections_and_inspectors_are_the_departments(medium: Path) -> None:
    inspections = _standard_rows(medium, "inspection")
    numbers = {v["inspection_no"] for _, _, v in inspections}
    staff = {v["enforcement_cert_no"] for _, _, v in _standard_rows(medium, "personnel")}
    for _, _, values in inspections:
        certs = values["inspector_cert_nos"]
        assert isinstance(certs, list) and len(certs) >= 2 and set(certs) <= staff
        assert values["reported_at"] > values["inspected_at"]  # type: ignore[operator]
    penalties = _standard_rows(medium, "penalty")
    assert penalties and all(v["inspection_no"] in numbers for _, _, v in penalties)
