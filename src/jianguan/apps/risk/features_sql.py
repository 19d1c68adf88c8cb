"""Province risk features: declared once, computed as one SQL query on DuckDB or on Spark.

Every feature is a row of `FEATURES`: its column name, Chinese label and description (the
table in docs/risk.md is generated from them, and a test keeps the two equal) and the SQL that
computes it. The query is written in DuckDB's dialect and transpiled by SQLGlot for Spark, as
the standardisation SQL is, so both engines run the same logic.

The query reads these tables (`province.py` builds them from the published libraries):

| table | columns |
|---|---|
| `points` | subject_id, as_of — the (subject, day) pairs to describe |
| `subjects` | subject_id, kind, region_code, industry_code, established_on |
| `inspections` | subject_id, event_on, known_on, result_codes ("3,A") |
| `penalties` | subject_id, event_on, known_on, fine, confiscated |
| `licences` | subject_id, event_on, known_on, kind, valid_to |
| `complaints`, `iot_alarms` | subject_id, event_on, known_on |
| `credit_events` | subject_id, event_on, known_on, action (01 列入, 02 移出) |

**Point in time**: a record counts for day D only when it happened before D (`event_on < D`)
and had reached the platform before D (`known_on < D`: its report or receipt date), so a
feature never sees what was not yet known on the day it describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sqlglot

Dialect = Literal["duckdb", "spark"]

# Result codes of the code table inspection_result, by what they say about the subject.
SERIOUS_CODES = ("2", "3", "4", "5", "8", "C", "G")  # 违反相关规定、不配合、弄虚作假
FOLLOW_UP_CODES = ("A",)  # 发现问题待后续处理
MINOR_CODES = ("B", "D", "E")  # 未按规定公示、违反其他规定、已责令改正
UNREACHABLE_CODES = ("6", "7", "9", "10", "11", "12")  # 无法联系、停业、注销、吊销、撤销、迁出
VIOLATION_CODES = SERIOUS_CODES + FOLLOW_UP_CODES + MINOR_CODES
LISTED, REMOVED = "01", "02"  # code table list_action


def _has_any(codes: tuple[str, ...]) -> str:
    """Whether the comma-separated `result_codes` hold any of `codes` (portable: LIKE only)."""
    tests = " OR ".join(f"',' || e.result_codes || ',' LIKE '%,{code},%'" for code in codes)
    return f"({tests})"


def _days(start: str, end: str = "p.as_of") -> str:
    return f"date_diff('day', {start}, {end})"


def _within(days: int) -> str:
    return f"{_days('e.event_on')} <= {days}"


@dataclass(frozen=True)
class FeatureSpec:
    """One feature: `sql` aggregates the rows of `block`'s table before the point's day.

    `sql` reads `p` (the point) and `e` (a record of the block's table, already restricted to
    those known before the day); `missing` is the value when a subject has no such record
    (None: unknown, left NULL for the model to treat as missing).
    """

    name: str
    label: str
    description: str
    block: str
    sql: str
    missing: float | None = 0.0


def _count(condition: str = "TRUE") -> str:
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


_SERIOUS, _FOLLOW_UP = _has_any(SERIOUS_CODES), _has_any(FOLLOW_UP_CODES)
_MINOR, _UNREACHABLE = _has_any(MINOR_CODES), _has_any(UNREACHABLE_CODES)
_VIOLATION = _has_any(VIOLATION_CODES)
_LISTINGS = _count(f"e.action = '{LISTED}'")
_REMOVALS = _count(f"e.action = '{REMOVED}'")
_LISTED_NOW = f"greatest({_LISTINGS} - {_REMOVALS}, 0)"

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec("inspections", "既往检查次数", "此前平台收到的全部检查记录数", "inspections", _count()),
    FeatureSpec("inspections_365d", "近一年检查次数", "此前 365 天内的检查次数", "inspections", _count(_within(365))),
    FeatureSpec("serious_findings", "既往违法违规检查次数", "检查结果含 2–5、8、C、G（违反相关规定、不配合检查、弄虚作假）的次数", "inspections", _count(_SERIOUS)),
    FeatureSpec("follow_up_findings", "既往问题待后续处理次数", "检查结果含 A（发现问题待后续处理）的次数", "inspections", _count(_FOLLOW_UP)),
    FeatureSpec("minor_findings", "既往轻微问题次数", "检查结果含 B、D、E（未按规定公示、违反其他规定、经责令已改正）的次数", "inspections", _count(_MINOR)),
    FeatureSpec("unreachable_findings", "既往无法联系或停业次数", "检查结果含 6、7、9–12（无法联系、停业清算、注销、吊销、撤销、迁出）的次数", "inspections", _count(_UNREACHABLE)),
    FeatureSpec("violation_share", "既往检查发现问题比例", "发现问题（违法违规、待后续处理或轻微问题）的检查占既往检查的比例；无检查时缺失", "inspections", f"avg(CASE WHEN {_VIOLATION} THEN 1 ELSE 0 END)", None),
    FeatureSpec("days_since_inspection", "距上次检查天数", "距最近一次检查的天数；从未检查时缺失", "inspections", f"min({_days('e.event_on')})", None),
    FeatureSpec("penalties", "既往行政处罚次数", "此前的行政处罚决定数", "penalties", _count()),
    FeatureSpec("penalties_365d", "近一年行政处罚次数", "此前 365 天内的行政处罚决定数", "penalties", _count(_within(365))),
    FeatureSpec("fines", "既往罚款金额（元）", "此前行政处罚的罚款金额合计", "penalties", "sum(coalesce(e.fine, 0.0))"),
    FeatureSpec("confiscations", "既往没收金额（元）", "此前行政处罚的没收金额合计", "penalties", "sum(coalesce(e.confiscated, 0.0))"),
    FeatureSpec("licences", "持有许可数", "此前取得、当天仍在有效期内（或长期有效）的许可数", "licences", _count("e.valid_to IS NULL OR e.valid_to >= p.as_of")),
    FeatureSpec("licences_expired", "已过期许可数", "有效期已在当天之前届满的许可数", "licences", _count("e.valid_to < p.as_of")),
    FeatureSpec("licence_kinds", "许可类别数", "此前取得的许可涉及的许可类别（普通、特许、认可、核准、登记、其他）数", "licences", "count(DISTINCT e.kind)"),
    FeatureSpec("licence_age_days", "首次取得许可至今天数", "距最早一次许可决定的天数；无许可时缺失", "licences", f"max({_days('e.event_on')})", None),
    FeatureSpec("complaints_30d", "近30天投诉举报数", "此前 30 天内收到的投诉举报数", "complaints", _count(_within(30))),
    FeatureSpec("complaints_90d", "近90天投诉举报数", "此前 90 天内收到的投诉举报数", "complaints", _count(_within(90))),
    FeatureSpec("complaints_365d", "近一年投诉举报数", "此前 365 天内收到的投诉举报数", "complaints", _count(_within(365))),
    FeatureSpec("credit_listings", "列入名录名单次数", "此前被列入经营异常名录、严重违法失信名单等的次数", "credit_events", _LISTINGS),
    FeatureSpec("credit_listed", "仍在名录名单中", "列入次数减移出次数（不小于 0）：大于 0 表示当天仍被列入", "credit_events", _LISTED_NOW),
    FeatureSpec("iot_alarms_30d", "近30天物联感知告警数", "此前 30 天内名下设备上报的告警数", "iot_alarms", _count(_within(30))),
    FeatureSpec("iot_alarms_90d", "近90天物联感知告警数", "此前 90 天内名下设备上报的告警数", "iot_alarms", _count(_within(90))),
    FeatureSpec("iot_alarms_365d", "近一年物联感知告警数", "此前 365 天内名下设备上报的告警数", "iot_alarms", _count(_within(365))),
    FeatureSpec("subject_age_days", "成立至今天数", "距成立日期的天数；成立日期不详时缺失", "subject", f"CAST({_days('s.established_on')} AS DOUBLE)", None),
    FeatureSpec("industry_violation_rate", "同行业检查发现问题比例", "同一行业大类（国民经济行业分类前两位）的对象此前检查中发现问题的比例（行业基础风险）", "industry", "b.rate", None),
    FeatureSpec("region_violation_rate", "同区县检查发现问题比例", "同一区县的对象此前检查中发现问题的比例（地区基础风险）", "region", "b.rate", None),
)  # fmt: skip

FEATURE_NAMES = tuple(f.name for f in FEATURES)
_EVENT_BLOCKS = (
    "inspections",
    "penalties",
    "licences",
    "complaints",
    "credit_events",
    "iot_alarms",
)
# The base rates: inspections before the day, grouped by the inspected subject's
# industry division or county.
_GROUPS = {"industry": "substr(s.industry_code, 1, 2)", "region": "s.region_code"}


def _event_cte(block: str) -> str:
    columns = ", ".join(f"{f.sql} AS {f.name}" for f in FEATURES if f.block == block)
    return (
        f"SELECT p.subject_id, p.as_of, {columns} FROM points p JOIN {block} e "
        "ON e.subject_id = p.subject_id AND e.event_on < p.as_of AND e.known_on < p.as_of "
        "GROUP BY p.subject_id, p.as_of"
    )


def _base_cte(group: str) -> str:
    key = _GROUPS[group]
    return (
        f"SELECT d.as_of, {key} AS grp, avg(CASE WHEN {_VIOLATION} THEN 1 ELSE 0 END) AS rate "
        "FROM (SELECT DISTINCT as_of FROM points) d JOIN inspections e "
        "ON e.event_on < d.as_of AND e.known_on < d.as_of "
        f"JOIN subjects s ON s.subject_id = e.subject_id GROUP BY d.as_of, {key}"
    )


def _column(feature: FeatureSpec) -> str:
    if feature.block == "subject":
        value = feature.sql.replace("p.as_of", "pt.as_of")
    elif feature.block in _GROUPS:
        value = f"{feature.block}_b.rate"
    else:
        value = f"{feature.block}_f.{feature.name}"
    if feature.missing is not None:
        value = f"coalesce({value}, {feature.missing})"
    return f"CAST({value} AS DOUBLE) AS {feature.name}"


def features_query(dialect: Dialect = "duckdb") -> str:
    """One row per point: subject_id, as_of and every feature of `FEATURES`, as DOUBLE."""
    ctes = [f"{block}_f AS ({_event_cte(block)})" for block in _EVENT_BLOCKS]
    ctes += [f"{group}_b AS ({_base_cte(group)})" for group in _GROUPS]
    joins = [
        f"LEFT JOIN {block}_f ON {block}_f.subject_id = pt.subject_id "
        f"AND {block}_f.as_of = pt.as_of"
        for block in _EVENT_BLOCKS
    ]
    joins += [
        f"LEFT JOIN {group}_b ON {group}_b.as_of = pt.as_of AND {group}_b.grp = " + _GROUPS[group]
        for group in _GROUPS
    ]
    columns = ", ".join(_column(f) for f in FEATURES)
    sql = (
        f"WITH {', '.join(ctes)} SELECT pt.subject_id, pt.as_of, {columns} FROM points pt "
        f"JOIN subjects s ON s.subject_id = pt.subject_id {' '.join(joins)}"
    )
    return _transpile(sql, dialect)


def labels_query(horizon_days: int, dialect: Dialect = "duckdb") -> str:
    """Per point: inspections in [as_of, as_of + horizon) and whether any found a problem.

    The label of a training row: the outcome the features (all before as_of) must predict.
    """
    sql = (
        "SELECT p.subject_id, p.as_of, count(*) AS inspected, "
        f"max(CASE WHEN {_VIOLATION} THEN 1 ELSE 0 END) AS violation "
        "FROM points p JOIN inspections e ON e.subject_id = p.subject_id "
        f"AND e.event_on >= p.as_of AND {_days('p.as_of', 'e.event_on')} < {horizon_days} "
        "GROUP BY p.subject_id, p.as_of"
    )
    return _transpile(sql, dialect)


def _transpile(sql: str, dialect: Dialect) -> str:
    return sqlglot.transpile(sql, read="duckdb", write=dialect)[0]


def features_markdown() -> str:
    """The feature table of docs/risk.md, generated from `FEATURES`."""
    rows = [f"| `{f.name}` | {f.label} | {f.description} |" for f in FEATURES]
    return "\n".join(["| 特征 | 中文名称 | 说明 |", "|---|---|---|", *rows])
