"""Mentions of regulated subjects, as departments send them, linked into subjects.

A mention is `mention_id, source, name, uscc, legal_rep, address, phone` (any may be empty):
the identifier column holds whatever identifier the department has (a USCC, an ID number, a
damaged or missing one). Valid USCCs and ID numbers link outright and never merge with another
valid one; the rest is Splink's Fellegi–Sunter model over normalised names, identifiers,
legal representatives, phones and addresses, trained without labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl

from jianguan.core.crypto import sm3_hex
from jianguan.core.errors import ValidationFailed
from jianguan.datacenter.linkage.model import LinkageSpec
from jianguan.datacenter.linkage.normalise import normalise_address, normalise_name
from jianguan.datacenter.linkage.service import (
    Decisions,
    LinkResult,
    link_details,
    link_incremental,
)
from jianguan.standard.identifiers import is_valid_id_number, is_valid_uscc
from jianguan.standard.text import clean_text, compact_code, half_width, simplified

MENTION_COLUMNS = ("mention_id", "source", "name", "uscc", "legal_rep", "address", "phone")
ID_LOOKUP = "id_lookup"  # optional: the blind index of a personal identifier
_DIGITS = re.compile(r"\D+")
_MIN_PHONE_DIGITS = 7
_MIN_CORE = 2
_ORG_CODE_LENGTH, _REGISTRATION_LENGTH = 9, 15

NAME = cl.CustomComparison(
    [
        cll.NullLevel("name_norm"),
        cll.ExactMatchLevel("name_norm"),
        cll.CustomLevel(
            "name_core_l = name_core_r AND branch_l = branch_r", "字号相同（地区、组织形式不同）"
        ),
        cll.JaroWinklerLevel("name_norm", 0.92),
        cll.JaroWinklerLevel("name_norm", 0.8),
        cll.ElseLevel(),
    ],
    output_column_name="name",
)
IDENTIFIER = cl.CustomComparison(
    [
        cll.NullLevel("id_code"),
        cll.ExactMatchLevel("id_code"),
        cll.LevenshteinLevel("id_code", 1),
        cll.ExactMatchLevel("org_code"),
        cll.ElseLevel(),
    ],
    output_column_name="identifier",
)
SUBJECT_SPEC = LinkageSpec(
    comparisons=[
        NAME,
        IDENTIFIER,
        cl.ExactMatch("branch"),
        # The name key leaves out the region: 南京华信 and 上海华信 differ here.
        cl.ExactMatch("name_region"),
        cl.ExactMatch("legal_rep"),
        cl.ExactMatch("phone"),
        cl.CustomComparison(
            [
                cll.NullLevel("address_norm"),
                cll.ExactMatchLevel("address_norm"),
                cll.JaroWinklerLevel("address_norm", 0.9),
                cll.ElseLevel(),
            ],
            output_column_name="address",
        ),
    ],
    blocking=[
        ("name_norm",),
        ("name_core",),
        ("id_code",),
        ("org_code",),
        ("phone",),
        ("legal_rep", "address_region"),
        ("address_norm",),
    ],
    deterministic=[("uscc_valid",), ("id_valid",)],
    training=[("name_norm",), ("id_code",), ("phone",)],
    exact_keys=("identity",),
    distinct_keys=("identity",),
    exact_only="other_code",
    recall=0.7,
    threshold=0.9,
)


# What each comparison's level means, for reviewers (Splink numbers levels from "else" = 0 up).
LEVEL_LABELS: dict[str, dict[int, str]] = {
    "name": {
        4: "名称相同",
        3: "字号相同",
        2: "名称高度相似",
        1: "名称相似",
        0: "名称不同",
        -1: "缺名称",
    },
    "identifier": {
        3: "证件号相同",
        2: "证件号差一位",
        1: "组织机构代码相同",
        0: "证件号不同",
        -1: "缺证件号",
    },
    "branch": {1: "分支机构相符", 0: "分支机构不同", -1: "—"},
    "name_region": {1: "名称中地区相同", 0: "名称中地区不同", -1: "名称中无地区"},
    "legal_rep": {1: "法定代表人相同", 0: "法定代表人不同", -1: "缺法定代表人"},
    "phone": {1: "电话相同", 0: "电话不同", -1: "缺电话"},
    "address": {2: "地址相同", 1: "地址相近", 0: "地址不同", -1: "缺地址"},
}


def link_mentions(mentions: pa.Table, *, engine: str = "duckdb") -> pa.Table:
    """`mention_id, subject_id`, one row per mention in input order."""
    return link_mention_details(mentions, engine=engine).clusters.rename_columns(
        ["mention_id", "subject_id"]
    )


def link_mention_details(
    mentions: pa.Table, *, engine: str = "duckdb", decisions: Decisions | None = None
) -> LinkResult:
    """`link_mentions` with what the run did: links made and refused, pairs left for review."""
    prepared = prepare_mentions(mentions)
    result = link_details(
        prepared, SUBJECT_SPEC, unique_id="mention_id", engine=engine, decisions=decisions
    )
    return LinkResult(
        _subject_ids(prepared, result.clusters),
        links=result.links,
        refused_links=result.refused_links,
        review=result.review,
        model=result.model,
    )


def link_new_mentions(
    mentions: pa.Table,
    known: pa.Table,
    *,
    model: dict[str, Any] | None = None,
    engine: str = "duckdb",
    decisions: Decisions | None = None,
) -> LinkResult:
    """New mentions linked against mentions already linked (`known`, with their `subject_id`):
    known subjects keep their ids, new ones are named as `link_mentions` names them. `clusters`
    holds the known mentions first, then the new ones."""
    if "subject_id" not in known.column_names:
        raise ValidationFailed("已关联名单缺少列：subject_id", code="missing_columns")
    prepared_known = prepare_mentions(known).append_column(
        "cluster_id", known.column("subject_id").cast(pa.string())
    )
    prepared = prepare_mentions(mentions)
    result = link_incremental(
        prepared,
        prepared_known,
        SUBJECT_SPEC,
        model=model,
        unique_id="mention_id",
        engine=engine,
        decisions=decisions,
    )
    everything = pa.concat_tables([prepared_known.drop_columns(["cluster_id"]), prepared])
    named = _subject_ids(everything, result.clusters).column("cluster_id").to_pylist()
    subjects = set(prepared_known.column("cluster_id").to_pylist())
    ids = [
        cluster if cluster in subjects else fresh
        for cluster, fresh in zip(
            result.clusters.column("cluster_id").to_pylist(), named, strict=True
        )
    ]
    return LinkResult(
        pa.table({"unique_id": result.clusters.column("unique_id"), "cluster_id": ids}),
        links=result.links,
        refused_links=result.refused_links,
        review=result.review,
        model=result.model,
    )


def prepare_mentions(mentions: pa.Table) -> pa.Table:
    """The mentions with the columns the model compares, normalised."""
    check_mention_columns(mentions.column_names)
    columns = {c: mentions.column(c).cast(pa.string()).to_pylist() for c in MENTION_COLUMNS}
    rows = [_prepared(*values) for values in zip(*columns.values(), strict=True)]
    if ID_LOOKUP in mentions.column_names:
        # Personal numbers the registry keeps only as a blind index: equal index, same person.
        for row, lookup in zip(rows, mentions.column(ID_LOOKUP).to_pylist(), strict=True):
            if lookup:
                row["id_valid"] = f"L{lookup}"
                row["identity"] = f"P:L{lookup}"
    return pa.Table.from_pylist(rows, schema=PREPARED)


def check_mention_columns(names: list[str]) -> None:
    missing = [c for c in MENTION_COLUMNS if c not in names]
    if missing:
        raise ValidationFailed(
            f"名单缺少列：{'、'.join(missing)}（应有 {','.join(MENTION_COLUMNS)}）",
            code="missing_columns",
        )


PREPARED = pa.schema(
    [
        ("mention_id", pa.string()),
        ("source", pa.string()),
        ("name_norm", pa.string()),
        ("name_core", pa.string()),
        ("name_region", pa.string()),
        ("branch", pa.string()),
        ("id_code", pa.string()),
        ("uscc_valid", pa.string()),
        ("id_valid", pa.string()),
        ("identity", pa.string()),
        ("other_code", pa.string()),
        ("org_code", pa.string()),
        ("legal_rep", pa.string()),
        ("phone", pa.string()),
        ("address_norm", pa.string()),
        ("address_region", pa.string()),
    ]
)


def _prepared(
    mention_id: str | None,
    source: str | None,
    name: str | None,
    identifier: str | None,
    legal_rep: str | None,
    address: str | None,
    phone: str | None,
) -> dict[str, str | None]:
    parts = _name(name) if name and clean_text(name) else None
    code = compact_code(identifier) if identifier else ""
    uscc_valid, id_valid, identity = _code_facts(code)
    place = _address(address) if address and clean_text(address) else None
    digits = _DIGITS.sub("", half_width(phone)) if phone else ""
    person = simplified("".join(half_width(legal_rep).split())) if legal_rep else ""
    return {
        "mention_id": mention_id,
        "source": source,
        "name_norm": (parts.normalised or None) if parts else None,
        "name_core": parts.core if parts and len(parts.core) >= _MIN_CORE else None,
        "name_region": (parts.region or None) if parts else None,
        "branch": parts.branch if parts else "",
        "id_code": code or None,
        "uscc_valid": uscc_valid,
        "id_valid": id_valid,
        "identity": identity,
        # Places, devices and other things known by a number of their own link by it alone.
        "other_code": code if identity and identity.startswith("X:") else None,
        "org_code": code[8:17] if len(code) == 18 else None,
        "legal_rep": person or None,
        "phone": digits if len(digits) >= _MIN_PHONE_DIGITS else None,
        "address_norm": (place.normalised or None) if place else None,
        "address_region": place.region_code if place else None,
    }


# A subject is mentioned many times in the same words: each distinct name, address and code is
# worked out once (bounded, so a long-lived process does not grow without end).
_CACHE = 1 << 19
_name = lru_cache(maxsize=_CACHE)(normalise_name)
_address = lru_cache(maxsize=_CACHE)(normalise_address)


@lru_cache(maxsize=_CACHE)
def _code_facts(code: str) -> tuple[str | None, str | None, str | None]:
    """The code as a valid USCC, as a valid ID number, and the identity it proves."""
    uscc = code if len(code) == 18 and is_valid_uscc(code) else None
    id_number = code if len(code) == 18 and is_valid_id_number(code) else None
    return uscc, id_number, _identity(code)


def _identity(code: str) -> str | None:
    """Who an identifier names for sure, as a key no other entity shares: a valid USCC or ID
    number, or a code of another kind (a place's or device's number, a passport). None where
    the model should judge: no identifier, a damaged USCC or ID number (it may be a typo of the
    right one), an organisation code or registration number (a company's older identifiers)."""
    if not code:
        return None
    if len(code) == 18:
        if is_valid_uscc(code):
            return f"U:{code}"
        return f"P:{code}" if is_valid_id_number(code) else None
    if len(code) == _ORG_CODE_LENGTH or (len(code) == _REGISTRATION_LENGTH and code.isdigit()):
        return None
    return f"X:{code}"


def _subject_ids(prepared: pa.Table, clusters: pa.Table) -> pa.Table:
    """Subject ids from each cluster's strongest identifier, so reruns and other inputs name the
    same subject alike: its USCC, else a digest of its ID number (never shown), else a digest
    of its smallest mention id."""
    strongest: dict[str, str] = {}
    for cluster_id, uscc, id_number in _cluster_identifiers(prepared, clusters):
        if uscc:
            strongest[cluster_id] = f"U{uscc}"
        elif id_number and not strongest.get(cluster_id, "").startswith("U"):
            strongest[cluster_id] = f"P{sm3_hex(id_number)[:20]}"
    ids = [
        strongest.get(c) or f"M{sm3_hex(c)[:20]}" for c in clusters.column("cluster_id").to_pylist()
    ]
    return pa.table({"unique_id": clusters.column("unique_id"), "cluster_id": ids})


def _cluster_identifiers(
    prepared: pa.Table, clusters: pa.Table
) -> Iterator[tuple[str, str | None, str | None]]:
    return zip(
        clusters.column("cluster_id").to_pylist(),
        prepared.column("uscc_valid").to_pylist(),
        prepared.column("id_valid").to_pylist(),
        strict=True,
    )
