"""Foundation throughput: standard validation, identifier checks, audit appends.

Writes JSON to bench/results/foundation.json (or the path given). Never a test assertion.
Run: .venv/bin/python bench/foundation.py [--records 20000]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jianguan.audit import service as audit
from jianguan.core.db import make_engine, unit_of_work
from jianguan.core.migrate import upgrade
from jianguan.core.scope import Actor
from jianguan.standard import is_valid_uscc, validate_record
from jianguan.synth.subjects import make_uscc


def timed(label: str, count: int, action: Callable[[], Any]) -> dict[str, Any]:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    return {
        "what": label,
        "count": count,
        "seconds": round(seconds, 3),
        "per_second": round(count / seconds),
    }


def inspection_row(rng: random.Random) -> dict[str, str]:
    uscc = make_uscc(rng, "320102")
    day = rng.randint(1, 28)
    return {
        "监管事项目录编码": "".join(rng.choice("0123456789") for _ in range(14)),
        "检查实施清单编码": make_uscc(rng, "320100", "1", "1") + "1",
        "检查行为编号": f"JC{rng.randint(1, 10**9):09d}",
        "检查行为名称": "食品经营日常检查",
        "实施机构": "南京市市场监督管理局",
        "实施机构编码": make_uscc(rng, "320100", "1", "1"),
        "监管对象类型": "企业",
        "行政相对人名称": "南京某某餐饮管理有限公司",
        "行政相对人性质": "法人",
        "证件类型": "001",
        "行政相对人编码": uscc.lower() if rng.random() < 0.3 else uscc,
        "行政区划代码": "320102",
        "检查形式": "01",
        "检查结果": "1",
        "检查时间": f"2026/3/{day}",
        "检查人员": "王伟、李娜",
        "执法证号": "32010001、32010002",
        "报送时间": f"2026-03-{day:02d} 18:00:00",
        "报送人员": "赵敏",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--out", type=Path, default=Path("bench/results/foundation.json"))
    args = parser.parse_args()
    rng = random.Random(1)
    rows = [inspection_row(rng) for _ in range(args.records)]
    codes = [make_uscc(rng, "320102") for _ in range(args.records)]
    outcomes: list[bool] = []
    results = [
        timed(
            "validate_record(inspection), Chinese headers, mixed date formats",
            len(rows),
            lambda: outcomes.extend(validate_record("inspection", r).ok for r in rows),
        ),
        timed("is_valid_uscc", len(codes), lambda: [is_valid_uscc(c) for c in codes]),
    ]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        actor = Actor.system("bench")

        def append_events() -> None:
            with unit_of_work(engine) as session:
                for index in range(5000):
                    audit.record(
                        session, actor, "bench.write", "thing", str(index), after={"i": index}
                    )

        results.append(timed("audit.record (SQLite, one transaction)", 5000, append_events))

        def verify_chain() -> None:
            with unit_of_work(engine) as session:
                audit.verify(session)

        results.append(timed("audit.verify (SQLite)", 5000, verify_chain))
        engine.dispose()
    report = {
        "benchmark": "foundation",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
        "valid_share_of_generated_inspections": round(sum(outcomes) / len(outcomes), 4),
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
