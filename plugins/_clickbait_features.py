"""Features of one headline for the clickbait model, shared by training and inference.

`scripts/train_clickbait.py` fits a logistic regression on these features and
`clickbait.py` applies the weights. Words are lower-cased and capitalization is not
a feature at all: in the training data the clickbait headlines come from sites that
write in Title Case, and a model should learn what a headline says, not which site's
style guide it follows. Named cues are the devices clickbait is known for: numbered
lists, addressing the reader, teasing pronouns that withhold the subject ("this",
"these", "what happens next"), superlatives and hyperbole, questions and
exclamations. Hashed word n-grams carry the rest.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib

from truthlens.plugins._lexicon import phrase_pattern

Features = dict[str, float]
HASH_BUCKETS = 1 << 15

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['\u2019][A-Za-z]+)?|\d+(?:[.,]\d+)*")
_LEADING_NUMBER = re.compile(
    r"^\W*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I
)

READER = phrase_pattern(("you", "your", "you're", "you'll", "you've", "yourself", "yours"))
TEASERS = phrase_pattern(
    (
        "this", "these", "here's", "here is", "here are", "what happens", "what happened",
        "what this", "why you", "how to", "this is why", "this is what", "the reason",
        "will make you", "will blow your mind", "you won't believe", "can't believe",
        "need to know", "need to see", "must see", "wait until", "wait till", "find out",
        "the truth about", "secret", "secrets", "trick", "tricks", "hack", "hacks",
    )
)  # fmt: skip
HYPERBOLE = phrase_pattern(
    (
        "best", "worst", "most", "ever", "literally", "totally", "absolutely", "perfect",
        "amazing", "awesome", "incredible", "unbelievable", "insane", "epic", "ultimate",
        "genius", "hilarious", "adorable", "cutest", "weirdest", "craziest", "shocking",
        "mind-blowing", "jaw-dropping", "omg", "wtf", "lol", "so", "too", "really",
    )
)  # fmt: skip
QUIZ = phrase_pattern(
    ("which", "quiz", "can you", "do you", "are you", "should you", "how many", "guess")
)
NEWSY = phrase_pattern(
    (
        "says", "said", "kills", "killed", "dies", "dead", "wins", "won", "to", "in", "of",
        "after", "over", "amid", "president", "minister", "government", "police", "court",
        "official", "officials", "percent", "million", "billion",
    )
)  # fmt: skip


def words(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]


def bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % HASH_BUCKETS


def headline_features(headline: str) -> tuple[Features, dict[int, float]]:
    """Named cue features and hashed n-gram counts of one headline."""
    tokens = words(headline)
    n = len(tokens)
    stripped = headline.strip()
    named: Features = {
        "bias": 1.0,
        "len_log": math.log1p(n) / 3.0,
        "short": float(n <= 5),
        "long": float(n >= 14),
        "leading_number": float(_LEADING_NUMBER.match(stripped) is not None),
        "digits": math.log1p(sum(ch.isdigit() for ch in stripped)),
        "reader": math.log1p(len(READER.findall(headline))),
        "teasers": math.log1p(len(TEASERS.findall(headline))),
        "hyperbole": math.log1p(len(HYPERBOLE.findall(headline))),
        "quiz": math.log1p(len(QUIZ.findall(headline))),
        "newsy": math.log1p(len(NEWSY.findall(headline))) / 2.0,
        "question": float(stripped.endswith("?")),
        "exclamation": float("!" in stripped),
        "colon": float(":" in stripped),
        "quote_marks": float(any(q in stripped for q in "\"\u201c\u2018'")),
        "mean_word_len": (sum(len(t) for t in tokens) / n / 10.0) if n else 0.0,
    }
    padded = ["<s>", *tokens, "</s>"]
    grams = [f"w:{t}" for t in tokens]
    grams += [f"b:{a} {b}" for a, b in itertools.pairwise(padded)]
    hashed: dict[int, float] = {}
    for gram in grams:
        key = bucket(gram)
        hashed[key] = hashed.get(key, 0.0) + 1.0
    if hashed:
        norm = math.sqrt(sum(v * v for v in hashed.values()))
        hashed = {k: v / norm for k, v in hashed.items()}
    return named, hashed


def cue_names(headline: str) -> list[str]:
    """The clickbait devices a reader would recognise in this headline (for explanations)."""
    stripped = headline.strip()
    found = []
    if _LEADING_NUMBER.match(stripped):
        found.append("opens with a number (a list)")
    if READER.search(headline):
        found.append("addresses the reader")
    if TEASERS.search(headline):
        found.append("teases instead of telling")
    if HYPERBOLE.search(headline):
        found.append("hyperbole")
    if QUIZ.search(headline):
        found.append("quiz or challenge wording")
    if stripped.endswith("?"):
        found.append("asks a question")
    if "!" in stripped:
        found.append("exclamation")
    return found
