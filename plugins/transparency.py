"""Transparency: can a reader see who wrote this, when, what kind of piece it is, and
where its information comes from?

Metadata, when the page gives it: byline, publication and update dates, outbound links,
the article kind (news, opinion, analysis from JSON-LD or the URL). The same facts are
also read from the text: a "By ..." line, a dateline ("WASHINGTON (Reuters) -"), links
written out, "Opinion:" or "Analysis:" labels or, failing a label, a writer who states
views in their own voice outside quotes in at least two sentences ("I believe", "we
endorse": the piece declares itself opinion), corrections and disclosures. In-text
sourcing counts distinct named sources, and attributions, quotes, cited documents
(statements, reports, polls, letters, videos, speeches) and dated events (dates, years),
each saturating, so a long report is not judged by a per-sentence rate. Unnamed
sources ("sources say") take a little away, judged against all attributions: they show
that a source exists but not who it is. Metadata has no span in the text, so it appears
only in the explanation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from truthlens import Document, Metric, MetricResult, Sentence, hookimpl
from truthlens.plugins._lexicon import (
    ATTRIBUTION,
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
    raw_runs,
    select_evidence,
    sentences_of,
    strongest,
    word_runs,
)
from truthlens.plugins._sourcing import length_factor, named_sources, saturating

SOURCE_REFERENCE = "source reference"
QUOTE = "quote"
NAMED = "named source"
ATTRIBUTION_LABEL = "attribution"
UNNAMED = "unnamed source"
DATELINE = "dateline"
BYLINE = "byline"
DATED = "dated event"
DISCLOSURE = "correction or disclosure"
LINK = "link in text"
KIND_LABEL = "article kind label"
OPINION_VOICE = "opinion in the writer's voice"

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
        "according to documents", "obtained by", "a copy of", "the lawsuit", "the indictment",
        "the complaint", "the filing", "the bill", "the ruling", "the audit", "fact check",
        "fact-check", "the poll", "a poll", "the survey", "a survey", "the data",
        "polls", "a new poll", "poll by", "poll of", "polling by", "polling data",
        "a study", "a new study", "the studies", "an analysis by", "an analysis of",
        "a report", "the reports", "released a report", "published a report", "the memo",
        "a memo", "emails show", "the video", "a video", "video shows", "footage",
        "in a tweet", "in a speech", "the speech", "the interview", "an interview with",
        "wrote in", "writing in", "an op-ed", "an article in", "in his book", "in her book",
        "the letter", "a letter", "the filings", "financial disclosure",
    )
)  # fmt: skip

_WEIGHT = {
    SOURCE_REFERENCE: 0.9,
    QUOTE: 0.8,
    NAMED: 0.7,
    ATTRIBUTION_LABEL: 0.4,
    UNNAMED: 0.6,
    DATELINE: 0.8,
    BYLINE: 0.8,
    DATED: 0.3,
    DISCLOSURE: 0.9,
    LINK: 0.6,
    KIND_LABEL: 0.7,
    OPINION_VOICE: 0.5,
}
_SOURCED = frozenset({SOURCE_REFERENCE, QUOTE, NAMED, ATTRIBUTION_LABEL})
_HEAD, _HEAD_LINES = 400, 4  # where a kind label, byline and dateline can be

_DAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = (
    r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|April|May|June|July|Aug(?:ust|\.)?|"
    r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
)
_DATED = re.compile(  # when something happened: "on Tuesday", "Sept. 15", "in 2014"
    rf"\b(?:(?:on|last|this|next|since|until|by)\s+(?:{_DAYS})\b"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b(?:\s+\d{{4}})?"
    rf"|(?:in|since|until|by|from)\s+(?:(?:{_MONTHS})\b(?:\s+(?:19|20)\d\d\b)?|(?:19|20)\d\d\b)"
    r"|(?<![\w$\u00a3\u20ac.,-])(?:19|20)\d\d(?:s\b|(?![\w%.,]\d|[\w%])))"
)
_DATELINE = re.compile(  # "WASHINGTON (Reuters) -", "CLEVELAND —", "PARIS, March 3 --"
    r"^\s*[A-Z][A-Z.'\u2019-]+(?:[ ,]+[A-Z][A-Za-z.'\u2019-]+){0,3}"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){0,2}\)\s*)?"
    r"(?:-{1,2}|\u2014|\u2013)\s"
)
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'\u2019-]+(?:\s+(?:[A-Z][\w.'\u2019-]+|and|&)){1,5}\s*$")
_DISCLOSURE = re.compile(
    r"\b(?:correction\s*:|corrected\b|clarification\s*:|an earlier version of this|"
    r"this (?:article|story|post) (?:has been|was) (?:updated|corrected|amended)|"
    r"update\s*:|updated\s*:|editor'?s note|disclosure\s*:|full disclosure|disclaimer\s*:|"
    r"(?:is|are) a (?:paid )?(?:contributor|columnist|donor|client|investor|shareholder)\b|"
    r"(?:has|have) (?:donated|contributed) to|conflict of interest|"
    r"(?:owns?|owned) (?:shares|stock) in)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_DATE_WORDS = frozenset(
    (
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "Jan", "January", "Feb", "February", "March", "April", "May", "June", "July",
        "Aug", "August", "Sep", "Sept", "September", "Oct", "October", "Nov",
        "November", "Dec", "December",
    )
)  # fmt: skip
"""Every `_DATED` match holds a digit or one of these as a whole word."""
_DISCLOSURE_CUES = (
    "correct", "clarification", "earlier version", "update", "amended", "s note", "disclos",
    "disclaimer", "contribut", "columnist", "donor", "client", "investor", "shareholder",
    "donated", "conflict of interest", "shares in", "stock in",
)  # fmt: skip
"""Every `_DISCLOSURE` match holds one of these (lower-cased): keep the two in step."""
_LINK = re.compile(r"\bhttps?://[^\s<>\")\]]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}[^\s<>\")\]]*", re.I)
_KIND_LABEL = re.compile(
    r"^\s*(?:opinion|analysis|commentary|editorial|op-ed|column|review|perspective|"
    r"news analysis|fact check|explainer|satire|sponsored(?: content)?|advertorial)"
    r"\s*(?:[:|\u2014\u2013-]|$)",
    re.IGNORECASE,
)

_OPINION_VOICE = phrase_pattern(
    (
        "I think", "I believe", "I would argue", "I argue", "in my view", "in my opinion",
        "my view is", "I am convinced", "I'm convinced", "I am writing", "I'm writing",
        "we believe", "we endorse", "we urge", "we recommend", "our endorsement",
        "this editorial", "our editorial", "this column", "this op-ed",
    )
)  # fmt: skip
"""The writer stating a view in their own voice (outside quotes): the text says the
piece is opinion, as an "Opinion:" label would."""
_OPINION_CUES = 2  # sentences: one could be a quote whose marks the paragraph lost
_QUOTE_MARK = re.compile('["\u201c\u201d]')


@dataclass
class _Tally:
    hits: list[Hit]
    sources: set[str]
    sourced_sentences: int
    sentences: int
    dateline: bool
    byline: bool
    disclosures: int
    links_in_text: int
    kind_label: str | None
    opinion_voice: bool


def _maybe_dated(text: str) -> bool:
    return _DIGIT.search(text) is not None or not raw_runs(text).isdisjoint(_DATE_WORDS)


def _maybe_disclosure(text: str, lowered: str) -> bool:
    # `re` matches a few non-ASCII letters to "i", "s" and "k" that `str.lower` keeps apart.
    return word_runs(text) is None or any(cue in lowered for cue in _DISCLOSURE_CUES)


def _sentence_hits(text: str) -> tuple[list[Hit], set[str]]:
    runs = word_runs(text)
    lowered = text.lower()  # "http", "www": letters only ASCII ones match case-insensitively
    vague = find_hits(VAGUE_SOURCES, text, UNNAMED, _WEIGHT[UNNAMED], runs)
    spans = [(h.start, h.end) for h in vague]
    named = named_sources(text, NAMED, _WEIGHT[NAMED])
    hits = [
        *vague,
        *(Hit(s, e, QUOTE, _WEIGHT[QUOTE]) for s, e in find_quotes(text)),
        *find_hits(_REFERENCES, text, SOURCE_REFERENCE, _WEIGHT[SOURCE_REFERENCE], runs),
        *(hit for hit, _ in named),
        *find_hits(ATTRIBUTION, text, ATTRIBUTION_LABEL, _WEIGHT[ATTRIBUTION_LABEL], runs),
        *(find_hits(_DATED, text, DATED, _WEIGHT[DATED]) if _maybe_dated(text) else ()),
        *(
            find_hits(_DISCLOSURE, text, DISCLOSURE, _WEIGHT[DISCLOSURE])
            if _maybe_disclosure(text, lowered)
            else ()
        ),
        *(
            find_hits(_LINK, text, LINK, _WEIGHT[LINK])
            if "http" in lowered or "www" in lowered
            else ()
        ),
    ]
    kept = strongest(h for h in hits if h.label == UNNAMED or not overlaps(h, spans))
    keys = {key for hit, key in named if not overlaps(hit, spans)}
    return kept, keys


def _tally(text: str, sentences: tuple[Sentence, ...]) -> _Tally:
    hits: list[Hit] = []
    sources: set[str] = set()
    sourced = disclosures = 0
    for sentence in sentences:
        found, keys = _sentence_hits(sentence.text)
        sources |= keys
        sourced += any(h.label in _SOURCED for h in found)
        disclosures += any(h.label == DISCLOSURE for h in found)
        hits.extend(h.shifted(sentence.start) for h in found)
    lines = text[:_HEAD].split("\n")[:_HEAD_LINES]  # a label, byline and dateline open a story
    label = _KIND_LABEL.match(lines[0])
    voice = [] if label else _opinion_voice(text, sentences)
    byline = dateline = None
    offset = 0
    for line in lines:
        if byline is None and (byline := _BYLINE.match(line)):
            hits.append(Hit(offset, offset + len(line.rstrip()), BYLINE, _WEIGHT[BYLINE]))
        if dateline is None and (dateline := _DATELINE.match(line)):
            end = offset + dateline.end()
            hits.append(Hit(offset + dateline.start(), end - 1, DATELINE, _WEIGHT[DATELINE]))
        offset += len(line) + 1
    if label:
        hits.append(Hit(label.start(), label.end(), KIND_LABEL, _WEIGHT[KIND_LABEL]))
    hits.extend(voice)
    return _Tally(
        hits=hits,
        sources=sources,
        sourced_sentences=sourced,
        sentences=len(sentences),
        dateline=dateline is not None,
        byline=byline is not None,
        disclosures=disclosures,
        links_in_text=sum(h.label == LINK for h in hits),
        kind_label=(
            label.group().strip(" :|-\u2014\u2013\n").lower()
            if label
            else "opinion"
            if voice
            else None
        ),
        opinion_voice=bool(voice),
    )


def _opinion_voice(text: str, sentences: tuple[Sentence, ...]) -> list[Hit]:
    """The first opinion cue of each sentence outside quotes, when enough sentences have one.

    A cue is inside a quote when an odd number of double quote marks precede it in its
    paragraph: counting marks rather than pairing them copes with mixed straight and curly
    marks and with a quote that runs on past a sentence.
    """
    starts = [s.start for s in sentences]
    found: dict[int, Hit] = {}  # sentence index -> its first cue
    for hit in find_hits(_OPINION_VOICE, text, OPINION_VOICE, _WEIGHT[OPINION_VOICE]):
        paragraph = text.rfind("\n", 0, hit.start) + 1
        if len(_QUOTE_MARK.findall(text, paragraph, hit.start)) % 2 == 0:
            found.setdefault(bisect_right(starts, hit.start), hit)
    return list(found.values()) if len(found) >= _OPINION_CUES else []


class Transparency(Metric):
    name = "transparency"
    label = "Transparency"
    description = (
        "Whether a reader can see who wrote the piece, when, what kind of piece it is and "
        "where its information comes from: byline, dates, dateline, links and cited "
        "documents, corrections and disclosures, named sources and quotes."
    )
    version = "2.1.0"

    def score(self, document: Document) -> MetricResult:
        text = document.text
        sentences = sentences_of(document)
        if not sentences:
            return MetricResult(
                value=5.0,
                explanation="There is no text to judge transparency on.",
                confidence=0.0,
            )
        tally = _tally(text, sentences)
        counts = {label: sum(h.label == label for h in tally.hits) for label in _WEIGHT}
        has_author = bool(document.author and document.author.strip()) or tally.byline
        has_date = document.published_at is not None or document.modified_at is not None
        n_links = len(document.links) + tally.links_in_text
        kind = (document.kind or "").lower() or tally.kind_label
        text_only = _page_unknown(document)
        unknown = 0.5 * text_only  # text without its page: byline, date, links unknown, not absent
        who_when = (
            1.5 * max(has_author, unknown)
            + 1.0 * max(has_date, unknown)
            + 0.5 * (tally.dateline or document.modified_at is not None)
            + 0.5 * bool(kind)
            + 0.5 * min(1, tally.disclosures)
            + 1.0 * max(saturating(n_links, 2.0), unknown)
        )
        brief = length_factor(len(sentences))  # a brief is expected to cite fewer
        sourcing = 5.0 * (
            0.30 * saturating(len(tally.sources), 3.0 * brief)
            + 0.20 * saturating(counts[ATTRIBUTION_LABEL], 5.0 * brief)
            + 0.10 * saturating(counts[QUOTE], 3.0 * brief)
            + 0.15 * saturating(counts[SOURCE_REFERENCE], 2.0 * brief)
            + 0.25 * saturating(counts[DATED], 2.0 * brief)
        )
        attributions = sum(counts[k] for k in _SOURCED)
        unnamed = counts[UNNAMED] / (counts[UNNAMED] + attributions) if counts[UNNAMED] else 0.0
        value = 0.5 + who_when + sourcing - 2.0 * unnamed
        return MetricResult(
            value=clamp_score(value),
            explanation=_explain(document, tally, counts, has_author, has_date, n_links, kind),
            evidence=select_evidence(text, tally.hits),
            confidence=_confidence(
                document, len(sentences), attributions + counts[DATED], text_only
            ),
        )


def _page_unknown(document: Document) -> bool:
    return document.url is None and not document.links


def _confidence(document: Document, n_sentences: int, evidence: int, text_only: bool) -> float:
    """Less text, fewer signals, a language the word lists do not cover, or text without
    its page (byline, dates and links unknown rather than absent): less confidence."""
    base = confidence(n_sentences, document.word_count) * (0.5 + 0.5 * saturating(evidence, 4.0))
    if text_only:
        base *= 0.7
    if document.language and not document.language.lower().startswith("en"):
        base *= 0.4
    return round(base, 2)


def _explain(
    document: Document,
    tally: _Tally,
    counts: dict[str, int],
    has_author: bool,
    has_date: bool,
    n_links: int,
    kind: str | None,
) -> str:
    known = [name for ok, name in ((has_author, "author"), (has_date, "publication date")) if ok]
    meta = (
        ("The " + " and the ".join(known) + (" are" if len(known) > 1 else " is") + " given")
        if known
        else ""
    )
    if _page_unknown(document):
        unknown = [name for ok, name in ((has_author, "byline"), (has_date, "dates")) if not ok]
        unknown.append("links" if not n_links else "")
        said = join_phrases([u for u in unknown if u])
        gap = f"the text came without its page, so its {said} are unknown"
    else:
        missing = [
            name
            for ok, name in (
                (has_author, "no author is named"),
                (has_date, "no publication date is given"),
                (n_links, "there are no links"),
            )
            if not ok
        ]
        gap = join_phrases(missing)
    sentence = "; ".join(p for p in (meta, gap) if p)
    meta = sentence[:1].upper() + sentence[1:]
    meta += f", with {counted(n_links, 'outbound link')}." if n_links else "."
    extras = []
    if tally.dateline:
        extras.append("a dateline says where it was reported")
    if document.modified_at is not None:
        extras.append("an update date is given")
    if kind and tally.opinion_voice and not document.kind:
        extras.append("the writer gives views in their own voice, so the piece reads as opinion")
    elif kind:
        extras.append(f"the piece is marked as {kind}")
    if tally.disclosures:
        extras.append(
            counted(tally.disclosures, "correction or disclosure", "corrections or disclosures")
        )
    if extras:
        said = join_phrases(extras)
        meta += " " + said[:1].upper() + said[1:] + "."
    kinds = {
        NAMED: "named source",
        QUOTE: "quote",
        SOURCE_REFERENCE: "cited document or statement|cited documents or statements",
        DATED: "dated event",
        UNNAMED: "unnamed source",
    }
    amounts = {**counts, NAMED: len(tally.sources)}
    parts = [counted(amounts[k], *name.split("|")) for k, name in kinds.items() if amounts[k]]
    sourcing = f"Sources are cited in {tally.sourced_sentences} of "
    sourcing += counted(tally.sentences, "sentence")
    sourcing += f" ({join_phrases(parts)})." if parts else "."
    return meta + " " + sourcing


@hookimpl
def register_metrics() -> list[Metric]:
    return [Transparency()]
