"""The scoring rules of the quality harness, in plain Python.

No third-party imports here: the unit tests run without the `bench` extra. ROUGE comes
from rouge-score and the TF-IDF baseline from scikit-learn, both in `quality_rows`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

Label = TypeVar("Label", bound=Hashable)

# --- extraction: the article-extraction-benchmark's shingle metric -----------------

_SHINGLE_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Every run of `n` consecutive `\\w+` tokens, counted; a shorter text is one shingle.

    Tokens keep their case, as upstream does.
    """
    tokens = _SHINGLE_TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True, slots=True)
class ShingleMatch:
    """One document: shingles in common (as a multiset), and only in the prediction or truth."""

    matched: int
    extra: int
    missed: int


def shingle_match(truth: str, prediction: str, n: int = 4) -> ShingleMatch:
    true, pred = shingles(truth, n), shingles(prediction, n)
    matched = sum((true & pred).values())
    return ShingleMatch(matched, sum(pred.values()) - matched, sum(true.values()) - matched)


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float


def f1_of(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def shingle_scores(matches: Iterable[ShingleMatch]) -> PRF:
    """Upstream's aggregate: precision averaged over documents with a prediction, recall
    over documents with a ground truth (so every document weighs the same, whatever its
    length), and F1 from those two averages, not averaged per document."""
    precisions: list[float] = []
    recalls: list[float] = []
    for m in matches:
        if m.matched + m.extra:
            precisions.append(m.matched / (m.matched + m.extra))
        if m.matched + m.missed:
            recalls.append(m.matched / (m.matched + m.missed))
    precision = mean(precisions)
    recall = mean(recalls)
    return PRF(precision, recall, f1_of(precision, recall))


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


# --- classification -----------------------------------------------------------------


def macro_f1(
    gold: Sequence[Label], predicted: Sequence[Label], labels: Iterable[Label] | None = None
) -> float:
    """Unweighted mean over labels of each label's F1 (scikit-learn's `average="macro"`).

    Labels default to every label seen in `gold` or `predicted`; a label never gold nor
    predicted would score 0/0 and is counted as 0, as scikit-learn does.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    chosen = list(dict.fromkeys(labels if labels is not None else [*gold, *predicted]))
    if not chosen:
        return 0.0
    return mean(
        [binary_f1([g == label for g in gold], [p == label for p in predicted]) for label in chosen]
    )


def binary_f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    """F1 of the positive class: 2TP / (2TP + FP + FN), 0 when there is nothing to count."""
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Area under the ROC curve: the chance that a random positive scores above a random
    negative, ties counting one half (Mann-Whitney U / (n_pos * n_neg)), via mid-ranks."""
    if not positives or not negatives:
        raise ValueError("AUC needs at least one positive and one negative")
    scored = sorted([(v, True) for v in positives] + [(v, False) for v in negatives])
    rank_sum = 0.0
    i = 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        mid_rank = (i + 1 + j) / 2  # ranks i+1..j share their average
        rank_sum += mid_rank * sum(1 for _, positive in scored[i:j] if positive)
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    u = rank_sum - n_pos * (n_pos + 1) / 2
    return u / (n_pos * n_neg)


# --- loaded-language spans vs annotated words ---------------------------------------

_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


def words(text: str) -> set[str]:
    """Word types of a text, lower-cased, curly apostrophes straightened.

    Hyphenated and apostrophe words stay one word ("so-called", "don't").
    """
    return {w.lower().replace("\u2019", "'") for w in _WORD.findall(text)}


def span_words(text: str, spans: Iterable[tuple[int, int]]) -> set[str]:
    """The words of `text` that overlap any (start, end) span, however partly."""
    chosen = list(spans)
    return {
        m.group().lower().replace("\u2019", "'")
        for m in _WORD.finditer(text)
        if any(m.start() < end and start < m.end() for start, end in chosen)
    }


@dataclass(slots=True)
class WordMatch:
    """Word-level, per-sentence set matching, summed over sentences (micro average).

    A predicted word is right when the same sentence's annotation holds that word
    (case-insensitive); precision = right / predicted, recall = right / annotated.
    """

    matched: int = 0
    predicted: int = 0
    annotated: int = 0

    def add(self, predicted: set[str], annotated: set[str]) -> None:
        self.matched += len(predicted & annotated)
        self.predicted += len(predicted)
        self.annotated += len(annotated)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.annotated if self.annotated else 0.0

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)


# --- trafilatura's evaluation pages: snippets, author, date ------------------------


def squash(text: str) -> str:
    """Whitespace runs to one space, ends trimmed (upstream's normalisation)."""
    return " ".join(text.split())


@dataclass(slots=True)
class SnippetCounts:
    """Must-have snippets found (tp) or not (fn); must-not snippets found (fp) or not (tn)."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, text: str | None, must: Iterable[str], must_not: Iterable[str]) -> None:
        """Whitespace-normalised substring search; no text misses every must-have."""
        found = squash(text or "")
        for snippet in must:
            if text and squash(snippet) in found:
                self.tp += 1
            else:
                self.fn += 1
        for snippet in must_not:
            if text and squash(snippet) in found:
                self.fp += 1
            else:
                self.tn += 1

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0

    @property
    def prf(self) -> PRF:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return PRF(precision, recall, f1_of(precision, recall))


_NAME_SEPARATORS = re.compile(r"\s*(?:[,;&|/\n]|\s(?:and|und|y|et|e)\s)\s*", re.IGNORECASE)
_BY = re.compile(r"^(?:by|von|par|por)\s+", re.IGNORECASE)


def author_names(value: str | None) -> frozenset[str]:
    """The people named in a byline: split on commas, semicolons, "&", "and"/"und"/...,
    case-folded, whitespace collapsed, a leading "By"/"von" dropped."""
    if not value:
        return frozenset()
    names = (_BY.sub("", squash(part)).casefold() for part in _NAME_SEPARATORS.split(value))
    return frozenset(name for name in names if name)


def author_matches(gold: str, found: str | None) -> bool:
    """Right when both name the same set of people (order, case and separators aside)."""
    expected = author_names(gold)
    return bool(expected) and author_names(found) == expected


def parse_day(value: str) -> date | None:
    """A gold date "YYYY-MM-DD"; None when unparseable.

    One-digit months and days occur, and two gold dates of trafilatura_eval are written
    YYYY-DD-MM ("2022-29-11"): a month above 12 with a day that could be one is swapped.
    """
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", value)
    if match is None:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if month > 12 >= day:
        month, day = day, month
    try:
        return date(year, month, day)
    except ValueError:
        return None


def days_apart(gold: str, found: date | None) -> int | None:
    """Whole days between the gold date and the found one; None when either is missing."""
    expected = parse_day(gold)
    if expected is None or found is None:
        return None
    return abs((found - expected).days)
