"""Link what the libraries hold: registry subjects and published records still pending linkage.

A full run gathers every registry subject and every record whose subject is unknown as
mentions, trains the model and links them all (`subjects.link_mention_details`). Later runs are
incremental: the records still pending and the subjects registered since the last run are
linked, with the last run's model, to each other and to the registry as it stands
(`subjects.link_new_mentions`); registry subjects keep their ids. Reviewers' verdicts apply to
both. Then:
- a cluster with one registry subject: its pending records now point at that subject;
- a cluster without one: a subject is registered from its records (kind, name, region,
  identifier) and they point at it;
- a cluster holding several registry subjects: nothing moves; the pair goes to review;
- pairs the model is unsure of go to the review queue, unless a verdict exists;
- a registered branch without a parent hangs under its head office, found by name.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.crypto import blind_index, sm3_hex
from jianguan.core.scope import Actor
from jianguan.datacenter.linkage.merge import merge_subjects
from jianguan.datacenter.linkage.models import LinkReview, LinkRun
from jianguan.datacenter.linkage.normalise import normalise_name
from jianguan.datacenter.linkage.service import Decisions, LinkResult
from jianguan.datacenter.linkage.subjects import (
    ID_LOOKUP,
    MENTION_COLUMNS,
    link_mention_details,
    link_new_mentions,
)
from jianguan.datacenter.publish.subjects import scheme_of
from jianguan.datacenter.publish.values import PERSONAL_CERTIFICATES
from jianguan.libraries.behaviors.models import CoerciveMeasure, Inspection, Licence, Penalty
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.subjects.models import Subject, SubjectIdentifier, SubjectName
from jianguan.standard.identifiers import is_valid_uscc

RECORD_MODELS: dict[str, Any] = {
    "inspection": Inspection,
    "penalty": Penalty,
    "licence": Licence,
    "coercive_measure": CoerciveMeasure,
    "credit_event": CreditEvent,
}
_SUBJECT = "subject"
# The schemes publishing gives personal identifiers: the same names here, or no match.
_PERSONAL_SCHEMES = sorted({scheme_of(code) for code in PERSONAL_CERTIFICATES})
_ID_NUMBER = scheme_of("111")
# Places and devices are known by their own ids, never by name: a fire detector named after
# its owner is not its owner, nor detector No. 2. Records name persons and organisations.
_THINGS = ("place", "device")


@dataclass(frozen=True)
class RegistryOutcome:
    mode: str  # full / incremental
    mentions: int
    linked_records: int
    new_subjects: int
    review_pairs: int
    refused_links: int
    branches_linked: int = 0
    merged_subjects: int = 0


@dataclass
class _Mention:
    ref: str
    kind: str
    row: Any
    values: dict[str, str | None]
    region_code: str
    department_id: str | None


def link_registry(session: Session, actor: Actor, *, full: bool = False) -> RegistryOutcome:
    """One linkage run (`linkage.run`): incremental after the first, unless `full` (retrain on
    the whole registry); recorded as a `LinkRun` and audited with its counts."""
    actor.require("linkage.run", "运行主体关联")
    started = clock.now()
    merged = _merge_judged(session, actor)
    last = None if full else _last_run(session)
    subjects, pending = _subject_mentions(session), _pending_mentions(session)
    known: list[_Mention] = []
    if last is None:
        mode, mentions = "full", subjects + pending
        result = _link_all(mentions, _decisions(session))
    else:
        # Naive UTC on SQLite, aware on PostgreSQL: compare as the database returns them.
        since = last.started_at.replace(tzinfo=None)
        known = [m for m in subjects if m.row.created_at.replace(tzinfo=None) < since]
        fresh = [m for m in subjects if m.row.created_at.replace(tzinfo=None) >= since]
        mode, mentions = "incremental", fresh + pending
        result = _link_new(mentions, known, last.model, _decisions(session))
    outcome = replace(
        _apply(session, mode, len(mentions), mentions + known, result), merged_subjects=merged
    )
    model = result.model if result and result.model else (last.model if last else {})
    session.add(
        LinkRun(
            mode=mode,
            started_at=started,
            actor_name=actor.name,
            model=model,
            model_version=_version(model),
            counts=vars(outcome),
        )
    )
    audit.record(session, actor, "linkage.run", "registry", "subjects", detail=vars(outcome))
    return outcome


def _merge_judged(session: Session, actor: Actor) -> int:
    """Registry subjects a reviewer judged the same become one: the one with a USCC (else the
    older) survives."""
    judged = session.execute(
        select(LinkReview.left_ref, LinkReview.right_ref).where(
            LinkReview.status == "same",
            LinkReview.left_ref.startswith(f"{_SUBJECT}:"),
            LinkReview.right_ref.startswith(f"{_SUBJECT}:"),
        )
    ).all()
    merged = 0
    for left, right in judged:
        pair = [session.get(Subject, ref.partition(":")[2]) for ref in (left, right)]
        subjects = [s for s in pair if s is not None and s.merged_into_id is None]
        if len(subjects) < len(pair):
            continue
        survivor, absorbed = sorted(subjects, key=lambda s: (s.uscc is None, s.created_at, s.id))
        merge_subjects(session, actor, survivor.id, absorbed.id, reason="审核确认为同一主体")
        merged += 1
    return merged


def _last_run(session: Session) -> LinkRun | None:
    return session.scalars(
        select(LinkRun).order_by(LinkRun.started_at.desc(), LinkRun.id.desc()).limit(1)
    ).first()


def _version(model: dict[str, Any]) -> str:
    return sm3_hex(json.dumps(model, sort_keys=True, ensure_ascii=False))[:16] if model else ""


def _link_all(mentions: list[_Mention], decisions: Decisions) -> LinkResult | None:
    if not mentions:
        return None
    return link_mention_details(_table(mentions), decisions=decisions)


def _link_new(
    mentions: list[_Mention],
    known: list[_Mention],
    model: dict[str, Any],
    decisions: Decisions,
) -> LinkResult | None:
    if not mentions:
        return None
    registry = _table(known).append_column(
        "subject_id", pa.array([m.ref for m in known], pa.string())
    )
    return link_new_mentions(_table(mentions), registry, model=model or None, decisions=decisions)


def _table(mentions: list[_Mention]) -> pa.Table:
    columns = (*MENTION_COLUMNS, ID_LOOKUP)
    rows = [{"mention_id": m.ref, **m.values} for m in mentions]
    return pa.Table.from_pylist(rows, schema=pa.schema([(c, pa.string()) for c in columns]))


def _apply(
    session: Session,
    mode: str,
    linked_mentions: int,
    mentions: list[_Mention],
    result: LinkResult | None,
) -> RegistryOutcome:
    """Records follow their cluster's subject (registered now if it has none); clusters
    holding several registry subjects and uncertain pairs go to review."""
    if result is None:
        return RegistryOutcome(mode, 0, 0, 0, 0, 0, _link_branches(session))
    by_ref = {m.ref: m for m in mentions}
    clusters: dict[str, list[_Mention]] = defaultdict(list)
    for ref, subject in zip(
        result.clusters.column("unique_id").to_pylist(),
        result.clusters.column("cluster_id").to_pylist(),
        strict=True,
    ):
        clusters[subject].append(by_ref[ref])
    linked = created = 0
    proposals: list[tuple[_Mention, _Mention, float, dict[str, Any]]] = []
    for members in clusters.values():
        subjects = [m for m in members if m.kind == _SUBJECT]
        records = [m for m in members if m.kind != _SUBJECT]
        if len(subjects) > 1:
            proposals.append((subjects[0], subjects[1], 1.0, {"registry": "多个已登记主体被关联"}))
            continue
        if not records:
            continue
        if subjects:
            target = subjects[0].row
        else:
            target = _register(session, records)
            created += 1
        for record in records:
            record.row.subject_id = target.id
        linked += len(records)
    session.flush()
    proposals += _review_pairs(result.review, by_ref)
    queued = _queue(session, proposals)
    return RegistryOutcome(
        mode,
        linked_mentions,
        linked,
        created,
        queued,
        result.refused_links,
        _link_branches(session),
    )


def _link_branches(session: Session) -> int:
    """Each branch without a parent gets its head office: the one registered subject named as
    the branch's name without its branch suffix (the region in the name decides between
    namesakes: 南京华信…鼓楼分公司 hangs under 南京华信…, not 上海华信…)."""
    subjects = session.scalars(
        select(Subject).where(
            Subject.withdrawn_at.is_(None),
            Subject.merged_into_id.is_(None),
            Subject.kind.not_in(_THINGS),
        )
    ).all()
    heads: dict[str, list[tuple[Subject, str]]] = defaultdict(list)
    branches = []
    for subject in subjects:
        parts = normalise_name(subject.name)
        if parts.is_branch and parts.normalised.endswith(parts.branch):
            if subject.parent_id is None:
                branches.append((subject, parts))
        else:
            heads[parts.normalised].append((subject, parts.region))
    linked = 0
    for branch, parts in branches:
        candidates = heads.get(parts.normalised[: -len(parts.branch)], [])
        if len(candidates) > 1:
            candidates = [c for c in candidates if c[1] == parts.region]
        if len(candidates) == 1 and candidates[0][0].id != branch.id:
            branch.parent_id = candidates[0][0].id
            linked += 1
    session.flush()
    return linked


def _subject_mentions(session: Session) -> list[_Mention]:
    subjects = session.scalars(
        select(Subject).where(
            Subject.withdrawn_at.is_(None),
            Subject.merged_into_id.is_(None),
            Subject.kind.not_in(_THINGS),
        )
    ).all()
    personal = dict(
        session.execute(
            select(SubjectIdentifier.subject_id, SubjectIdentifier.lookup).where(
                SubjectIdentifier.scheme.in_(_PERSONAL_SCHEMES)
            )
        ).all()
    )
    return [
        _Mention(
            f"{_SUBJECT}:{s.id}",
            _SUBJECT,
            s,
            {
                "source": "registry",
                "name": s.name,
                "uscc": s.uscc,
                "legal_rep": s.legal_representative,
                "address": s.address,
                "phone": None,
                ID_LOOKUP: personal.get(s.id),
            },
            s.region_code,
            None,
        )
        for s in subjects
    ]


def _pending_mentions(session: Session) -> list[_Mention]:
    found = []
    for kind, model in RECORD_MODELS.items():
        rows = session.scalars(
            select(model).where(model.subject_id.is_(None), model.withdrawn_at.is_(None))
        )
        found += [_record_mention(kind, row) for row in rows]
    return found


def _record_mention(kind: str, row: Any) -> _Mention:
    attributes = row.attributes or {}
    personal = str(attributes.get("certificate_type") or "") in PERSONAL_CERTIFICATES
    return _Mention(
        f"{kind}:{row.id}",
        kind,
        row,
        {
            "source": row.source_id,
            "name": row.counterpart_name,
            # Personal numbers are stored only masked and as a blind index: linked by the index.
            "uscc": None if personal else attributes.get("counterpart_id"),
            "legal_rep": attributes.get("legal_representative"),
            "address": attributes.get("business_address") or attributes.get("registered_address"),
            "phone": None,
            ID_LOOKUP: row.counterpart_lookup if personal else None,
        },
        row.region_code,
        row.department_id,
    )


def _register(session: Session, records: list[_Mention]) -> Subject:
    """A subject for records that name one nobody registered: the most used name and region."""
    name = Counter(m.values["name"] for m in records).most_common(1)[0][0] or ""
    region = Counter(m.region_code for m in records).most_common(1)[0][0]
    uscc = next((m.values["uscc"] for m in records if _valid_uscc(m.values["uscc"])), None)
    lookup = next((m.values[ID_LOOKUP] for m in records if m.values[ID_LOOKUP]), None)
    kind = "natural_person" if lookup and not uscc else "enterprise"
    subject = Subject(kind=kind, name=name, region_code=region, attributes={"origin": "linkage"})
    subject.names.append(SubjectName(name=name, kind="registered"))
    if uscc:
        subject.uscc = uscc.upper()
        subject.identifiers.append(_identifier("uscc", subject.uscc, subject.uscc))
    elif lookup:
        masked = next(m.row.counterpart_masked for m in records if m.values[ID_LOOKUP])
        subject.identifiers.append(_identifier(_ID_NUMBER, None, masked, lookup=lookup))
    session.add(subject)
    session.flush()
    return subject


def _identifier(
    scheme: str, value: str | None, masked: str, *, lookup: str | None = None
) -> SubjectIdentifier:
    return SubjectIdentifier(
        scheme=scheme, lookup=lookup or blind_index(value or ""), value=value, masked=masked
    )


def _valid_uscc(value: str | None) -> bool:
    return bool(value) and is_valid_uscc(str(value))


def _decisions(session: Session) -> Decisions:
    rows = session.execute(
        select(LinkReview.left_ref, LinkReview.right_ref, LinkReview.status).where(
            LinkReview.status != "pending"
        )
    ).all()
    return Decisions(
        same=frozenset((a, b) for a, b, s in rows if s == "same"),
        different=frozenset((a, b) for a, b, s in rows if s == "different"),
    )


def _review_pairs(
    review: pa.Table | None, by_ref: dict[str, _Mention]
) -> list[tuple[_Mention, _Mention, float, dict[str, Any]]]:
    if review is None:
        return []
    gammas = [c for c in review.column_names if c.startswith("gamma_")]
    return [
        (
            by_ref[row["unique_id_l"]],
            by_ref[row["unique_id_r"]],
            row["p"],
            {g[6:]: row[g] for g in gammas},
        )
        for row in review.to_pylist()
    ]


def _queue(
    session: Session, proposals: list[tuple[_Mention, _Mention, float, dict[str, Any]]]
) -> int:
    """New pairs into the review queue; a pair already there (decided or not) stays as it is."""
    existing = {
        (a, b) for a, b in session.execute(select(LinkReview.left_ref, LinkReview.right_ref))
    }
    added = 0
    for one, other, probability, levels in proposals:
        left, right = sorted((one, other), key=lambda m: m.ref)
        if (left.ref, right.ref) in existing:
            continue
        scoped = left if left.department_id else right
        session.add(
            LinkReview(
                region_code=scoped.region_code,
                department_id=scoped.department_id,
                left_ref=left.ref,
                right_ref=right.ref,
                probability=probability,
                levels=levels,
                left=_shown(left),
                right=_shown(right),
            )
        )
        existing.add((left.ref, right.ref))
        added += 1
    session.flush()
    return added


def _shown(mention: _Mention) -> dict[str, Any]:
    """The mention as a reviewer sees it: personal numbers only masked."""
    values = {k: v for k, v in mention.values.items() if k != ID_LOOKUP and v}
    if mention.kind != _SUBJECT and mention.values.get(ID_LOOKUP):
        values["uscc"] = mention.row.counterpart_masked
    return {"kind": mention.kind, "region_code": mention.region_code, **values}
