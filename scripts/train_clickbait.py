"""Train the clickbait metric's headline model on Chakraborty et al. 2016.

    .venv/bin/python scripts/train_clickbait.py [--data PATH] [--out FILE]

The fifth of the headlines that the quality harness scores on
(`benchmarks.datasets.clickbait_holdout`) is never read. Of the rest, a fixed
hash-chosen eighth is the validation part that picks the regularization strength C
(F1 of the clickbait class); the model is fitted on the other seven eighths and
written to `plugins/models/clickbait.json`. Needs the `bench` extra (scikit-learn).
Deterministic: the same data gives the same file.

The dataset is MIT-licensed (Chakraborty, Paranjape, Kakarla and Ganguly); see NOTICE.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks.datasets import clickbait_holdout  # noqa: E402
from scripts._training import (  # noqa: E402
    DEFAULT_DATA,
    MODELS,
    binary_f1,
    choose_c,
    feature_names,
    fit,
    fit_and_write,
    matrix,
    read_jsonl,
)
from truthlens.plugins._clickbait_features import HASH_BUCKETS, headline_features  # noqa: E402

GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLD = 0.5


def is_validation(headline: str) -> bool:
    digest = hashlib.sha1(("truthlens-val:" + headline).encode(), usedforsecurity=False)
    return int(digest.hexdigest(), 16) % 8 == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODELS / "clickbait.json")
    args = parser.parse_args(argv)
    rows = read_jsonl(args.data / "clickbait" / "chakraborty2016.jsonl")
    usable = [r for r in rows if not clickbait_holdout(r["headline"])]
    train = [r for r in usable if not is_validation(r["headline"])]
    val = [r for r in usable if is_validation(r["headline"])]
    x_rows = [headline_features(r["headline"]) for r in train]
    v_rows = [headline_features(r["headline"]) for r in val]
    y_train = [bool(r["clickbait"]) for r in train]
    y_val = [bool(r["clickbait"]) for r in val]
    names = feature_names(x_rows)
    x_train = matrix(x_rows, names, HASH_BUCKETS)
    x_val = matrix(v_rows, names, HASH_BUCKETS)

    def val_f1(c: float) -> float:
        model = fit(x_train, y_train, c)
        return binary_f1(y_val, [p >= THRESHOLD for p in model.predict_proba(x_val)[:, 1]])

    c, f1 = choose_c(GRID, val_f1, "val F1", 4)
    fit_and_write(
        args.out,
        name="clickbait",
        x=x_train,
        y=y_train,
        c=c,
        names=names,
        buckets=HASH_BUCKETS,
        threshold=THRESHOLD,
        provenance={
            "data": "Chakraborty et al. 2016 clickbait headlines (MIT), harness fifth left out",
            "script": "scripts/train_clickbait.py",
            "C": c,
            "val_f1": round(f1, 4),
            "train_items": len(train),
            "val_items": len(val),
        },
    )
    print(f"chose C={c:g} (val F1 {f1:.4f}); wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
