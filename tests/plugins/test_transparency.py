from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from truthlens import Document, Link, Metric, MetricResult
from truthlens.plugins import transparency
from truthlens.plugins.transparency import Transparency
from truthlens.sentences import split_sentences

SOURCED = (
    "The ministry said in a statement on Monday that exports fell by 3% in March. "
    "Data from the national statistics office show the decline began last year. "
    "\u201cWe are watching the figures closely,\u201d Finance Minister Lena Park told reporters. "
    "A study published in the Journal of Trade found similar trends in neighbouring countries. "
    "Exports are expected to recover next year."
)
UNSOURCED = (
    "Exports fell sharply this spring. The decline began last year and is getting worse. "
    "Sources say the government is worried. Many believe a recovery is far away. "
    "Nobody expects things to improve soon."
)
META: dict[str, Any] = {
    "author": "Jo Smith",
    "published_at": datetime(2024, 4, 2, 9, 30, tzinfo=UTC),
    "links": (
        Link(url="https://stats.example/exports", text="statistics office"),
        Link(url="https://journal.example/trade", text="study"),
    ),
}


def doc(text: str, **kwargs: Any) -> Document:
    return Document(text=text, sentences=split_sentences(text), **kwargs)


def score(document: Document) -> MetricResult:
    result = Transparency().score(document)
    assert isinstance(result, MetricResult)
    return result


PAGE = "https://news.example/2024/04/02/exports"


def test_register_metrics_returns_the_metric() -> None:
    (metric,) = transparency.register_metrics()
    assert isinstance(metric, Metric)
    assert (metric.name, metric.label, metric.version) == (
        "transparency",
        "Transparency",
        "2.1.0",
    )


def test_in_text_sourcing_raises_the_score() -> None:
    sourced, unsourced = score(doc(SOURCED)), score(doc(UNSOURCED))
    assert sourced.value > unsourced.value + 3.0
    found = {(e.label, e.text) for e in sourced.evidence}
    assert ("source reference", "in a statement") in found
    assert ("source reference", "Data from") in found
    assert ("named source", "Finance Minister Lena Park") in found
    assert ("dated event", "on Monday") in found
    assert any(label == "quote" for label, _ in found)
    assert ("unnamed source", "Sources say") in {(e.label, e.text) for e in unsourced.evidence}


def test_metadata_raises_the_score_and_is_explained() -> None:
    bare, full = score(doc(SOURCED, url=PAGE)), score(doc(SOURCED, url=PAGE, **META))
    assert full.value > bare.value + 2.5
    assert "No author is named" in bare.explanation
    assert "no publication date" in bare.explanation
    assert "there are no links" in bare.explanation
    assert "author and the publication date are given" in full.explanation
    assert "2 outbound links" in full.explanation
    assert full.evidence == bare.evidence  # metadata has no span in the text


def test_text_without_its_page_counts_metadata_as_unknown_not_absent() -> None:
    pasted, page = score(doc(SOURCED)), score(doc(SOURCED, url=PAGE))
    assert "came without its page" in pasted.explanation
    assert "byline, dates and links are unknown" in pasted.explanation
    assert pasted.value > page.value  # a page without a byline shows it has none
    assert pasted.value < score(doc(SOURCED, url=PAGE, **META)).value
    assert pasted.confidence < page.confidence


def test_missing_date_only_is_named() -> None:
    result = score(doc(SOURCED, url=PAGE, author="Jo Smith"))
    assert "no publication date" in result.explanation
    assert "No author" not in result.explanation


def test_byline_dateline_and_kind_label_in_the_text_count() -> None:
    plain = "Exports fell by 3% in March, the ministry said on Monday."
    marked = "Analysis\nBy Jo Smith\nGENEVA (Reuters) - " + plain
    bare, found = score(doc(plain, url=PAGE)), score(doc(marked, url=PAGE))
    assert found.value > bare.value + 1.5
    assert "The author is given" in found.explanation
    assert "dateline says where it was reported" in found.explanation
    assert "marked as analysis" in found.explanation
    assert {"dateline", "article kind label"} <= {e.label for e in found.evidence}


OPINION = (
    "The council voted on Monday to close the library. I think the decision is a mistake. "
    "Libraries cost little and serve many. In my view the council should think again."
)


def test_opinion_in_the_writers_own_voice_marks_the_kind() -> None:
    result = score(doc(OPINION, url=PAGE))
    assert "reads as opinion" in result.explanation
    cues = [e for e in result.evidence if e.label == "opinion in the writer's voice"]
    assert {e.text for e in cues} == {"I think", "In my view"}
    for e in cues:
        assert OPINION[e.start : e.end] == e.text
    one_cue = OPINION.replace("In my view the", "The")
    assert result.value > score(doc(one_cue, url=PAGE)).value
    assert "opinion" not in score(doc(one_cue, url=PAGE)).explanation


def test_opinion_words_inside_quotes_do_not_mark_the_kind() -> None:
    quoted = (
        'The council voted on Monday to close the library. "I think the decision is a '
        'mistake," said Ana Ruiz. \u201cLibraries cost little. In my view the council '
        "should think again,\u201d she said."
    )
    result = score(doc(quoted, url=PAGE))
    assert "opinion" not in result.explanation
    assert "opinion in the writer's voice" not in {e.label for e in result.evidence}


