"""``jianguan link``: entity resolution of lists of subject mentions."""

from __future__ import annotations

import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core.db import unit_of_work
from jianguan.core.errors import ValidationFailed
from jianguan.datacenter.linkage.registry import link_registry
from jianguan.datacenter.linkage.subjects import (
    MENTION_COLUMNS,
    check_mention_columns,
    link_mention_details,
)

app = typer.Typer(help="主体关联：同一监管对象的不同写法归为一个主体", no_args_is_help=True)


@app.command("mentions")
@friendly_errors
def mentions(
    source: Path = typer.Argument(..., exists=True, dir_okay=False, help="输入 CSV（UTF-8）"),
    out: Path = typer.Option(..., "--out", "-o", help="输出 CSV：mention_id,subject_id"),
) -> None:
    """把一份主体名单去重关联：同一主体的各条记录得到同一个 subject_id。

    输入列：mention_id,source,name,uscc,legal_rep,address,phone（值可为空）。
    """
    started = time.perf_counter()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("读取名单", total=None)
        table = read_mentions(source)
        bar.update(task, description=f"关联 {table.num_rows} 条记录（规范化、打分、聚类）")
        result = link_mention_details(table)
        bar.update(task, description="写出结果")
        out.parent.mkdir(parents=True, exist_ok=True)
        pacsv.write_csv(result.clusters.rename_columns(["mention_id", "subject_id"]), out)
    subjects = len(set(result.clusters.column("cluster_id").to_pylist()))
    console.print(
        f"{table.num_rows} 条记录归为 {subjects} 个主体（用时 {time.perf_counter() - started:.1f} 秒）；"
        f"模型关联 {result.links} 对，因统一社会信用代码/身份证号不同而拒绝合并 {result.refused_links} 对：{out}"
    )


def read_mentions(path: Path) -> pa.Table:
    """The list as text columns; a missing column or unreadable file is a clear error."""
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8"),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(MENTION_COLUMNS, pa.string()),
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0][:200]
        raise ValidationFailed(f"名单无法读取（应为 UTF-8 编码的 CSV）：{reason}") from None
    check_mention_columns(table.column_names)
    ids = table.column("mention_id")
    if ids.null_count or len(set(ids.to_pylist())) != table.num_rows:
        raise ValidationFailed("mention_id 列不能为空，也不能重复", code="duplicate_mention_id")
    return table.select(list(MENTION_COLUMNS))


@app.command("registry")
@friendly_errors
def registry(
    full: bool = typer.Option(False, "--full", help="重新训练模型并全量关联（默认增量）"),
) -> None:
    """对主体库运行一次关联：待关联的记录挂到主体上，不确定的记录对进入审核队列。

    首次运行训练模型并全量关联；之后默认增量：只关联上次运行以来的新记录与新登记主体。"""
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as bar:
        bar.add_task("关联已登记主体与待关联记录", total=None)
        with unit_of_work() as session:
            outcome = link_registry(session, operator(), full=full)
    mode = "全量" if outcome.mode == "full" else "增量"
    console.print(
        f"{mode}关联 {outcome.mentions} 条：{outcome.linked_records} 条记录关联到主体，"
        f"新登记主体 {outcome.new_subjects} 个，新增待审核 {outcome.review_pairs} 对，"
        f"因证件号不同拒绝合并 {outcome.refused_links} 对，分支机构挂到总机构 {outcome.branches_linked} 个"
    )
