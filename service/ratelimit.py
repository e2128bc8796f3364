"""Rate limits on analysis, counted per key or client address with the `limits` library.

Counters live in process memory by default (`memory://`: one count per worker process) or in
Redis (`redis://host:6379/0`), which every replica shares. A moving window is used: a burst
cannot double the limit at a window boundary the way a fixed window allows.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

NAMESPACE = "truthlens-analysis"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0
    """Whole seconds until the request would fit, at least 1 when refused."""
    limit: str = ""
    """The limit that refused it, e.g. `30 per 1 minute`."""


def _async_storage_url(url: str) -> str:
    url = url.strip()
    return url if url.startswith("async+") else f"async+{url}"


class RateLimiter:
    """One or more limits (`30/minute;500/hour`), all of which a hit must fit."""

    def __init__(self, limit: str, *, storage_url: str = "memory://") -> None:
        self.items: list[RateLimitItem] = parse_many(limit)
        url = _async_storage_url(storage_url)
        self._close: Callable[[], Awaitable[None]] | None = None
        options: dict[str, object] = {}
        if url.startswith("async+redis"):
            # redis-py's asyncio client (the `redis` extra) rather than limits' default
            # coredis, on a pool of ours, so shutdown can close its connections.
            from redis.asyncio import ConnectionPool

            plain = url.removeprefix("async+").replace("redis+unix://", "unix://", 1)
            pool = ConnectionPool.from_url(plain)
            options = {"implementation": "redispy", "connection_pool": pool}
            self._close = pool.aclose
        storage = storage_from_string(url, **options)  # type: ignore[arg-type]
        assert isinstance(storage, Storage)
        self.storage = storage
        self._limiter = MovingWindowRateLimiter(storage)

    async def hit(self, identity: str, *, cost: int = 1) -> Verdict:
        """Count `cost` hits for `identity` if they fit every limit; count nothing otherwise."""
        for item in self.items:
            if not await self._limiter.test(item, NAMESPACE, identity, cost=cost):
                return await self._refusal(item, identity)
        for item in self.items:
            if not await self._limiter.hit(item, NAMESPACE, identity, cost=cost):
                # A concurrent request took the room between test and hit.
                return await self._refusal(item, identity)
        return Verdict(allowed=True)

    async def _refusal(self, item: RateLimitItem, identity: str) -> Verdict:
        stats = await self._limiter.get_window_stats(item, NAMESPACE, identity)
        wait = max(1, math.ceil(stats.reset_time - time.time()))
        return Verdict(allowed=False, retry_after=wait, limit=str(item))

    async def aclose(self) -> None:
        """Close Redis connections; stop the memory storage's pending expiry task."""
        if self._close is not None:
            await self._close()
        timer = getattr(self.storage, "timer", None)
        if timer is not None and not timer.done():
            timer.cancel()
