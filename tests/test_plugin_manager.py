"""Discovery: good plugins load, bad ones are listed with their error and left out."""

from __future__ import annotations

import logging

import pytest

from truthlens.plugin_manager import BUILTIN_PLUGINS, PluginHost, create_plugin_host

FAKES = "tests.fake_plugins."


def host(*names: str, disabled: tuple[str, ...] = ()) -> PluginHost:
    return create_plugin_host(
        disabled=disabled, builtins=[FAKES + n for n in names], load_entry_points=False
    )


def test_builtins_load_with_the_four_builtin_metrics() -> None:
    plugins = create_plugin_host(load_entry_points=False)
    assert {p.name: p.status for p in plugins.plugins} == {
        name.rsplit(".", 1)[-1]: "active" for name in BUILTIN_PLUGINS
    }
    assert [m.metric.name for m in plugins.metrics] == [
        "objectivity",
        "accuracy",
        "transparency",
        "clickbait",
    ]
    assert plugins.providers("extract_article")[0].plugin == "extract_trafilatura"
    assert plugins.providers("summarize")[0].plugin == "summary_extractive"


def test_plugin_version_and_metrics_recorded() -> None:
    plugins = host("good")
    (info,) = plugins.plugins
    assert (info.status, info.version, info.metrics) == ("active", "2.5.0", ["length"])
    assert info.hooks == ["register_metrics", "suggest_headline"]
    registered = plugins.metric("length")
    assert registered is not None
    assert (registered.plugin, registered.plugin_version) == ("good", "2.5.0")


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("broken_import", "ImportError: this plugin needs a library that is not installed"),
        ("unknown_hook", "unknown hook 'register_metricz'"),
        ("bad_metric", "register_metrics failed"),
    ],
)
def test_failing_plugins_are_listed_and_left_out(
    name: str, error: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        plugins = host("good", name)
    status = {p.name: (p.status, p.error) for p in plugins.plugins}
    assert status["good"] == ("active", None)
    assert status[name][0] == "failed"
    assert error in (status[name][1] or "")
    assert [m.metric.name for m in plugins.metrics] == ["length"]
    assert plugins.manager.get_plugin(name) is None
    assert name in caplog.text


def test_disabled_plugins_are_blocked_by_name() -> None:
    plugins = host("good", "duplicate", disabled=("good",))
    status = {p.name: p.status for p in plugins.plugins}
    assert status == {"good": "disabled", "duplicate": "active"}
    assert [m.metric.label for m in plugins.metrics] == ["Shadow"]
    assert plugins.providers("suggest_headline") == []


def test_duplicate_metric_name_keeps_the_first_registered() -> None:
    plugins = host("good", "duplicate")
    assert [m.metric.label for m in plugins.metrics] == ["Length"]
    duplicate = next(p for p in plugins.plugins if p.name == "duplicate")
    assert duplicate.error == "duplicate metric 'length' skipped"


def test_later_plugins_are_asked_first() -> None:
    plugins = host("good", "duplicate")
    assert [p.plugin for p in plugins.providers("register_metrics")] == ["duplicate", "good"]
