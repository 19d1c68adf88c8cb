"""Settings read from the environment (prefix ``JIANGUAN_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JIANGUAN_", env_file=".env", extra="ignore")

    data_dir: Path = Path("var")
    database_url: str = ""
    # Hex master key for SM4 field encryption and blind indexes; generated under data_dir if empty.
    secret_key: str = ""
    # Secure cookies are right everywhere but plain-HTTP intranet hosts other than localhost.
    cookie_secure: bool = True
    session_hours: int = 8
    max_upload_mb: int = 200
    max_json_body_kb: int = 2048
    # Engine of the lake pipeline: duckdb in-process, spark for scale, python (the reference);
    # auto takes python for small batches and duckdb for large ones.
    engine: str = "auto"
    # Uploads and pushes of at least this many rows are standardised and published after the
    # web request has answered (202, follow the batch); smaller ones within it.
    background_from_rows: int = 20_000
    # Province the embedded demo and the region tree default to (GB/T 2260 two-digit prefix).
    province_prefix: str = "32"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'jianguan.db').resolve()}"

    @property
    def lake_dir(self) -> Path:
        return self.data_dir / "lake"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.lake_dir, self.uploads_dir):
            path.mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