def test_a_label_or_metadata_kind_wins_over_the_voice() -> None:
    labelled = score(doc("Analysis\n" + OPINION, url=PAGE))
    assert "marked as analysis" in labelled.explanation
    assert "reads as opinion" not in labelled.explanation
    tagged = score(doc(OPINION, url=PAGE, kind="news"))
    assert "marked as news" in tagged.explanation


def test_polls_letters_videos_and_years_count_as_sourcing() -> None:
    text = (
        "A new poll by the Pew Research Center found support fell. "
        "In a letter to members, the union repeated its demands. "
        "The video shows the mayor leaving early. Turnout was lower than in the 2012 election."
    )
    found = {(e.label, e.text) for e in score(doc(text, url=PAGE)).evidence}
    assert ("source reference", "A new poll") in found
    assert ("source reference", "In a letter") in found
    assert ("source reference", "The video") in found
    assert ("dated event", "2012") in found
    plain = "Support fell. The union repeated its demands. The mayor left early."
    assert score(doc(text, url=PAGE)).value > score(doc(plain, url=PAGE)).value + 1.0


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("It happened in the 1990s, not later.", "1990s"),
        ("The 2016 race was close.", "2016"),
        ("The law (2014) still stands.", "2014"),
        ("Prices rose 2000% in a year.", None),
        ("It cost $2015 to fix.", None),
        ("They counted 20150 votes.", None),
        ("The ratio was 1999.5 to one.", None),
    ],
)
def test_a_year_is_a_date_but_amounts_are_not(text: str, year: str | None) -> None:
    found = [m.group() for m in transparency._DATED.finditer(text)]
    assert found == ([year] if year else [])


def test_kind_from_metadata_and_update_date_are_explained() -> None:
    updated = datetime(2024, 4, 3, 8, 0, tzinfo=UTC)
    result = score(doc(SOURCED, url=PAGE, kind="opinion", modified_at=updated, **META))
    assert "marked as opinion" in result.explanation
    assert "update date is given" in result.explanation
    assert result.value > score(doc(SOURCED, url=PAGE, **META)).value


def test_corrections_disclosures_and_written_out_links_count() -> None:
    base = SOURCED + " Exports are a large part of the economy."
    extra = (
        SOURCED + " Correction: an earlier version of this article misstated the month. "
        "The full data are at https://stats.example/exports."
    )
    plain, disclosed = score(doc(base, url=PAGE)), score(doc(extra, url=PAGE))
    assert disclosed.value > plain.value
    assert "correction or disclosure" in disclosed.explanation
    assert "1 outbound link" in disclosed.explanation
    assert "link in text" in {e.label for e in disclosed.evidence}


def test_a_long_sourced_report_is_not_diluted_by_narrative() -> None:
    narrative = " ".join(f"Trucks left the port at dawn on day {i} of the run." for i in range(40))
    long_value = score(doc(SOURCED + " " + narrative, url=PAGE)).value
    assert long_value >= score(doc(SOURCED, url=PAGE)).value - 0.5


def test_unnamed_sources_weigh_against_all_attributions() -> None:
    few = score(doc("Sources say exports fell. Exports are down.", url=PAGE))
    many = score(doc(SOURCED + " Sources say the ministry is worried.", url=PAGE))
    assert "1 unnamed source" in few.explanation
    assert "1 unnamed source" in many.explanation
    assert many.value > few.value


def test_non_english_text_gets_lower_confidence() -> None:
    english = score(doc(SOURCED, url=PAGE, language="en"))
    other = score(doc(SOURCED, url=PAGE, language="fr"))
    assert other.confidence < english.confidence


def test_evidence_offsets_slice_to_text_after_emoji() -> None:
    text = "📈😀 Exports fell, the ministry said in a statement. 🙂 Data from the agency agree."
    result = score(doc(text))
    assert result.evidence
    for e in result.evidence:
        assert text[e.start : e.end] == e.text


def test_deterministic() -> None:
    assert score(doc(SOURCED, **META)) == score(doc(SOURCED, **META))


def test_single_sentence_has_low_confidence() -> None:
    result = score(doc("The ministry said exports fell by 3% in March.", **META))
    assert 0.0 < result.confidence <= 0.3
    assert 0.0 <= result.value <= 10.0
    assert result.explanation
    assert score(doc(SOURCED)).confidence > result.confidence


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_empty_text_is_safe(text: str) -> None:
    result = score(doc(text, **META))
    assert (result.value, result.confidence, tuple(result.evidence)) == (5.0, 0.0, ())
    assert result.explanation


@pytest.mark.parametrize("text", [SOURCED, UNSOURCED, "Sources say. " * 20, '"a b c" ' * 30])
@pytest.mark.parametrize("with_meta", [False, True])
def test_value_bounds_and_evidence_cap(text: str, with_meta: bool) -> None:
    result = score(doc(text, **(META if with_meta else {})))
    assert 0.0 <= result.value <= 10.0
    assert 0.0 <= result.confidence <= 1.0
    assert result.value == round(result.value, 2)
    assert len(result.evidence) <= 25
