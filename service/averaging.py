"""The average score of an article: a weighted mean of the metrics that succeeded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def weighted_average(
    values: Iterable[tuple[str, float | None]], weights: Mapping[str, float]
) -> float | None:
    """Mean of (metric, value) pairs, each weighted by `weights` (default 1; 0 leaves it out).

    None values (failed metrics) are skipped; None when nothing is left to average.
    """
    total = weight_sum = 0.0
    for metric, value in values:
        weight = weights.get(metric, 1.0)
        if value is None or weight <= 0:
            continue
        total += weight * value
        weight_sum += weight
    return round(total / weight_sum, 2) if weight_sum else None
