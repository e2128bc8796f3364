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
import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from truthlens.plugins._lexicon import ATTRIBUTION, find_quotes, search_phrases, word_runs
from truthlens.plugins._phrases import PhraseLists, Token

Features = dict[str, float]

HASH_BUCKETS = 1 << 14
"""Buckets of the hashed n-gram features (the model ships only the non-zero ones)."""

_DIGIT = re.compile(r"\d")
_PERSON_1 = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_PERSON_1P = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll"})
_PERSON_2 = frozenset({"you", "your", "yours", "yourself", "you're", "you've", "you'll"})
_CAPITALIZED = re.compile(  # the capital first, so `re` jumps from capital to capital
    r"[A-Z](?<=\s[A-Z])(?<![\w.!?]\s[A-Z])[a-z]+"
)
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

FEATURE_LISTS: dict[str, tuple[str, ...]] = {
    "hedges": HEDGES,
    "modals": MODALS,
    "intensifiers": INTENSIFIERS,
    "negations": NEGATIONS,
    "connectives": CONNECTIVES,
    "reporting": REPORTING,
    "generalizers": GENERALIZERS,
}
LISTS = PhraseLists(FEATURE_LISTS)
"""The feature word lists (`sentence_features` counts their matches)."""
Spans = list[tuple[int, int]]


_SAY_WORDS = frozenset(
    (
        "said", "says", "told", "argued", "argues", "claimed", "claims", "added",
        "wrote", "writes", "warned", "warns", "insisted", "insists", "stated", "states",
        "noted", "notes", "believes", "believed", "contended", "contends", "alleged",
        "alleges", "maintained", "maintains", "suggested", "suggests",
    )
)  # fmt: skip
"""The verbs of `_SAY`: one of them is a whole word of every reported-speech match."""
_RUN = re.compile(r"\w+")


def reported_spans(sentence: str) -> list[tuple[int, int]]:
    """Parts of a sentence that report what someone else said (indirect speech).

    "Critics said the plan was reckless": the clause after the speaker and verb;
    "The plan was reckless, critics said": the clause before; "According to X, ...":
    the rest after the comma. First-person speakers ("I said", "we argued") are the
    writer's own voice and do not count.
    """
    spans: list[tuple[int, int]] = []
    if not _SAY_WORDS.isdisjoint(_RUN.findall(sentence)):  # else neither pattern can match
        for m in _REPORTED_AFTER.finditer(sentence):
            spans.append((m.end(), len(sentence)))
            break
        tail = _REPORTED_BEFORE.search(sentence)
        if tail is not None:
            spans.append((0, tail.start()))
    # "accord" has no letter that `re` folds differently from `str.lower`.
    according = _ACCORDING.search(sentence) if "accord" in sentence.lower() else None
    if according is not None:
        if according.start() < 3:
            spans.append((according.end(), len(sentence)))
        else:
            spans.append((0, according.start()))
    return spans


def bucket(feature: str) -> int:
    # Computed each time: CRC-32 of a short string costs less than an LRU cache's lookup.
    return zlib.crc32(feature.encode("utf-8")) % HASH_BUCKETS


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


_log_count = math.log1p


def _person(tokens: list[Token], sentence: str, forms: frozenset[str]) -> int:
    # "US" (the country) is not "us".
    return sum(t.norm in forms and sentence[t.start : t.end] != "US" for t in tokens)


_PERSON_ANY = _PERSON_1 | _PERSON_1P | _PERSON_2
_CAPS3 = re.compile("[A-Z]{3}")
"""Three capitals in a row: needed by `_SHOUTED`, and cheap to look for first."""


