"""Configuration from the environment (prefix TRUTHLENS_), with safe defaults."""

from __future__ import annotations

import json
import math
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIB = 1024 * 1024
PRODUCTION_RATE_LIMIT = "30/minute"


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
    extraction_workers: int = Field(default=2, ge=1, le=32)
    """Worker processes that extract pages (each killed and replaced on a timeout)."""
    analysis_workers: int = Field(default=0, ge=0, le=64)
    """0: sentence splitting, headline, summary and metrics run in threads of the serving
    process (one core). N: they run in the worker pool too, which then has N processes,
    so analyses use N cores. The workers build their plugins from the built-ins and entry
    points, as extraction workers do."""
    user_agent: str = "TruthLens/0.1 (article analysis; +https://github.com/truthlens/truthlens)"
    log_level: str = "INFO"
    require_key_for_reads: bool = False
    """Queries need an API key with the read scope too (mutations always do in production)."""
    rate_limit: str | None = None
    """Analysis mutations per key (or client address), e.g. `30/minute` or `5/second;100/hour`.
    Unset: `30/minute` in production, none in development; empty: none."""
    rate_limit_storage: str = "memory://"
    """Where rate-limit counters live: `memory://` (per process) or `redis://host:6379`."""
    max_query_cost: int = Field(default=10_000, gt=0)
    query_timeout: float = Field(default=10.0, gt=0)
    """Seconds a query may take (parsing to result); mutations have their own deadlines."""
    # Bulk analysis jobs (truthlens.jobs): in-process on SQLite, procrastinate on PostgreSQL.
    jobs_backend: Literal["auto", "embedded", "procrastinate"] = "auto"
    job_concurrency: int = Field(default=8, ge=1, le=256)
    """Jobs in flight per process (the embedded runner, or each worker process)."""
    site_concurrency: int = Field(default=2, ge=1, le=64)
    """Fetches in flight per site, across all workers (procrastinate locks)."""
    job_max_attempts: int = Field(default=4, ge=1, le=20)
    job_retry_delay: float = Field(default=5.0, ge=0)
    """First backoff after a transient failure; doubles each attempt."""
    job_retry_max_delay: float = Field(default=600.0, ge=0)
    worker_heartbeat: float = Field(default=10.0, gt=0)
    stalled_after: float = Field(default=30.0, gt=0)
    """Seconds without a heartbeat after which a worker's running jobs are retried."""

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

    @field_validator("rate_limit")
    @classmethod
    def _valid_rate_limit(cls, value: str | None) -> str | None:
        if value and value.strip():
            from limits import parse_many

            parse_many(value.strip())  # raises ValueError on a malformed limit
        return value

    @field_validator("rate_limit_storage")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        schemes = ("memory://", "redis://", "rediss://", "redis+unix://")
        if not value.strip().startswith(schemes):
            raise ValueError(f"expected one of {', '.join(schemes)}..., got {value!r}")
        return value.strip()

    @property
    def effective_rate_limit(self) -> str | None:
        """The rate limit in force: the setting, or the mode's default when unset."""
        if self.rate_limit is None:
            return PRODUCTION_RATE_LIMIT if self.env == "production" else None
        return self.rate_limit.strip() or None

    @property
    def max_body_bytes(self) -> int:
        """Largest HTTP request body: the biggest input, JSON-escaped, plus the query."""
        return self.max_input_bytes * 2 + MIB
