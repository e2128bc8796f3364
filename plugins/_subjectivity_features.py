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

import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import and_, mul, truediv
from typing import Any, NamedTuple

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
STRONG_INTENSIFIERS = (
    (
        "very", "extremely", "incredibly", "utterly", "totally", "absolutely", "completely",
        "entirely", "really", "truly", "deeply", "hugely", "massively", "immensely",
        "enormously", "tremendously", "remarkably", "exceptionally", "terribly", "awfully",
        "insanely", "ridiculously", "desperately", "far too", "way too", "so much",
        "beyond belief", "by far", "wildly", "outright", "sheer", "downright", "thoroughly",
    )
)  # fmt: skip
"""Intensifiers that are loaded on their own (the objectivity metric's evidence)."""
INTENSIFIERS = (
    *STRONG_INTENSIFIERS,
    "too", "so", "such", "quite", "highly", "particularly", "especially", "ever",
    "never", "always", "all", "every", "nothing", "everything", "everyone", "nobody",
)  # fmt: skip
"""Every intensifier the subjectivity model counts, the strong ones first."""
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


def reported_spans(sentence: str, runs: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Parts of a sentence that report what someone else said (indirect speech).

    "Critics said the plan was reckless": the clause after the speaker and verb;
    "The plan was reckless, critics said": the clause before; "According to X, ...":
    the rest after the comma. First-person speakers ("I said", "we argued") are the
    writer's own voice and do not count. `runs` is `word_runs(sentence)` when the caller
    has it: its lower-cased runs include every run as written that is a (lower-case)
    verb of `_SAY`, so it rules out what the runs as written would.
    """
    spans: list[tuple[int, int]] = []
    no_say_verb = _SAY_WORDS.isdisjoint(runs if runs is not None else _RUN.findall(sentence))
    if not no_say_verb:  # else neither pattern can match
        for m in _REPORTED_AFTER.finditer(sentence):
            spans.append((m.end(), len(sentence)))
            break
        tail = _REPORTED_BEFORE.search(sentence)
        if tail is not None:
            spans.append((0, tail.start()))
    # "accord" has no letter that `re` folds differently from `str.lower`; a match's
    # "according" is a whole run of word characters, so `runs` hold it when not None.
    maybe = "according" in runs if runs is not None else "accord" in sentence.lower()
    according = _ACCORDING.search(sentence) if maybe else None
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
    if runs is None:  # every word of `own_text` is one of the sentence's
        runs = word_runs(sentence)
    reported = reported_spans(sentence, runs)
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
    if masked:
        counts = {
            name: sum(not _inside(a, b, masked) for a, b in spans) if spans else 0
            for name, spans in found.items()
        }
    else:
        counts = dict(zip(found, map(len, found.values()), strict=True))
    stripped = sentence.rstrip(" \t\"'\u201d\u2019)")
    tail = sentence[own_tok[-1].end :] if own_tok else ""
    attribution = search_phrases(ATTRIBUTION, sentence, runs) is not None
    own_attribution = search_phrases(ATTRIBUTION, own_text, runs) is not None
    person_1 = person_1p = person_2 = 0
    try:  # every word seen before: one C loop of dictionary lookups
        cues = list(map(_CUES.__getitem__, own))
    except KeyError:
        cues = _cues_of(own)
    # One column per field of the words' cues (empty ones when the sentence has no words).
    persons, negations, adverb_flags, adjective_flags, word_buckets, suffixes, utf8, states = (
        zip(*cues, strict=True) if cues else _NO_COLUMNS
    )
    if any(persons):
        for t, person in zip(own_tok, persons, strict=True):
            if person and sentence[t.start : t.end] != "US":  # "US" is not "us"
                if person == 1:
                    person_1 += 1
                elif person == 2:
                    person_1p += 1
                else:
                    person_2 += 1
    negated, adverbs, adjectives = sum(negations), sum(adverb_flags), sum(adjective_flags)
    digits = len(_DIGIT.findall(sentence))
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
        "digits": _log_count(digits),
        "has_digit": float(digits > 0),
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
    if masked:
        for name, spans in lexicon.items():
            inside = sum(_inside(s, e, masked) for s, e in spans) if spans else 0
            named["lex_" + name] = _log_count(len(spans) - inside)
            named["lexq_" + name] = _log_count(inside)
    else:
        lengths = map(len, lexicon.values())
        named.update(zip(map(_LEX.__add__, lexicon), map(_log_count, lengths), strict=True))
    # Word, bigram and suffix grams in this order (the order fixes the float sums below);
    # the bigram "b:a b" is hashed by carrying the CRC of "b:a " over to b's bytes.
    # (HASH_BUCKETS is a power of two: `& _BUCKET_MASK` is `% HASH_BUCKETS` of a CRC.)
    keys = list(word_buckets)
    bigrams = map(zlib.crc32, (*utf8, b"</s>"), (_BIGRAM_START, *states))
    keys += map(and_, bigrams, repeat(_BUCKET_MASK))
    keys += filter(_NON_NEGATIVE, suffixes)
    counts_by_bucket = Counter(keys)
    # unit length, so long sentences do not win by size alone (an exact integer sum)
    values = counts_by_bucket.values()
    norm = math.sqrt(sum(map(mul, values, values)))
    return named, dict(zip(counts_by_bucket, map(truediv, values, repeat(norm)), strict=True))


_LEX = "lex_"
_BUCKET_MASK = HASH_BUCKETS - 1
assert HASH_BUCKETS & _BUCKET_MASK == 0, "HASH_BUCKETS must be a power of two"
_NON_NEGATIVE = (-1).__lt__
_NO_COLUMNS: tuple[tuple[Any, ...], ...] = ((),) * 8


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


_CUES: dict[str, _WordCues] = {}
"""`_word_cues` of the words seen (a plain dictionary: cheaper to look up than an LRU cache)."""
_CUES_MAX = 1 << 14  # as many as the LRU cache this replaces held


def _cues_of(words: list[str]) -> list[_WordCues]:
    if len(_CUES) > _CUES_MAX:  # bounded; a dictionary's single operations are thread-safe
        _CUES.clear()
    cues = _CUES.get
    return [cues(w) or _CUES.setdefault(w, _word_cues(w)) for w in words]


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
