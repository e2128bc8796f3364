"""Configuration from the environment (prefix TRUTHLENS_), with safe defaults."""

from __future__ import annotations

import json
import math
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIB = 1024 * 1024


def _items(value: str) -> list[str]:
    """The non-empty, stripped items of a comma-separated setting."""
    return [part.strip() for part in value.split(",") if part.strip()]


class Settings(BaseSettings):
    """Every setting the service reads; each is documented in the README."""

    model_config = SettingsConfigDict(env_prefix="TRUTHLENS_", extra="ignore", frozen=True)

    env: Literal["development", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./truthlens.db"
    allow_private_addresses: bool = False
    fetch_ports: Annotated[frozenset[int] | None, NoDecode] = frozenset({80, 443})
    """Ports a fetched URL may use: `80,443` by default; `*` (None) allows any."""
    disabled_plugins: Annotated[tuple[str, ...], NoDecode] = ()
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    metric_weights: Annotated[dict[str, float], NoDecode] = Field(default_factory=dict)
    metric_timeout: float = Field(default=2.0, gt=0)
    fetch_timeout: float = Field(default=15.0, gt=0)
    connect_timeout: float = Field(default=5.0, gt=0)
    max_fetch_bytes: int = Field(default=2 * MIB, gt=0)
    max_redirects: int = Field(default=3, ge=0, le=10)
    max_input_bytes: int = Field(default=2 * MIB, gt=0)
    extraction_timeout: float = Field(default=20.0, gt=0)
    user_agent: str = "TruthLens/0.1 (article analysis; +https://github.com/truthlens/truthlens)"
    log_level: str = "INFO"

    @field_validator("disabled_plugins", "cors_origins", mode="before")
    @classmethod
    def _split_names(cls, value: object) -> object:
        return tuple(_items(value)) if isinstance(value, str) else value

    @field_validator("fetch_ports", mode="before")
    @classmethod
    def _parse_ports(cls, value: object) -> object:
        """`80,443,8080`, or `*` for any port."""
        if not isinstance(value, str):
            return value
        if value.strip() == "*":
            return None
        ports = _items(value)
        if not ports:
            raise ValueError("expected comma-separated ports or *, got nothing")
        return frozenset(ports)

    @field_validator("fetch_ports")
    @classmethod
    def _valid_ports(cls, value: frozenset[int] | None) -> frozenset[int] | None:
        if value is not None:
            if not value:
                raise ValueError("at least one port, or * for any")
            for port in value:
                if not 1 <= port <= 65535:
                    raise ValueError(f"port {port} is outside 1..65535")
        return value

    @field_validator("metric_weights", mode="before")
    @classmethod
    def _parse_weights(cls, value: object) -> object:
        """`objectivity=1,accuracy=2`; JSON objects are accepted too."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("{"):
            return json.loads(value)
        weights: dict[str, str] = {}
        for item in _items(value):
            name, sep, weight = item.partition("=")
            if not sep or not name.strip():
                raise ValueError(f"expected name=weight, got {item!r}")
            weights[name.strip()] = weight.strip()
        return weights

    @field_validator("metric_weights")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for name, weight in value.items():
            if not math.isfinite(weight) or weight < 0:
                raise ValueError(f"weight of {name!r} must be a finite number >= 0")
        return value

    @property
    def max_body_bytes(self) -> int:
        """Largest HTTP request body: the biggest input, JSON-escaped, plus the query."""
        return self.max_input_bytes * 2 + MIB
