"""Rows measured on text: summary, headline, subjectivity, loaded words, credibility, clickbait."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from benchmarks import datasets
from benchmarks.harness import (
    Context,
    Line,
    Outcome,
    UnavailableError,
    analyze_all,
    failures,
    pct,
    score_value,
    verdict,
)
from benchmarks.metrics import WordMatch, binary_f1, macro_f1, mean, roc_auc, span_words, words
from truthlens import split_sentences
from truthlens.analysis import Analysis
from truthlens.pipeline import Request

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
SUMMARY_DATA = "summarization/cnndm.jsonl"
HEADLINE_DATA = "headlines/bbc.jsonl"
SUBJECTIVITY_DATA = "subjectivity/newssd_eng test"
BIAS_DATA = "bias/babe_sg2.jsonl"
CREDIBILITY_DATA = "credibility/horne2017_buzzfeed.jsonl"
CLICKBAIT_DATA = "clickbait/chakraborty2016.jsonl (held-out fifth)"
SUBJECTIVE_LABEL = "subjective"
"""Objectivity evidence with this label is a sentence judged to voice the writer's view."""
LOADED_LABEL = "loaded"
"""Objectivity evidence whose label starts with this ("loaded language") marks loaded words."""
CLICKBAIT_BELOW = 5.0
"""A clickbait metric scores 0-10 with 10 best, so a headline below the middle is clickbait."""


def _rouge_scorer() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:
        message = "rouge-score is missing: install the bench extra (make quality)"
        raise UnavailableError(message) from exc
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def _rouge(scorer: Any, references: Sequence[str], outputs: Sequence[str]) -> dict[str, float]:
    """Mean F-measure per ROUGE type over the items, in points (x100)."""
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    for reference, output in zip(references, outputs, strict=True):
        scores = scorer.score(reference, output)
        for kind in ROUGE_TYPES:
            totals[kind] += float(scores[kind].fmeasure)
    return {kind: 100 * total / max(len(references), 1) for kind, total in totals.items()}


def _lead(text: str, sentences: int) -> str:
    return " ".join(s.text for s in split_sentences(text)[:sentences])


async def summary(ctx: Context) -> list[Line]:
    scorer = _rouge_scorer()
    items = datasets.cnndm(ctx.data, ctx.limit)
    outcomes = await analyze_all(ctx, [Request(source="text", text=i.text) for i in items])
    references = [i.reference for i in items]
    systems = {
        "ours": [o.summary.text if isinstance(o, Analysis) else "" for o in outcomes],
        "Lead-3": [_lead(i.text, 3) for i in items],
        "BART": [i.anchors.get("bart", "") for i in items],
        "BertSum": [i.anchors.get("bert_sum", "") for i in items],
    }
    means = {name: _rouge(scorer, references, outputs) for name, outputs in systems.items()}
    ours, lead = means["ours"], means["Lead-3"]
    n = f"{len(items)}" + (f" ({failures(outcomes)} failed)" if failures(outcomes) else "")
    lines = []
    for kind, label in zip(ROUGE_TYPES, ("ROUGE-1", "ROUGE-2", "ROUGE-L"), strict=True):
        others = "; ".join(f"{name} {means[name][kind]:.2f}" for name in list(systems)[1:])
        if kind == "rouge1":
            bar = lead[kind] + 0.5
            target, met = f"≥ Lead-3 + 0.5 = {bar:.2f}", verdict(ours[kind] >= bar)
        elif kind == "rouge2":
            target, met = f"≥ Lead-3 = {lead[kind]:.2f}", verdict(ours[kind] >= lead[kind])
        else:
            target, met = "report", "—"
        figures = {name: means[name][kind] for name in systems}
        lines.append(
            Line(
                f"summary {label} F",
                SUMMARY_DATA,
                n,
                f"{ours[kind]:.2f}",
                others,
                target,
                met,
                figures,
            )
        )
    return lines


async def headline(ctx: Context) -> list[Line]:
    """The suggested headline of the body alone (the title is the reference, never input)."""
    scorer = _rouge_scorer()
    items = datasets.bbc(ctx.data, ctx.limit)
    outcomes = await analyze_all(ctx, [Request(source="text", text=i.text) for i in items])
    ours = [o.headline.text if isinstance(o, Analysis) else "" for o in outcomes]
    lead10 = [" ".join(_lead(i.text, 1).split()[:10]) for i in items]
    titles = [i.title for i in items]
    r_ours = _rouge(scorer, titles, ours)["rouge1"]
    r_lead = _rouge(scorer, titles, lead10)["rouge1"]
    figures = {
        "ours": r_ours,
        "lead_10_words": r_lead,
        "ours_mean_words": mean([len(h.split()) for h in ours]),
        "failed": failures(outcomes),
    }
    return [
        Line(
            "suggested headline ROUGE-1 F",
            HEADLINE_DATA,
            str(len(items)),
            f"{r_ours:.2f}",
            f"first 10 words of lead {r_lead:.2f}",
            "≥ 28",
            verdict(r_ours >= 28.0),
            figures,
        )
    ]


