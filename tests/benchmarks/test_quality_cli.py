"""The quality harness end to end on a tiny data folder of our own (no bench extra needed).

Only rows that need neither rouge-score nor scikit-learn run here: loaded-language words,
credibility AUC and clickbait F1 on the held-out fifth, through the real pipeline.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from benchmarks import quality

NEUTRAL = (
    "The council approved the budget on Tuesday by a vote of seven to two, officials said. "
    "Work on the bridge is expected to start in March and last about eight months. "
    "The city will pay for it from a road fund approved by voters in 2021."
)
SHRILL = (
    "This outrageous, disgraceful council is utterly incompetent! "
    "Everyone knows these corrupt clowns are lying to you. "
    "Wake up before this pathetic scheme ruins everything!"
)


def _jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    _jsonl(
        root / "bias" / "babe_sg2.jsonl",
        [
            {
                "text": "An outrageous plan passed.",
                "label_bias": "Biased",
                "biased_words": ["outrageous"],
            },
            {"text": "The plan passed on Monday.", "label_bias": "Non-biased", "biased_words": []},
        ],
    )
    _jsonl(
        root / "credibility" / "horne2017_buzzfeed.jsonl",
        [
            {"id": "r1", "label": "real", "title": "Council approves budget", "body": NEUTRAL},
            {"id": "f1", "label": "fake", "title": "SHOCKING council scandal", "body": SHRILL},
        ],
    )
    # The first four are in the harness's held-out fifth (datasets.clickbait_holdout), the
    # last is not and must be left out of the row.
    _jsonl(
        root / "clickbait" / "chakraborty2016.jsonl",
        [
            {"headline": "17 Things Only People Who Love Pizza Will Understand", "clickbait": True},
            {"headline": "What Happens Next Will Blow Your Mind", "clickbait": True},
            {"headline": "Unemployment rate steady at 4.1 percent", "clickbait": False},
            {"headline": "Election commission sets date for vote", "clickbait": False},
            {"headline": "Which Disney Princess Are You?", "clickbait": True},
        ],
    )
    return root


def test_rows_run_the_pipeline_and_write_one_table_and_json(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "quality.json"
    argv = ["--data", str(data), "--only", "clickbait,loaded,credibility", "--json", str(out)]
    assert quality.main(argv) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("| measure")
    assert len(table) == 2 + 4  # header, rule, loaded, accuracy AUC, transparency AUC, clickbait
    assert table[-1].startswith("| clickbait headline detection F1")
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [r["row"] for r in report["rows"]] == [
        "loaded",
        "credibility",
        "credibility",
        "clickbait",
    ]
    loaded = report["rows"][0]["figures"]
    assert loaded["annotated_words"] == 1
    assert loaded["predicted_words"] >= 1  # "outrageous" is loaded language
    assert loaded["precision"] > 0
    auc = report["rows"][1]["figures"]["auc"]
    assert 0.0 <= auc <= 1.0
    clickbait = report["rows"][3]
    assert clickbait["n"] == "4"
    assert clickbait["figures"]["f1"] == 1.0  # the two obvious baits, not the two plain ones
    assert clickbait["figures"]["majority"] == pytest.approx(2 / 3)  # tie: clickbait first
    assert {p["name"] for p in report["plugins"]} >= {"objectivity", "accuracy", "transparency"}


def test_a_missing_dataset_is_reported_in_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    argv = ["--data", str(tmp_path / "empty"), "--only", "credibility,aeb,trafilatura"]
    assert quality.main(argv) == 0
    rows = capsys.readouterr().out.splitlines()[2:]
    assert len(rows) == 3
    assert all("n/a (no data:" in row for row in rows)


def test_only_rejects_unknown_rows_and_keeps_table_order() -> None:
    assert quality.parse_args(["--only", "aeb,summary"]).only == ["summary", "aeb"]
    with pytest.raises(argparse.ArgumentTypeError, match="unknown row"):
        quality._rows("summary,nonsense")
    with pytest.raises(argparse.ArgumentTypeError, match="at least 1"):
        quality._positive("0")
