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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import opencc
from stdnum.cn import ric

from jianguan.audit import service as audit
from jianguan.core.db import make_engine, unit_of_work
from jianguan.core.migrate import upgrade
from jianguan.core.scope import Actor
from jianguan.standard import is_valid_uscc, validate_record
from jianguan.standard.codes.regions import Region, current_regions, get_region
from jianguan.standard.coerce import EXCEL_EPOCH
from jianguan.synth.province.identity import person_name
from jianguan.synth.province.render import full_width
from jianguan.synth.province.vocab import COMPANY_FORMS, INDUSTRIES, TRADE_FIRST, TRADE_SECOND
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


# A department's inspection export as it really arrives: a few hundred agencies and items, a
# large population of inspected parties, dates in every form departments write, codes as code
# or label, identifiers in any case, now and then traditional characters or stray spaces.
DATE_FORMS = ("iso", "iso", "iso", "day", "slash", "slash_time", "chinese", "compact", "serial")
RESULTS = ("1", "1", "1", "1", "1", "1", "未发现问题", "A", "1、B", "E", "2,A", "D")
FORMS = ("01", "01", "01", "02", "日常检查", "专项检查")
CHECKS = ("日常检查", "专项检查", "双随机抽查", "跟踪检查")
SUBJECT_WORDS = (
    "食品经营",
    "餐饮服务",
    "药品零售",
    "特种设备",
    "产品质量",
    "广告",
    "价格",
    "网络交易",
)
FIRST_DAY, DAYS = date(2024, 1, 1), 1035  # to 2026-10-31, before the platform's clock
_TRADITIONAL = opencc.OpenCC("s2t")


@dataclass(frozen=True)
class Party:
    """An inspected party as its department's system prints it."""

    name: str
    kind: str
    nature: str
    certificate: str
    identifier: str
    region: str


@dataclass(frozen=True)
class Agency:
    name: str
    code: str
    items: tuple[str, ...]
    staff: tuple[tuple[str, str], ...]  # (name, law-enforcement certificate number)


def counties() -> list[Region]:
    """Jiangsu's county-level regions in force, without the ambiguous 市辖区."""
    return [r for r in current_regions("32") if r.level == "county" and r.name != "市辖区"]


def in_force_since(region: Region) -> int:
    """The year the region's code came into force (1949 when it always was)."""
    return min(n.since or 1949 for n in region.names)


