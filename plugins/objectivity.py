"""Objectivity: how neutral the writing is, judged sentence by sentence.

Each sentence gets a probability that it voices the writer's own view, from a small
logistic-regression model (`models/subjectivity.json`, trained by
`scripts/train_subjectivity.py` on NewsSD-ENG) over transparent features: our own
loaded-word, intensifier and opinion lists, first and second person, hedges, modal
verbs, punctuation, numbers, quotes and attribution, and hashed word n-grams. Words
inside quotes are counted apart: reporting an opinion is not holding one. Every
sentence judged subjective is evidence (label "subjective", weight its probability);
loaded and intensifying words are evidence spans of their own. The document value is
the share of objective sentences, softened by how dense the loaded language is.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from truthlens import Document, Evidence, Metric, MetricResult, Sentence, hookimpl
from truthlens.plugins._lexicon import (
    MAX_EVIDENCE,
    Hit,
    clamp_score,
    confidence,
    counted,
    find_quotes,
    join_phrases,
    overlaps,
    select_evidence,
    sentences_of,
    strongest,
    word_runs,
)
from truthlens.plugins._linear_model import load_model
from truthlens.plugins._phrases import PhraseLists, tokenize
from truthlens.plugins._subjectivity_features import (
    FEATURE_LISTS,
    STRONG_INTENSIFIERS,
    Features,
    sentence_features,
)

_CAPS3 = re.compile("[A-Z]{3}")
"""Three capitals in a row: every `_CAPS_RUN` match has them, and they are cheap to find."""

LOADED = "loaded language"
INTENSIFIER = "intensifier"
EVALUATIVE = "evaluative word"
OPINION = "opinion phrasing"
EXCLAMATION = "exclamation"
QUESTION = "rhetorical question"
SUPERLATIVE = "superlative"
ALL_CAPS = "all caps"
SUBJECTIVE = "subjective"
MODEL_FILE = "subjectivity.json"
MAX_SENTENCE_EVIDENCE = 30
"""Subjective sentences listed as evidence (the host keeps 50 evidence items in all)."""

_LOADED_STRONG = (
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
        # contempt, name-calling and conspiracy talk
        "propaganda outlet", "propagandist", "fearmongering", "fear-mongering", "scaremongering",
        "demagogue", "demagoguery", "thuggish", "cabal", "stooge", "lackey", "lapdog", "shill",
        "cronyism", "grifter", "grifters", "grift", "charlatan", "charlatans", "con artist",
        "bigot", "bigots", "xenophobic", "misogynist", "misogynistic", "fascist", "fascists",
        "nutjob", "wacko", "whacko", "crackpot", "rabid", "unhinged", "brainwashed",
        "brainwashing", "indoctrination", "gaslighting", "hoax", "cover-up", "coverup",
        "infestation", "hordes", "lawless", "anarchy", "tyrannical", "dictatorial",
        "totalitarian", "orwellian", "dystopian", "hellhole", "hellish", "nightmarish",
        "apocalyptic", "bloodbath", "shambles", "trainwreck", "train wreck", "dumpster fire",
        "preposterous", "outlandish", "asinine", "insidious", "nefarious", "malicious",
        "heartless", "soulless", "mindless", "senseless", "deceitful", "dishonest", "sleazy",
        "slimy", "shady", "goons", "henchmen", "minions", "mouthpiece", "jaw-dropping",
        "mind-blowing", "bombshell", "damning", "scathing", "blistering", "savage",
        "savagely", "outrage", "outraged", "fury", "furious", "firestorm", "meltdown",
        "tantrum", "tirade", "screed", "diatribe", "rant", "ranting", "spewed", "spewing",
        "peddled", "peddling", "smeared", "smearing", "thought police", "ruling class",
        "regime", "puppet", "puppets", "ploy", "scam", "publicity stunt", "political stunt",
    )
)  # fmt: skip

_LOADED_MILD = (
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
        # slanted verbs of saying and doing, and partisan labels
        "slammed", "slams", "blasted", "blasts", "lashed out", "ripped into", "railed against",
        "bashed", "bashing", "mocked", "ridiculed", "derided", "scoffed", "sneered", "touted",
        "boasted", "bragged", "whined", "caved", "capitulated", "pandering", "pander",
        "duped", "hoodwinked", "rigged", "gutted", "gutting", "decimated", "ravaged",
        "wreaked havoc", "skyrocketing", "skyrocketed", "spiraling", "out of control",
        "talking points", "handout", "handouts",
        "freebies", "giveaway", "bloated", "bureaucrats", "elitist", "nanny state",
        "job-killing", "extreme", "extremism", "extremists", "zealots", "hardline",
        "hard-line", "firebrand", "agitator", "agitators", "vigilante", "bully",
        "bullying", "crusade", "purge", "kowtow", "cozy up", "cozying up", "embattled",
        "disgraced", "beleaguered", "self-proclaimed", "self-styled",
        "debunked", "baseless", "unfounded", "falsely", "conspiracy theory",
        "conspiracy theories", "deceptive", "crippling", "astronomical", "erratic",
        "oppressive", "authoritarian", "frenzy", "alarmist", "doomsday", "cherished",
        "beloved", "woke", "leftist", "leftists", "far-left", "far-right", "radical left",
        "radical right", "ultra-conservative", "ultraconservative", "ultra-liberal", "mob",
        "illegals", "open borders", "amnesty", "pro-abortion", "anti-choice", "gun-grabbing",
        "snowflake", "snowflakes", "fringe", "dangerously", "alarmingly", "shockingly",
        "disturbingly", "wildly", "stubbornly", "recklessly", "blindly", "brazenly", "shamelessly",
    )
)  # fmt: skip

_EVALUATIVE = (
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

_OPINION = (
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

# Evidence weights: how strongly one occurrence signals the writer's own judgement.
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
_WEAK_MODALS = frozenset({"should", "must", "ought to", "deserve", "deserves", "apparently"})


_OWN_LISTS = {
    "loaded_strong": _LOADED_STRONG,
    "loaded_mild": _LOADED_MILD,
    "evaluative": _EVALUATIVE,
    "intensifier": STRONG_INTENSIFIERS,
    "opinion": _OPINION,
}
"""Our word lists: evidence spans, and model features (the model learns their weight)."""
_LISTS = PhraseLists({**_OWN_LISTS, **FEATURE_LISTS})
"""Ours and the feature lists, matched in one pass (each list keeps its own matches)."""
_SUPERLATIVE_WORDS = frozenset(
    (
        "best", "worst", "greatest", "finest", "ultimate", "unparalleled", "unmatched",
        "unprecedented", "time", "ever", "most", "least",
    )
)  # fmt: skip
"""A whole word of every `_SUPERLATIVES` match ("of all time": "time")."""


def _shouted(text: str, hit: Hit) -> bool:
    word = text[hit.start : hit.end]
    return hit.label != ALL_CAPS and len(word) >= 3 and word.isupper()


def _absorb(run: Hit, hits: list[Hit]) -> Hit:
    inside = [h.weight for h in hits if run.start <= h.start and h.end <= run.end]
    return Hit(run.start, run.end, run.label, max([run.weight, *inside]))


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _found(spans: list[tuple[int, int]], label: str, weight: float) -> list[Hit]:
    return [Hit(start, end, label, weight) for start, end in spans]


class _Read(NamedTuple):
    """One sentence as the metric sees it: its cue spans and the model's features."""

    hits: list[Hit]
    named: Features
    hashed: dict[int, float]