def _tfidf_logreg(train: Sequence[tuple[str, str]], test: Sequence[str]) -> list[str] | None:
    """Word 1-2-gram TF-IDF + logistic regression (balanced classes) fitted on train."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError:
        return None
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        LogisticRegression(max_iter=1000, class_weight="balanced"),
    )
    model.fit([s for s, _ in train], [label for _, label in train])
    return [str(label) for label in model.predict(list(test))]


async def subjectivity(ctx: Context) -> list[Line]:
    """The objectivity plugin's sentence judgements, through the pipeline.

    Each test sentence is analyzed alone, as the batch CLI gets it; it counts as
    subjective when the objectivity score lists a sentence as "subjective" evidence.
    """
    train = datasets.newssd(ctx.data, "train")
    test = datasets.newssd(ctx.data, "test", ctx.limit)
    sentences, gold = [s for s, _ in test], [label for _, label in test]
    labels = ("SUBJ", "OBJ")
    outcomes = await analyze_all(ctx, [Request(source="text", text=s) for s in sentences])
    predicted = ["SUBJ" if _judged_subjective(o) else "OBJ" for o in outcomes]
    ours = macro_f1(gold, predicted, labels)
    majority_label = Counter(label for _, label in train).most_common(1)[0][0]
    majority = macro_f1(gold, [majority_label] * len(gold), labels)
    tfidf = _tfidf_logreg(train, sentences)
    learned = macro_f1(gold, tfidf, labels) if tfidf is not None else None
    baselines = f"majority ({majority_label}) {majority:.3f}; TF-IDF+LR (train) " + (
        f"{learned:.3f}" if learned is not None else "n/a (scikit-learn missing)"
    )
    figures = {
        "ours": ours,
        "majority": majority,
        "tfidf_logreg": learned,
        "failed": failures(outcomes),
    }
    n = f"{len(test)}" + (f" ({failures(outcomes)} failed)" if failures(outcomes) else "")
    return [
        Line(
            "sentence subjectivity macro-F1",
            SUBJECTIVITY_DATA,
            n,
            f"{ours:.3f}",
            baselines,
            "≥ 0.70",
            verdict(ours >= 0.70),
            figures,
        )
    ]


def _judged_subjective(outcome: Outcome) -> bool:
    if not isinstance(outcome, Analysis):
        return False
    return any(
        e.label == SUBJECTIVE_LABEL
        for score in outcome.scores
        if score.metric == "objectivity"
        for e in score.evidence
    )


async def loaded_language(ctx: Context) -> list[Line]:
    """Words inside the objectivity metric's loaded-language spans vs the annotated words.

    Each sentence is analyzed alone, as the batch CLI gets it. Matching is word-level and
    case-insensitive within a sentence (see `metrics.WordMatch`); sentences without
    annotated words still count their predicted words as false positives.
    """
    items = datasets.babe(ctx.data, ctx.limit)
    outcomes = await analyze_all(ctx, [Request(source="text", text=i.text) for i in items])
    lexicon = datasets.recasens_lexicon(ctx.data)
    ours, reference = WordMatch(), WordMatch()
    flagged = Counter[bool]()
    for item, outcome in zip(items, outcomes, strict=True):
        annotated = words(" ".join(item.biased_words))
        predicted: set[str] = set()
        if isinstance(outcome, Analysis):
            spans = [
                (e.start, e.end)
                for score in outcome.scores
                if score.metric == "objectivity"
                for e in score.evidence
                if e.label.lower().startswith(LOADED_LABEL)
            ]
            predicted = span_words(outcome.document.text, spans)
        ours.add(predicted, annotated)
        flagged[item.biased] += bool(predicted)
        if lexicon is not None:
            reference.add({w for w in words(item.text) if w in lexicon}, annotated)
    biased = sum(i.biased for i in items)
    share_biased = flagged[True] / max(biased, 1)
    share_neutral = flagged[False] / max(len(items) - biased, 1)
    baseline = (
        f"Recasens lexicon P {reference.precision:.3f} R {reference.recall:.3f}"
        if lexicon is not None
        else "—"
    )
    figures = {
        "precision": ours.precision,
        "recall": ours.recall,
        "f1": ours.f1,
        "annotated_words": ours.annotated,
        "predicted_words": ours.predicted,
        "flagged_biased_sentences": share_biased,
        "flagged_non_biased_sentences": share_neutral,
        "lexicon_precision": reference.precision if lexicon is not None else None,
        "lexicon_recall": reference.recall if lexicon is not None else None,
        "failed": failures(outcomes),
    }
    ours_cell = (
        f"P {ours.precision:.3f} R {ours.recall:.3f} F1 {ours.f1:.3f} "
        f"(flags {pct(share_biased)} biased / {pct(share_neutral)} neutral sentences)"
    )
    return [
        Line(
            "loaded-language words vs annotated biased words",
            BIAS_DATA,
            str(len(items)),
            ours_cell,
            baseline,
            "report",
            "—",
            figures,
        )
    ]


async def credibility(ctx: Context) -> list[Line]:
    """How well the accuracy and transparency values rank real above fake articles."""
    items = datasets.horne2017(ctx.data, ctx.limit)
    requests = [Request(source="text", text=i.body, title=i.title) for i in items]
    outcomes = await analyze_all(ctx, requests)
    lines = []
    for metric in ("accuracy", "transparency"):
        real = [
            v
            for i, o in zip(items, outcomes, strict=True)
            if i.real and (v := score_value(o, metric)) is not None
        ]
        fake = [
            v
            for i, o in zip(items, outcomes, strict=True)
            if not i.real and (v := score_value(o, metric)) is not None
        ]
        n = f"{len(real)} real / {len(fake)} fake"
        if not real or not fake:
            lines.append(
                Line(
                    f"{metric} score AUC, real > fake",
                    CREDIBILITY_DATA,
                    n,
                    "n/a (no scores)",
                    "chance 0.500",
                    "report, aim ≥ 0.80",
                    "—",
                )
            )
            continue
        auc = roc_auc(real, fake)
        lines.append(
            Line(
                f"{metric} score AUC, real > fake",
                CREDIBILITY_DATA,
                n,
                f"{auc:.3f}",
                "chance 0.500",
                "report, aim ≥ 0.80",
                f"aim: {verdict(auc >= 0.80)}",
                {"auc": auc, "mean_real": mean(real), "mean_fake": mean(fake)},
            )
        )
    return lines


_CLICKBAIT_RULE = re.compile(
    r"^\W*\d|\b(?:you|your|this|these|here's|here is|why|what|which|how)\b|[?!]\s*$",
    re.IGNORECASE,
)
"""The rule baseline: a leading number, addressing the reader, a teasing pronoun or
question word, or a headline ending in ? or !."""


async def clickbait(ctx: Context) -> list[Line]:
    """Only when a metric named `clickbait` is active: F1 of the clickbait class.

    Each held-out headline is analyzed as the article's title (the metric judges the
    original title), with the headline as the text too so the pipeline has a body.
    """
    measure = "clickbait headline detection F1"
    if ctx.pipeline.host.metric("clickbait") is None:
        return [Line(measure, CLICKBAIT_DATA, "—", "n/a (no clickbait metric)", "—", "report", "—")]
    items = datasets.chakraborty2016(ctx.data, ctx.limit)
    requests = [Request(source="text", text=h, title=h) for h, _ in items]
    outcomes = await analyze_all(ctx, requests)
    values = [score_value(o, "clickbait") for o in outcomes]
    gold = [c for _, c in items]
    predicted = [v is not None and v < CLICKBAIT_BELOW for v in values]
    f1 = binary_f1(gold, predicted)
    majority = Counter(gold).most_common(1)[0][0]
    f1_majority = binary_f1(gold, [majority] * len(gold))
    f1_rule = binary_f1(gold, [_CLICKBAIT_RULE.search(h) is not None for h, _ in items])
    unscored = sum(v is None for v in values)
    n = f"{len(items)}" + (f" ({unscored} unscored)" if unscored else "")
    baselines = (
        f"majority ({'clickbait' if majority else 'not'}) {f1_majority:.3f}; "
        f"rule (number, you, this, question words, ?/!) {f1_rule:.3f}"
    )
    figures = {"f1": f1, "majority": f1_majority, "rule": f1_rule, "unscored": unscored}
    return [Line(measure, CLICKBAIT_DATA, n, f"{f1:.3f}", baselines, "report", "—", figures)]
