"""Public portal queries on a registry of N subjects and M penalties: Chinese name search and the
双公示 penalty list (page plus total), on SQLite or PostgreSQL.

Prints one JSON object (and writes it to bench/results/portal-<engine>.json). Never a test.
Run: .venv/bin/python bench/portal.py [--subjects 200000] [--penalties 100000] [--engine sqlite]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, insert

from jianguan.apps.disclosure import search, service
from jianguan.core import clock
from jianguan.core.db import make_engine, unit_of_work
from jianguan.core.ids import new_id
from jianguan.core.migrate import upgrade
from jianguan.libraries.behaviors.models import Penalty
from jianguan.libraries.org.service import load_regions
from jianguan.libraries.subjects.models import Subject
from jianguan.synth.organisation import ensure_departments
from jianguan.synth.province.vocab import COMPANY_FORMS, INDUSTRIES, TRADE_FIRST, TRADE_SECOND
from jianguan.synth.subjects import make_uscc

CITIES = ("南京", "苏州", "无锡", "常州", "徐州", "扬州")
REGIONS = ("320102", "320505", "320205", "320402", "320302", "321002")
QUERIES = ("南京 餐饮", "鑫源 小吃", "苏州华信有限公司", "金瑞 快餐店", "不存在的名称")
KINDS = ("01", "02", "01,02", "08", "05", "02,03")
PG_SERVER = "host=127.0.0.1 port=5432 user=postgres dbname=test"


def _name(rng: random.Random) -> str:
    industry = rng.choice(INDUSTRIES)
    form = rng.choice(COMPANY_FORMS)[0]
    trade = rng.choice(TRADE_FIRST) + rng.choice(TRADE_SECOND)
    return f"{rng.choice(CITIES)}{trade}{rng.choice(industry.words)}{form}"


def seed(engine: Engine, subjects: int, penalties: int) -> set[str]:
    rng = random.Random(7)
    now, today = clock.now(), clock.today()
    with unit_of_work(engine) as session:
        load_regions(session, "32")
        department = ensure_departments(session)["scjg"].id
    ids: list[str] = []
    codes: set[str] = set()
    for start in range(0, subjects, 20_000):
        rows = []
        for _ in range(start, min(subjects, start + 20_000)):
            region = rng.choice(REGIONS)
            code = make_uscc(rng, region)
            while code in codes:
                code = make_uscc(rng, region)
            codes.add(code)
            ids.append(new_id())
            rows.append(
                {
                    "id": ids[-1],
                    "kind": "enterprise",
                    "name": _name(rng),
                    "region_code": region,
                    "uscc": code,
                    "status": "active",
                    "field_sources": {},
                    "attributes": {},
                    "created_at": now,
                    "updated_at": now,
                }
            )
        with engine.begin() as conn:
            conn.execute(insert(Subject), rows)
    for start in range(0, penalties, 20_000):
        batch = []
        for n in range(start, min(penalties, start + 20_000)):
            batch.append(
                {
                    "id": new_id(),
                    "record_no": f"CF{n:08d}",
                    "decision_no": f"罚〔2026〕{n}号",
                    "counterpart_name": "某公司",
                    "counterpart_cert_type": "001",
                    "subject_id": rng.choice(ids),
                    "region_code": rng.choice(REGIONS),
                    "department_id": department,
                    "kinds": rng.choice(KINDS),
                    "fine_amount": Decimal(rng.choice(("0.1", "0.5", "3"))),
                    "decided_on": today - timedelta(days=rng.randrange(0, 5 * 365)),
                    "attributes": {},
                    "created_at": now,
                    "updated_at": now,
                }
            )
        with engine.begin() as conn:
            conn.execute(insert(Penalty), batch)
    return codes


def timed_ms(action: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1), result


def measure(engine: Engine, codes: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"search_ms": {}, "search_totals": {}}
    with unit_of_work(engine) as session:
        for query in QUERIES:
            ms, page = timed_ms(lambda q=query: search.search_subjects(session, q))
            out["search_ms"][query], out["search_totals"][query] = ms, page.total
        code = min(codes)
        out["uscc_search_ms"], _ = timed_ms(lambda: search.search_subjects(session, code))
        ms, page = timed_ms(lambda: service.published_penalties(session))
        out["penalties_page_ms"], out["penalties_published"] = ms, page.total
        ms, page = timed_ms(
            lambda: service.published_penalties(session, service.OpenFilter(region_code="320100"))
        )
        out["penalties_region_page_ms"], out["penalties_region_total"] = ms, page.total
    return out


def _engine(kind: str, workdir: Path) -> tuple[Engine, Callable[[], None]]:
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'portal.db'}"
        upgrade(url)
        return make_engine(url), lambda: None
    name = f"jg_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    upgrade(url)

    def drop() -> None:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return make_engine(url), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=200_000)
    parser.add_argument("--penalties", type=int, default=100_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine, drop = _engine(args.engine, Path(tmp))
        try:
            start = time.perf_counter()
            codes = seed(engine, args.subjects, args.penalties)
            result = {
                "engine": args.engine,
                "subjects": args.subjects,
                "penalties": args.penalties,
                "seed_s": round(time.perf_counter() - start, 1),
                **measure(engine, codes),
            }
        finally:
            engine.dispose()
            drop()
    text = json.dumps(result, ensure_ascii=False)
    print(text)
    target = Path(__file__).parent / "results" / f"portal-{args.engine}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
