"""``jianguan demo``: migrate, build the demo province, ingest its feeds, serve the console."""

from __future__ import annotations

from pathlib import Path

import typer
import uvicorn
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jianguan.apps.credit import classify as credit_classes
from jianguan.apps.credit import jobs as credit_jobs
from jianguan.apps.inspections.demo import run_demo_plan
from jianguan.auth.roles import role_label
from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core import clock, migrate
from jianguan.core.db import unit_of_work
from jianguan.core.settings import get_settings
from jianguan.datacenter.feeds import FeedSummary, ingest_feeds
from jianguan.datacenter.linkage.registry import link_registry
from jianguan.synth.demo import DemoAccount, build_demo
from jianguan.synth.province import ProvinceConfig, generate
from jianguan.web.app import create_app

app = typer.Typer(help="演示：生成演示省份、经数据中心汇聚入库、启动管理端")


@app.callback(invoke_without_command=True)
@friendly_errors
def demo(
    subjects: int = typer.Option(1000, help="演示省份的监管对象数量"),
    years: int = typer.Option(2, help="生成几年的监管数据"),
    seed: int = typer.Option(20261127, help="随机种子（同一种子生成同样的数据）"),
    engine: str | None = typer.Option(
        None, help="处理引擎：auto、duckdb、spark 或 python；默认取配置"
    ),
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="端口"),
    serve: bool = typer.Option(True, help="完成后启动 Web 服务"),
) -> None:
    """生成演示省份并把各部门数据经监管大数据中心汇聚入库（可重复运行），然后启动管理端。"""
    settings = get_settings()
    migrate.upgrade()
    with unit_of_work() as session:
        accounts = build_demo(session, operator(), settings.province_prefix)
    feeds = settings.data_dir / "demo-province" / f"seed-{seed}-{subjects}x{years}"
    summary = _load_province(feeds, subjects, years, seed, engine or settings.engine)
    with console.status("主体关联：已登记主体与待关联记录"), unit_of_work() as session:
        linked = link_registry(session, operator())
    _print_summary(summary, accounts, host, port)
    console.print(
        f"主体关联：{linked.linked_records} 条记录关联到主体，新登记 {linked.new_subjects} 个，"
        f"待审核 {linked.review_pairs} 对（/console/linkage/reviews）"
    )
    _risk_run(engine or settings.engine)
    _credit()
    _random_inspection(f"{settings.province_prefix}0000")
    if serve:
        uvicorn.run(create_app(settings), host=host, port=port)


def _load_province(feeds: Path, subjects: int, years: int, seed: int, engine: str) -> FeedSummary:
    settings = get_settings()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        if not (feeds / "manifest.json").exists():
            task = bar.add_task("生成演示省份的部门报送文件", total=None)
            config = ProvinceConfig(
                subjects=subjects,
                years=years,
                seed=seed,
                province=settings.province_prefix,
                as_of=clock.today(),
            )
            generate(
                config,
                feeds,
                progress=lambda step, done, total: bar.update(
                    task, description=f"生成：{step}", completed=done, total=total
                ),
            )
        task = bar.add_task("经数据中心汇聚入库", total=None)

        def show(done: int, total: int, path: str) -> None:
            bar.update(task, description=f"汇聚：{path}", completed=done, total=total)

        return ingest_feeds(
            operator(), feeds, province=settings.province_prefix, engine=engine, progress=show
        )


def _risk_run(engine: str) -> None:
    """Rules and the model over the linked province, so the clue inbox has real clues."""
    # Imported here: LightGBM and scikit-learn take seconds to import.
    from jianguan.apps.risk.run import run

    with console.status("风险预警：规则与模型") as status, unit_of_work() as session:
        report = run(
            session,
            operator(),
            engine="spark" if engine == "spark" else "duckdb",
            province_prefix=get_settings().province_prefix,
            step=lambda text: status.update(f"风险预警：{text}"),
        )
    kinds = (report.rules, report.complaints, report.iot, report.model)
    created = sum(sum(raised.created.values()) for raised in kinds)
    joined = sum(sum(raised.joined.values()) for raised in kinds)
    console.print(
        f"风险预警（{report.as_of}）：新提线索 {created} 条，并入已有线索 {joined} 条"
        "（/console/clues）" + (f"；模型未评分：{report.skipped}" if report.skipped else "")
    )


def _print_summary(summary: FeedSummary, accounts: list[DemoAccount], host: str, port: int) -> None:
    console.print(
        f"汇聚 {summary.files} 个文件：接收 {summary.received} 条 = 通过 {summary.accepted} + 退回 {summary.rejected}；"
        f"发布 {summary.published} 条"
        + (f"；{len(summary.failed)} 个批次失败" if summary.failed else "")
    )
    for failure in summary.failed:
        console.print(f"[red]{failure}[/red]")
    table = Table("用户名", "角色", "数据范围", "密码", title="演示账号（密码每次运行重新生成）")
    for account in accounts:
        scope = account.region_code + (
            f" × {account.department_code}" if account.department_code else " × 全部门"
        )
        table.add_row(account.username, role_label(account.role), scope, account.password)
    console.print(table)
    console.print(
        f"管理端：[bold]http://{host}:{port}/console/[/bold]   接口文档：http://{host}:{port}/api/docs"
    )


def _credit() -> None:
    with console.status("信用监管：名录事件同步、信用风险分类"), unit_of_work() as session:
        daily = credit_jobs.daily(session, operator())
        classified = credit_classes.classify(session, operator())
    shares = "，".join(f"{k} 类 {v:.1%}" for k, v in classified.shares.items())
    console.print(
        f"信用监管：同步名录事件 {len(daily.synced)} 条；{classified.period} 分类 "
        f"{classified.subjects} 户（{shares}）（/console/credit）"
    )


def _random_inspection(region_code: str) -> None:
    with (
        console.status("双随机一公开：审批、公布摘要、抽取、结果公示"),
        unit_of_work() as session,
    ):
        plan = run_demo_plan(session, operator(), region_code)
    console.print(
        f"双随机一公开：{plan.name} 抽中 {plan.objects} 个对象，结果公示 {plan.disclosed} 条，"
        f"验证{'通过' if plan.verified else '未通过'}（/console/plans/{plan.plan_id}，"
        f"公开验证 /api/v1/public/plans/{plan.plan_id}/verification，公众端 /portal）"
    )
