"""`generate`: the whole synthetic province, department by department, year by year.

Every random stream is seeded from the run's seed and a fixed label, and everything is
generated in a fixed order, so the same seed and config give byte-identical files.
"""

from __future__ import annotations

import random
import shutil
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from jianguan.core.errors import ValidationFailed
from jianguan.synth.province.catalog import Department, build_department
from jianguan.synth.province.config import ProvinceConfig
from jianguan.synth.province.departments import DEPARTMENT_SPECS
from jianguan.synth.province.events import Behaviour
from jianguan.synth.province.feeds import BatchNumbers, Feed, FileEntry, batch_ends
from jianguan.synth.province.manifest import Manifest, truth_file
from jianguan.synth.province.population import Population, Subject
from jianguan.synth.province.records import Record
from jianguan.synth.province.regions import ProvinceMap
from jianguan.synth.province.truth import Truth, write_subjects

Progress = Callable[[str, int, int], None]
_OUTPUTS = ("feeds", "truth", "manifest.json")


def generate(config: ProvinceConfig, out_dir: Path, progress: Progress | None = None) -> Manifest:
    """Write the province's feeds, ground truth and manifest under `out_dir`."""
    report = progress or (lambda step, done, total: None)
    total = 2 + len(DEPARTMENT_SPECS) * config.years
    _prepare(out_dir)
    report("生成监管对象", 0, total)
    province = ProvinceMap(config.province)
    population = Population(
        random.Random(f"{config.seed}:population"), province, config.as_of, config.first_year
    )
    subjects = population.build(config.subjects)
    departments = _departments(population, province, subjects, config)
    report("生成部门数据", 1, total)
    truth = Truth.open(out_dir / "truth")
    numbers, files, done = BatchNumbers(), [], 1
    for department in departments:
        behaviour = Behaviour(department, subjects, config.as_of, config.first_year)
        for year, entries in _department_years(
            department, behaviour, config, out_dir, numbers, truth
        ):
            files.extend(entries)
            done += 1
            report(f"{department.spec.name} {year}年", done, total)
    truth.close()
    write_subjects(out_dir / "truth" / "subjects.parquet", subjects)
    manifest = Manifest(
        seed=config.seed,
        config=config.to_json(),
        files=files,
        truth=[
            truth_file(out_dir, "truth/subjects.parquet", len(subjects)),
            truth_file(out_dir, "truth/mentions.parquet", truth.mentions.count),
            truth_file(out_dir, "truth/invalid.parquet", truth.invalid.count),
        ],
        subjects_by_kind=dict(sorted(Counter(s.kind for s in subjects).items())),
    )
    (out_dir / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    report("完成", total, total)
    return manifest


def _prepare(out_dir: Path) -> None:
    """An empty or earlier-generated directory: a rerun replaces its own outputs only."""
    if out_dir.exists():
        others = sorted(p.name for p in out_dir.iterdir() if p.name not in _OUTPUTS)
        if others and not (out_dir / "manifest.json").exists():
            raise ValidationFailed(
                f"输出目录 {out_dir} 非空且不是合成数据目录（含 {others[0]} 等）"
            )
        for name in _OUTPUTS:
            target = out_dir / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)


def _departments(
    population: Population, province: ProvinceMap, subjects: list[Subject], config: ProvinceConfig
) -> list[Department]:
    per_city = Counter(s.county.city_code for s in subjects if s.kind != "device")
    start = date(config.first_year, 1, 1)
    return [
        build_department(spec, province, population.ids, population.rng, per_city, start)
        for spec in DEPARTMENT_SPECS
    ]


def _department_years(
    department: Department,
    behaviour: Behaviour,
    config: ProvinceConfig,
    out_dir: Path,
    numbers: BatchNumbers,
    truth: Truth,
) -> list[tuple[int, list[FileEntry]]]:
    code = department.spec.code
    profile = config.dirt_for(code)
    feeds = {rt: Feed(out_dir, code, rt, profile, numbers, truth) for rt in department.spec.feeds}
    carry: list[Record] = []
    written = []
    for year in range(config.first_year, config.as_of.year + 1):
        records = carry + behaviour.year(year, random.Random(f"{config.seed}:{code}:{year}"))
        if year == config.first_year:
            records += behaviour.catalog(date(year, 1, 1))
        carry = [r for r in records if r.when.year > year]
        by_type: dict[str, list[Record]] = {}
        for record in records:
            if record.when.year == year:
                by_type.setdefault(record.record_type, []).append(record)
        ends = batch_ends(year, config.as_of, config.batches_per_year)
        entries = []
        for record_type, feed in feeds.items():
            rng = random.Random(f"{config.seed}:{code}:{record_type}:{year}:dirt")
            entries += feed.write_year(by_type.get(record_type, []), ends, rng, year)
        written.append((year, entries))
    return written
