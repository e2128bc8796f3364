"""Discovers plugins (built-ins, then entry points) and keeps what each one provides.

pluggy is used for discovery and validation only: the host calls each hook
implementation itself, so one failing plugin never aborts the others.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Literal

import pluggy

import truthlens
from truthlens import hookspecs
from truthlens.metric import METRIC_NAME, Metric

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "truthlens"
BUILTIN_PLUGINS: tuple[str, ...] = (
    "truthlens.plugins.extract_trafilatura",
    "truthlens.plugins.summary_extractive",
    "truthlens.plugins.objectivity",
    "truthlens.plugins.accuracy",
    "truthlens.plugins.transparency",
    "truthlens.plugins.clickbait",
)

Status = Literal["active", "disabled", "failed"]


@dataclass
class PluginInfo:
    name: str
    module: str
    distribution: str | None
    version: str
    status: Status = "active"
    error: str | None = None
    hooks: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RegisteredMetric:
    metric: Metric
    plugin: str
    plugin_version: str


@dataclass(frozen=True, slots=True)
class Provider:
    """One implementation of a `firstresult` hook, in the order it is asked."""

    plugin: str
    plugin_version: str
    function: Callable[..., Any]
    argnames: tuple[str, ...]

    def call(self, **kwargs: Any) -> Any:
        """Call with the hook's arguments; pluggy lets an implementation take a subset."""
        return self.function(**{name: kwargs[name] for name in self.argnames})


class PluginHost:
    """The loaded plugins of one service instance."""

    def __init__(self, manager: pluggy.PluginManager, plugins: list[PluginInfo]) -> None:
        self.manager = manager
        self.plugins = plugins
        self._info = {p.name: p for p in plugins}
        self.metrics: list[RegisteredMetric] = []
        self._collect_metrics()

    def providers(self, hook_name: str) -> list[Provider]:
        """Implementations of a hook, most recently registered first (pluggy's order)."""
        caller = getattr(self.manager.hook, hook_name)
        result = []
        for impl in reversed(caller.get_hookimpls()):
            info = self._info.get(impl.plugin_name)
            version = info.version if info else "unknown"
            result.append(Provider(impl.plugin_name, version, impl.function, impl.argnames))
        return result

    def describe(self) -> list[dict[str, Any]]:
        """Every plugin with its status and metrics: `truthlens plugins --json`, /-/plugins.json."""
        metrics = {m.metric.name: m.metric for m in self.metrics}
        return [
            {
                "name": info.name,
                "module": info.module,
                "distribution": info.distribution,
                "version": info.version,
                "status": info.status,
                "error": info.error,
                "hooks": info.hooks,
                "metrics": [
                    {
                        "name": name,
                        "label": metrics[name].label,
                        "description": metrics[name].description,
                        "version": metrics[name].version,
                    }
                    for name in info.metrics
                    if name in metrics
                ],
            }
            for info in self.plugins
        ]

    def metric(self, name: str) -> RegisteredMetric | None:
        return next((m for m in self.metrics if m.metric.name == name), None)

    def _collect_metrics(self) -> None:
        seen: set[str] = set()
        # Registration order, so a built-in metric keeps its name against a late duplicate.
        for provider in reversed(self.providers("register_metrics")):
            info = self._info[provider.plugin]
            try:
                returned = list(provider.call())
                metrics = [_validate_metric(m) for m in returned]
            except Exception as exc:
                self._fail(info, f"register_metrics failed: {exc!r}")
                continue
            for metric in metrics:
                if metric.name in seen:
                    log.error(
                        "plugin %s: metric %r already registered; skipped", info.name, metric.name
                    )
                    info.error = f"duplicate metric {metric.name!r} skipped"
                    continue
                seen.add(metric.name)
                info.metrics.append(metric.name)
                self.metrics.append(RegisteredMetric(metric, info.name, info.version))

    def _fail(self, info: PluginInfo, reason: str) -> None:
        log.error("plugin %s failed and is left out: %s", info.name, reason)
        info.status, info.error = "failed", reason
        plugin = self.manager.get_plugin(info.name)
        if plugin is not None:
            self.manager.unregister(plugin)


def _validate_metric(metric: object) -> Metric:
    for attribute in ("name", "label", "description", "version"):
        if not isinstance(getattr(metric, attribute, None), str):
            raise TypeError(f"metric {metric!r} lacks a string {attribute!r}")
    if not callable(getattr(metric, "score", None)):
        raise TypeError(f"metric {metric!r} has no score() method")
    name = getattr(metric, "name")  # noqa: B009 - checked above, keeps mypy honest
    if not METRIC_NAME.fullmatch(name):
        raise ValueError(f"metric name {name!r} must match {METRIC_NAME.pattern}")
    return metric  # type: ignore[return-value]  # duck-typed Metric, validated above


def _module_version(module: object, default: str) -> str:
    version = getattr(module, "__version__", None)
    return version if isinstance(version, str) else default


def create_plugin_host(
    disabled: Iterable[str] = (),
    builtins: Iterable[str] = BUILTIN_PLUGINS,
    load_entry_points: bool = True,
) -> PluginHost:
    """Build the plugin host: built-ins, then the `truthlens` entry points, then checks."""
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    blocked = set(disabled)
    plugins: list[PluginInfo] = []

    def add(
        name: str, module_name: str, dist: str | None, version: str, load: Callable[[], object]
    ) -> None:
        info = PluginInfo(name=name, module=module_name, distribution=dist, version=version)
        plugins.append(info)
        if name in blocked:
            manager.set_blocked(name)
            info.status = "disabled"
            return
        try:
            plugin = load()
            info.version = _module_version(plugin, version) if dist is None else version
            manager.register(plugin, name=name)
        except Exception as exc:
            log.exception("plugin %s could not be loaded", name)
            info.status, info.error = "failed", f"{type(exc).__name__}: {exc}"
            return
        info.hooks = sorted(caller.name for caller in manager.get_hookcallers(plugin) or [])

    for module_name in builtins:
        short = module_name.rsplit(".", 1)[-1]
        add(
            short,
            module_name,
            None,
            truthlens.__version__,
            functools.partial(importlib.import_module, module_name),
        )

    if load_entry_points:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = ep.dist
            add(
                ep.name,
                ep.value,
                dist.name if dist else None,
                dist.version if dist else "unknown",
                ep.load,
            )

    _drop_unknown_hooks(manager, plugins)
    return PluginHost(manager, plugins)


def _drop_unknown_hooks(manager: pluggy.PluginManager, plugins: list[PluginInfo]) -> None:
    """`check_pending()`, but a plugin with an unknown hook is left out, not fatal."""
    try:
        manager.check_pending()
        return
    except pluggy.PluginValidationError:
        pass
    by_name = {p.name: p for p in plugins}
    for name in dir(manager.hook):
        caller = getattr(manager.hook, name)
        if not isinstance(caller, pluggy.HookCaller) or caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if impl.optionalhook:
                continue
            info = by_name.get(impl.plugin_name)
            if info is not None and info.status == "active":
                log.error("plugin %s implements unknown hook %r; left out", info.name, name)
                info.status, info.error = "failed", f"unknown hook {name!r}"
                manager.unregister(impl.plugin)
    manager.check_pending()
