"""The demo seed: through the services, deterministic, repeatable without duplicates."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from jianguan.audit import service as audit
from jianguan.auth.service import authenticate
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.libraries.org.models import Agency, Region
from jianguan.libraries.subjects.models import Subject
from jianguan.standard import is_valid_uscc
from jianguan.synth.demo import build_demo


def test_demo_seed_is_valid_repeatable_and_audited(engine: Engine) -> None:
    operator = Actor.system("demo-test")
    with unit_of_work(engine) as session:
        first = build_demo(session, operator, "32", subjects=25, seed=7)
    with unit_of_work(engine) as session:
        second = build_demo(session, operator, "32", subjects=25, seed=7)
        regions = session.scalar(select(func.count()).select_from(Region))
        usccs = list(session.scalars(select(Subject.uscc)))
        agencies = session.scalar(select(func.count()).select_from(Agency))
        assert audit.verify(session).ok
    assert regions and regions > 90  # Jiangsu: 13 cities and their counties
    assert len(usccs) == 25 and all(u and is_valid_uscc(u) for u in usccs)
    assert agencies == 8 * 14  # eight departments at the province and each of 13 cities
    assert {a.username for a in first} == {a.username for a in second}
    assert all(a.password != b.password for a, b in zip(first, second, strict=True))
    with unit_of_work(engine) as session:
        assert authenticate(session, "admin", second[0].password).role == "platform_admin"
