"""The demo organisation: through the services, repeatable without duplicates."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from jianguan.audit import service as audit
from jianguan.auth.service import authenticate
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.libraries.org.models import Agency, Region
from jianguan.synth.demo import build_demo


def test_demo_organisation_is_repeatable_and_audited(engine: Engine) -> None:
    operator = Actor.system("demo-test")
    with unit_of_work(engine) as session:
        first = build_demo(session, operator, "32")
    with unit_of_work(engine) as session:
        second = build_demo(session, operator, "32")
        regions = session.scalar(select(func.count()).select_from(Region))
        agencies = session.scalar(select(func.count()).select_from(Agency))
        assert audit.verify(session).ok
    assert regions and regions > 90  # Jiangsu: 13 cities and their counties
    assert agencies == 8 * 14  # eight departments at the province and each of 13 cities
    assert {a.username for a in first} == {a.username for a in second}
    assert all(a.password != b.password for a, b in zip(first, second, strict=True))
    with unit_of_work(engine) as session:
        assert authenticate(session, "admin", second[0].password).role == "platform_admin"
