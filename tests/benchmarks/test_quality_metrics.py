"""The quality harness's own scoring rules, on tiny hand-made inputs (no shared data needed)."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.datasets import clickbait_holdout, sample
from benchmarks.harness import Line, render
from benchmarks.metrics import (
    ShingleMatch,
    SnippetCounts,
    WordMatch,
    author_matches,
    author_names,
    binary_f1,
    days_apart,
    macro_f1,
    parse_day,
    roc_auc,
    shingle_match,
    shingle_scores,
    shingles,
    span_words,
    squash,
    words,
)

# --- shingle F1 (article-extraction-benchmark) ---------------------------------------


def test_shingles_are_four_token_runs_of_word_characters() -> None:
    found = shingles("One, two; three four five!")
    assert found == {("One", "two", "three", "four"): 1, ("two", "three", "four", "five"): 1}


def test_a_text_shorter_than_a_shingle_is_one_shingle_and_empty_text_none() -> None:
    assert shingles("just two") == {("just", "two"): 1}
    assert shingles(" ... ") == {}


def test_shingles_keep_case_and_count_repeats() -> None:
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }
    assert shingle_match("A b c d", "a b c d") == ShingleMatch(matched=0, extra=1, missed=1)


def test_shingle_match_counts_shared_extra_and_missed_as_multisets() -> None:
    truth = "the cat sat on the mat today"  # 4 shingles
    prediction = "menu the cat sat on the mat"  # 4 shingles, 3 of them shared
    assert shingle_match(truth, prediction) == ShingleMatch(matched=3, extra=1, missed=1)


def test_shingle_scores_average_per_document_then_take_f1() -> None:
    # Document 1: P 1.0, R 0.5. Document 2: P 0.5, R 1.0. Averages 0.75 / 0.75.
    scores = shingle_scores([ShingleMatch(2, 0, 2), ShingleMatch(1, 1, 0)])
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(0.75)
    assert scores.f1 == pytest.approx(0.75)


def test_shingle_scores_skip_empty_sides_as_upstream_does() -> None:
    # No prediction: counts for recall (0) but not for precision; no truth: the reverse.
    scores = shingle_scores([ShingleMatch(4, 0, 0), ShingleMatch(0, 0, 4), ShingleMatch(0, 4, 0)])
    assert scores.precision == pytest.approx(0.5)  # (1.0 + 0.0) / 2
    assert scores.recall == pytest.approx(0.5)  # (1.0 + 0.0) / 2
    assert shingle_scores([]).f1 == 0.0


def test_f1_comes_from_the_averages_not_from_per_document_f1() -> None:
    scores = shingle_scores([ShingleMatch(1, 0, 3), ShingleMatch(1, 3, 0)])
    assert scores.precision == pytest.approx((1.0 + 0.25) / 2)
    assert scores.recall == pytest.approx((0.25 + 1.0) / 2)
    assert scores.f1 == pytest.approx(0.625)  # per-document F1 would average 0.4


# --- AUC ----------------------------------------------------------------------------


def test_auc_is_one_when_every_positive_outranks_every_negative() -> None:
    assert roc_auc([5.0, 6.0], [1.0, 2.0, 3.0]) == 1.0
    assert roc_auc([1.0], [2.0]) == 0.0


def test_auc_counts_ties_as_one_half() -> None:
    assert roc_auc([1.0, 1.0], [1.0]) == 0.5
    # Pairs: (3>1) (3>2) (2>1) (2=2 → ½) → 3.5 of 4.
    assert roc_auc([3.0, 2.0], [1.0, 2.0]) == pytest.approx(3.5 / 4)


def test_auc_needs_both_classes() -> None:
    with pytest.raises(ValueError, match="positive"):
        roc_auc([], [1.0])


# --- macro-F1 -----------------------------------------------------------------------


def test_macro_f1_averages_each_label_f1() -> None:
    gold = ["SUBJ", "SUBJ", "OBJ", "OBJ"]
    predicted = ["SUBJ", "OBJ", "OBJ", "OBJ"]
    # SUBJ: tp 1, fn 1 → 2/3. OBJ: tp 2, fp 1 → 4/5.
    assert macro_f1(gold, predicted) == pytest.approx((2 / 3 + 4 / 5) / 2)


def test_macro_f1_of_a_majority_guess_counts_the_missing_class_as_zero() -> None:
    gold = ["SUBJ", "OBJ", "OBJ"]
    assert macro_f1(gold, ["OBJ"] * 3, ("SUBJ", "OBJ")) == pytest.approx((0 + 0.8) / 2)


def test_macro_f1_rejects_unequal_lengths() -> None:
    with pytest.raises(ValueError, match="length"):
        macro_f1(["a"], ["a", "b"])


def test_binary_f1() -> None:
    assert binary_f1([True, True, False], [True, False, True]) == pytest.approx(0.5)
    assert binary_f1([False], [False]) == 0.0


# --- loaded-language spans vs annotated words ---------------------------------------


def test_words_are_lower_cased_and_keep_hyphens_and_apostrophes() -> None:
    assert words("The So-Called reform didn\u2019t WORK") == {
        "the",
        "so-called",
        "reform",
        "didn't",
        "work",
    }


def test_span_words_takes_every_word_a_span_touches() -> None:
    text = "A truly outrageous plan, critics said."
    start = text.index("outrageous")
    assert span_words(text, [(start, start + 10)]) == {"outrageous"}
    assert span_words(text, [(start + 2, start + 4)]) == {"outrageous"}  # part of a word
    assert span_words(text, [(0, 8)]) == {"a", "truly"}
    assert span_words(text, []) == set()


def test_word_match_is_micro_averaged_over_sentences() -> None:
    match = WordMatch()
    match.add({"outrageous", "plan"}, {"outrageous"})  # 1 right, 1 wrong
    match.add({"radical"}, set())  # a neutral sentence: a false positive
    match.add(set(), {"slammed", "scheme"})  # missed both
    assert (match.matched, match.predicted, match.annotated) == (1, 3, 3)
    assert match.precision == pytest.approx(1 / 3)
    assert match.recall == pytest.approx(1 / 3)
    assert match.f1 == pytest.approx(1 / 3)
    assert WordMatch().precision == WordMatch().recall == WordMatch().f1 == 0.0


def test_a_word_counts_once_per_sentence_whatever_its_case() -> None:
    match = WordMatch()
    match.add(words("Radical radical RADICAL"), words("radical"))
    assert (match.matched, match.predicted, match.annotated) == (1, 1, 1)


# --- trafilatura_eval: snippets, authors, dates -------------------------------------


def test_snippets_match_after_collapsing_whitespace() -> None:
    counts = SnippetCounts()
    counts.add(
        "First  paragraph\nof the story.\nShare this",
        must=["First paragraph of", "the story."],
        must_not=["Share this", "Comments (3)"],
    )
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (2, 0, 1, 1)
    assert counts.accuracy == pytest.approx(3 / 4)
    assert counts.prf.precision == pytest.approx(2 / 3)
    assert counts.prf.recall == 1.0
    assert squash("  a \n\t b ") == "a b"


def test_no_text_misses_every_must_and_avoids_every_must_not() -> None:
    counts = SnippetCounts()
    counts.add(None, must=["x y"], must_not=["z"])
    counts.add("", must=["x y"], must_not=["z"])
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (0, 2, 0, 2)


def test_author_names_split_bylines_and_ignore_case_and_order() -> None:
    assert author_names("By Jane Doe and John Roe") == {"jane doe", "john roe"}
    assert author_names("CLARA LÖW, SIDDHARTH PRAKASH & KLAUS JACOB") == {
        "clara löw",
        "siddharth prakash",
        "klaus jacob",
    }
    assert author_names(None) == frozenset()
    assert author_matches("Jane Doe; John Roe", "john roe, Jane  Doe")
    assert author_matches("Anna Schmidt und Ben Weber", "Anna Schmidt; Ben Weber")


def test_author_must_name_exactly_the_same_people() -> None:
    assert not author_matches("Jane Doe", "Jane Doe; John Roe")
    assert not author_matches("Jane Doe", None)
    assert not author_matches("Jane Doe", "Jane")
    assert not author_matches("", "")


def test_gold_dates_parse_with_one_digit_parts_and_swapped_day_month() -> None:
    assert parse_day("2022-11-1") == date(2022, 11, 1)
    assert parse_day("2022-29-11") == date(2022, 11, 29)
    assert parse_day("2020-01-27T10:00:00") == date(2020, 1, 27)
    assert parse_day("27.01.2020") is None
    assert parse_day("2020-02-31") is None


def test_days_apart() -> None:
    assert days_apart("2020-01-27", date(2020, 1, 27)) == 0
    assert days_apart("2020-01-27", date(2020, 1, 26)) == 1
    assert days_apart("2020-01-27", None) is None


# --- harness plumbing ----------------------------------------------------------------


def test_sample_spreads_a_limit_evenly_through_the_items() -> None:
    items = list(range(10))
    assert sample(items, None) == items
    assert sample(items, 20) == items
    assert sample(items, 5) == [0, 2, 4, 6, 8]
    assert sample(["a", "b"] * 3, 2) == ["a", "b"]


def test_clickbait_holdout_is_deterministic_and_about_a_fifth() -> None:
    headlines = [f"headline number {i}" for i in range(2000)]
    held = [h for h in headlines if clickbait_holdout(h)]
    assert held == [h for h in headlines if clickbait_holdout(h)]
    assert 300 < len(held) < 500


def test_render_prints_one_markdown_table() -> None:
    table = render([Line("m", "d", "3", "0.5", "b 0.4", "≥ 0.4", "yes")])
    lines = table.splitlines()
    assert lines[0].split("|")[1:-1] == [
        " measure ",
        " data ",
        " n ",
        " ours ",
        " baseline(s) ",
        " target ",
        " met? ",
    ]
    assert set(lines[1]) <= {"|", "-"}
    assert [c.strip() for c in lines[2].split("|")[1:-1]] == [
        "m",
        "d",
        "3",
        "0.5",
        "b 0.4",
        "≥ 0.4",
        "yes",
    ]