def sentence_features(
    sentence: str,
    tokens: list[Token],
    lexicon: Mapping[str, Spans],
    found: Mapping[str, Spans] | None = None,
    *,
    quotes: Spans | None = None,
    runs: frozenset[str] | None = None,
) -> tuple[Features, dict[int, float]]:
    """Named cue features and hashed n-gram counts of one sentence.

    `tokens` are the sentence's (`_phrases.tokenize`); `lexicon` holds the matches of
    the objectivity plugin's own word lists, by list name. Every list is counted on the
    writer's words only and, for the plugin's lists, apart inside quotes and reported
    speech. `found` is `LISTS.find(tokens)`, `quotes` `find_quotes(sentence)` and `runs`
    `word_runs(sentence)` when the caller has them already.
    """
    if quotes is None:
        quotes = find_quotes(sentence)
    reported = reported_spans(sentence)
    masked = [*quotes, *reported]
    if masked:
        own_tok = [t for t in tokens if not _inside(t.start, t.end, masked)]
        covered = sum(1 for t in tokens if _inside(t.start, t.end, quotes)) if quotes else 0
    else:
        own_tok, covered = tokens, 0
    own = [t.norm for t in own_tok]
    own_text = " ".join([sentence[t.start : t.end] for t in own_tok])
    reported_tok = len(tokens) - len(own_tok) - covered
    n = max(len(tokens), 1)
    if found is None:
        found = LISTS.find(tokens)
    counts = {
        name: sum(not _inside(a, b, masked) for a, b in spans) if masked and spans else len(spans)
        for name, spans in found.items()
    }
    stripped = sentence.rstrip(" \t\"'\u201d\u2019)")
    tail = sentence[own_tok[-1].end :] if own_tok else ""
    if runs is None:  # every word of `own_text` is one of the sentence's
        runs = word_runs(sentence)
    attribution = search_phrases(ATTRIBUTION, sentence, runs) is not None
    own_attribution = search_phrases(ATTRIBUTION, own_text, runs) is not None
    person_1 = person_1p = person_2 = negated = adverbs = adjectives = 0
    cues = list(map(_word_cues, own))
    for t, cue in zip(own_tok, cues, strict=True):
        if cue.person and sentence[t.start : t.end] != "US":  # "US" is not "us"
            if cue.person == 1:
                person_1 += 1
            elif cue.person == 2:
                person_1p += 1
            else:
                person_2 += 1
        negated += cue.negation
        adverbs += cue.adverb
        adjectives += cue.adjective
    quoted_person = (
        _person(tokens, sentence, _PERSON_1 | _PERSON_1P) - person_1 - person_1p if masked else 0
    )
    named: Features = {
        "bias": 1.0,
        "len_log": math.log1p(len(tokens)) / 4.0,
        "short": float(len(tokens) < 8),
        "long": float(len(tokens) > 35),
        "quoted_share": covered / n,
        "has_quote": float(bool(quotes)),
        "starts_quote": float(sentence.lstrip()[:1] in {'"', "\u201c"}),
        "attribution": float(own_attribution),
        "reported": float(bool(reported)),
        "reported_share": max(0, reported_tok) / n,
        "attribution_any": float(attribution),
        "reporting": _log_count(counts["reporting"]),
        "digits": _log_count(len(_DIGIT.findall(sentence))),
        "has_digit": float(_DIGIT.search(sentence) is not None),
        "capitalized": len(_CAPITALIZED.findall(sentence)) / n,
        "shouted": _log_count(
            len(_SHOUTED.findall(own_text)) if _CAPS3.search(own_text) is not None else 0
        ),
        "exclamation": float("!" in own_text or "!" in tail),
        "question": float(stripped.endswith("?")),
        "question_own": float(stripped.endswith("?") and not quotes),
        "colon": float(":" in sentence),
        "semicolon": float(";" in sentence),
        "dash": float("\u2014" in sentence or " - " in sentence or "--" in sentence),
        "parenthesis": float("(" in sentence),
        "ellipsis": float("..." in sentence or "\u2026" in sentence),
        "person_1": _log_count(person_1),
        "person_1p": _log_count(person_1p),
        "person_2": _log_count(person_2),
        "person_quoted": _log_count(quoted_person),
        "hedges": _log_count(counts["hedges"]),
        "modals": _log_count(counts["modals"]),
        "intensifiers": _log_count(counts["intensifiers"]),
        "negations": _log_count(counts["negations"] + negated),
        "connectives": _log_count(counts["connectives"]),
        "generalizers": _log_count(counts["generalizers"]),
        "starts_connective": float(bool(own) and own[0] in _OPENERS),
        "adverbs_ly": _log_count(adverbs),
        "adjective_like": _log_count(adjectives),
    }  # fmt: skip
    for name, spans in lexicon.items():
        inside = sum(_inside(s, e, masked) for s, e in spans) if masked and spans else 0
        named["lex_" + name] = _log_count(len(spans) - inside)
        if masked:
            named["lexq_" + name] = _log_count(inside)
    # Word, bigram and suffix grams in this order (the order fixes the float sums below);
    # the bigram "b:a b" is hashed by carrying the CRC of "b:a " over to b's bytes.
    crc32 = zlib.crc32
    keys = [cue.word_bucket for cue in cues]
    state = _BIGRAM_START
    for cue in cues:
        keys.append(crc32(cue.utf8, state) % HASH_BUCKETS)
        state = cue.bigram_state
    keys.append(crc32(b"</s>", state) % HASH_BUCKETS)
    keys += [cue.suffix_bucket for cue in cues if cue.suffix_bucket >= 0]
    counts_by_bucket = Counter(keys)
    # unit length, so long sentences do not win by size alone
    norm = math.sqrt(sum([v * v for v in counts_by_bucket.values()]))
    return named, {k: v / norm for k, v in counts_by_bucket.items()}


class _WordCues(NamedTuple):
    """What `sentence_features` needs of one (lower-cased) word, computed once per word."""

    person: int  # 0 none, 1 "I", 2 "we", 3 "you"
    negation: bool  # "n't"
    adverb: bool  # "-ly"
    adjective: bool  # an adjective ending
    word_bucket: int  # bucket("w:" + word)
    suffix_bucket: int  # bucket("s:" + last three letters), -1 when the word has none
    utf8: bytes
    bigram_state: int  # CRC-32 of "b:" + word + " ", where a bigram's CRC carries on


_BIGRAM_START = zlib.crc32(b"b:<s> ")


@functools.lru_cache(maxsize=1 << 14)
def _word_cues(word: str) -> _WordCues:
    person = 1 if word in _PERSON_1 else 2 if word in _PERSON_1P else 3 if word in _PERSON_2 else 0
    utf8 = word.encode("utf-8")
    return _WordCues(
        person,
        word.endswith("n't"),
        word.endswith("ly") and len(word) > 4,
        word.endswith(_ADJECTIVE_ENDINGS),
        bucket("w:" + word),
        bucket("s:" + word[-3:]) if len(word) > 5 and word.isalpha() else -1,
        utf8,
        zlib.crc32(b" ", zlib.crc32(utf8, zlib.crc32(b"b:"))),
    )


_ADJECTIVE_ENDINGS = ("ous", "ful", "ive", "able", "ible", "less", "ic", "ish", "ant", "ent")
_OPENERS = frozenset(
    {"but", "and", "yet", "so", "still", "indeed", "instead", "now", "if", "why", "how", "what"}
)
