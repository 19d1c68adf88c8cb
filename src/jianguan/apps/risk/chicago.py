"""Chicago's food inspections in the platform's terms, and the risk model trained on them.

The data (City of Chicago, `food-inspections-evaluation`, see /work/shared/data/chicago) is
one row per canvass inspection of a licensed food establishment. In the platform's terms:
- the licence is the regulated subject, `subject_id` = "CHI-LIC-<License>";
- the inspection is a behaviour: an inspection record (检查形式 01 日常检查, a canvass being a
  routine visit) whose 检查结果 uses the standard's `inspection_result` codes:
  a critical or serious violation → 3 违反食品药品相关规定; a failed inspection → A
  发现问题待后续处理 (re-inspection follows); otherwise violations or a pass with conditions
  → E 发现问题经责令已改正 (put right on the spot); nothing of that → 1 未发现问题. Minor
  violations alone do not change the result, as they do not fail a Chicago inspection.
The target is `criticalFound` (a critical violation found). Features: the file's history,
licence, facility and surroundings columns, the inspector cluster unless told not to, and the
platform's history features computed from the mapped training inspections
(`jianguan.apps.risk.features.inspection_history`).

Left out on purpose: the weather of the 3 days before the actual inspection. It belongs to the
actual date, which a scheduler re-ordering the visits does not hold; on the training part's own
held-out stretch it moved AUC by 0.002 (noise).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from numpy.typing import NDArray

from jianguan.apps.risk import service
from jianguan.apps.risk.backtest import evaluate
from jianguan.apps.risk.features import HISTORY_FEATURES, FeatureFrame, inspection_history
from jianguan.apps.risk.schemas import Backtest, Feature
from jianguan.core.errors import ValidationFailed

TARGET = "一次日常检查发现严重违规（critical violation）的概率"
ID_COLUMNS = {
    "Inspection_ID": "检查编号",
    "License": "许可证号，即监管对象",
    "Inspection_Date": "检查日期",
}
OUTCOME_COLUMNS = {
    "criticalCount": "严重违规项数",
    "seriousCount": "较重违规项数",
    "minorCount": "轻微违规项数",
    "pass_flag": "通过",
    "fail_flag": "未通过",
    "criticalFound": "发现严重违规",
}
NUMERIC_FEATURES = {
    "pastFail": "上次检查未通过",
    "pastCritical": "上次检查严重违规项数",
    "pastSerious": "上次检查较重违规项数",
    "pastMinor": "上次检查轻微违规项数",
    "timeSinceLast": "距上次检查（年）",
    "firstRecord": "首次检查",
    "ageAtInspection": "许可证持有年限（年）",
    "consumption_on_premises_incidental_activity": "附带堂食许可",
    "tobacco_retail_over_counter": "烟草柜台零售许可",
    "package_goods": "包装商品零售许可",
    "limited_business_license": "有限经营许可",
    "outdoor_patio": "户外露台许可",
    "public_place_of_amusement": "公共娱乐场所许可",
    "childrens_services_facility_license": "儿童服务机构许可",
    "tavern": "酒馆许可",
    "regulated_business_license": "特殊管理行业许可",
    "filling_station": "加油站许可",
    "caterers_liquor_license": "餐饮承办酒类许可",
    "mobile_food_license": "流动食品经营许可",
    "heat_burglary": "周边入室盗窃密度",
    "heat_garbage": "周边垃圾车报修密度",
    "heat_sanitation": "周边卫生投诉密度",
}
FACILITY = "Facility_Type"
INSPECTOR = "Inspector_Assigned"
CATEGORY_LABELS = {FACILITY: "场所类型", INSPECTOR: "检查组"}
VALIDATION_DAYS = 183  # the last six months
PERIOD_DAYS = 61  # schedules as long as Chicago's evaluation period (2014-09-02 .. 10-31)

_TYPES: dict[str, pa.DataType] = (
    {"Inspection_ID": pa.string(), "License": pa.string(), "Inspection_Date": pa.date32()}
    | dict.fromkeys([*OUTCOME_COLUMNS, *NUMERIC_FEATURES], pa.float64())
    | dict.fromkeys(CATEGORY_LABELS, pa.string())
)


def model_name(inspector: bool) -> str:
    return "chicago" if inspector else "chicago-no-inspector"


def required_columns(*, outcomes: bool, inspector: bool) -> dict[str, str]:
    """Column → Chinese label of what a file must hold."""
    columns = ID_COLUMNS | NUMERIC_FEATURES | {FACILITY: CATEGORY_LABELS[FACILITY]}
    if inspector:
        columns |= {INSPECTOR: CATEGORY_LABELS[INSPECTOR]}
    return columns | (OUTCOME_COLUMNS if outcomes else {})


def read_inspections(path: Path, *, outcomes: bool, inspector: bool) -> pa.Table:
    """A CSV (optionally .gz) of inspections, typed; any problem is a Chinese error naming it."""
    if not path.is_file():
        raise ValidationFailed(f"找不到文件：{path}")
    try:
        table = pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(column_types=_TYPES, strings_can_be_null=True),
        )
    except (OSError, pa.ArrowException, UnicodeDecodeError) as exc:
        raise ValidationFailed(_unreadable(path, str(exc).splitlines()[0][:300])) from None
    needed = required_columns(outcomes=outcomes, inspector=inspector)
    missing = [
        f"{name}（{label}）" for name, label in needed.items() if name not in table.column_names
    ]
    if missing:
        raise ValidationFailed(f"{path.name} 缺少列：{'、'.join(missing)}", code="missing_columns")
    for name in [*ID_COLUMNS, *(["criticalFound"] if outcomes else [])]:
        if nulls := table.column(name).null_count:
            raise ValidationFailed(f"{path.name} 的 {name}（{needed[name]}）列有 {nulls} 行为空")
    if table.num_rows == 0:
        raise ValidationFailed(f"{path.name} 没有数据行")
    return table


def _unreadable(path: Path, reason: str) -> str:
    """Arrow names a bad value's column by number: name it, with what the value should be."""
    found = re.search(
        r"column #(\d+): CSV conversion error to (\w+).*?invalid value '(.*)'", reason
    )
    if found:
        name = pacsv.open_csv(path).schema.names[int(found[1])]
        expected = "YYYY-MM-DD 格式的日期" if found[2].startswith("date") else "数字"
        return f"{path.name} 的 {name} 列有无法识别的值“{found[3]}”（应为{expected}）"
    return f"无法读取 {path.name}（应为 UTF-8 编码的 CSV 或 CSV.gz）：{reason}"


