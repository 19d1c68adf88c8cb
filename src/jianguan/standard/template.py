"""Excel templates for departments, generated from a record type's declaration.

One data sheet (header row of Chinese labels, required ones starred and filled, a comment per
column with its type and rules, drop-downs for coded columns), a `填写说明` sheet, and a hidden
`代码表` sheet holding the lists too long for an inline drop-down.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jianguan.standard.codes.industries import industry_table
from jianguan.standard.codes.regions import current_regions
from jianguan.standard.codes.registry import code_table
from jianguan.standard.fields import CODED_TYPES, TYPE_LABELS, Field, FieldType, RecordType
from jianguan.standard.records import get_record_type

CODES_SHEET = "代码表"
GUIDE_SHEET = "填写说明"
REQUIRED_MARK = "*"
DATA_ROWS = 5000  # rows covered by drop-downs and formats
_INLINE_LIMIT = 255  # Excel's limit for a list typed into the validation itself
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_FORMATS = {FieldType.DATE: "yyyy-mm-dd", FieldType.DATETIME: "yyyy-mm-dd hh:mm:ss"}
_TEXT_FORMAT = "@"  # keeps leading zeros of codes and 18-digit numbers intact


def header_text(f: Field) -> str:
    return REQUIRED_MARK + f.label if f.required else f.label


def choices(f: Field) -> list[str]:
    """Drop-down entries for a column, "code label" so both halves are visible; [] if none."""
    if f.type == FieldType.BOOLEAN:
        return ["是", "否"]
    if f.type == FieldType.REGION:
        return [f"{r.code} {r.name}" for r in current_regions()]
    if f.type == FieldType.INDUSTRY:
        return [f"{e.code} {e.label}" for e in industry_table()]
    if f.type in CODED_TYPES and f.code_table:
        return [f"{e.code} {e.label}" for e in code_table(f.code_table) if e.current]
    return []


def column_note(f: Field) -> str:
    lines = [f"类型：{TYPE_LABELS[f.type]}", "必填" if f.required else "选填"]
    if f.code_table:
        lines.append(f"代码表：{code_table(f.code_table).label}（可填代码或名称）")
    if f.type in (FieldType.DATE, FieldType.DATETIME):
        lines.append("如 2024-01-02、2024/1/2、2024年1月2日")
    rules = f.rule_summary()
    if rules:
        lines.append(rules)
    return "\n".join(lines)


class _CodeLists:
    """Columns of the hidden code sheet, one per distinct drop-down list."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_for(self, title: str, entries: list[str]) -> str:
        key = tuple(entries)
        if key not in self.ranges:
            column = len(self.ranges) + 1
            letter = get_column_letter(column)
            self.sheet.cell(row=1, column=column, value=title)
            for row, entry in enumerate(entries, start=2):
                self.sheet.cell(row=row, column=column, value=entry)
            last = len(entries) + 1
            self.ranges[key] = f"{quote_sheetname(self.sheet.title)}!${letter}$2:${letter}${last}"
        return self.ranges[key]


def _formula(f: Field, entries: list[str], lists: _CodeLists) -> str:
    inline = ",".join(entries)
    if len(inline) + 2 <= _INLINE_LIMIT and not any("," in e or '"' in e for e in entries):
        return f'"{inline}"'
    title = code_table(f.code_table).label if f.code_table else f.label
    return lists.range_for(title, entries)


def _add_dropdown(sheet: Worksheet, f: Field, column: str, lists: _CodeLists) -> None:
    entries = choices(f)
    if not entries:
        return
    is_list = f.type in (FieldType.CODE_LIST, FieldType.TEXT_LIST)
    validation = DataValidation(
        type="list",
        formula1=_formula(f, entries, lists),
        allow_blank=True,
        # A list column holds several codes ("1、A"), which a strict drop-down would refuse.
        showErrorMessage=not is_list,
        showInputMessage=True,
        promptTitle=f.label[:32],
        prompt=("可多选，用、分隔" if is_list else "请从下拉列表选择")[:255],
        errorTitle="取值不在代码表中",
        error=f"{f.label}：请从下拉列表中选择",
    )
    validation.add(f"{column}2:{column}{DATA_ROWS + 1}")
    sheet.add_data_validation(validation)


def _write_data_sheet(sheet: Worksheet, rt: RecordType, lists: _CodeLists) -> None:
    sheet.title = rt.label
    for index, f in enumerate(rt.fields, start=1):
        column = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=header_text(f))
        cell.font = Font(bold=True, color="C00000" if f.required else "000000")
        cell.fill = _REQUIRED_FILL if f.required else _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(column_note(f), "jianguan", width=300, height=160)
        dimension = sheet.column_dimensions[column]
        dimension.width = max(12, min(40, len(f.label) * 2 + 4))
        dimension.number_format = _FORMATS.get(f.type, _TEXT_FORMAT)
        if f.type in (FieldType.DECIMAL, FieldType.INTEGER, FieldType.BOOLEAN):
            dimension.number_format = "General"
        _add_dropdown(sheet, f, column, lists)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32


def _write_guide(sheet: Worksheet, rt: RecordType) -> None:
    sheet.append([f"{rt.label}（{rt.name}）填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([rt.description])
    sheet.append(
        ["带 * 的列为必填；代码列可填代码或名称；日期可写 2024-01-02、2024/1/2、20240102。"]
    )
    sheet.append([])
    sheet.append(["列名", "字段名", "类型", "必填", "代码表", "填写规则"])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for f in rt.fields:
        table = code_table(f.code_table).label if f.code_table else ""
        required = "是" if f.required else "否"
        sheet.append([f.label, f.name, TYPE_LABELS[f.type], required, table, f.rule_summary()])
    if rt.rules:
        sheet.append([])
        sheet.append(["跨字段规则"])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for rule in rt.rules:
            sheet.append([rule.description])
    for letter, width in zip("ABCDEF", (24, 26, 16, 6, 20, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def write_template(record_type: str | RecordType, path: Path) -> Path:
    """Write the department template of `record_type` to `path` (.xlsx) and return the path."""
    rt = record_type if isinstance(record_type, RecordType) else get_record_type(record_type)
    workbook = Workbook()
    data = workbook.active
    guide = workbook.create_sheet(GUIDE_SHEET)
    codes = workbook.create_sheet(CODES_SHEET)
    codes.sheet_state = "hidden"
    _write_data_sheet(data, rt, _CodeLists(codes))
    _write_guide(guide, rt)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
