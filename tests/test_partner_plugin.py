"""The example partner package (examples/truthlens-readability), installed by `make test`,
is discovered through its entry point, scores through GraphQL and can be disabled."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint, PackageNotFoundError, distribution
from typing import Any

import pytest
from starlette.testclient import TestClient

from truthlens import plugin_manager
from truthlens.app import create_app
from truthlens.plugin_manager import create_plugin_host
from truthlens.settings import Settings

from .test_app import analyze_text, gql


@pytest.fixture(autouse=True)
def _installed() -> None:
    try:
        distribution("truthlens-readability")
    except PackageNotFoundError:
        pytest.fail("examples/truthlens-readability is not installed: run `make install-dev`")


def test_discovered_through_its_entry_point() -> None:
    host = create_plugin_host()
    info = next(p for p in host.plugins if p.name == "readability")
    assert (info.status, info.distribution, info.version) == (
        "active",
        "truthlens-readability",
        "1.0.0",
    )
    assert info.metrics == ["readability"]
    assert info.module == "truthlens_readability.plugin"
    # Built-ins first, then entry points.
    names = [p.name for p in host.plugins]
    assert names.index("readability") > names.index("transparency")


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url))) as test_client:
        yield test_client


def test_appears_in_metrics_and_scores_through_graphql(client: TestClient) -> None:
    metrics = gql(client, "{ metrics { name label plugin pluginVersion version } }")["metrics"]
    assert {
        "name": "readability",
        "label": "Readability",
        "plugin": "readability",
        "pluginVersion": "1.0.0",
        "version": "1.0.0",
    } in metrics
    text = (
        "The municipality's comprehensive infrastructure rehabilitation programme, "
        "notwithstanding considerable administrative complications, proceeded satisfactorily. "
        "The bridge is open. Cars can use it again."
    )
    article = analyze_text(client, text=text)
    score = next(s for s in article["scores"] if s["metric"] == "readability")
    assert score["status"] == "OK"
    assert score["plugin"] == "readability"
    assert 0 <= score["value"] <= 10
    assert score["evidence"]
    for evidence in score["evidence"]:
        assert article["text"][evidence["start"] : evidence["end"]] == evidence["text"]


def test_can_be_disabled(database_url: str) -> None:
    settings = Settings(database_url=database_url, disabled_plugins=("readability",))
    with TestClient(create_app(settings)) as test_client:
        metrics = gql(test_client, "{ metrics { name } }")["metrics"]
        plugins = test_client.get("/-/plugins.json").json()
        article = analyze_text(test_client, text="The bridge is open again.")
    assert "readability" not in {m["name"] for m in metrics}
    assert {p["name"]: p["status"] for p in plugins}["readability"] == "disabled"
    assert "readability" not in {s["metric"] for s in article["scores"]}


def test_a_broken_entry_point_is_listed_and_the_service_starts(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    broken = [
        EntryPoint("broken", "tests.fake_plugins.broken_import", "truthlens"),
        EntryPoint("wronghook", "tests.fake_plugins.unknown_hook", "truthlens"),
        EntryPoint("missing", "no_such_module.anywhere", "truthlens"),
    ]

    def fake_entry_points(**selection: Any) -> list[EntryPoint]:
        assert selection == {"group": "truthlens"}
        return broken

    monkeypatch.setattr(plugin_manager, "entry_points", fake_entry_points)
    with TestClient(create_app(Settings(database_url=database_url))) as test_client:
        plugins = {p["name"]: p for p in test_client.get("/-/plugins.json").json()}
        article = analyze_text(test_client, text="The bridge is open again.")
    assert plugins["broken"]["status"] == "failed"
    assert "ImportError" in plugins["broken"]["error"]
    assert plugins["wronghook"]["error"] == "unknown hook 'register_metricz'"
    assert "ModuleNotFoundError" in plugins["missing"]["error"]
    assert {s["status"] for s in article["scores"]} == {"OK"}
