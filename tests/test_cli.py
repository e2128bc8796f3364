"""The `truthlens` command line: in-process through `main()`, and as the installed script."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from truthlens import db, listing
from truthlens.cli import main
from truthlens.plugin_manager import create_plugin_host
from truthlens.schema import SDL_PATH
from truthlens.settings import Settings

from .conftest import PAGES

BUILTIN_METRICS = {
    "objectivity": "Objectivity",
    "accuracy": "Accuracy",
    "transparency": "Transparency",
}
# Every active metric, in run order: the built-ins plus installed partner plugins (the dev
# install adds examples/truthlens-readability).
METRICS = {m.metric.name: m.metric.label for m in create_plugin_host().metrics}
assert BUILTIN_METRICS.items() <= METRICS.items()
ANALYSIS_KEYS = {"article", "headline", "summary", "scores", "average_score", "error"}
ARTICLE_KEYS = {
    "title",
    "author",
    "site_name",
    "published_at",
    "url",
    "language",
    "kind",
    "word_count",
    "text",
}
SCORE_KEYS = {
    "metric",
    "label",
    "value",
    "confidence",
    "explanation",
    "evidence",
    "status",
    "error",
}
EVIDENCE_KEYS = {"start", "end", "text", "label", "weight"}
ERROR_KEYS = {"code", "message"}

STORY = (
    "The city council voted on Tuesday to approve the new budget. "
    "According to the finance office, spending rises by 4 percent next year. "
    "Critics said the plan is a disaster for the harbor district."
)
OTHER_STORY = (
    "The regional library will open two new branches in March, the library board said. "
    "Each branch will hold about 20,000 books, according to a statement on Monday."
)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> str:
    """A clean TRUTHLENS_* environment pointing at the test database; cwd is a temp dir."""
    for name in Settings.model_fields:
        monkeypatch.delenv(f"TRUTHLENS_{name.upper()}", raising=False)
    monkeypatch.setenv("TRUTHLENS_DATABASE_URL", database_url)
    monkeypatch.setenv("TRUTHLENS_ALLOW_PRIVATE_ADDRESSES", "true")
    monkeypatch.setenv("TRUTHLENS_FETCH_PORTS", "*")  # the page server's port is random
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return database_url


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """`truthlens ARGV...` in this process; what it printed, and its exit code."""
    capsys.readouterr()  # drop anything printed before
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def count_articles(database_url: str) -> int:
    """Articles in the database (migrating it first, so a never-used database counts 0)."""

    async def count() -> int:
        engine = db.create_engine(database_url)
        try:
            await db.migrate(engine)
            async with db.create_sessionmaker(engine)() as session:
                return await listing.count_articles(session)
        finally:
            await engine.dispose()

    return asyncio.run(count())


def sqlite_file(database_url: str) -> Path | None:
    prefix = "sqlite+aiosqlite:///"
    return Path(database_url.removeprefix(prefix)) if database_url.startswith(prefix) else None


def write(path: Path, content: str | bytes) -> str:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def assert_analysis_shape(
    analysis: dict[str, Any], metrics: Collection[str] = tuple(METRICS)
) -> None:
    """The JSON shape of one analysis: exact keys everywhere, evidence slicing the text."""
    assert set(analysis) == ANALYSIS_KEYS
    assert analysis["error"] is None
    article = analysis["article"]
    assert set(article) == ARTICLE_KEYS
    assert isinstance(article["text"], str)
    assert article["text"]
    assert isinstance(article["word_count"], int)
    assert article["word_count"] > 0
    assert isinstance(analysis["headline"], str)
    assert analysis["headline"]
    assert isinstance(analysis["summary"], str)
    assert analysis["summary"]
    scores = analysis["scores"]
    assert [s["metric"] for s in scores] == [m for m in METRICS if m in metrics]
    for score in scores:
        assert set(score) == SCORE_KEYS
        assert score["label"] == METRICS[score["metric"]]
        assert score["status"] == "ok", score
        assert score["error"] is None
        assert 0 <= score["value"] <= 10
        assert 0 <= score["confidence"] <= 1
        assert score["explanation"]
        for evidence in score["evidence"]:
            assert set(evidence) == EVIDENCE_KEYS
            assert article["text"][evidence["start"] : evidence["end"]] == evidence["text"]
    # The average leaves out scores that judged nothing (confidence 0).
    values = [s["value"] for s in scores if s["confidence"] > 0]
    assert analysis["average_score"] == pytest.approx(sum(values) / len(values), abs=0.01)


# --- analyze: text --------------------------------------------------------------------------


def test_text_file_prints_the_report(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(tmp_path / "notes.txt", STORY)
    run = run_cli(capsys, "analyze", notes)
    assert run.code == 0, run.err
    assert run.out.startswith("Headline: ")
    for heading in ("Headline:", "Summary:", "Average score", "Words:"):
        assert heading in run.out
    for label in METRICS.values():
        assert f"  {label} " in run.out

    as_json = run_cli(capsys, "analyze", notes, "--json", "--no-store").json()
    assert f"Headline: {as_json['headline']}" in run.out
    assert f"Summary:  {as_json['summary']}" in run.out
    assert f"Average score: {as_json['average_score']:.1f} / 10" in run.out
    for score in as_json["scores"]:
        assert f"{score['label']:<14} {score['value']:4.1f}" in run.out
        assert score["explanation"] in run.out
    assert count_articles(cli_env) == 1


def test_json_prints_the_full_analysis(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "analyze", write(tmp_path / "notes.txt", STORY), "--json")
    assert run.code == 0, run.err
    analysis = run.json()
    assert_analysis_shape(analysis)
    assert analysis["article"] == {
        "title": None,
        "author": None,
        "site_name": None,
        "published_at": None,
        "url": None,
        "language": None,
        "kind": None,
        "word_count": len(STORY.split()),
        "text": STORY,
    }
    assert any(score["evidence"] for score in analysis["scores"])
    assert count_articles(cli_env) == 1


def test_no_store_leaves_the_database_untouched(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write(tmp_path / "first.txt", STORY)
    second = write(tmp_path / "second.txt", OTHER_STORY)

    run = run_cli(capsys, "analyze", first, "--no-store")
    assert run.code == 0, run.err
    assert "Headline:" in run.out
    database = sqlite_file(cli_env)
    if database is not None:
        assert not database.exists(), "--no-store must not even create the SQLite file"
    assert count_articles(cli_env) == 0

    assert run_cli(capsys, "analyze", first).code == 0  # stored: the count can move
    assert count_articles(cli_env) == 1
    assert run_cli(capsys, "analyze", second, "--no-store", "--json").code == 0
    assert count_articles(cli_env) == 1


def test_storing_the_same_text_twice_keeps_one_article(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    once = write(tmp_path / "once.txt", STORY)
    again = write(tmp_path / "again.txt", f"\n  {STORY}\r\n\n")
    assert run_cli(capsys, "analyze", once).code == 0
    assert run_cli(capsys, "analyze", again).code == 0
    assert count_articles(cli_env) == 1
    assert run_cli(capsys, "analyze", write(tmp_path / "other.txt", OTHER_STORY)).code == 0
    assert count_articles(cli_env) == 2


def test_text_from_standard_input(
    cli_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Stdin:
        """Standard input as the OS gives it: bytes underneath a text wrapper."""

        def __init__(self, data: bytes) -> None:
            import io

            self.buffer = io.BytesIO(data)

        def read(self) -> str:
            raise AssertionError("the CLI reads bytes from sys.stdin.buffer")

    monkeypatch.setattr(sys, "stdin", Stdin(("\ufeff" + STORY).encode()))
    run = run_cli(capsys, "analyze", "-", "--json", "--no-store")
    assert run.code == 0, run.err
    assert run.json()["article"]["text"] == STORY  # the BOM is not part of the text


def test_text_file_that_is_not_utf8_is_still_analyzed(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(tmp_path / "notes.txt", STORY.encode() + b" Caf\xe9.")
    run = run_cli(capsys, "analyze", notes, "--json", "--no-store")
    assert run.code == 0, run.err
    assert run.json()["article"]["text"].endswith("Caf\ufffd.")


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        ("   \n\t\n", "INVALID_INPUT", "text must not be empty"),
        ("<html><body><nav>Home</nav></body></html>", "NO_CONTENT", ""),
    ],
)
def test_failed_analysis_exits_1(
    cli_env: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    code: str,
    message: str,
) -> None:
    if code == "NO_CONTENT":  # needs an extractor to find nothing
        pytest.importorskip("truthlens.plugins.extract_trafilatura")
    target = write(tmp_path / "input.txt", content)
    run = run_cli(capsys, "analyze", target)
    assert run.code == 1
    assert run.out == ""
    assert f"error {code}: {message}" in run.err

    run = run_cli(capsys, "analyze", target, "--json")
    assert run.code == 1
    error = run.json()
    assert set(error) == ANALYSIS_KEYS
    assert error["article"] is None
    assert set(error["error"]) == ERROR_KEYS
    assert error["error"]["code"] == code
    assert message in error["error"]["message"]
    assert count_articles(cli_env) == 0


@pytest.mark.parametrize("scheme", ["http", "HTTP"])
def test_url_that_cannot_be_fetched_exits_1(
    cli_env: str, page_server: str, capsys: pytest.CaptureFixture[str], scheme: str
) -> None:
    url = page_server.replace("http", scheme, 1) + "/missing.html"
    run = run_cli(capsys, "analyze", url, "--json")
    assert run.code == 1
    error = run.json()["error"]
    assert error["code"] == "FETCH_FAILED"
    assert "404" in error["message"]
    assert count_articles(cli_env) == 0


def test_private_addresses_are_refused_by_default(
    cli_env: str,
    page_server: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("TRUTHLENS_ALLOW_PRIVATE_ADDRESSES")
    run = run_cli(capsys, "analyze", f"{page_server}/harbor_bridge.html", "--no-store")
    assert run.code == 1
    assert "error BLOCKED_ADDRESS:" in run.err


# --- analyze: HTML and URLs (need the trafilatura extraction plugin) -------------------------


@pytest.fixture
def extractor() -> None:
    """HTML tests need plugins/extract_trafilatura.py; until it exists they are reported skipped."""
    pytest.importorskip("truthlens.plugins.extract_trafilatura")


@pytest.mark.usefixtures("extractor")
def test_url_from_the_page_server(
    cli_env: str, page_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"{page_server}/harbor_bridge.html"
    run = run_cli(capsys, "analyze", url)
    assert run.code == 0, run.err
    assert f"Source:   {url}" in run.out
    assert "Title:    City council approves" in run.out
    for label in METRICS.values():
        assert f"  {label} " in run.out

    analysis = run_cli(capsys, "analyze", url + "?utm_source=x", "--json").json()
    assert_analysis_shape(analysis)
    article = analysis["article"]
    assert article["url"] == url + "?utm_source=x"
    assert article["author"] == "Maria Okafor"
    assert article["site_name"] == "Riverton Ledger"
    assert article["published_at"] == "2026-03-14T14:30:00+00:00"
    assert article["language"] == "en"
    assert "corroded support beams" in article["text"]
    assert "Subscribe" not in article["text"]
    assert count_articles(cli_env) == 1  # the same article, analyzed afresh


@pytest.mark.usefixtures("extractor")
@pytest.mark.parametrize("name", ["page.html", "page.txt"])
def test_html_file(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """`.html` is HTML; so is any file that starts with `<`."""
    page = (PAGES / "harbor_bridge.html").read_text(encoding="utf-8")
    run = run_cli(capsys, "analyze", write(tmp_path / name, "\n  " + page), "--json")
    assert run.code == 0, run.err
    analysis = run.json()
    assert_analysis_shape(analysis)
    assert analysis["article"]["author"] == "Maria Okafor"
    assert "<p>" not in analysis["article"]["text"]
    assert count_articles(cli_env) == 1


@pytest.mark.usefixtures("extractor")
def test_html_file_in_its_declared_charset(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\xe9 closes</title></head><body>'
        "<article><p>The caf\xe9 on Main Street closed on Friday after forty years, its owner "
        "said in a statement to the town council.</p><p>The owner, Jos\xe9 Alvarez, said "
        "rising rents made the business impossible to keep open, according to the council "
        "minutes published on Monday.</p></article></body></html>"
    ).encode("cp1252")
    run = run_cli(capsys, "analyze", write(tmp_path / "cafe.html", page), "--json", "--no-store")
    assert run.code == 0, run.err
    text = run.json()["article"]["text"]
    assert "The café on Main Street" in text
    assert "José Alvarez" in text


# --- usage errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyze"], "give a URL or file, or --batch IN.jsonl"),
        (["analyze", "--json", "--no-store"], "give a URL or file, or --batch IN.jsonl"),
        (["analyze", "notes.txt", "--batch", "in.jsonl"], "give a URL or file, or --batch"),
        (["analyze", "notes.txt", "--out", "out.jsonl"], "--out goes with --batch"),
        (["analyze", "missing.txt"], "cannot read missing.txt: No such file or directory"),
        (["analyze", "missing.html", "--json"], "cannot read missing.html"),
        (["analyze", "--batch", "missing.jsonl"], "missing.jsonl: No such file or directory"),
        (["analyze", "--batch", ""], "No such file or directory"),
        (["analyze", "--batch", "in.jsonl", "--out", "no/such/dir/out.jsonl"], "out.jsonl"),
    ],
)
def test_usage_errors_exit_2(
    cli_env: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    Path("notes.txt").write_text(STORY, encoding="utf-8")
    Path("in.jsonl").write_text(json.dumps({"id": 1, "text": STORY}) + "\n", encoding="utf-8")
    run = run_cli(capsys, *argv)
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("truthlens analyze: ")
    assert message in run.err
    database = sqlite_file(cli_env)
    if database is not None:
        assert not database.exists()


def test_unknown_command_is_an_argparse_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# --- plugins and export-schema ---------------------------------------------------------------


def test_plugins_json_lists_the_builtin_metrics(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "plugins", "--json")
    assert run.code == 0, run.err
    rows = {row["name"]: row for row in run.json()}
    for name, label in BUILTIN_METRICS.items():
        row = rows[name]
        assert set(row) == {
            "name",
            "module",
            "distribution",
            "version",
            "status",
            "error",
            "hooks",
            "metrics",
        }
        assert row["status"] == "active"
        assert row["error"] is None
        assert row["module"] == f"truthlens.plugins.{name}"
        assert row["distribution"] is None
        assert row["version"]
        assert row["hooks"] == ["register_metrics"]
        (metric,) = row["metrics"]
        assert metric["name"] == name
        assert metric["label"] == label
        assert metric["version"]
    assert rows["summary_extractive"]["status"] == "active"
    assert rows["summary_extractive"]["hooks"] == ["suggest_headline", "summarize"]


def test_plugins_prints_plugins_metrics_and_versions(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_cli(capsys, "plugins", "--json").json()
    run = run_cli(capsys, "plugins")
    assert run.code == 0, run.err
    for row in rows:
        source = row["distribution"] or "built-in"
        assert f"{row['name']} {row['version']} [{source}] {row['status']}" in run.out
        for metric in row["metrics"]:
            line = f"    metric {metric['name']} {metric['version']}: {metric['label']}"
            assert line in run.out


def test_disabled_plugin(
    cli_env: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TRUTHLENS_DISABLED_PLUGINS", "accuracy")
    rows = {row["name"]: row for row in run_cli(capsys, "plugins", "--json").json()}
    assert rows["accuracy"]["status"] == "disabled"
    assert rows["accuracy"]["metrics"] == []
    assert rows["objectivity"]["status"] == "active"
    assert "accuracy" in run_cli(capsys, "plugins").out  # still listed, as disabled

    run = run_cli(capsys, "analyze", write(tmp_path / "notes.txt", STORY), "--json")
    assert run.code == 0, run.err
    analysis = run.json()
    assert_analysis_shape(analysis, metrics=set(METRICS) - {"accuracy"})
    assert "accuracy" not in {score["metric"] for score in analysis["scores"]}


def test_export_schema_prints_the_committed_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "export-schema")
    assert run.code == 0
    assert run.out == SDL_PATH.read_text(encoding="utf-8")
    assert "type Query" in run.out


# --- the installed console script ------------------------------------------------------------


def test_installed_console_script(tmp_path: Path) -> None:
    """`.venv/bin/truthlens` is installed and runs the same `main`."""
    script = Path(sys.executable).parent / "truthlens"
    assert script.exists(), f"console script not installed next to {sys.executable}"
    database = tmp_path / "script.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUTHLENS_")}
    env["TRUTHLENS_DATABASE_URL"] = f"sqlite+aiosqlite:///{database}"

    def truthlens(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *argv],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )

    stored = truthlens("analyze", write(tmp_path / "notes.txt", STORY), "--json")
    assert stored.returncode == 0, stored.stderr
    assert_analysis_shape(json.loads(stored.stdout))
    assert database.exists()
    assert count_articles(env["TRUTHLENS_DATABASE_URL"]) == 1

    piped = truthlens("analyze", "-", "--no-store", stdin=OTHER_STORY)
    assert piped.returncode == 0, piped.stderr
    assert "Headline:" in piped.stdout
    assert count_articles(env["TRUTHLENS_DATABASE_URL"]) == 1

    usage = truthlens("analyze")
    assert usage.returncode == 2
    assert "give a URL or file, or --batch" in usage.stderr

    schema = truthlens("export-schema")
    assert schema.returncode == 0, schema.stderr
    assert schema.stdout == SDL_PATH.read_text(encoding="utf-8")


def test_rescore_command(cli_env: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    story = write(tmp_path / "story.txt", STORY)
    other = write(tmp_path / "other.txt", OTHER_STORY)
    assert run_cli(capsys, "analyze", story).code == 0
    assert run_cli(capsys, "analyze", other).code == 0

    stale = run_cli(capsys, "rescore", "--stale")
    assert (stale.code, stale.out.strip()) == (0, "0 articles rescored, 0 failed")

    chosen = run_cli(capsys, "rescore", "--metric", "accuracy", "--metric", "objectivity")
    assert (chosen.code, chosen.out.strip()) == (0, "2 articles rescored, 0 failed")
    assert "rescored 2/2" in chosen.err

    unknown = run_cli(capsys, "rescore", "--metric", "nope")
    assert unknown.code == 2
    assert "unknown or inactive metric(s): nope" in unknown.err


def test_invalid_settings_exit_2_with_the_reason(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUTHLENS_METRIC_WEIGHTS", "accuracy=-1")
    run = run_cli(capsys, "plugins")
    assert run.code == 2
    assert "invalid TRUTHLENS_* setting" in run.err
    assert "metric_weights" in run.err
