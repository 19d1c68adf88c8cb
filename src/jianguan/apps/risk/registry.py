"""The model registry: files under `<data dir>/models/<name>/<version>/`.

A version folder holds `booster.txt` (LightGBM's own text format), `model.json` (the rest of
the model as numbers) and `card.json` (the `ModelCard`: data window, features, parameters,
holdout backtest). A version is written in a hidden folder and renamed into place, so a crash
never leaves half a version, and two registrations at once get different versions.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from jianguan.apps.risk.model import RiskModel
from jianguan.apps.risk.schemas import ModelCard
from jianguan.core.errors import NotFound, ValidationFailed
from jianguan.core.ids import new_id
from jianguan.core.settings import get_settings

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_VERSION = re.compile(r"^v([1-9][0-9]*)$")
BOOSTER, MODEL, CARD = "booster.txt", "model.json", "card.json"


def models_root(root: Path | None = None) -> Path:
    return root if root is not None else get_settings().data_dir / "models"


def _folder(name: str, root: Path | None) -> Path:
    if not _NAME.match(name):
        raise ValidationFailed(f"模型名称“{name}”无效：只能用小写字母、数字、- 和 _")
    return models_root(root) / name


def versions(name: str, root: Path | None = None) -> list[str]:
    """The versions registered under `name`, oldest first."""
    folder = _folder(name, root)
    found = [p.name for p in folder.iterdir() if _VERSION.match(p.name)] if folder.is_dir() else []
    return sorted(found, key=lambda v: int(v[1:]))


def names(root: Path | None = None) -> list[str]:
    folder = models_root(root)
    return (
        sorted(p.name for p in folder.iterdir() if _NAME.match(p.name)) if folder.is_dir() else []
    )


def save(model: RiskModel, card: ModelCard, root: Path | None = None) -> ModelCard:
    """Write `model` as the next version of `card.name`; returns the card with its version."""
    folder = _folder(card.name, root)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".staging-{new_id()}"
    staging.mkdir()
    try:
        (staging / BOOSTER).write_text(model.booster.model_to_string(), encoding="utf-8")
        (staging / MODEL).write_text(
            json.dumps(model.to_dict(), ensure_ascii=False), encoding="utf-8"
        )
        while True:
            existing = versions(card.name, root)
            version = f"v{int(existing[-1][1:]) + 1 if existing else 1}"
            stamped = card.model_copy(update={"version": version})
            (staging / CARD).write_text(stamped.model_dump_json(indent=2), encoding="utf-8")
            try:
                staging.rename(folder / version)
            except OSError:
                if not (folder / version).exists():
                    raise
                continue  # another registration took this version first
            return stamped
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def load(
    name: str, version: str | None = None, root: Path | None = None
) -> tuple[RiskModel, ModelCard]:
    """A registered model and its card: `version`, or the latest."""
    known = versions(name, root)
    if not known:
        raise NotFound(f"模型“{name}”尚未登记")
    chosen = version or known[-1]
    if chosen not in known:
        raise NotFound(f"模型“{name}”没有版本 {chosen}，已有：{'、'.join(known)}")
    folder = _folder(name, root) / chosen
    card = ModelCard.model_validate_json((folder / CARD).read_text(encoding="utf-8"))
    data = json.loads((folder / MODEL).read_text(encoding="utf-8"))
    return RiskModel.from_dict(data, (folder / BOOSTER).read_text(encoding="utf-8")), card


def card(name: str, version: str, root: Path | None = None) -> ModelCard:
    path = _folder(name, root) / version / CARD
    return ModelCard.model_validate_json(path.read_text(encoding="utf-8"))