class InspectionFeed:
    """Draws inspection rows (Chinese headers, text cells) from realistic pools."""

    def __init__(self, rng: random.Random, parties: int = 200_000, agencies: int = 300) -> None:
        self.rng = rng
        self.counties = counties()
        items = ["".join(rng.choices("0123456789", k=14)) for _ in range(400)]
        self.agencies = [self._agency(items) for _ in range(agencies)]
        self.parties = [self._party() for _ in range(parties)]

    def _agency(self, items: list[str]) -> Agency:
        rng, county = self.rng, self.rng.choice(self.counties)
        staff = []
        for _ in range(rng.randint(8, 40)):
            staff.append((person_name(rng), f"{county.code[:4]}{rng.randrange(10**4, 10**5)}"))
        return Agency(
            f"{county.name}{rng.choice(('市场监督管理局', '卫生健康委员会', '应急管理局', '生态环境局'))}",
            make_uscc(rng, county.code, "1", "1"),
            tuple(rng.sample(items, 20)),
            tuple(staff),
        )

    def _party(self) -> Party:
        rng, county = self.rng, self.rng.choice(self.counties)
        draw = rng.random()
        if draw < 0.08 and in_force_since(county) <= 1985:
            return self._person(county)
        trade = rng.choice(TRADE_FIRST) + rng.choice(TRADE_SECOND)
        industry = rng.choice(INDUSTRIES)
        if draw < 0.40 and industry.shop_words:
            name = f"{county.name}{trade}{rng.choice(industry.shop_words)}"
            kind, nature, code = (
                "个体工商户",
                rng.choice(("其他组织", "03")),
                make_uscc(rng, county.code, "9", "2"),
            )
        else:
            city = get_region(county.code[:4] + "00")
            form = rng.choices([f for f, _ in COMPANY_FORMS], [w for _, w in COMPANY_FORMS])[0]
            name = f"{city.name if city else ''}{trade}{rng.choice(industry.words)}{form}"
            kind = rng.choice(("企业", "企业", "企业", "enterprise"))
            nature = rng.choice(("法人", "法人", "02", "02 法人"))
            code = make_uscc(rng, county.code)
        if rng.random() < 0.01:
            name = _TRADITIONAL.convert(name)
        certificate = rng.choice(("001", "001", "001", "统一社会信用代码"))
        return Party(
            name, kind, nature, certificate, _written_code(rng, code), _region(rng, county)
        )

    def _person(self, county: Region) -> Party:
        rng = self.rng
        # The birthplace code must have been in force in the birth year; adults only.
        first = in_force_since(county)
        born = date(first, 1, 1) + timedelta(days=rng.randrange(365 * (2004 - first)))
        body = f"{county.code}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        return Party(
            person_name(rng),
            "自然人",
            rng.choice(("公民", "01")),
            rng.choice(("111", "居民身份证")),
            number.lower() if rng.random() < 0.3 else number,
            _region(rng, county),
        )

    def row(self, number: int) -> dict[str, str]:
        rng = self.rng
        agency, party = rng.choice(self.agencies), rng.choice(self.parties)
        item = rng.choice(agency.items)
        staff = rng.sample(agency.staff, 3 if rng.random() < 0.15 else 2)
        separator = rng.choice(("、", "、", "，", ","))
        inspected = datetime.combine(
            FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
            clock_time(rng.randint(8, 17), rng.randrange(60)),
        )
        reported = inspected + timedelta(seconds=rng.randrange(3600, 10 * 86400))
        return {
            "监管事项目录编码": item,
            "检查实施清单编码": agency.code + str(int(item) % 5 + 1),
            "检查行为编号": f"{agency.code[2:8]}JC{number:010d}",
            "检查行为名称": rng.choice(SUBJECT_WORDS) + rng.choice(CHECKS),
            "实施机构": agency.name,
            "实施机构编码": agency.code,
            "监管对象类型": party.kind,
            "行政相对人名称": _spaced(rng, party.name),
            "行政相对人性质": party.nature,
            "证件类型": party.certificate,
            "行政相对人编码": party.identifier,
            "行政区划代码": party.region,
            "检查形式": rng.choice(FORMS),
            "检查结果": rng.choice(RESULTS),
            "检查时间": _written_date(rng, inspected),
            "检查人员": separator.join(name for name, _ in staff),
            "执法证号": separator.join(cert for _, cert in staff),
            "报送时间": reported.strftime("%Y-%m-%d %H:%M:%S"),
            "报送人员": rng.choice(agency.staff)[0],
        }


def _written_code(rng: random.Random, code: str) -> str:
    draw = rng.random()
    if draw < 0.3:
        return code.lower()
    if draw < 0.32:
        return full_width(code)
    return code


def _region(rng: random.Random, county: Region) -> str:
    """The code, or "code name" as drop-downs write it (a name alone is often ambiguous)."""
    return f"{county.code} {county.name}" if rng.random() < 0.1 else county.code


def _spaced(rng: random.Random, text: str) -> str:
    """Now and then the stray spaces and invisible marks copied from other systems."""
    draw = rng.random()
    if draw < 0.01:
        return f" {text}\u3000"
    if draw < 0.012:
        return f"\u200b{text}"
    return text


def _written_date(rng: random.Random, moment: datetime) -> str:
    form = rng.choice(DATE_FORMS)
    if form == "iso":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if form == "day":
        return moment.strftime("%Y-%m-%d")
    if form == "compact":
        return moment.strftime("%Y%m%d")
    if form == "serial":
        return str((moment.date() - EXCEL_EPOCH).days)
    day = f"{moment.year}/{moment.month}/{moment.day}"
    if form == "slash":
        return day
    if form == "slash_time":
        return f"{day} {moment.hour}:{moment.minute:02d}"
    return f"{moment.year}年{moment.month}月{moment.day}日"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--out", type=Path, default=Path("bench/results/foundation.json"))
    args = parser.parse_args()
    rng = random.Random(1)
    feed = InspectionFeed(rng, parties=args.records)
    rows = [feed.row(number) for number in range(args.records)]
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
