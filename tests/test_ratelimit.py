"""Rate limits on analysis mutations: per key, per address, 429 with Retry-After."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from truthlens.apikeys import Scope
from truthlens.app import create_app
from truthlens.ratelimit import RateLimiter
from truthlens.settings import Settings

from .keys import issue_key

QUERY = "{ metrics { name } }"


def analyze(n: int) -> str:
    return f'mutation {{ analyzeText(input: {{text: "Report {n} was filed."}}) {{ __typename }} }}'


@contextmanager
def serve(database_url: str, **settings: Any) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url, **settings))) as client:
        yield client


def post(client: TestClient, query: str, key: str | None = None) -> httpx.Response:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return client.post("/graphql", json={"query": query}, headers=headers)


def assert_limited(response: httpx.Response) -> int:
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": retry_after}
    assert "rate limit of 2 per 1 minute" in error["message"]
    return retry_after


async def test_limiter_counts_per_identity_and_refuses_what_does_not_fit() -> None:
    limiter = RateLimiter("2/minute")
    try:
        assert (await limiter.hit("a")).allowed
        assert (await limiter.hit("a")).allowed
        refused = await limiter.hit("a")
        assert not refused.allowed
        assert 1 <= refused.retry_after <= 60
        assert refused.limit == "2 per 1 minute"
        assert (await limiter.hit("b")).allowed  # another key or address
        # A hit bigger than the room left is refused whole and consumes nothing.
        assert not (await limiter.hit("c", cost=3)).allowed
        assert (await limiter.hit("c", cost=2)).allowed
    finally:
        await limiter.aclose()


async def test_every_limit_of_a_list_must_fit() -> None:
    limiter = RateLimiter("5/second;3/hour")
    try:
        assert [(await limiter.hit("a")).allowed for _ in range(4)] == [True, True, True, False]
        assert (await limiter.hit("a")).limit == "3 per 1 hour"
    finally:
        await limiter.aclose()


def test_analysis_over_the_limit_is_429_before_it_runs(
    database_url: str, analyses: list[object]
) -> None:
    with serve(database_url, rate_limit="2/minute") as client:
        for n in range(2):
            assert post(client, analyze(n)).json()["data"]["analyzeText"]["__typename"] == (
                "Article"
            )
        assert_limited(post(client, analyze(2)))
        assert len(analyses) == 2
        # Queries are not counted.
        for _ in range(5):
            assert post(client, QUERY).status_code == 200


def test_each_analysis_field_counts(database_url: str, analyses: list[object]) -> None:
    three = "mutation { " + " ".join(
        f'a{n}: analyzeText(input: {{text: "Item {n} arrived."}}) {{ __typename }}'
        for n in range(3)
    )
    with serve(database_url, rate_limit="2/minute") as client:
        assert_limited(post(client, three + " }"))
    assert analyses == []


def test_limits_are_per_key(database_url: str, analyses: list[object]) -> None:
    first = issue_key(database_url, Scope.ANALYZE)
    second = issue_key(database_url, Scope.ANALYZE)
    with serve(database_url, env="production", rate_limit="2/minute") as client:
        assert post(client, analyze(0), first).status_code == 200
        assert post(client, analyze(1), first).status_code == 200
        assert_limited(post(client, analyze(2), first))
        assert post(client, analyze(3), second).status_code == 200
    assert len(analyses) == 3


def test_rescore_is_limited_too(database_url: str) -> None:
    admin = issue_key(database_url, Scope.ADMIN)
    rescore = 'mutation { rescore(articleId: "QXJ0aWNsZTo5OTk5") { __typename } }'
    with serve(database_url, env="production", rate_limit="2/minute") as client:
        assert post(client, rescore, admin).status_code == 200
        assert post(client, analyze(0), admin).status_code == 200
        assert_limited(post(client, rescore, admin))


def test_defaults_limit_production_only() -> None:
    assert Settings().effective_rate_limit is None
    assert Settings(env="production").effective_rate_limit == "30/minute"
    assert Settings(env="production", rate_limit="").effective_rate_limit is None
    assert Settings(rate_limit="5/second").effective_rate_limit == "5/second"
    with pytest.raises(ValueError, match="rate limit"):
        Settings(rate_limit="often")
    with pytest.raises(ValueError, match="memory://"):
        Settings(rate_limit_storage="memcached://127.0.0.1:11211")
    assert Settings(rate_limit_storage=" redis://127.0.0.1:6379/0").rate_limit_storage == (
        "redis://127.0.0.1:6379/0"
    )


def test_development_has_no_limit_unless_configured(
    database_url: str, analyses: list[object]
) -> None:
    with serve(database_url) as client:
        for n in range(3):
            assert post(client, analyze(n)).status_code == 200
    with serve(database_url, rate_limit="1/minute") as client:
        assert post(client, analyze(10)).status_code == 200
        assert post(client, analyze(11)).status_code == 429
    assert len(analyses) == 4


DEFAULT_CI_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="module")
def redis_url() -> str:
    """Where Redis tests run: mandatory under CI=true (the local server), opt-in otherwise."""
    url = os.environ.get("TRUTHLENS_TEST_REDIS_URL")
    if not url and os.environ.get("CI", "").lower() == "true":
        url = DEFAULT_CI_REDIS
    if not url:
        pytest.skip("Redis tests need TRUTHLENS_TEST_REDIS_URL (mandatory with CI=true)")
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {url} is unreachable: {exc!r}", pytrace=False)
    finally:
        client.close()
    return url


async def test_redis_storage_is_shared_between_limiters(redis_url: str) -> None:
    identity = f"test-{uuid.uuid4().hex}"
    one = RateLimiter("2/minute", storage_url=redis_url)
    two = RateLimiter("2/minute", storage_url=redis_url)  # another replica
    try:
        assert (await one.hit(identity)).allowed
        assert (await two.hit(identity)).allowed
        refused = await one.hit(identity)
        assert not refused.allowed
        assert 1 <= refused.retry_after <= 60
    finally:
        await one.aclose()
        await two.aclose()


def test_replicas_share_a_redis_limit(
    database_url: str, analyses: list[object], redis_url: str
) -> None:
    key = issue_key(database_url, Scope.ANALYZE)  # a new key: a fresh count in Redis
    settings = {"env": "production", "rate_limit": "2/minute", "rate_limit_storage": redis_url}
    with serve(database_url, **settings) as one, serve(database_url, **settings) as two:
        assert post(one, analyze(0), key).status_code == 200
        assert post(two, analyze(1), key).status_code == 200
        assert_limited(post(one, analyze(2), key))
        assert_limited(post(two, analyze(3), key))
    assert len(analyses) == 2
