"""The Chinese reference of the data standard, rendered from the declarations (deterministic)."""

from __future__ import annotations

from jianguan.standard.codes.regions import LEVEL_LABELS, all_regions, current_regions, provinces
from jianguan.standard.codes.registry import code_tables
from jianguan.standard.codes.table import CodeTable
from jianguan.standard.fields import TYPE_LABELS, Field, RecordType
from jianguan.standard.records import RECORD_TYPES

DOCS_COMMAND = "jianguan standard docs"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _field_row(f: Field) -> str:
    cells = [
        f"`{f.name}`",
        f.label,
        TYPE_LABELS[f.type],
        "是" if f.required else "",
        f"`{f.table_name}`" if f.table_name else "",
        f.rule_summary(),
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _record_section(rt: RecordType) -> list[str]:
    lines = [f"### {rt.label}（`{rt.name}`）", "", rt.description, ""]
    lines.append("业务主键：" + "、".join(f"`{k}`" for k in rt.key))
    if rt.mention:
        lines.append("")
        lines.append("主体提及字段：" + "、".join(f"`{m}`" for m in rt.mention.fields()))
    lines += [
        "",
        "| 字段名 | 中文名 | 类型 | 必填 | 代码表 | 校验规则 |",
        "|---|---|---|---|---|---|",
    ]
    lines += [_field_row(f) for f in rt.fields]
    if rt.rules:
        lines += ["", "跨字段规则：", ""]
        lines += [f"- {rule.description}（`{rule.rule}`）" for rule in rt.rules]
    return [*lines, ""]


def _table_section(table: CodeTable) -> list[str]:
    lines = [f"### {table.label}（`{table.name}`）", ""]
    if table.description:
        lines += [table.description, ""]
    if table.name == "region":
        return lines + _region_summary()
    has_parent = any(e.parent for e in table)
    has_note = any(e.note for e in table)
    header = ["代码", "名称"] + (["上级"] if has_parent else []) + (["说明"] if has_note else [])
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for e in table:
        cells = [f"`{e.code}`", e.label]
        cells += [e.parent or ""] if has_parent else []
        cells += [e.note] if has_note else []
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*lines, ""]


def _region_summary() -> list[str]:
    current = current_regions()
    counts = {level: sum(1 for r in current if r.level == level) for level in LEVEL_LABELS}
    summary = "、".join(f"{LEVEL_LABELS[level]}{n}个" for level, n in counts.items())
    lines = [
        f"共 {len(all_regions())} 个代码（含已撤销的历史代码），"
        f"现行 {len(current)} 个：{summary}。",
        "校验接受历史代码；`current_regions()`、`region_children()` 只给现行代码。",
        "",
        "| 代码 | 省级行政区 |",
        "|---|---|",
    ]
    lines += [f"| `{r.code}` | {r.name} |" for r in provinces()]
    return [*lines, ""]


def render_markdown() -> str:
    """The whole reference: every record type, then every code table."""
    lines = [
        "# 数据标准",
        "",
        f"> 本文件由数据标准声明自动生成，请勿手工修改；更新请运行 `{DOCS_COMMAND}`。",
        "",
        "每种记录类型只声明一次：字段、中文名、类型、必填、代码表和校验规则；入库校验、",
        "接口模式、部门填报模板和本文档都由该声明生成。表头可用字段名或中文名；代码字段可填",
        "代码或名称；日期可写 2024-01-02、2024/1/2、20240102、2024年1月2日 或 Excel 日期。",
        "",
        "## 记录类型",
        "",
    ]
    lines += [f"- {rt.label}：`{rt.name}`" for rt in RECORD_TYPES.values()]
    lines.append("")
    for rt in RECORD_TYPES.values():
        lines += _record_section(rt)
    lines += ["## 代码表", ""]
    for table in code_tables():
        lines += _table_section(table)
    return "\n".join(lines).rstrip("\n") + "\n"