def _read(text: str) -> _Read:
    """Tokenize and match the word lists once; the evidence and the model share them."""
    tokens = tokenize(text)
    found = _LISTS.find(tokens)
    lexicon = {name: found.pop(name) for name in _OWN_LISTS}
    runs = word_runs(text)
    lexicon["superlative"] = (
        _spans(_SUPERLATIVES, text)
        if runs is None or not runs.isdisjoint(_SUPERLATIVE_WORDS)
        else []
    )
    lexicon["caps_run"] = _spans(_CAPS_RUN, text) if _CAPS3.search(text) is not None else []
    quotes = find_quotes(text)
    named, hashed = sentence_features(text, tokens, lexicon, found, quotes=quotes, runs=runs)
    return _Read(_cues(text, lexicon, quotes), named, hashed)


def _cues(
    text: str, lexicon: dict[str, list[tuple[int, int]]], quotes: list[tuple[int, int]]
) -> list[Hit]:
    """Loaded words, intensifiers and other cue spans in one sentence (the evidence)."""
    hits = [
        *_found(lexicon["loaded_strong"], LOADED, _WEIGHTS[LOADED]),
        *_found(lexicon["loaded_mild"], LOADED, _MILD_LOADED),
        *_found(lexicon["evaluative"], EVALUATIVE, _WEIGHTS[EVALUATIVE]),
        *_found(lexicon["intensifier"], INTENSIFIER, _WEIGHTS[INTENSIFIER]),
        *_found(lexicon["superlative"], SUPERLATIVE, _WEIGHTS[SUPERLATIVE]),
        *_found(lexicon["caps_run"], ALL_CAPS, _WEIGHTS[ALL_CAPS]),
        *_found(_spans(_EXCLAIM, text) if "!" in text else [], EXCLAMATION, _WEIGHTS[EXCLAMATION]),
    ]
    for start, end in lexicon["opinion"]:
        weak = " ".join(text[start:end].lower().split()) in _WEAK_MODALS
        hits.append(Hit(start, end, OPINION, _WEAK_MODAL if weak else _WEIGHTS[OPINION]))
    stripped = text.rstrip(" \t\"'\u201d\u2019)")
    if stripped.endswith("?") and not quotes:
        hits.append(Hit(len(stripped) - 1, len(stripped), QUESTION, _WEIGHTS[QUESTION]))
    if not hits:  # most sentences have no cue at all
        return hits
    # Shouted cue words ("OUTRAGEOUS") weigh more, and a shouted phrase takes the weight of
    # the strongest cue in it; quoted cues are someone else's words.
    hits = [h.shifted(0, _SHOUTED) if _shouted(text, h) else h for h in hits]
    hits = [_absorb(h, hits) if h.label == ALL_CAPS else h for h in hits]
    return [h.shifted(0, _QUOTED) if overlaps(h, quotes) else h for h in strongest(hits)]


