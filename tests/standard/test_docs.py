from __future__ import annotations

from pathlib import Path

from jianguan.standard import RECORD_TYPES, code_tables, render_markdown
from jianguan.standard.codes.regions import all_regions

DOCS = Path(__file__).resolve().parents[2] / "docs" / "standard.md"


def test_docs_fresh() -> None:
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert current == render_markdown(), "docs/standard.md 已过期，请运行 jianguan standard docs"


def test_docs_cover_everything_deterministically() -> None:
    text = render_markdown()
    assert text == render_markdown()
    for rt in RECORD_TYPES.values():
        assert f"### {rt.label}（`{rt.name}`）" in text
        for f in rt.fields:
            assert f"| `{f.name}` | {f.label} |" in text
    for table in code_tables():
        assert f"（`{table.name}`）" in text
    assert "| 字段名 | 中文名 | 类型 | 必填 | 代码表 | 校验规则 |" in text
    assert "- 报送时间应晚于检查时间（`later_than`）" in text


def test_regions_are_summarised() -> None:
    text = render_markdown()
    assert f"共 {len(all_regions())} 个代码" in text
    assert "| `320000` | 江苏省 |" in text
    assert "玄武区" not in text
    assert len(text.splitlines()) < 2000
