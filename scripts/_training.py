"""What the model training scripts share: feature matrices, fitting, the model file.

Needs scikit-learn and NumPy (the `bench` extra); the service never imports this.
Fitting is deterministic (lbfgs, no random state involved), and weights are rounded
before they are written so a retrain on the same data gives the same file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression

from truthlens.plugins._linear_model import MODEL_FORMAT, dump_model

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
MODELS = ROOT / "plugins" / "models"
DIGITS = 5

Example = tuple[dict[str, float], dict[int, float]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def feature_names(examples: Sequence[Example]) -> list[str]:
    return sorted({name for named, _ in examples for name in named if name != "bias"})


def matrix(examples: Sequence[Example], names: Sequence[str], buckets: int) -> Any:
    column = {name: i for i, name in enumerate(names)}
    rows, cols, values = [], [], []
    for i, (named, hashed) in enumerate(examples):
        for name, value in named.items():
            if name in column and value:
                rows.append(i)
                cols.append(column[name])
                values.append(value)
        for key, value in hashed.items():
            rows.append(i)
            cols.append(len(names) + key)
            values.append(value)
    shape = (len(examples), len(names) + buckets)
    return csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)


def fit(x: Any, y: Sequence[bool], c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=10000, tol=1e-8)
    model.fit(x, np.asarray(y, dtype=bool))
    return model


def model_file(
    *,
    name: str,
    model: LogisticRegression,
    names: Sequence[str],
    buckets: int,
    threshold: float,
    provenance: dict[str, Any],
) -> dict[str, Any]:
    coef = model.coef_[0]
    named = {"bias": round(float(model.intercept_[0]), DIGITS)}
    for i, feature in enumerate(names):
        weight = round(float(coef[i]), DIGITS)
        if weight:
            named[feature] = weight
    hashed = {}
    for key in range(buckets):
        weight = round(float(coef[len(names) + key]), DIGITS)
        if weight:
            hashed[str(key)] = weight
    return {
        "format": MODEL_FORMAT,
        "name": name,
        "hash_buckets": buckets,
        "threshold": threshold,
        "provenance": provenance,
        "named": named,
        "hashed": hashed,
    }


def write_model(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_model(data), "utf-8")


def choose_c(
    grid: Sequence[float], score: Callable[[float], float], label: str, digits: int
) -> tuple[float, float]:
    """The regularisation in `grid` with the best held-out `score` (the first on a tie),
    and that score; each is printed to standard error as it is tried."""
    best: tuple[float, float] | None = None
    for c in grid:
        value = score(c)
        print(f"C={c:g}: {label} {value:.{digits}f}", file=sys.stderr)
        if best is None or value > best[1] + 1e-9:
            best = (c, value)
    assert best is not None, "an empty grid"
    return best


def fit_and_write(
    path: Path,
    *,
    name: str,
    x: Any,
    y: Sequence[bool],
    c: float,
    names: Sequence[str],
    buckets: int,
    threshold: float,
    provenance: dict[str, Any],
) -> None:
    """Fit on all of `x` with the chosen `c` and write the model file to `path`."""
    data = model_file(
        name=name,
        model=fit(x, y, c),
        names=names,
        buckets=buckets,
        threshold=threshold,
        provenance=provenance,
    )
    write_model(path, data)


def macro_f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    scores = []
    for positive in (True, False):
        tp = sum(g == positive and p == positive for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != positive and p == positive for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == positive and p != positive for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def binary_f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
