"""Transparency: can a reader see where the information comes from?

Two kinds of signal. Metadata: a named author, a publication date, outbound links a
reader can follow (these have no span in the text, so they appear only in the
explanation). In-text sourcing: attributions, quotes, named sources and direct
references to documents, data or statements. Unnamed sources ("sources say") take a
little away: they show that a source exists but not who it is.
"""

from __future__ import annotations

import math

from truthlens import Document, Metric, MetricResult, hookimpl
from truthlens.plugins._lexicon import (
    ATTRIBUTION,
    NAMED_SOURCE,
    VAGUE_SOURCES,
    Hit,
    clamp_score,
    confidence,
    counted,
    find_hits,
    find_quotes,
    join_phrases,
    overlaps,
    phrase_pattern,
    select_evidence,
    sentences_of,
    strongest,
)

SOURCE_REFERENCE = "source reference"
QUOTE = "quote"
NAMED = "named source"
ATTRIBUTION_LABEL = "attribution"
UNNAMED = "unnamed source"

_REFERENCES = phrase_pattern(
    (
        "in a statement", "said in a statement", "in a press release", "in a news release",
        "press release", "study published in", "published in", "a study by", "the study",
        "a report by", "the report", "report from", "report published", "data from",
        "figures from", "statistics from", "according to data", "according to figures",
        "according to a report", "according to a study", "according to records",
        "court documents", "court filings", "court records", "public records",
        "records show", "documents show", "documents obtained", "filed with", "filing with",
        "in an interview", "told reporters", "at a news conference", "at a press conference",
        "in a letter", "in an email", "in a post on", "peer-reviewed", "the journal",
        "survey by", "survey conducted", "a poll by", "census", "official figures",
        "government data", "transcript", "testimony", "minutes of", "annual report",
        "the ministry said", "the agency said", "the company said", "database",
    )
)  # fmt: skip

_WEIGHT = {
    SOURCE_REFERENCE: 0.9,
    QUOTE: 0.8,
    NAMED: 0.7,
    ATTRIBUTION_LABEL: 0.5,
    UNNAMED: 0.6,
}
_SOURCED = frozenset({SOURCE_REFERENCE, QUOTE, NAMED, ATTRIBUTION_LABEL})
_FULL_SOURCING = 0.5  # share of sourced sentences that earns the full in-text points


def _sentence_hits(text: str) -> list[Hit]:
    vague = find_hits(VAGUE_SOURCES, text, UNNAMED, _WEIGHT[UNNAMED])
    spans = [(h.start, h.end) for h in vague]
    hits = [
        *vague,
        *(Hit(s, e, QUOTE, _WEIGHT[QUOTE]) for s, e in find_quotes(text)),
        *find_hits(_REFERENCES, text, SOURCE_REFERENCE, _WEIGHT[SOURCE_REFERENCE]),
        *find_hits(NAMED_SOURCE, text, NAMED, _WEIGHT[NAMED]),
        *find_hits(ATTRIBUTION, text, ATTRIBUTION_LABEL, _WEIGHT[ATTRIBUTION_LABEL]),
    ]
    return strongest(h for h in hits if h.label == UNNAMED or not overlaps(h, spans))


class Transparency(Metric):
    name = "transparency"
    label = "Transparency"
    description = (
        "Whether the source of the information is visible: a named author, a date, "
        "links, and in-text attributions, quotes and references to documents or data."
    )
    version = "1.0.0"

    def score(self, document: Document) -> MetricResult:
        text = document.text
        sentences = sentences_of(document)
        if not sentences:
            return MetricResult(
                value=5.0,
                explanation="There is no text to judge transparency on.",
                confidence=0.0,
            )
        hits: list[Hit] = []
        sourced = 0
        for sentence in sentences:
            found = _sentence_hits(sentence.text)
            sourced += any(h.label in _SOURCED for h in found)
            hits.extend(h.shifted(sentence.start) for h in found)
        has_author = bool(document.author and document.author.strip())
        has_date = document.published_at is not None
        n_links = len(document.links)
        metadata = 1.5 * has_author + 1.0 * has_date + 1.5 * (1.0 - math.exp(-n_links / 2.0))
        share = sourced / len(sentences)
        in_text = 6.0 * min(1.0, share / _FULL_SOURCING)
        unnamed = sum(h.label == UNNAMED for h in hits)
        value = metadata + in_text - min(1.5, 0.5 * unnamed)
        counts = {label: sum(h.label == label for h in hits) for label in _WEIGHT}
        return MetricResult(
            value=clamp_score(value),
            explanation=_explain(has_author, has_date, n_links, sourced, len(sentences), counts),
            evidence=select_evidence(text, hits),
            confidence=confidence(len(sentences), document.word_count),
        )


def _explain(
    has_author: bool,
    has_date: bool,
    n_links: int,
    sourced: int,
    n_sentences: int,
    counts: dict[str, int],
) -> str:
    if has_author and has_date:
        meta = "The author and publication date are given"
    elif has_author:
        meta = "The author is named but no publication date is given"
    elif has_date:
        meta = "No author is named, though the publication date is given"
    else:
        meta = "No author is named and no publication date is given"
    meta += (
        f", with {counted(n_links, 'outbound link')}." if n_links else ", and there are no links."
    )
    kinds = {
        ATTRIBUTION_LABEL: "attribution",
        QUOTE: "quote",
        NAMED: "named source",
        SOURCE_REFERENCE: "source reference",
        UNNAMED: "unnamed source",
    }
    parts = [counted(counts[k], name) for k, name in kinds.items() if counts[k]]
    sourcing = f"Sources are cited in {sourced} of {counted(n_sentences, 'sentence')}"
    sourcing += f" ({join_phrases(parts)})." if parts else "."
    return meta + " " + sourcing


@hookimpl
def register_metrics() -> list[Metric]:
    return [Transparency()]
