"""What the risk models read and write: features, factors, backtests and model cards (JSON)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Feature(BaseModel):
    """One model input: its column name, the Chinese label shown to users, its categories."""

    model_config = ConfigDict(frozen=True)

    name: str
    label: str
    categories: tuple[str, ...] = Field(
        default=(), description="类别型特征的取值（按编码顺序）；数值型为空"
    )

    @property
    def categorical(self) -> bool:
        return bool(self.categories)


class Factor(BaseModel):
    """Why one subject scores high: a feature, its value, its push on the log-odds of risk."""

    feature: str
    label: str
    value: str
    contribution: float = Field(description="对风险对数几率的贡献（正数抬高风险）")


class ScheduleGain(BaseModel):
    """The Chicago protocol on one schedule (see `jianguan.apps.risk.backtest.schedule_gain`)."""

    inspections: int
    criticals: int
    periods: int = Field(description="分段数：每段单独按分数重排")
    days_earlier: float = Field(description="发现严重违规的对象平均提前的天数")
    first_half_share: float = Field(description="按分数重排后，前半程发现的严重违规占比")
    bau_first_half_share: float = Field(description="实际排程（照常）前半程发现的严重违规占比")


class Backtest(BaseModel):
    """How well scores given before the fact ranked what inspections then found."""

    rows: int
    positives: int
    base_rate: float
    auc: float | None = Field(description="ROC 曲线下面积；只有一类结果时为空")
    k: int
    precision_at_k: float = Field(description="分数最高的 k 个对象中实际发现问题的比例")
    brier: float = Field(description="Brier 分数（概率校准的均方误差，越小越好）")
    mean_score: float = Field(description="平均预测概率，与 base_rate 比较看校准")
    schedule: ScheduleGain | None = None


class ModelCard(BaseModel):
    """A registered model's metadata: what it was trained on, with what, and how it backtested."""

    name: str
    version: str = Field(default="", description="登记时赋予（v1、v2……）")
    created_at: datetime
    target: str = Field(description="预测目标（中文）")
    data_from: date
    data_to: date
    rows: int
    positives: int
    holdout_from: date = Field(description="留出检验段（按时间最后一段）的起始日期")
    features: list[Feature]
    params: dict[str, Any]
    holdout: Backtest = Field(description="按时间留出段上的回测")
