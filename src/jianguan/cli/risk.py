"""``jianguan risk``: learned risk models, their backtests and the model registry.

LightGBM and scikit-learn take seconds to import, so only the risk commands import them.
"""

from __future__ import annotations

import csv
import json
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer
from rich.table import Table

from jianguan.apps.risk.schemas import Factor
from jianguan.cli.common import console, friendly_errors, operator

if TYPE_CHECKING:
    from jianguan.apps.risk.run import RunReport

app = typer.Typer(help="风险预警：学习型风险模型、回测与模型登记", no_args_is_help=True)

NO_INSPECTOR_HELP = "不使用检查组（Inspector_Assigned）：排程时还不知道由哪组检查员去"


def _factor_text(factors: list[Factor]) -> str:
    return "；".join(f"{f.label}={f.value}（+{f.contribution:.2f}）" for f in factors)


@app.command("chicago")
@friendly_errors
def chicago_scores(
    train: Path = typer.Option(
        ..., "--train", help="训练数据：芝加哥食品检查 CSV（可 .gz），含结果列"
    ),
    predict: Path = typer.Option(..., "--predict", help="待评分的检查：同样的列，不含结果列"),
    out: Path = typer.Option(..., "--out", "-o", help="输出 CSV：Inspection_ID,score"),
    no_inspector: bool = typer.Option(False, "--no-inspector", help=NO_INSPECTOR_HELP),
    factors: int = typer.Option(
        0, "--factors", min=0, max=10, help="另加 top_factors 列：每行抬高风险最多的 N 个因素"
    ),
    register: bool = typer.Option(True, "--register/--no-register", help="把模型登记到模型库"),
) -> None:
    """在 TRAIN 上训练风险模型，为 PREDICT 的每一行给出发现严重违规的概率（已校准）。"""
    from jianguan.apps.risk import chicago, service

    started = time.perf_counter()
    inspector = not no_inspector
    train_table = chicago.read_inspections(train, outcomes=True, inspector=inspector)
    table = chicago.read_inspections(predict, outcomes=False, inspector=inspector)
    trained = chicago.train(train_table, inspector=inspector)
    frame = chicago.scoring_frame(trained, train_table, table)
    columns = [table.column("Inspection_ID").to_pylist(), trained.model.predict(frame).tolist()]
    if factors:
        columns.append([_factor_text(f) for f in trained.model.top_factors(frame, factors)])
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")  # renamed when whole: no half-written scores
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Inspection_ID", "score", "top_factors"][: len(columns)])
        writer.writerows(zip(*columns, strict=True))
    partial.replace(out)
    card = service.register(trained).card if register else trained.card
    where = f"，已登记为 {card.name} {card.version}" if register else ""
    console.print(
        f"训练 {card.rows} 条（{card.data_from} 至 {card.data_to}），"
        f"留出段 AUC {card.holdout.auc:.3f}{where}；"
        f"为 {table.num_rows} 条检查评分（用时 {time.perf_counter() - started:.1f} 秒）：{out}"
    )


@app.command("backtest-chicago")
@friendly_errors
def backtest_chicago(
    data: Path = typer.Argument(..., help="芝加哥食品检查 CSV（可 .gz），含结果列"),
    days: int | None = typer.Option(None, min=7, help="最后多少天作验证（默认 183 天，约半年）"),
    period_days: int | None = typer.Option(
        None, min=1, help="验证期按多少天一段分别重排（默认 61 天，同芝加哥评估期长度）"
    ),
    no_inspector: bool = typer.Option(False, "--no-inspector", help=NO_INSPECTOR_HELP),
) -> None:
    """按时间切分回测：在验证期之前训练，对验证期盲评分，输出 JSON（AUC、提前天数、前半程占比……）。"""
    from jianguan.apps.risk import chicago

    table = chicago.read_inspections(data, outcomes=True, inspector=not no_inspector)
    start = chicago.validation_start(table, days or chicago.VALIDATION_DAYS)
    trained, _, result = chicago.backtest(
        table,
        inspector=not no_inspector,
        start=start,
        period_days=period_days or chicago.PERIOD_DAYS,
    )
    report = {
        "model": trained.card.name,
        "train_until": str(trained.card.data_to),
        "validation_from": str(start),
        "validation": result.model_dump(mode="json"),
        "params": {k: v for k, v in trained.card.params.items() if k != "boosting"},
    }
    console.print_json(json.dumps(report, ensure_ascii=False))


