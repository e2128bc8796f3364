"""Pure-Python inference for the small logistic-regression models the built-ins ship.

The weights live in JSON files under `plugins/models/`, written by the training
scripts in `scripts/` (scikit-learn is needed only there). A model file holds
named-feature weights, the weights of the non-zero hashed-feature buckets and the
decision threshold; nothing of the training texts. Files are read once, lazily, from
the installed package (no network, no scikit-learn at run time).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from itertools import repeat
from operator import mul
from typing import Any

MODEL_FORMAT = 1


class ModelFileError(ValueError):
    """A shipped model file is missing fields or has another format."""


@dataclass(frozen=True, slots=True)
class LinearModel:
    name: str
    hash_buckets: int
    threshold: float
    named: dict[str, float]
    hashed: dict[int, float]

    def logit(self, named: dict[str, float], hashed: dict[int, float]) -> float:
        """Weights times values of the features present (a sparse dot product), in order."""
        total: float = sum(map(mul, map(self.named.get, named, repeat(0.0)), named.values()))
        hashed_total: float = sum(
            map(mul, map(self.hashed.get, hashed, repeat(0.0)), hashed.values())
        )
        return total + hashed_total

    def probability(self, named: dict[str, float], hashed: dict[int, float]) -> float:
        z = self.logit(named, hashed)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


def parse_model(data: dict[str, Any]) -> LinearModel:
    try:
        if data["format"] != MODEL_FORMAT:
            raise ModelFileError(f"model format {data['format']!r}, expected {MODEL_FORMAT}")
        return LinearModel(
            name=str(data["name"]),
            hash_buckets=int(data["hash_buckets"]),
            threshold=float(data["threshold"]),
            named={str(k): float(v) for k, v in data["named"].items()},
            hashed={int(k): float(v) for k, v in data["hashed"].items()},
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ModelFileError(f"malformed model file: {exc!r}") from exc


def dump_model(data: dict[str, Any]) -> str:
    """The one serialization of a model file (sorted keys, compact, final newline)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"


@functools.cache
def load_model(filename: str) -> LinearModel:
    """A model shipped in `truthlens/plugins/models/`, read once per process."""
    path = resources.files("truthlens.plugins").joinpath("models", filename)
    return parse_model(json.loads(path.read_text(encoding="utf-8")))
