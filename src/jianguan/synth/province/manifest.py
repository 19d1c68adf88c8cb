"""manifest.json: the run's seed and config, every file with its hash, and the truth's model."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jianguan.synth.province.feeds import FileEntry
from jianguan.synth.province.population import BASE, KIND_RISK, NOISE, RISK_TERMS

RISK_MODEL = {
    "formula": "risk = 1 / (1 + exp(-(BASE + industry + age + size + kind + noise)))",
    "base": BASE,
    "terms": list(RISK_TERMS),
    "kind_offsets": KIND_RISK,
    "noise_sd": NOISE,
    "age": "成立不足1年 +0.6，1-3年 +0.3，3-10年 0，10年以上 -0.3",
    "size": "-0.25 × (log10(注册资本万元) - 2)，限定在 [-0.75, 0.5]",
    "effects": "双随机检查发现问题概率 0.02 + 0.9 × risk；投诉属实概率 1.5 × risk（核查结论与之一致）；处罚概率 0.35 + 0.4 × risk；"
    "投诉、经营异常名录、物联告警次数随 risk 增加；场所和设备继承所属主体的 risk",
}


@dataclass(frozen=True)
class TruthFile:
    path: str
    rows: int
    sha256: str


@dataclass
class Manifest:
    seed: int
    config: dict[str, Any]
    files: list[FileEntry]
    truth: list[TruthFile]
    subjects_by_kind: dict[str, int]
    risk_model: dict[str, Any] = field(default_factory=lambda: dict(RISK_MODEL))

    @property
    def rows_by_feed(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for entry in self.files:
            counts[f"{entry.department}/{entry.record_type}"] += entry.rows
        return dict(sorted(counts.items()))

    @property
    def total_rows(self) -> int:
        return sum(entry.rows for entry in self.files)

    def to_json(self) -> str:
        data = {
            "seed": self.seed,
            "config": self.config,
            "subjects_by_kind": self.subjects_by_kind,
            "files": [asdict(f) for f in self.files],
            "truth": [asdict(t) for t in self.truth],
            "ground_truth": {
                "subjects": "truth/subjects.parquet：每个监管对象的真实信息和隐藏风险 risk 及其分项",
                "mentions": "truth/mentions.parquet：每条带主体引用的记录行（path, row）对应的真实 subject_id 和所加的脏数据",
                "invalid": "truth/invalid.parquet：故意制造的无效行及校验时应出现的规则 rule",
                "risk_model": self.risk_model,
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def truth_file(root: Path, relative: str, rows: int) -> TruthFile:
    digest = hashlib.sha256((root / relative).read_bytes()).hexdigest()
    return TruthFile(relative, rows, digest)
