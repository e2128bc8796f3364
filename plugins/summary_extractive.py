"""Built-in headline and summary: extractive, offline, deterministic and fast.

Sentences are ranked by how central their words are to the whole article (cosine to
the TF-IDF centroid), weighted by a lead prior (news puts the gist first) and a
length penalty; boilerplate lines (captions, bylines, "Read more") never compete.
The summary picks about three of them, avoiding repetition, verbatim and in article
order. The headline is the key clause of the best lead sentence with datelines,
attributions, asides and trailing clauses cut away, so it says only what the article
says.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from truthlens import Document, Sentence, hookimpl, split_sentences
from truthlens.plugins import _text

PLUGIN_NAME = "summary_extractive"
__version__ = "1.0.0"

SUMMARY_SENTENCES = 3
_IDEAL_WORDS = (10, 30)  # shorter or longer sentences are penalized
_REDUNDANCY = 0.7  # how much overlap with a chosen sentence costs (0 = none)
_QUOTES = "\"'\u2018\u201c"


@dataclass(frozen=True, slots=True)
class _Candidate:
    index: int  # position among usable sentences, for the lead prior
    text: str
    terms: Counter[str]
    words: int


def _candidates(document: Document) -> tuple[_Candidate, ...]:
    """Usable sentences in order; fragments, then boilerplate, only when nothing else is left.

    The headline and the summary of one analysis both need them: the last few documents'
    are kept (bounded, thread-safe), keyed on what they are computed from.
    """
    return _candidates_of(document.text, document.sentences, document.language)


@functools.lru_cache(maxsize=4)
def _candidates_of(
    text: str, given: tuple[Sentence, ...], language: str | None
) -> tuple[_Candidate, ...]:
    sentences = given or split_sentences(text, language)
    found: list[_Candidate] = []
    fragments: list[_Candidate] = []
    rejected: list[_Candidate] = []
    for sentence in sentences:
        text = sentence.text.strip()
        word_list = _text.WORD.findall(text)
        words = len(word_list)
        if not words:
            continue
        bucket = (
            rejected
            if _text.is_boilerplate(text, words, word_list)
            else fragments
            if words <= 4
            else found
        )
        terms = Counter(_text.terms_of_words(text, word_list))
        bucket.append(_Candidate(len(bucket), text, terms, words))
    return tuple(found or fragments or rejected)


def _norm(terms: Counter[str], weight: dict[str, float]) -> float:
    return math.sqrt(sum((n * weight[t]) ** 2 for t, n in terms.items()))


def _cosine(
    a: Counter[str], b: Counter[str], weight: dict[str, float], norm_b: float | None = None
) -> float:
    """Weighted cosine; pass `norm_b` when `b` is reused (the centroid) to stay linear."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(n * large[t] * weight[t] ** 2 for t, n in small.items() if t in large)
    if not dot:
        return 0.0
    return dot / (_norm(a, weight) * (norm_b if norm_b is not None else _norm(b, weight)))


def _rank(candidates: Sequence[_Candidate]) -> tuple[list[float], dict[str, float]]:
    """Score each candidate: centrality x lead prior x length penalty.

    Also returns the IDF-like term weights (inverse sentence frequency), for redundancy.
    """
    spread = Counter(t for c in candidates for t in c.terms)
    weight = {t: math.log(1.0 + len(candidates) / n) for t, n in spread.items()}
    centroid: Counter[str] = Counter()
    for candidate in candidates:
        centroid.update(candidate.terms)
    centroid_norm = _norm(centroid, weight)
    low, high = _IDEAL_WORDS
    scores = []
    for candidate in candidates:
        centrality = _cosine(candidate.terms, centroid, weight, centroid_norm)
        lead = 1.0 / math.sqrt(1.0 + candidate.index)
        length = min(1.0, candidate.words / low) * min(1.0, math.sqrt(high / candidate.words))
        quote = 0.8 if candidate.text[:1] in _QUOTES else 1.0  # quotes rarely sum up
        scores.append((0.3 + centrality) * (0.4 + lead) * length * quote)
    return scores, weight


@hookimpl
def summarize(document: Document) -> str | None:
    """About three central, non-redundant sentences, verbatim and in article order."""
    if not document.text.strip():
        return None
    candidates = _candidates(document)
    if not candidates:  # punctuation only
        return None
    scores, weight = _rank(candidates)
    size = min(SUMMARY_SENTENCES, (len(candidates) + 1) // 2)  # half of a short text, at least 1
    chosen: list[_Candidate] = []
    pool = list(range(len(candidates)))
    while pool and len(chosen) < size:
        best, best_value = pool[0], -math.inf
        for i in pool:  # maximal marginal relevance: reward centrality, punish repetition
            overlap = max(
                (_cosine(candidates[i].terms, c.terms, weight) for c in chosen), default=0
            )
            value = scores[i] * (1.0 - _REDUNDANCY * overlap)
            if value > best_value:
                best, best_value = i, value
        pool.remove(best)
        chosen.append(candidates[best])
    return " ".join(c.text for c in sorted(chosen, key=lambda c: c.index))


def _lead_sentence(usable: Sequence[_Candidate]) -> int:
    """News puts the gist first (the inverted pyramid): the first sentence that names
    someone and speaks in the reporter's voice; else the most central of the first three.
    """
    lead = usable[:3]
    for i, candidate in enumerate(lead):
        if not _text.starts_with_pronoun(candidate.text) and candidate.text[:1] not in _QUOTES:
            return i
    scores, _ = _rank(usable)
    return max(range(len(lead)), key=lambda i: (scores[i], -i))


@hookimpl
def suggest_headline(document: Document) -> str | None:
    """The key clause of the most central lead sentence; the title when the text gives none."""
    candidates = _candidates(document) if document.text.strip() else []
    usable = [c for c in candidates if c.words > 4 and not _text.is_question(c.text)]
    if usable:
        best = _lead_sentence(usable)
        frequency = Counter(t for c in candidates for t in c.terms)
        headline = _text.headline_clause(usable[best].text, frequency, document.text)
        if _text.word_count(headline) >= 4:
            return headline
    if document.title and document.title.strip():
        return _text.clean_title(document.title, document.site_name) or None
    for candidate in candidates:
        return _text.headline_clause(candidate.text) or None
    return None
