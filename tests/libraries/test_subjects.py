"""The subject registry: identifiers validated, personal numbers encrypted, clear reads audited."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text

from jianguan.audit import service as audit
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, Forbidden, ValidationFailed
from jianguan.libraries.subjects import service
from jianguan.libraries.subjects.models import SubjectIdentifier
from jianguan.libraries.subjects.schemas import SubjectIn
from tests.factories import subject_in
from tests.world import World, build_world

ID_NUMBER = "11010519491231002X"  # the GB 11643 example number


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _person(region: str = "320102") -> SubjectIn:
    return SubjectIn(
        kind="natural_person", name="张三", region_code=region, id_number=ID_NUMBER.lower()
    )


def test_lower_case_uscc_is_normalised_and_duplicates_refused(engine: Engine, world: World) -> None:
    data = subject_in("320102", "南京某某有限公司")
    lower = data.model_copy(update={"uscc": (data.uscc or "").lower()})
    with unit_of_work(engine) as session:
        assert service.register_subject(session, world.admin, lower).uscc == data.uscc
    with pytest.raises(Conflict, match="已登记"), unit_of_work(engine) as session:
        service.register_subject(session, world.admin, data)


def test_invalid_uscc_names_field_and_rule(engine: Engine, world: World) -> None:
    data = subject_in("320102", "南京某某有限公司")
    broken = (data.uscc or "")[:-1] + ("0" if (data.uscc or "").endswith("1") else "1")
    with pytest.raises(ValidationFailed) as caught, unit_of_work(engine) as session:
        service.register_subject(session, world.admin, data.model_copy(update={"uscc": broken}))
    problem = caught.value.details[0]
    assert problem.field == "uscc" and problem.message.startswith("统一社会信用代码：")


def test_id_number_is_encrypted_at_rest_and_masked_when_read(engine: Engine, world: World) -> None:
    with unit_of_work(engine) as session:
        subject_id = service.register_subject(session, world.admin, _person()).id
    with engine.connect() as conn:
        stored = " ".join(
            str(v) for v in conn.execute(text("SELECT * FROM subject_identifier")).one()
        )
    assert ID_NUMBER not in stored and ID_NUMBER.lower() not in stored
    with unit_of_work(engine) as session:
        shown = service.subject_out(
            session, world.alice, service.get_subject(session, world.alice, subject_id)
        )
        assert shown.identifiers[0].value == "110105********002X"
        assert (
            service.find_by_identifier(session, world.alice, "id_number", ID_NUMBER).id
            == subject_id
        )  # type: ignore[union-attr]


def test_revealing_personal_numbers_needs_permission_and_is_audited(
    engine: Engine, world: World
) -> None:
    with unit_of_work(engine) as session:
        subject_id = service.register_subject(session, world.admin, _person()).id
    with pytest.raises(Forbidden), unit_of_work(engine) as session:
        subject = service.get_subject(session, world.alice, subject_id)
        service.subject_out(session, world.alice, subject, reveal=True)
    with unit_of_work(engine) as session:
        subject = service.get_subject(session, world.admin, subject_id)
        assert (
            service.subject_out(session, world.admin, subject, reveal=True).identifiers[0].value
            == ID_NUMBER
        )
    with unit_of_work(engine) as session:
        actions = [e.action for e in audit.events_for(session, "subject", subject_id)]
        assert actions == ["subject.register", "subject.reveal_personal"]
        assert session.scalars(select(SubjectIdentifier.scheme)).all() == ["id_number"]


def test_subject_in_unknown_region_is_refused(engine: Engine, world: World) -> None:
    with (
        pytest.raises(ValidationFailed, match="行政区划代码不存在"),
        unit_of_work(engine) as session,
    ):
        service.register_subject(session, world.admin, _person(region="329999"))
