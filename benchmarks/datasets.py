"""Readers for the shared evaluation data (`../shared/data`, see its README).

Each reader returns items in file order and, with `limit`, only `limit` of them, evenly
spaced through the file (several files are sorted by label, so a prefix would hold one
class only). Nothing here is shipped: several of these datasets are for evaluation only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def sample(items: Sequence[T], limit: int | None) -> list[T]:
    """`limit` items evenly spaced through `items` (all of them without a limit)."""
    if limit is None or limit >= len(items):
        return list(items)
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return sample([json.loads(line) for line in lines if line.strip()], limit)


@dataclass(frozen=True, slots=True)
class SummaryItem:
    id: str
    text: str
    reference: str
    anchors: dict[str, str]
    """Published systems' summaries (BART, BertSum): lower-cased and tokenised."""


def cnndm(data: Path, limit: int | None) -> list[SummaryItem]:
    return [
        SummaryItem(r["id"], r["text"], r["reference_summary"], dict(r["anchor_summaries"]))
        for r in read_jsonl(data / "summarization" / "cnndm.jsonl", limit)
    ]


@dataclass(frozen=True, slots=True)
class HeadlineItem:
    id: str
    text: str
    title: str


def bbc(data: Path, limit: int | None) -> list[HeadlineItem]:
    return [
        HeadlineItem(r["id"], r["text"], r["title"])
        for r in read_jsonl(data / "headlines" / "bbc.jsonl", limit)
    ]


def newssd(data: Path, split: str, limit: int | None = None) -> list[tuple[str, str]]:
    """(sentence, "SUBJ" | "OBJ") pairs of one split: train, val or test."""
    path = data / "subjectivity" / "newssd_eng" / f"{split}.jsonl"
    return [(r["sentence"], r["label"]) for r in read_jsonl(path, limit)]


@dataclass(frozen=True, slots=True)
class BiasItem:
    text: str
    biased: bool
    biased_words: tuple[str, ...]


def babe(data: Path, limit: int | None) -> list[BiasItem]:
    return [
        BiasItem(r["text"], r["label_bias"] == "Biased", tuple(r["biased_words"]))
        for r in read_jsonl(data / "bias" / "babe_sg2.jsonl", limit)
    ]


def recasens_lexicon(data: Path) -> frozenset[str] | None:
    """The original 654 bias lemmas of Recasens et al. 2013 (evaluation only), if present."""
    path = data / "lexicons" / "recasens2013_bias_lexicon" / "bias-lexicon_og.txt"
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        " ".join(line.split()).lower()
        for line in lines
        if line.strip() and not line.startswith("#")
    )


@dataclass(frozen=True, slots=True)
class Page:
    """A raw HTML page with what a good extraction of it finds."""

    id: str
    url: str | None
    html: bytes
    body: str | None = None
    """Ground-truth main text (aeb)."""
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    author: str | None = None
    date: str | None = None


def aeb(data: Path, limit: int | None) -> list[Page]:
    root = data / "extraction" / "aeb"
    truth: dict[str, dict[str, str]] = json.loads(
        (root / "ground-truth.json").read_text(encoding="utf-8")
    )
    items = sample(list(truth.items()), limit)
    return [
        Page(
            id=key,
            url=value.get("url") or None,
            html=_gunzip(root / "html" / f"{key}.html.gz"),
            body=value.get("articleBody", ""),
        )
        for key, value in items
    ]


def trafilatura_eval(data: Path, limit: int | None) -> list[Page]:
    root = data / "extraction" / "trafilatura_eval"
    records: dict[str, dict[str, Any]] = json.loads(
        (root / "evaldata.json").read_text(encoding="utf-8")
    )
    items = sample(list(records.items()), limit)
    return [
        Page(
            id=record["file"],
            url=url,
            html=_gunzip(root / "html" / f"{record['file']}.gz"),
            must=tuple(record.get("with", ())),
            must_not=tuple(record.get("without", ())),
            author=_byline(record.get("author")),
            date=record.get("date") or None,
        )
        for url, record in items
    ]


@dataclass(frozen=True, slots=True)
class CredibilityItem:
    id: str
    title: str
    body: str
    real: bool


def horne2017(data: Path, limit: int | None) -> list[CredibilityItem]:
    return [
        CredibilityItem(r["id"], r["title"], r["body"], r["label"] == "real")
        for r in read_jsonl(data / "credibility" / "horne2017_buzzfeed.jsonl", limit)
    ]


def clickbait_holdout(headline: str) -> bool:
    """The fifth of the clickbait data that the harness scores on.

    A clickbait model trained from `clickbait/chakraborty2016.jsonl` must leave these
    headlines out of its training data (the rule differs from the one that chose which
    headlines are in the file at all).
    """
    digest = hashlib.sha1(("truthlens-holdout:" + headline).encode(), usedforsecurity=False)
    return int(digest.hexdigest(), 16) % 5 == 0


def chakraborty2016(data: Path, limit: int | None) -> list[tuple[str, bool]]:
    """(headline, is clickbait) of the held-out fifth, in file order."""
    rows = read_jsonl(data / "clickbait" / "chakraborty2016.jsonl")
    held_out = [
        (r["headline"], bool(r["clickbait"])) for r in rows if clickbait_holdout(r["headline"])
    ]
    return sample(held_out, limit)


def _byline(value: str | list[str] | None) -> str | None:
    """A gold author; a few records list several people, joined here as a byline would be."""
    if isinstance(value, list):
        value = "; ".join(str(name) for name in value)
    return value or None


def _gunzip(path: Path) -> bytes:
    with gzip.open(path, "rb") as page:
        return page.read()