def sentence_features_of(sentence_text: str) -> tuple[Features, dict[int, float]]:
    """The subjectivity model's features of one sentence (training uses this too)."""
    read = _read(sentence_text)
    return read.named, read.hashed


def sentence_subjectivity(sentence_text: str) -> float:
    """Probability (0..1) that a sentence expresses the writer's own view."""
    if not sentence_text.strip():
        return 0.0
    return load_model(MODEL_FILE).probability(*sentence_features_of(sentence_text))


def is_subjective(sentence_text: str) -> bool:
    return sentence_subjectivity(sentence_text) >= load_model(MODEL_FILE).threshold


class Objectivity(Metric):
    name = "objectivity"
    label = "Objectivity"
    description = (
        "How neutral the writing is: the share of sentences that do not voice the writer's "
        "own opinion (quotes and reported speech are someone else's), softened by loaded "
        "words, intensifiers, opinion phrasing, exclamations and rhetorical questions."
    )
    version = "2.0.0"

    def score(self, document: Document) -> MetricResult:
        text = document.text
        sentences = sentences_of(document)
        if not sentences:
            return MetricResult(
                value=5.0, explanation="There is no text to judge objectivity on.", confidence=0.0
            )
        model = load_model(MODEL_FILE)
        hits: list[Hit] = []
        judged: list[tuple[Sentence, float]] = []
        for sentence in sentences:
            read = _read(sentence.text)
            if read.hits:
                hits.extend(h.shifted(sentence.start) for h in read.hits)
            probability = model.probability(read.named, read.hashed)
            if probability >= model.threshold:
                judged.append((sentence, probability))
        n_words = document.word_count
        objective_share = 1.0 - len(judged) / len(sentences)
        loaded_weight = sum(h.weight for h in hits if h.label == LOADED)
        per_100_words = 100.0 * loaded_weight / max(n_words, 1)
        softening = 1.0 - min(0.4, 0.06 * per_100_words)
        value = clamp_score(10.0 * objective_share * softening)
        return MetricResult(
            value=value,
            explanation=_explain(len(sentences), len(judged), hits),
            evidence=_evidence(text, judged, hits),
            confidence=confidence(len(sentences), n_words),
        )


def _evidence(text: str, judged: list[tuple[Sentence, float]], hits: list[Hit]) -> list[Evidence]:
    """Subjective sentences (in text order), then the strongest cue words inside or out.

    Sentence spans contain word spans, so the two are chosen apart; together they stay
    within the host's 50 evidence items.
    """
    sentences = [
        Evidence(s.start, s.end, s.text, SUBJECTIVE, round(p, 2))
        for s, p in judged[:MAX_SENTENCE_EVIDENCE]
    ]
    return sentences + select_evidence(text, hits, MAX_EVIDENCE - max(0, len(sentences) - 25))


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
