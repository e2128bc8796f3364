"""Clickbait: whether the article's own title baits the reader instead of informing.

The original title (not our suggested headline) is scored by a small logistic
regression (`models/clickbait.json`, trained by `scripts/train_clickbait.py` on the
Chakraborty et al. 2016 headlines, MIT) over lower-cased word n-grams and the devices
clickbait is known for (numbered lists, "you", teasing pronouns, hyperbole,
questions). 10 means a plain title, 0 an obvious clickbait one.

Without a title there is nothing to judge: the value is a neutral 5 with confidence 0,
which the average leaves out (`TRUTHLENS_METRIC_WEIGHTS=clickbait=0` leaves the metric
out always). One exception: a text that is a single short line and
has no title is judged as its own headline, since that is what such input usually is
(the batch check feeds headlines that way).
"""

from __future__ import annotations

from truthlens import Document, Evidence, Metric, MetricResult, hookimpl
from truthlens.plugins._clickbait_features import cue_names, headline_features
from truthlens.plugins._lexicon import join_phrases
from truthlens.plugins._linear_model import load_model

MODEL_FILE = "clickbait.json"
CLICKBAIT = "clickbait headline"
MAX_HEADLINE_WORDS = 30
"""A title-less text of one line and at most this many words is judged as a headline."""


def clickbait_probability(headline: str) -> float:
    """Probability (0..1) that a headline is clickbait."""
    if not headline.strip():
        return 0.0
    return load_model(MODEL_FILE).probability(*headline_features(headline))


def _headline_of(document: Document) -> tuple[str, bool] | None:
    """The headline to judge and whether it is the text itself (no title was given)."""
    if document.title and document.title.strip():
        return document.title.strip(), False
    text = document.text.strip()
    if text and "\n" not in text and len(text.split()) <= MAX_HEADLINE_WORDS:
        return text, True
    return None


class Clickbait(Metric):
    name = "clickbait"
    label = "Clickbait"
    description = (
        "Whether the article's own title informs (10) or baits the reader (0): numbered "
        "lists, addressing the reader, teasing pronouns, hyperbole, questions."
    )
    version = "1.0.0"

    def score(self, document: Document) -> MetricResult:
        found = _headline_of(document)
        if found is None:
            return MetricResult(
                value=5.0,
                explanation="There is no title to judge for clickbait.",
                confidence=0.0,
            )
        headline, is_text = found
        model = load_model(MODEL_FILE)
        probability = model.probability(*headline_features(headline))
        baiting = probability >= model.threshold
        certainty = abs(2.0 * probability - 1.0)
        confidence = (0.5 + 0.4 * certainty) * (0.5 if is_text else 1.0)
        which = (
            "The text, judged as a headline since there is no title," if is_text else ("The title")
        )
        verdict = "reads as clickbait" if baiting else "reads as a plain headline"
        explanation = f"{which} {verdict} (clickbait probability {probability:.0%})."
        cues = cue_names(headline)
        if cues and baiting:
            explanation += " Devices: " + join_phrases(cues) + "."
        evidence = []
        if is_text and baiting:
            start = document.text.find(headline)
            if start >= 0:
                evidence.append(
                    Evidence(
                        start, start + len(headline), headline, CLICKBAIT, round(probability, 2)
                    )
                )
        return MetricResult(
            value=round(10.0 * (1.0 - probability), 2),
            explanation=explanation,
            evidence=evidence,
            confidence=round(confidence, 2),
        )


@hookimpl
def register_metrics() -> list[Metric]:
    return [Clickbait()]


__all__ = ["Clickbait", "clickbait_probability", "register_metrics"]
