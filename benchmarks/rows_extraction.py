"""Rows measured on raw HTML: main-text extraction (aeb) and hard pages (trafilatura_eval).

Our side is the real pipeline given the page bytes and its URL, as after a fetch; the
baselines run off-the-shelf trafilatura on the same bytes and URL in the worker process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchmarks import baselines, datasets
from benchmarks.harness import (
    Context,
    Line,
    UnavailableError,
    analyze_all,
    collect,
    failures,
    pct,
    verdict,
)
from benchmarks.metrics import (
    PRF,
    SnippetCounts,
    author_matches,
    days_apart,
    parse_day,
    shingle_match,
    shingle_scores,
)
from truthlens.analysis import Analysis
from truthlens.pipeline import Request

AEB_DATA = "extraction/aeb"
EVAL_DATA = "extraction/trafilatura_eval"


def start(ctx: Context, rows: set[str]) -> None:
    """Load the pages and queue the baselines in the worker, before any row runs.

    A missing dataset is left for its row to report.
    """
    if ctx.pool is None:
        return
    if "aeb" in rows and (aeb_pages := _try(datasets.aeb, ctx)) is not None:
        ctx.loaded["aeb"] = aeb_pages
        ctx.background["aeb"] = [
            ctx.pool.submit(baselines.extract_text, (p.html, p.url)) for p in aeb_pages
        ]
    if "trafilatura" in rows and (eval_pages := _try(datasets.trafilatura_eval, ctx)) is not None:
        ctx.loaded["trafilatura"] = eval_pages
        ctx.background["trafilatura"] = [
            ctx.pool.submit(baselines.bare_extraction, (p.html, p.url)) for p in eval_pages
        ]


def _try(
    loader: Callable[[Path, int | None], list[datasets.Page]], ctx: Context
) -> list[datasets.Page] | None:
    try:
        return loader(ctx.data, ctx.limit)
    except FileNotFoundError:
        return None


def _pages(ctx: Context, key: str) -> list[datasets.Page]:
    """The pages `start` loaded; when it could not, load again to raise the real error."""
    if key not in ctx.loaded or key not in ctx.background:
        loader = datasets.aeb if key == "aeb" else datasets.trafilatura_eval
        loader(ctx.data, ctx.limit)
        raise UnavailableError("the baseline worker did not start")
    pages: list[datasets.Page] = ctx.loaded[key]
    return pages


def _requests(pages: list[datasets.Page]) -> list[Request]:
    return [Request(source="html", html=p.html, url=p.url) for p in pages]


def _prf(value: PRF) -> str:
    return f"{value.f1:.3f} (P {value.precision:.3f} R {value.recall:.3f})"


async def aeb(ctx: Context) -> list[Line]:
    pages = _pages(ctx, "aeb")
    outcomes = await analyze_all(ctx, _requests(pages))
    ours = shingle_scores(
        shingle_match(p.body or "", o.document.text if isinstance(o, Analysis) else "")
        for p, o in zip(pages, outcomes, strict=True)
    )
    texts: list[str] = await collect(ctx.background["aeb"])
    base = shingle_scores(
        shingle_match(p.body or "", text) for p, text in zip(pages, texts, strict=True)
    )
    n = f"{len(pages)}" + (f" ({failures(outcomes)} no text)" if failures(outcomes) else "")
    figures = {
        "ours": {"f1": ours.f1, "precision": ours.precision, "recall": ours.recall},
        "trafilatura_extract": {"f1": base.f1, "precision": base.precision, "recall": base.recall},
        "failed": failures(outcomes),
    }
    met = verdict(ours.f1 >= 0.96 and ours.f1 >= base.f1)
    return [
        Line(
            "extraction shingle F1 vs ground-truth body",
            AEB_DATA,
            n,
            _prf(ours),
            f"trafilatura.extract {_prf(base)}",
            "≥ 0.96 and ≥ baseline",
            met,
            figures,
        )
    ]


async def trafilatura_eval(ctx: Context) -> list[Line]:
    pages = _pages(ctx, "trafilatura")
    outcomes = await analyze_all(ctx, _requests(pages))
    found: list[baselines.Extracted] = await collect(ctx.background["trafilatura"])
    ours_snippets, base_snippets = SnippetCounts(), SnippetCounts()
    authors = [0, 0]  # right: ours, baseline
    days = [0, 0]
    near = [0, 0]  # within one day: a time zone apart
    with_author = [p for p in pages if p.author]
    with_date = [p for p in pages if p.date and parse_day(p.date)]
    for page, outcome, base in zip(pages, outcomes, found, strict=True):
        document = outcome.document if isinstance(outcome, Analysis) else None
        ours_snippets.add(document.text if document else None, page.must, page.must_not)
        base_snippets.add(base.text, page.must, page.must_not)
        if page.author:
            authors[0] += author_matches(page.author, document.author if document else None)
            authors[1] += author_matches(page.author, base.author)
        if page.date and parse_day(page.date):
            published = document.published_at if document else None
            ours_gap = days_apart(page.date, published.date() if published else None)
            base_gap = days_apart(page.date, parse_day(base.date) if base.date else None)
            for i, gap in enumerate((ours_gap, base_gap)):
                days[i] += gap == 0
                near[i] += gap is not None and gap <= 1
    snippets = ours_snippets.tp + ours_snippets.fn + ours_snippets.fp + ours_snippets.tn
    s_ours, s_base = ours_snippets.accuracy, base_snippets.accuracy
    lines = [
        Line(
            "must / must-not snippets right",
            EVAL_DATA,
            f"{len(pages)} pages, {snippets} snippets",
            f"{pct(s_ours)} (F1 {ours_snippets.prf.f1:.3f})",
            f"bare_extraction {pct(s_base)} (F1 {base_snippets.prf.f1:.3f})",
            "≥ baseline",
            verdict(s_ours >= s_base),
            {
                "ours": s_ours,
                "baseline": s_base,
                "ours_f1": ours_snippets.prf.f1,
                "baseline_f1": base_snippets.prf.f1,
            },
        )
    ]
    if with_author:
        a_ours, a_base = (x / len(with_author) for x in authors)
        lines.append(
            Line(
                "author found (same names)",
                EVAL_DATA,
                str(len(with_author)),
                pct(a_ours),
                f"bare_extraction {pct(a_base)}",
                f"≥ baseline + 5 pts = {pct(a_base + 0.05)}",
                verdict(a_ours >= a_base + 0.05),
                {"ours": a_ours, "baseline": a_base},
            )
        )
    if with_date:
        d_ours, d_base = (x / len(with_date) for x in days)
        n_ours, n_base = (x / len(with_date) for x in near)
        lines.append(
            Line(
                "publication date right (same day)",
                EVAL_DATA,
                str(len(with_date)),
                f"{pct(d_ours)} (±1 day {pct(n_ours)})",
                f"bare_extraction {pct(d_base)} (±1 day {pct(n_base)})",
                f"≥ baseline + 2 pts = {pct(d_base + 0.02)}",
                verdict(d_ours >= d_base + 0.02),
                {
                    "ours": d_ours,
                    "baseline": d_base,
                    "ours_within_1_day": n_ours,
                    "baseline_within_1_day": n_base,
                },
            )
        )
    return lines
