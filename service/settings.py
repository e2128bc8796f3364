"""Configuration from the environment (prefix TRUTHLENS_), with safe defaults."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIB = 1024 * 1024


class Settings(BaseSettings):
    """Every setting the service reads; each is documented in the README."""

    model_config = SettingsConfigDict(env_prefix="TRUTHLENS_", extra="ignore", frozen=True)

    env: Literal["development", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./truthlens.db"
    allow_private_addresses: bool = False
    disabled_plugins: Annotated[tuple[str, ...], NoDecode] = ()
    metric_timeout: float = Field(default=2.0, gt=0)
    fetch_timeout: float = Field(default=15.0, gt=0)
    connect_timeout: float = Field(default=5.0, gt=0)
    max_fetch_bytes: int = Field(default=2 * MIB, gt=0)
    max_redirects: int = Field(default=3, ge=0, le=10)
    max_input_bytes: int = Field(default=2 * MIB, gt=0)
    extraction_timeout: float = Field(default=20.0, gt=0)
    user_agent: str = "TruthLens/0.1 (article analysis; +https://github.com/truthlens/truthlens)"
    log_level: str = "INFO"

    @field_validator("disabled_plugins", mode="before")
    @classmethod
    def _split_names(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(name.strip() for name in value.split(",") if name.strip())
        return value

    @property
    def max_body_bytes(self) -> int:
        """Largest HTTP request body: the biggest input, JSON-escaped, plus the query."""
        return self.max_input_bytes * 2 + MIB
