"""Objectivity: how neutral the writing is, judged sentence by sentence.

Each sentence gets a probability-like subjectivity score from transparent lexical cues
(loaded words, intensifiers, opinion phrasing, exclamations, rhetorical questions,
superlatives, shouting). Words inside quotes and sentences that report someone else's
view count for less: reporting an opinion is not holding one. The document value is
the share of objective sentences, softened by how dense the loaded language is.
"""

from __future__ import annotations

import math
import re

from truthlens import Document, Metric, MetricResult, hookimpl
from truthlens.plugins._lexicon import (
    ATTRIBUTION,
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

LOADED = "loaded language"
INTENSIFIER = "intensifier"
EVALUATIVE = "evaluative word"
OPINION = "opinion phrasing"
EXCLAMATION = "exclamation"
QUESTION = "rhetorical question"
SUPERLATIVE = "superlative"
ALL_CAPS = "all caps"

_LOADED_STRONG = phrase_pattern(
    (
        "outrageous", "disgraceful", "shameful", "shameless", "horrific", "horrifying",
        "horrible", "terrible", "awful", "appalling", "atrocious", "abhorrent", "despicable",
        "disgusting", "vile", "evil", "wicked", "sinister", "monstrous", "pathetic",
        "ridiculous", "absurd", "ludicrous", "laughable", "idiotic", "stupid", "moronic",
        "insane", "crazy", "lunatic", "deranged", "brilliant", "amazing", "awesome",
        "fantastic", "wonderful", "magnificent", "glorious", "spectacular", "breathtaking",
        "incredible", "unbelievable", "astonishing", "scandalous", "disastrous",
        "catastrophic", "heartbreaking", "barbaric", "cowardly", "heroic", "crooked",
        "greedy", "arrogant", "hypocritical", "hypocrite", "hypocrisy", "liar", "liars",
        "propaganda", "treacherous", "reckless", "irresponsible", "incompetent", "inept",
        "clueless", "fiasco", "debacle", "farce", "sham", "thugs", "fanatic", "zealot",
        "traitor", "traitors", "tyranny", "hateful", "bigoted", "sickening", "grotesque",
        "obscene", "contemptible", "deplorable", "unforgivable", "inexcusable",
        "unconscionable", "heinous", "egregious", "blatant", "brazen", "shocking",
        "disgrace", "embarrassing", "humiliating", "pitiful", "miserable", "dreadful",
        "nasty", "superb", "phenomenal", "masterpiece", "genius", "spineless", "corrupt",
        "callous", "cynical", "shameful", "smear", "witch hunt", "hysteria", "hysterical",
    )
)  # fmt: skip

_LOADED_MILD = phrase_pattern(
    (
        "troubling", "worrying", "alarming", "disturbing", "problematic", "questionable",
        "dubious", "misguided", "naive", "foolish", "silly", "bizarre", "baffling",
        "impressive", "inspiring", "courageous", "brave", "admirable", "commendable",
        "refreshing", "disappointing", "frustrating", "dismal", "grim", "bleak", "dire",
        "sadly", "unfortunately", "fortunately", "thankfully", "hopefully", "regrettably",
        "merely", "so-called", "infamous", "notorious", "massive", "huge", "enormous",
        "staggering", "whopping", "paltry", "lavish", "exorbitant", "unfair", "unjust",
        "unacceptable", "draconian", "dangerous", "toxic", "radical", "extremist", "elite",
        "elites", "failed", "failure", "failures", "mess", "nightmare", "disaster", "tragic",
        "devastating", "brutal", "cruel", "beautiful", "lovely", "excellent", "outstanding",
        "remarkable", "extraordinary", "stunning", "terrific", "desperate", "pointless",
        "useless", "worthless", "wasteful", "inevitable", "obsessed", "obsession",
        "blindly", "profound", "explosive", "relentless", "ruthless", "vicious", "absurdity",
        "nonsense", "lie", "lies", "lying", "fake", "bogus", "crisis", "chaos", "chaotic",
    )
)  # fmt: skip

_EVALUATIVE = phrase_pattern(
    (
        "good", "bad", "great", "poor", "wrong", "better", "worse", "important", "crucial",
        "vital", "essential", "serious", "seriously", "real", "genuine", "fair", "necessary",
        "obvious", "perfect", "ideal", "impossible", "hard", "easy", "simply", "just",
        "hardly", "barely", "nothing but", "little more than", "not even", "even", "too",
        "seem", "seems", "seemed", "appear to", "appears to", "appeared to", "likely",
        "unlikely", "perhaps", "maybe", "probably", "indeed", "certainly", "definitely",
        "powerful", "weak", "strong", "effective", "ineffective", "successful", "meaningful",
        "significant", "striking", "sharp", "harsh", "bitter", "fierce", "aggressive",
        "hostile", "ambitious", "generous", "modest", "vast", "tiny", "mere", "only",
        "wise", "unwise", "smart", "dumb", "right", "sound", "flawed", "fragile",
        "fortunate", "unfortunate", "interesting", "curious", "surprising", "surprisingly",
        "ironically", "ironic", "notably", "importantly", "crucially", "sadly",
        "worth", "worthy", "valuable", "proper", "improper", "legitimate", "illegitimate",
        "threat", "threatens", "attack", "attacks", "assault", "war on", "plight",
        "suffer", "suffering", "struggle", "struggling", "fear", "fears", "hope", "hopes",
    )
)  # fmt: skip

_INTENSIFIERS = phrase_pattern(
    (
        "very", "extremely", "incredibly", "utterly", "totally", "absolutely", "completely",
        "entirely", "really", "truly", "deeply", "hugely", "massively", "immensely",
        "enormously", "tremendously", "remarkably", "exceptionally", "terribly", "awfully",
        "insanely", "ridiculously", "desperately", "far too", "way too", "so much",
        "beyond belief", "by far", "wildly", "outright", "sheer", "downright", "thoroughly",
    )
)  # fmt: skip

_OPINION = phrase_pattern(
    (
        "I think", "I believe", "I feel", "I suspect", "I guess", "I hope", "I fear",
        "I doubt", "in my opinion", "in my view", "personally", "we must", "we should",
        "we need to", "we have to", "we cannot", "we can't", "we ought to", "you should",
        "you must", "you need to", "you have to", "you can't", "let's", "let us",
        "it is time", "it's time", "high time", "we all know", "make no mistake",
        "the truth is", "the fact is", "needless to say", "of course", "in fact",
        "clearly", "obviously", "evidently", "undoubtedly", "surely", "frankly",
        "honestly", "arguably", "admittedly", "there is no doubt", "it is clear that",
        "it's clear that", "ask yourself", "think about it", "mark my words", "wake up",
        "should", "must", "ought to", "deserve", "deserves", "apparently",
    )
)  # fmt: skip

_SUPERLATIVES = re.compile(
    r"(?<![\w-])(?:best|worst|greatest|finest|ultimate|unparalleled|unmatched|"
    r"unprecedented|of all time|ever|(?:the\s+)?(?:most|least)\s+[a-z]{3,})(?![\w-])",
    re.IGNORECASE,
)
_CAPS_RUN = re.compile(r"(?<![\w-])[A-Z]{3,}(?:[ \t]+[A-Z]{2,})+(?![\w-])")
_EXCLAIM = re.compile(r"!+")
_PERSONAL = re.compile(r"(?<![\w'\u2019])(?:I|[Mm]e|[Mm]y|[Ww]e|us|[Oo]urs?|[Yy]ours?)(?!\w)")
_FIGURE = re.compile(r"\d")

# Cue weights: how strongly one occurrence signals the writer's own judgement.
_WEIGHTS = {
    LOADED: 0.9,
    INTENSIFIER: 0.45,
    EVALUATIVE: 0.3,
    OPINION: 0.8,
    EXCLAMATION: 0.9,
    QUESTION: 0.4,
    SUPERLATIVE: 0.4,
    ALL_CAPS: 0.6,
}
_MILD_LOADED = 0.55
_WEAK_MODAL = 0.45
_SHOUTED = 1.3  # weight factor for cue words written in capitals
_QUOTED = 0.3  # weight factor for cues inside quotation marks
_PERSONAL_WEIGHT = 0.35  # per first/second person pronoun outside quotes (max 3)
_REPORTED = 1.2  # sentence attributes its content or quotes someone
_HAS_FIGURE = 0.8  # sentence carries a number
_WEAK_MODALS = frozenset({"should", "must", "ought to", "deserve", "deserves", "apparently"})
_BIAS = -0.3
_SLOPE = 2.0


def _shouted(text: str, hit: Hit) -> bool:
    word = text[hit.start : hit.end]
    return hit.label != ALL_CAPS and len(word) >= 3 and word.isupper()


def _absorb(run: Hit, hits: list[Hit]) -> Hit:
    inside = [h.weight for h in hits if run.start <= h.start and h.end <= run.end]
    return Hit(run.start, run.end, run.label, max([run.weight, *inside]))


def _cues(text: str) -> tuple[list[Hit], float]:
    """Subjectivity cues in one sentence and the sentence's log-odds of being subjective."""
    quotes = find_quotes(text)
    hits = [
        *find_hits(_LOADED_STRONG, text, LOADED, _WEIGHTS[LOADED]),
        *find_hits(_LOADED_MILD, text, LOADED, _MILD_LOADED),
        *find_hits(_EVALUATIVE, text, EVALUATIVE, _WEIGHTS[EVALUATIVE]),
        *find_hits(_INTENSIFIERS, text, INTENSIFIER, _WEIGHTS[INTENSIFIER]),
        *find_hits(_SUPERLATIVES, text, SUPERLATIVE, _WEIGHTS[SUPERLATIVE]),
        *find_hits(_CAPS_RUN, text, ALL_CAPS, _WEIGHTS[ALL_CAPS]),
        *find_hits(_EXCLAIM, text, EXCLAMATION, _WEIGHTS[EXCLAMATION]),
    ]
    for m in _OPINION.finditer(text):
        weak = " ".join(m.group().lower().split()) in _WEAK_MODALS
        hits.append(Hit(m.start(), m.end(), OPINION, _WEAK_MODAL if weak else _WEIGHTS[OPINION]))
    stripped = text.rstrip(" \t\"'\u201d\u2019)")
    if stripped.endswith("?") and not quotes:
        hits.append(Hit(len(stripped) - 1, len(stripped), QUESTION, _WEIGHTS[QUESTION]))
    # Shouted cue words ("OUTRAGEOUS") weigh more, and a shouted phrase takes the weight of
    # the strongest cue in it; quoted cues are someone else's words.
    hits = [h.shifted(0, _SHOUTED) if _shouted(text, h) else h for h in hits]
    hits = [_absorb(h, hits) if h.label == ALL_CAPS else h for h in hits]
    hits = [h.shifted(0, _QUOTED) if overlaps(h, quotes) else h for h in strongest(hits)]
    personal = [m.span() for m in _PERSONAL.finditer(text)]
    own_voice = sum(not overlaps(Hit(s, e, "", 0.0), quotes) for s, e in personal)
    reported = bool(quotes) or ATTRIBUTION.search(text) is not None
    logit = _BIAS + _SLOPE * sum(h.weight for h in hits) + _PERSONAL_WEIGHT * min(3, own_voice)
    logit -= _REPORTED if reported else 0.0
    logit -= _HAS_FIGURE if _FIGURE.search(text) else 0.0
    return hits, logit


def sentence_subjectivity(sentence_text: str) -> float:
    """Probability-like score (0..1) that a sentence expresses the writer's own view."""
    if not sentence_text.strip():
        return 0.0
    _, logit = _cues(sentence_text)
    return 1.0 / (1.0 + math.exp(-logit))


def is_subjective(sentence_text: str) -> bool:
    return sentence_subjectivity(sentence_text) >= 0.5


class Objectivity(Metric):
    name = "objectivity"
    label = "Objectivity"
    description = (
        "How neutral the writing is: the share of sentences free of loaded words, "
        "intensifiers, opinion phrasing, exclamations and rhetorical questions."
    )
    version = "1.0.0"

    def score(self, document: Document) -> MetricResult:
        text = document.text
        sentences = sentences_of(document)
        if not sentences:
            return MetricResult(
                value=5.0, explanation="There is no text to judge objectivity on.", confidence=0.0
            )
        hits: list[Hit] = []
        subjective = 0
        for sentence in sentences:
            found, logit = _cues(sentence.text)
            if logit >= 0.0:
                subjective += 1
            hits.extend(h.shifted(sentence.start) for h in found)
        n_words = document.word_count
        objective_share = 1.0 - subjective / len(sentences)
        loaded_weight = sum(h.weight for h in hits if h.label == LOADED)
        per_100_words = 100.0 * loaded_weight / max(n_words, 1)
        softening = 1.0 - min(0.4, 0.06 * per_100_words)
        value = clamp_score(10.0 * objective_share * softening)
        return MetricResult(
            value=value,
            explanation=_explain(len(sentences), subjective, hits),
            evidence=select_evidence(text, hits),
            confidence=confidence(len(sentences), n_words),
        )


_NAMES = {
    LOADED: "loaded word",
    OPINION: "opinion phrase",
    EXCLAMATION: "exclamation mark",
    QUESTION: "rhetorical question",
    ALL_CAPS: "all-caps phrase",
    INTENSIFIER: "intensifier",
    SUPERLATIVE: "superlative",
    EVALUATIVE: "evaluative word",
}


def _explain(n_sentences: int, subjective: int, hits: list[Hit]) -> str:
    objective = n_sentences - subjective
    first = f"{objective} of {counted(n_sentences, 'sentence')} read as objective."
    counts = {label: sum(h.label == label for h in hits) for label in _NAMES}
    parts = [counted(n, _NAMES[label]) for label, n in counts.items() if n]
    if not parts:
        return first + " No loaded language or opinion phrasing was found."
    return first + " Found " + join_phrases(parts) + "."


@hookimpl
def register_metrics() -> list[Metric]:
    return [Objectivity()]


__all__ = ["Objectivity", "is_subjective", "register_metrics", "sentence_subjectivity"]
