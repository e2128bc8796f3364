from truthlens.averaging import weighted_average


def test_plain_mean_by_default() -> None:
    assert weighted_average([("a", 4.0), ("b", 8.0)], {}) == 6.0


def test_weights_and_exclusions() -> None:
    pairs = [("a", 4.0), ("b", 8.0), ("c", 1.0), ("d", None)]
    assert weighted_average(pairs, {"b": 3.0, "c": 0.0}) == 7.0


def test_nothing_to_average() -> None:
    assert weighted_average([("a", None)], {}) is None
    assert weighted_average([("a", 5.0)], {"a": 0.0}) is None
