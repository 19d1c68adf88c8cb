from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from python_calamine import CalamineWorkbook

from jianguan.standard import get_record_type, validate_record, write_template
from jianguan.standard.fields import CODED_TYPES, FieldType
from jianguan.standard.template import CODES_SHEET, GUIDE_SHEET, header_text
from jianguan.standard.validate import resolve_field

INSPECTION = get_record_type("inspection")


def _validations_by_column(sheet: Any) -> dict[str, Any]:
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation
    return found


def test_inspection_template_layout(tmp_path: Path) -> None:
    path = write_template("inspection", tmp_path / "inspection.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["行政检查", GUIDE_SHEET, CODES_SHEET]
    assert workbook[CODES_SHEET].sheet_state == "hidden"
    sheet = workbook["行政检查"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [header_text(f) for f in INSPECTION.fields]
    assert "*检查时间" in headers and "双随机一公开计划ID" in headers
    assert sheet.freeze_panes == "A2"
    first = sheet.cell(row=1, column=1)
    assert first.font.bold
    required = sheet.cell(row=1, column=headers.index("*检查时间") + 1)
    assert required.fill.fgColor.rgb.endswith("FFF2CC")
    assert "日期时间" in required.comment.text

    validations = _validations_by_column(sheet)
    for index, f in enumerate(INSPECTION.fields, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        coded = f.type in CODED_TYPES or f.type == FieldType.REGION
        assert (letter in validations) == coded, f.name
        if f.type in (FieldType.DATE, FieldType.DATETIME):
            assert sheet.column_dimensions[letter].number_format.startswith("yyyy-mm-dd")
    form = validations[openpyxl.utils.get_column_letter(headers.index("*检查形式") + 1)]
    assert form.formula1 == '"01 日常检查,02 专项检查"'
    region = validations[openpyxl.utils.get_column_letter(headers.index("*行政区划代码") + 1)]
    assert region.formula1.startswith(f"'{CODES_SHEET}'!$")


def test_guide_sheet_lists_every_field(tmp_path: Path) -> None:
    path = write_template("inspection", tmp_path / "inspection.xlsx")
    guide = openpyxl.load_workbook(path)[GUIDE_SHEET]
    labels = {row[0] for row in guide.iter_rows(min_row=6, values_only=True)}
    assert {f.label for f in INSPECTION.fields} <= labels
    assert "报送时间应晚于检查时间" in labels


def test_filled_template_reads_back_valid(tmp_path: Path, inspection_row: dict[str, Any]) -> None:
    path = write_template("inspection", tmp_path / "inspection.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["行政检查"]
    row = dict(inspection_row)
    row.update({"行政区划代码": "152201 乌兰浩特市", "检查形式": "01 日常检查"})
    row["检查时间"] = datetime(2024, 1, 2, 9, 30)
    fields = {key: resolve_field(INSPECTION, key) for key in row}
    by_field = {f.name: row[key] for key, f in fields.items() if f is not None}
    assert len(by_field) == len(row)
    for column, f in enumerate(INSPECTION.fields, start=1):
        if f.name in by_field:
            sheet.cell(row=2, column=column, value=by_field[f.name])
    workbook.save(path)

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("行政检查").to_python()
    header, data = rows[0], rows[1]
    assert header == [header_text(f) for f in INSPECTION.fields]
    result = validate_record("inspection", dict(zip(header, data, strict=True)))
    assert result.ok, result.problems
    assert result.values["inspected_at"] == datetime(2024, 1, 2, 9, 30)
    assert result.values["region_code"] == "152201"
    assert result.values["inspection_form"] == "01"


def test_every_record_type_has_a_template(tmp_path: Path) -> None:
    from jianguan.standard import RECORD_TYPES

    for name in RECORD_TYPES:
        path = write_template(name, tmp_path / f"{name}.xlsx")
        assert openpyxl.load_workbook(path).sheetnames[0] == RECORD_TYPES[name].label
