"""The average score of an article: a weighted mean of the metrics that judged something."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def weighted_average(
    values: Iterable[tuple[str, float | None, float | None]], weights: Mapping[str, float]
) -> float | None:
    """Mean of (metric, value, confidence) triples, each weighted by `weights` (default 1).

    Left out: failed metrics (value None), a weight of 0, and scores with confidence 0 (the
    metric found nothing to judge, e.g. clickbait without a title). A confidence of None
    (rows stored before confidences existed) counts. None when nothing is left to average.
    """
    total = weight_sum = 0.0
    for metric, value, confidence in values:
        weight = weights.get(metric, 1.0)
        if value is None or weight <= 0 or confidence == 0:
            continue
        total += weight * value
        weight_sum += weight
    return round(total / weight_sum, 2) if weight_sum else None
