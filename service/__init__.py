"""TruthLens: article analysis with plugin scorers.

This module is the public plugin API: everything a plugin author imports comes
from here, and nothing else in the package is promised to stay stable.
"""

from importlib.metadata import PackageNotFoundError, version

from truthlens.document import Document, Link, Sentence
from truthlens.hookspecs import hookimpl
from truthlens.metric import Evidence, Metric, MetricResult
from truthlens.sentences import split_sentences

try:
    __version__ = version("truthlens")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

PLUGIN_API_VERSION = 1
"""Bumped when a hook or a type above changes incompatibly."""

__all__ = [
    "PLUGIN_API_VERSION",
    "Document",
    "Evidence",
    "Link",
    "Metric",
    "MetricResult",
    "Sentence",
    "__version__",
    "hookimpl",
    "split_sentences",
]
