from __future__ import annotations

import pytest

from truthlens import Document, Metric, MetricResult
from truthlens.plugins import accuracy
from truthlens.plugins.accuracy import Accuracy
from truthlens.sentences import split_sentences

CAREFUL = (
    "The city council voted 7-2 on Tuesday to approve a $4.5 million budget for road repairs, "
    "according to meeting records. Mayor Ana Ruiz said the work would begin in March and could "
    "last about eight months. \u201cWe expect some lane closures on Main Street,\u201d she told "
    "reporters. A state report published on January 12, 2024 rated 38% of the roads as poor."
)
CARELESS = (
    "Everyone knows the council always wastes our money. Sources say the mayor is hiding a "
    "shocking secret. It is undeniable that the roads are the worst in the country. Many believe "
    "the whole budget is a hoax. This is proven beyond doubt."
)


def doc(text: str) -> Document:
    return Document(text=text, sentences=split_sentences(text))


def score(text: str) -> MetricResult:
    result = Accuracy().score(doc(text))
    assert isinstance(result, MetricResult)
    return result


def labels(result: MetricResult) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for e in result.evidence:
        found.setdefault(e.label, set()).add(e.text)
    return found


REPORT = " ".join(
    [
        CAREFUL,
        "Council member Dev Patel said the repairs were overdue. Records show the council spent "
        "$1.2 million on roads in 2022, down from $2.1 million in 2019. \u201cThe potholes on Elm "
        "Avenue have been there for three winters,\u201d Patel said. Residents of the Riverside "
        "district filed 214 complaints last year, according to city data. Ruiz said the "
        "contractor, Northgate Paving, was chosen from four bids. The work is likely to cost "
        "more if steel prices rise, estimated budget officer Maria Chen. Traffic engineer Tom "
        "Okafor said detours would be posted on Oak Road and Pine Street. The council will "
        "review progress in September. The state transport office confirmed its share of "
        "$800,000 on Friday.",
    ]
)


def test_register_metrics_returns_the_metric() -> None:
    (metric,) = accuracy.register_metrics()
    assert isinstance(metric, Metric)
    assert (metric.name, metric.label, metric.version) == ("accuracy", "Accuracy", "2.0.0")


def test_careful_reporting_scores_higher_than_unsupported_claims() -> None:
    careful, careless = score(CAREFUL), score(CARELESS)
    assert careful.value >= careless.value + 4.0
    assert careless.value <= 2.0
    assert "named source" in careful.explanation
    assert "unsupported absolute" in careless.explanation
    assert "vague source" in careless.explanation


def test_explanation_says_it_is_not_a_fact_check() -> None:
    for text in (CAREFUL, CARELESS, REPORT):
        assert "verifiability signals, not a fact check" in score(text).explanation


def test_a_long_well_sourced_report_is_not_penalized_for_its_length() -> None:
    report, brief = score(REPORT), score(CAREFUL)
    assert report.value >= 7.0
    assert report.value > brief.value
    assert report.confidence > brief.confidence
    # The same sourcing diluted by plain narrative sentences keeps its support.
    narrative = " ".join(f"Work crews met at the depot on day {i}." for i in range(1, 30))
    assert score(REPORT + " " + narrative).value >= report.value - 0.5


def test_named_sources_are_counted_once_each() -> None:
    one = score("Mayor Ana Ruiz said the road would close. Ruiz said it would reopen in May.")
    two = score("Mayor Ana Ruiz said the road would close. Chief Tom Lee said it would reopen.")
    assert "1 named source" in one.explanation
    assert "2 named sources" in two.explanation
    assert two.value > one.value


def test_evidence_labels_sources_quotes_figures_absolutes_and_vague_sources() -> None:
    good = labels(score(CAREFUL))
    assert {"according to", "said", "told reporters"} <= good["attributed claim"]
    assert {"$4.5 million", "38%", "January 12, 2024"} <= good["specific figure"]
    assert "Mayor Ana Ruiz" in good["named source"]
    assert any("lane closures" in q for q in good["direct quote"])
    bad = labels(score(CARELESS))
    assert {"Everyone knows", "undeniable", "proven"} <= bad["unsupported absolute"]
    assert {"Sources say", "Many believe"} <= bad["vague source"]
    assert "shocking" in bad["sensational claim"]