def _numbers(table: pa.Table, name: str) -> NDArray[np.float64]:
    column = table.column(name).to_numpy(zero_copy_only=False)
    return np.nan_to_num(np.asarray(column, dtype=np.float64))


def _result_codes(found: bool, passed: bool, failed: bool) -> str:
    codes = ["3"] if found else []
    if failed:
        codes.append("A")
    elif found or not passed:
        codes.append("E")
    return ",".join(codes) or "1"


def behaviours(table: pa.Table) -> pa.Table:
    """The inspections as the behaviour library keeps them (see the module doc for the codes)."""
    found = (_numbers(table, "criticalCount") > 0) | (_numbers(table, "seriousCount") > 0)
    passed, failed = _numbers(table, "pass_flag") > 0, _numbers(table, "fail_flag") > 0
    codes = [_result_codes(*row) for row in zip(found, passed, failed, strict=True)]
    return pa.table(
        {
            "subject_id": subject_ids(table),
            "record_no": table.column("Inspection_ID"),
            "inspected_at": table.column("Inspection_Date"),
            "form": pa.array(["01"] * table.num_rows),
            "result_codes": pa.array(codes),
        }
    )


def subject_ids(table: pa.Table) -> pa.Array:
    return pc.binary_join_element_wise("CHI-LIC-", table.column("License").combine_chunks(), "")


def dates(table: pa.Table) -> NDArray[np.datetime64]:
    return np.asarray(table.column("Inspection_Date").to_numpy(), dtype="datetime64[D]")


def labels(table: pa.Table) -> NDArray[np.bool_]:
    return _numbers(table, "criticalFound") > 0


def feature_spec(train: pa.Table, *, inspector: bool) -> tuple[Feature, ...]:
    """The model's features; categories are those seen in training, in sorted order."""
    categorical = [FACILITY, INSPECTOR] if inspector else [FACILITY]
    return (
        *(Feature(name=name, label=label) for name, label in NUMERIC_FEATURES.items()),
        *(
            Feature(
                name=name,
                label=CATEGORY_LABELS[name],
                categories=tuple(sorted(set(train.column(name).drop_null().to_pylist()))),
            )
            for name in categorical
        ),
        *HISTORY_FEATURES,
    )


def feature_frame(table: pa.Table, features: tuple[Feature, ...], known: pa.Table) -> FeatureFrame:
    """`table`'s rows as the model reads them; history comes from the `known` behaviours only."""
    from_file = {f.name for f in features} - {f.name for f in HISTORY_FEATURES}
    columns = {name: table.column(name).to_numpy(zero_copy_only=False) for name in from_file}
    subjects = subject_ids(table).to_numpy(zero_copy_only=False)
    columns |= inspection_history(known, subjects, dates(table))
    return FeatureFrame.build(features, columns)


def train(table: pa.Table, *, inspector: bool) -> service.Trained:
    """Train on inspections with outcomes (`read_inspections(..., outcomes=True)`)."""
    frame = feature_frame(table, feature_spec(table, inspector=inspector), behaviours(table))
    return service.train(model_name(inspector), frame, labels(table), dates(table), target=TARGET)


def scoring_frame(trained: service.Trained, train_table: pa.Table, table: pa.Table) -> FeatureFrame:
    """`table`'s rows as `trained` reads them, with history from the training inspections."""
    return feature_frame(table, trained.model.features, behaviours(train_table))


def predict(
    trained: service.Trained, train_table: pa.Table, table: pa.Table
) -> NDArray[np.float64]:
    return trained.model.predict(scoring_frame(trained, train_table, table))


def validation_start(table: pa.Table, days: int = VALIDATION_DAYS) -> date:
    last: date = pc.max(table.column("Inspection_Date")).as_py()
    return last - timedelta(days=days - 1)


def split(table: pa.Table, start: date) -> tuple[pa.Table, pa.Table]:
    """Inspections before `start` (training) and from `start` on (validation)."""
    later = pc.greater_equal(table.column("Inspection_Date"), pa.scalar(start, pa.date32()))
    return table.filter(pc.invert(later)), table.filter(later)


def backtest(
    table: pa.Table, *, inspector: bool, start: date, period_days: int | None = PERIOD_DAYS
) -> tuple[service.Trained, NDArray[np.float64], Backtest]:
    """Train on the inspections before `start`, score those from `start` blind, and measure."""
    before, after = split(table, start)
    trained = train(before, inspector=inspector)
    blind = after.drop_columns(list(OUTCOME_COLUMNS))
    scores = predict(trained, before, blind)
    return trained, scores, evaluate(scores, labels(after), dates(after), period_days=period_days)
