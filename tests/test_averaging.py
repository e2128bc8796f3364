from truthlens.averaging import weighted_average


def test_plain_mean_by_default() -> None:
    assert weighted_average([("a", 4.0, 1.0), ("b", 8.0, 0.5)], {}) == 6.0


def test_weights_and_exclusions() -> None:
    pairs = [("a", 4.0, 1.0), ("b", 8.0, 1.0), ("c", 1.0, 1.0), ("d", None, None)]
    assert weighted_average(pairs, {"b": 3.0, "c": 0.0}) == 7.0


def test_nothing_to_average() -> None:
    assert weighted_average([("a", None, None)], {}) is None
    assert weighted_average([("a", 5.0, 1.0)], {"a": 0.0}) is None


def test_nothing_judged_is_left_out() -> None:
    # Confidence 0: the metric had nothing to judge; None: a row from before confidences.
    assert weighted_average([("a", 4.0, 1.0), ("b", 5.0, 0.0), ("c", 8.0, None)], {}) == 6.0
    assert weighted_average([("a", 5.0, 0.0)], {}) is None
