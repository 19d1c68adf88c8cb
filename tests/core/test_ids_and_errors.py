"""Ids sort by time; errors carry a code, a status and a Chinese message."""

from __future__ import annotations

import time

from jianguan.core.errors import FieldProblem, NotFound, ValidationFailed
from jianguan.core.ids import new_id, new_password


def test_ids_are_unique_and_time_ordered() -> None:
    first = new_id()
    time.sleep(0.002)
    ids = [new_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(len(i) == 26 for i in ids)
    assert first < min(ids)


def test_generated_passwords_pass_the_policy_shape() -> None:
    password = new_password()
    assert len(password) == 16
    assert not password.isdigit() and not password.isalpha()


def test_error_carries_code_status_and_details() -> None:
    error = ValidationFailed(
        "记录校验未通过",
        details=[FieldProblem("uscc", "uscc_checksum", "统一社会信用代码：校验位错误")],
    )
    assert error.code == "validation_failed" and error.http_status == 422
    assert error.as_dict()["details"][0]["field"] == "uscc"
    assert "校验位错误" in str(error)
    assert NotFound("不存在", code="subject_not_found").as_dict()["code"] == "subject_not_found"
