"""`truthlens` exports everything a plugin author needs, and nothing undeclared."""

from __future__ import annotations

import dataclasses
import inspect
import typing

import truthlens
from truthlens import hookspecs

BUILTIN_NAMES = {"str", "int", "float", "tuple", "NoneType", "datetime", "Sequence"}
PUBLIC_TYPES = {"Document", "Sentence", "Link", "Metric", "MetricResult", "Evidence"}


def _names_in(annotation: object) -> set[str]:
    """Every class name inside an annotation, e.g. {'tuple', 'Sentence'}."""
    name = getattr(annotation, "__name__", None)
    names = {name} if isinstance(name, str) else set()
    for argument in typing.get_args(annotation):
        names |= _names_in(argument)
    return names


def test_all_is_explicit_and_resolvable() -> None:
    assert len(truthlens.__all__) == len(set(truthlens.__all__))
    for name in truthlens.__all__:
        assert hasattr(truthlens, name), name
    assert {"hookimpl", "PLUGIN_API_VERSION", "split_sentences"} | PUBLIC_TYPES <= set(
        truthlens.__all__
    )


def test_every_type_in_a_hook_signature_is_exported() -> None:
    namespace = {name: getattr(truthlens, name) for name in truthlens.__all__}
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        if not hasattr(function, "truthlens_spec"):
            continue
        hints = typing.get_type_hints(function, localns=namespace)
        for annotation in hints.values():
            for type_name in _names_in(annotation) & PUBLIC_TYPES:
                assert type_name in truthlens.__all__, (name, type_name)


def test_every_type_inside_the_public_types_is_exported() -> None:
    namespace = {name: getattr(truthlens, name) for name in truthlens.__all__}
    for cls in (truthlens.Document, truthlens.MetricResult, truthlens.Evidence):
        hints = typing.get_type_hints(cls, localns=namespace)
        for field in dataclasses.fields(cls):
            for type_name in _names_in(hints[field.name]):
                if type_name not in BUILTIN_NAMES:
                    assert type_name in truthlens.__all__, (cls.__name__, field.name, type_name)


def test_sync_and_async_score_are_both_allowed_by_the_metric_base() -> None:
    hints = typing.get_type_hints(truthlens.Metric.score)
    assert "Awaitable" in str(hints["return"])
