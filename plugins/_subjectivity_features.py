"""Features of one sentence for the subjectivity model, shared by training and inference.

`scripts/train_subjectivity.py` fits a logistic regression on these features and
`_subjectivity.py` applies the weights, so both sides must see exactly the same
features: this module is the one place they are defined. Everything here is pure
Python and deterministic (n-grams are hashed with CRC-32, never Python's salted
`hash`).

The features are of two kinds. Named cues carry what a reader would point at:
loaded words and intensifiers from our own lists, opinion phrasing, first and
second person in the writer's voice, hedges, modal verbs, punctuation, numbers,
quotes and attribution (reported speech is not the writer's opinion, so words
inside quotes are counted apart). Hashed word n-grams and word-shape features let the
model learn phrasing the lists miss; only their bucket numbers and weights ship.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import zlib
from collections.abc import Mapping, Sequence

from truthlens.plugins._lexicon import ATTRIBUTION, find_quotes
from truthlens.plugins._phrases import PhraseLists, Token

Features = dict[str, float]

HASH_BUCKETS = 1 << 14
"""Buckets of the hashed n-gram features (the model ships only the non-zero ones)."""

_DIGIT = re.compile(r"\d")
_PERSON_1 = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_PERSON_1P = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll"})
_PERSON_2 = frozenset({"you", "your", "yours", "yourself", "you're", "you've", "you'll"})
_CAPITALIZED = re.compile(r"(?<![\w.!?]\s)(?<=\s)[A-Z][a-z]+")
_SHOUTED = re.compile(r"(?<![\w-])[A-Z]{3,}(?![\w-])")

HEDGES = (
    (
        "may", "might", "could", "perhaps", "maybe", "possibly", "probably", "likely",
        "unlikely", "seem", "seems", "seemed", "appear", "appears", "appeared", "suggest",
        "suggests", "suggested", "somewhat", "rather", "fairly", "relatively", "arguably",
        "presumably", "supposedly", "apparently", "allegedly", "reportedly", "roughly",
        "about", "around", "approximately", "nearly", "almost", "sort of", "kind of",
        "tend to", "tends to", "in part", "to some extent",
    )
)  # fmt: skip
MODALS = (
    ("should", "must", "ought to", "need to", "needs to", "have to", "has to", "cannot",
     "can't", "shouldn't", "mustn't", "would", "will", "won't", "wouldn't")
)  # fmt: skip
INTENSIFIERS = (
    (
        "very", "extremely", "incredibly", "utterly", "totally", "absolutely", "completely",
        "entirely", "really", "truly", "deeply", "hugely", "massively", "immensely",
        "enormously", "tremendously", "remarkably", "exceptionally", "terribly", "awfully",
        "insanely", "ridiculously", "desperately", "far too", "way too", "so much",
        "beyond belief", "by far", "wildly", "outright", "sheer", "downright", "thoroughly",
        "too", "so", "such", "quite", "highly", "particularly", "especially", "ever",
        "never", "always", "all", "every", "nothing", "everything", "everyone", "nobody",
    )
)  # fmt: skip
NEGATIONS = ("not", "no", "never", "nor", "neither", "nothing", "none", "nobody", "without")
CONNECTIVES = (
    (
        "but", "yet", "however", "although", "though", "instead", "rather than", "indeed",
        "after all", "of course", "in fact", "actually", "even", "still", "so", "thus",
        "therefore", "hence", "because", "unless", "whether", "if",
    )
)  # fmt: skip
REPORTING = (
    (
        "according to", "said", "says", "told", "reported", "announced", "stated",
        "confirmed", "added", "wrote", "data", "percent", "per cent", "study", "survey",
        "report", "statement", "spokesperson", "spokesman", "spokeswoman", "officials",
        "police", "court", "ministry", "department", "agency", "on monday", "on tuesday",
        "on wednesday", "on thursday", "on friday", "on saturday", "on sunday", "last year",
        "last week", "this year", "this week", "in january", "in february", "in march",
        "in april", "in may", "in june", "in july", "in august", "in september",
        "in october", "in november", "in december",
    )
)  # fmt: skip
GENERALIZERS = (
    (
        "people", "americans", "everyone", "everybody", "nobody", "anyone", "society",
        "the left", "the right", "liberals", "conservatives", "progressives", "elites",
        "the media", "the public", "we all", "mankind", "humanity", "government",
        "the state", "politicians",
    )
)  # fmt: skip

_SAY = (
    r"(?:has\s+|have\s+|had\s+)?(?:said|says|told\s+\w+|argued|argues|claimed|claims|added|"
    r"wrote|writes|warned|warns|insisted|insists|stated|states|noted|notes|believes|believed|"
    r"contended|contends|alleged|alleges|maintained|maintains|suggested|suggests)"
)
_SPEAKER = (
    r"(?:(?!(?:I|We|As|It|This|That|There)\b)[A-Z][\w'\u2019.-]*|he|she|they|officials|critics|"
    r"police|experts|analysts|researchers|scientists|residents|witnesses|lawyers?|prosecutors?|"
    r"spokes(?:person|man|woman)|(?:[Tt]he|[Aa]n?)\s+\w+(?:\s+\w+)?)"
)
_REPORTED_AFTER = re.compile(
    rf"(?<![\w'\u2019-]){_SPEAKER}(?:\s+[A-Z][\w'\u2019.-]*){{0,3}},?\s+{_SAY}"
    r"(?:\s+(?:on|in|last|this)\s+\w+)?(?:\s+that)?\b"
)
_REPORTED_BEFORE = re.compile(rf",\s*(?:{_SPEAKER})(?:\s+[\w'\u2019.-]+){{0,5}}?\s+{_SAY}\b[^,;]*$")
_ACCORDING = re.compile(r"(?<![\w-])according\s+to\b[^,;]*", re.IGNORECASE)

_LISTS = PhraseLists(
    {
        "hedges": HEDGES,
        "modals": MODALS,
        "intensifiers": INTENSIFIERS,
        "negations": NEGATIONS,
        "connectives": CONNECTIVES,
        "reporting": REPORTING,
        "generalizers": GENERALIZERS,
    }
)
Spans = list[tuple[int, int]]


def reported_spans(sentence: str) -> list[tuple[int, int]]:
    """Parts of a sentence that report what someone else said (indirect speech).

    "Critics said the plan was reckless": the clause after the speaker and verb;
    "The plan was reckless, critics said": the clause before; "According to X, ...":
    the rest after the comma. First-person speakers ("I said", "we argued") are the
    writer's own voice and do not count.
    """
    spans: list[tuple[int, int]] = []
    for m in _REPORTED_AFTER.finditer(sentence):
        spans.append((m.end(), len(sentence)))
        break
    tail = _REPORTED_BEFORE.search(sentence)
    if tail is not None:
        spans.append((0, tail.start()))
    according = _ACCORDING.search(sentence)
    if according is not None:
        if according.start() < 3:
            spans.append((according.end(), len(sentence)))
        else:
            spans.append((0, according.start()))
    return spans


@functools.lru_cache(maxsize=1 << 16)
def bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % HASH_BUCKETS


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _log_count(n: int) -> float:
    return math.log1p(n)


def _person(tokens: list[Token], sentence: str, forms: frozenset[str]) -> int:
    # "US" (the country) is not "us".
    return sum(t.norm in forms and sentence[t.start : t.end] != "US" for t in tokens)


def sentence_features(
    sentence: str, tokens: list[Token], lexicon: Mapping[str, Spans]
) -> tuple[Features, dict[int, float]]:
    """Named cue features and hashed n-gram counts of one sentence.

    `tokens` are the sentence's (`_phrases.tokenize`); `lexicon` holds the matches of
    the objectivity plugin's own word lists, by list name. Every list is counted on the
    writer's words only and, for the plugin's lists, apart inside quotes and reported
    speech.
    """
    quotes = find_quotes(sentence)
    reported = reported_spans(sentence)
    masked = [*quotes, *reported]
    own_tok = [t for t in tokens if not _inside(t.start, t.end, masked)]
    own = [t.norm for t in own_tok]
    own_text = " ".join(sentence[t.start : t.end] for t in own_tok)
    covered = sum(1 for t in tokens if _inside(t.start, t.end, quotes))
    reported_tok = len(tokens) - len(own_tok) - covered
    n = max(len(tokens), 1)
    counts = {
        name: sum(not _inside(a, b, masked) for a, b in spans)
        for name, spans in _LISTS.find(tokens).items()
    }
    stripped = sentence.rstrip(" \t\"'\u201d\u2019)")
    tail = sentence[own_tok[-1].end :] if own_tok else ""
    named: Features = {
        "bias": 1.0,
        "len_log": math.log1p(len(tokens)) / 4.0,
        "short": float(len(tokens) < 8),
        "long": float(len(tokens) > 35),
        "quoted_share": covered / n,
        "has_quote": float(bool(quotes)),
        "starts_quote": float(sentence.lstrip()[:1] in {'"', "\u201c"}),
        "attribution": float(ATTRIBUTION.search(own_text) is not None),
        "reported": float(bool(reported)),
        "reported_share": max(0, reported_tok) / n,
        "attribution_any": float(ATTRIBUTION.search(sentence) is not None),
        "reporting": _log_count(counts["reporting"]),
        "digits": _log_count(len(_DIGIT.findall(sentence))),
        "has_digit": float(_DIGIT.search(sentence) is not None),
        "capitalized": len(_CAPITALIZED.findall(sentence)) / n,
        "shouted": _log_count(len(_SHOUTED.findall(own_text))),
        "exclamation": float("!" in own_text or "!" in tail),
        "question": float(stripped.endswith("?")),
        "question_own": float(stripped.endswith("?") and not quotes),
        "colon": float(":" in sentence),
        "semicolon": float(";" in sentence),
        "dash": float("\u2014" in sentence or " - " in sentence or "--" in sentence),
        "parenthesis": float("(" in sentence),
        "ellipsis": float("..." in sentence or "\u2026" in sentence),
        "person_1": _log_count(_person(own_tok, sentence, _PERSON_1)),
        "person_1p": _log_count(_person(own_tok, sentence, _PERSON_1P)),
        "person_2": _log_count(_person(own_tok, sentence, _PERSON_2)),
        "person_quoted": _log_count(
            _person(tokens, sentence, _PERSON_1 | _PERSON_1P)
            - _person(own_tok, sentence, _PERSON_1 | _PERSON_1P)
        ),
        "hedges": _log_count(counts["hedges"]),
        "modals": _log_count(counts["modals"]),
        "intensifiers": _log_count(counts["intensifiers"]),
        "negations": _log_count(
            counts["negations"] + sum(w.endswith("n't") for w in own)
        ),
        "connectives": _log_count(counts["connectives"]),
        "generalizers": _log_count(counts["generalizers"]),
        "starts_connective": float(bool(own) and own[0] in _OPENERS),
        "adverbs_ly": _log_count(sum(w.endswith("ly") and len(w) > 4 for w in own)),
        "adjective_like": _log_count(sum(w.endswith(_ADJECTIVE_ENDINGS) for w in own)),
    }  # fmt: skip
    for name, spans in lexicon.items():
        inside = sum(_inside(s, e, masked) for s, e in spans)
        named["lex_" + name] = _log_count(len(spans) - inside)
        if masked:
            named["lexq_" + name] = _log_count(inside)
    hashed: dict[int, float] = {}
    padded = ["<s>", *own, "</s>"]
    grams = [f"w:{w}" for w in own]
    grams += [f"b:{a} {b}" for a, b in itertools.pairwise(padded)]
    grams += [f"s:{w[-3:]}" for w in own if len(w) > 5 and w.isalpha()]
    for gram in grams:
        key = bucket(gram)
        hashed[key] = hashed.get(key, 0.0) + 1.0
    if hashed:  # unit length, so long sentences do not win by size alone
        norm = math.sqrt(sum(v * v for v in hashed.values()))
        hashed = {k: v / norm for k, v in hashed.items()}
    return named, hashed


_ADJECTIVE_ENDINGS = ("ous", "ful", "ive", "able", "ible", "less", "ic", "ish", "ant", "ent")
_OPENERS = frozenset(
    {"but", "and", "yet", "so", "still", "indeed", "instead", "now", "if", "why", "how", "what"}
)