def test_one_vague_source_weighs_less_among_many_named_ones() -> None:
    vague = "Sources say the budget will grow by 5% next year."
    alone = score("The council met in the city hall. " + vague)
    among = score(REPORT + " " + vague)
    assert "1 vague source" in alone.explanation
    assert "1 vague source" in among.explanation
    assert (
        among.value - score(REPORT).value
        > alone.value
        - score("The council met in the city hall. The budget will grow by 5% next year.").value
    )


def test_everyday_words_are_not_absolutes_or_sensational() -> None:
    found = labels(score("The Secret Service said it had never seen such a crowd on Monday."))
    assert "unsupported absolute" not in found
    assert "sensational claim" not in found


def test_attributed_absolute_is_reported_not_asserted() -> None:
    result = score('The minister said the new bridge is "undeniably safe for everyone".')
    assert "unsupported absolute" not in labels(result)
    assert "unsupported absolute" in labels(score("The new bridge is undeniably safe."))


def test_shouting_headline_is_a_problem_and_explained() -> None:
    calm = Accuracy().score(
        Document(
            text=REPORT, title="Council approves road repairs", sentences=split_sentences(REPORT)
        )
    )
    loud = Accuracy().score(
        Document(
            text=REPORT,
            title="BREAKING: COUNCIL HIDES ROAD SCANDAL!!",
            sentences=split_sentences(REPORT),
        )
    )
    assert loud.value < calm.value
    assert "headline shouts" in loud.explanation
    assert "headline" not in calm.explanation


def test_headline_figure_the_body_never_gives_is_flagged() -> None:
    result = Accuracy().score(
        Document(
            text=REPORT,
            title="Council approves 90 million road plan",
            sentences=split_sentences(REPORT),
        )
    )
    assert "figures the body never gives (90)" in result.explanation
    ok = Accuracy().score(
        Document(
            text=REPORT,
            title="Council rates 38% of roads as poor",
            sentences=split_sentences(REPORT),
        )
    )
    assert "never gives" not in ok.explanation


def test_headline_about_something_else_is_flagged() -> None:
    result = Accuracy().score(
        Document(
            text=REPORT,
            title="Celebrity chef opens vegan bakery downtown",
            sentences=split_sentences(REPORT),
        )
    )
    assert "headline's words never appear in the body" in result.explanation


def test_month_may_is_a_date_not_a_hedge() -> None:
    found = labels(score("The law took effect in May 2021."))
    assert found.get("specific figure") == {"May 2021"}
    assert "hedged claim" not in found
    assert "may" in labels(score("The law may take effect soon."))["hedged claim"]


def test_non_english_text_gets_lower_confidence() -> None:
    english = Accuracy().score(Document(text=REPORT, language="en"))
    other = Accuracy().score(Document(text=REPORT, language="de"))
    assert other.confidence < english.confidence


def test_evidence_offsets_slice_to_text_after_emoji() -> None:
    text = "🚨😀 Breaking: everyone knows it! Sources say 12 people, according to 👍 police."
    result = score(text)
    assert len(result.evidence) >= 3
    for e in result.evidence:
        assert text[e.start : e.end] == e.text


def test_evidence_is_capped_and_ordered() -> None:
    evidence = list(score(" ".join([CAREFUL, CARELESS] * 8)).evidence)
    assert 0 < len(evidence) <= 25
    keys = [(-(e.weight or 0.0), e.start) for e in evidence]
    assert keys == sorted(keys)


def test_deterministic() -> None:
    assert score(CAREFUL) == score(CAREFUL)
    assert score(CARELESS) == score(CARELESS)


def test_single_sentence_has_low_confidence() -> None:
    result = score("Officials said the bridge would reopen on Monday.")
    assert 0.0 < result.confidence <= 0.3
    assert 0.0 <= result.value <= 10.0
    assert result.explanation
    assert score(CAREFUL).confidence > result.confidence


@pytest.mark.parametrize("text", ["", " \n "])
def test_empty_text_is_safe(text: str) -> None:
    result = score(text)
    assert (result.value, result.confidence, tuple(result.evidence)) == (5.0, 0.0, ())
    assert result.explanation


@pytest.mark.parametrize(
    "text", [CAREFUL, CARELESS, "100% 100% 100%", "Never! Always! Everyone knows!", "1 2 3"]
)
def test_value_bounds(text: str) -> None:
    result = score(text)
    assert 0.0 <= result.value <= 10.0
    assert 0.0 <= result.confidence <= 1.0
    assert result.value == round(result.value, 2)
