"""``jianguan credit``: monthly classification, the daily list jobs, lists and measures."""

from __future__ import annotations

import typer

from jianguan.apps.credit import classify as classification
from jianguan.apps.credit import jobs, measures, service
from jianguan.apps.credit.indicators import RISK_LABELS
from jianguan.apps.credit.models import ENTRY_STATE_LABELS, GROUND_LABELS, LIST_LABELS
from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core.db import unit_of_work

app = typer.Typer(help="信用监管：风险分类、名录名单、联合惩戒", no_args_is_help=True)


@app.command("classify")
@friendly_errors
def classify(
    period: str | None = typer.Option(None, help="分类期间 YYYY-MM，默认上个月"),
) -> None:
    """对全部监管对象按指标体系计算信用风险分类（A–D），同一期间重算时覆盖。"""
    with unit_of_work() as session:
        result = classification.classify(session, operator(), period)
    console.print(
        f"{result.period} 分类完成：{result.subjects} 户，模型版本 {result.model_version}"
    )
    for risk_class, share in result.shares.items():
        console.print(f"  {risk_class} 类（{RISK_LABELS[risk_class]}）：{share:.2%}")


@app.command("daily")
@friendly_errors
def daily() -> None:
    """同步数据中心的名录事件；经营异常满3年提请严重违法失信名单；严重违法失信名单期满移出。"""
    with unit_of_work() as session:
        result = jobs.daily(session, operator())
    console.print(
        f"同步名录事件 {len(result.synced)} 条；提请列入严重违法失信名单 {len(result.proposed)} 户；"
        f"期满移出 {len(result.expired)} 户；按官方节假日安排更新决定期限 {len(result.refreshed)} 条"
    )


@app.command("lists")
@friendly_errors
def lists(
    list_type: str | None = typer.Option(None, "--list", help="abnormal 或 serious"),
    state: str | None = typer.Option(None, help="proposed、listed、rejected 或 removed"),
    overdue: bool = typer.Option(False, help="只看超过决定期限的拟列入"),
) -> None:
    """名录名单记录（前 200 条）。"""
    with unit_of_work() as session:
        page = service.list_entries(
            session, operator(), list_type=list_type, state=state, overdue=overdue, size=200
        )
        for e in page.items:
            console.print(
                f"{e.id}  {e.subject.name}  {LIST_LABELS[e.list_type]}  {GROUND_LABELS[e.ground]}  "
                f"{ENTRY_STATE_LABELS[e.state]}  决定期限 {e.decide_by}  "
                f"列入 {e.listed_on or '—'}  移出 {e.removed_on or '—'}"
            )
    console.print(f"共 {page.total} 条")


@app.command("measures")
@friendly_errors
def measures_for(
    subject_id: str = typer.Argument(..., help="监管对象 ID"),
    scenario: str = typer.Option("licensing", help="、".join(measures.SCENARIOS)),
) -> None:
    """某对象在某一场景下适用的联合惩戒措施及依据。"""
    with unit_of_work() as session:
        found = measures.applicable(session, operator(), subject_id, scenario)
    if not found.measures:
        console.print(f"{found.subject_name}：{found.scenario_label}场景下无适用的联合惩戒措施")
    for m in found.measures:
        console.print(
            f"{m.code} {m.label} —— 因 {m.list_label}（{m.listed_on}，{m.authority}），依据 {m.legal_basis}"
        )