@app.command("models")
@friendly_errors
def models(name: str | None = typer.Argument(None, help="只看某个模型的各版本")) -> None:
    """列出已登记的模型：版本、训练数据时间窗、留出段 AUC，以及其线索的反馈命中率。"""
    from jianguan.apps.clues.service import hit_rates
    from jianguan.apps.risk import registry
    from jianguan.core.db import unit_of_work

    with unit_of_work() as session:
        rates = {
            (rate.origin_key, rate.origin_version): rate
            for rate in hit_rates(session, operator(), origin="model")
        }
    table = Table(
        "模型",
        "版本",
        "登记时间",
        "训练数据",
        "行数",
        "留出段 AUC",
        "线索",
        "属实/已反馈",
        "命中率",
    )
    for model_name in [name] if name else registry.names():
        for version in registry.versions(model_name):
            card = registry.card(model_name, version)
            auc = "—" if card.holdout.auc is None else f"{card.holdout.auc:.3f}"
            window = f"{card.data_from} 至 {card.data_to}"
            rate = rates.get((model_name, version))
            feedback = ["0", "—", "—"] if rate is None else [
                str(rate.raised),
                f"{rate.confirmed}/{rate.judged}",
                "—" if rate.hit_rate is None else f"{rate.hit_rate:.0%}",
            ]  # fmt: skip
            table.add_row(
                card.name,
                version,
                f"{card.created_at:%Y-%m-%d %H:%M}",
                window,
                str(card.rows),
                auc,
                *feedback,
            )
    console.print(table)


ENGINE_HELP = "特征计算引擎：duckdb（默认）或 spark（同一 SQL）"


def _dialect(engine: str) -> Literal["duckdb", "spark"]:
    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter(f"未知引擎“{engine}”，可用：duckdb、spark")
    return "spark" if engine == "spark" else "duckdb"


@app.command("run")
@friendly_errors
def run(
    as_of: datetime | None = typer.Option(
        None, "--as-of", formats=["%Y-%m-%d"], help="评估日期（默认：最新记录的次日）"
    ),
    engine: str = typer.Option("duckdb", help=ENGINE_HELP),
    top_k: int = typer.Option(10, min=1, max=1000, help="模型预警：每个部门取风险最高的 K 个对象"),
) -> None:
    """计算省级风险特征、执行预警规则、用登记的模型评分（没有则先训练登记），提出线索。"""
    from jianguan.apps.risk import run as risk_run
    from jianguan.core.db import unit_of_work
    from jianguan.core.settings import get_settings

    with console.status("风险预警") as status, unit_of_work() as session:
        report = risk_run.run(
            session,
            operator(),
            as_of=as_of.date() if as_of else None,
            engine=_dialect(engine),
            province_prefix=get_settings().province_prefix,
            top_k=top_k,
            step=lambda text: status.update(f"风险预警：{text}"),
        )
    _print_run(report)


def _print_run(report: RunReport) -> None:
    table = Table("来源", "键", "新提线索", "并入已有线索", title=f"风险预警（{report.as_of}）")
    sources = (
        ("规则预警", report.rules),
        ("投诉举报", report.complaints),
        ("物联感知", report.iot),
        ("模型预警", report.model),
    )
    for origin, raised in sources:
        for key in sorted(set(raised.created) | set(raised.joined)):
            table.add_row(origin, key, str(raised.created[key]), str(raised.joined[key]))
    console.print(table)
    card = report.card
    if card is not None:
        how = "本次训练并登记" if report.trained else "已登记"
        auc = "—" if card.holdout.auc is None else f"{card.holdout.auc:.3f}"
        console.print(f"模型：{card.name} {card.version}（{how}，留出段 AUC {auc}）")
    else:
        console.print(f"[yellow]模型未评分：{report.skipped}[/yellow]")
    console.print(f"评估 {report.subjects} 个监管对象")


@app.command("backtest-province")
@friendly_errors
def backtest_province(
    as_of: datetime | None = typer.Option(
        None, "--as-of", formats=["%Y-%m-%d"], help="数据截止日期（默认：最新记录的次日）"
    ),
    days: int = typer.Option(180, min=30, help="最后多少天作验证"),
    engine: str = typer.Option("duckdb", help=ENGINE_HELP),
) -> None:
    """按时间切分回测省级模型：验证期之前训练，对验证期各时点盲评分，输出 JSON（AUC、前 k 精确率……）。"""
    from datetime import timedelta

    from jianguan.apps.risk import province, province_model
    from jianguan.core.db import unit_of_work

    with console.status("读取主题库与数据湖"), unit_of_work() as session:
        inputs = province.load_inputs(session)
    last = inputs.last_day()
    day = as_of.date() if as_of else (last + timedelta(days=1) if last else None)
    if day is None:
        raise typer.BadParameter("没有任何记录，无法回测")
    started = time.perf_counter()
    with console.status("训练与回测"):
        result = province_model.backtest(inputs, day, days, _dialect(engine))
    report = {
        "model": result.trained.card.name,
        "train_until": str(result.train_until),
        "validation_from": str(result.validation_from),
        "horizon_days": province_model.HORIZON_DAYS,
        "train_rows": result.trained.card.rows,
        "holdout": result.trained.card.holdout.model_dump(mode="json"),
        "validation": result.validation.model_dump(mode="json"),
        "seconds": round(time.perf_counter() - started, 1),
    }
    console.print_json(json.dumps(report, ensure_ascii=False))
