"""`truthlens new-plugin NAME`: the scaffolded distribution installs, imports, scores and lints."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

import pluggy
import pytest

import truthlens
from truthlens import Document, Metric, MetricResult, hookspecs, split_sentences
from truthlens.cli import main
from truthlens.scaffold import FILES, PluginNames, ScaffoldError, create_plugin, render

NAME = "sentence_length"
DISTRIBUTION = "truthlens-sentence-length"
PACKAGE = "truthlens_sentence_length"
EXPECTED_FILES = {
    "pyproject.toml",
    "README.md",
    ".gitignore",
    f"src/{PACKAGE}/__init__.py",
    f"src/{PACKAGE}/plugin.py",
    f"src/{PACKAGE}/py.typed",
    "tests/test_plugin.py",
}
LONG = " ".join(["word"] * 40) + "."


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; fail the test with its output when it fails."""
    done = subprocess.run(
        [str(arg) for arg in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{argv} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return create_plugin(NAME, tmp_path)


@pytest.fixture
def plugin_module(project: Path) -> Iterator[ModuleType]:
    """The generated plugin module, imported from its src directory, then forgotten again."""
    src = str(project / "src")
    sys.path.insert(0, src)
    try:
        yield importlib.import_module(f"{PACKAGE}.plugin")
    finally:
        sys.path.remove(src)
        for module in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[module]
        importlib.invalidate_caches()


# --- layout and names -------------------------------------------------------------------------


def test_creates_the_distribution(tmp_path: Path) -> None:
    project = create_plugin(NAME, tmp_path)
    assert project == tmp_path / DISTRIBUTION
    assert files_under(project) == EXPECTED_FILES
    assert (project / "src" / PACKAGE / "py.typed").read_text(encoding="utf-8") == ""
    for path in EXPECTED_FILES - {f"src/{PACKAGE}/py.typed"}:
        text = (project / path).read_text(encoding="utf-8")
        assert text.strip()
        assert "$" not in text.replace("$ truthlens plugins", ""), path  # all substituted


def test_pyproject_declares_name_version_dependency_and_entry_point(project: Path) -> None:
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    major, minor = truthlens.__version__.split(".")[:2]
    assert config["build-system"]["requires"] == ["setuptools>=77"]
    meta = config["project"]
    assert meta["name"] == DISTRIBUTION
    assert meta["version"] == "0.1.0"
    assert meta["dependencies"] == [f"truthlens>={major}.{minor}"]
    assert meta["entry-points"]["truthlens"] == {NAME: f"{PACKAGE}.plugin"}
    assert config["tool"]["setuptools"]["packages"]["find"]["where"] == ["src"]
    assert config["tool"]["setuptools"]["package-data"] == {PACKAGE: ["py.typed"]}


def test_readme_covers_install_tests_plugins_and_disabling(project: Path) -> None:
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {DISTRIBUTION}\n")
    for needle in (
        "pip install -e .",
        "pytest",
        "$ truthlens plugins",
        f"{NAME} 0.1.0 [{DISTRIBUTION}] active",
        f"TRUTHLENS_DISABLED_PLUGINS={NAME}",
    ):
        assert needle in readme, needle


@pytest.mark.parametrize(
    ("name", "distribution", "package", "class_name", "label"),
    [
        ("tone", "truthlens-tone", "truthlens_tone", "ToneMetric", "Tone"),
        (NAME, DISTRIBUTION, PACKAGE, "SentenceLengthMetric", "Sentence length"),
        ("metric", "truthlens-metric", "truthlens_metric", "MetricMetric", "Metric"),
        ("a2b__c", "truthlens-a2b--c", "truthlens_a2b__c", "A2bCMetric", "A2b c"),
        (
            "x" * 63,
            "truthlens-" + "x" * 63,
            "truthlens_" + "x" * 63,
            "X" + "x" * 62 + "Metric",
            "X" + "x" * 62,
        ),
    ],
)
def test_names_derived_from_name(
    name: str, distribution: str, package: str, class_name: str, label: str
) -> None:
    names = PluginNames.for_name(name)
    assert (names.distribution, names.package) == (distribution, package)
    assert (names.class_name, names.label) == (class_name, label)
    plugin = render(name)[PurePosixPath(f"src/{package}/plugin.py")]
    assert f"class {class_name}(Metric):" in plugin
    assert f'name = "{name}"' in plugin
    assert f'label = "{label}"' in plugin


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Tone",
        "1tone",
        "_tone",
        "to-ne",
        "to ne",
        "tone!",
        "tönë",
        "x" * 64,
        "../tone",
        "tone\n",
    ],
)
def test_invalid_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ScaffoldError, match="invalid plugin name"):
        create_plugin(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_trailing_underscore_is_refused_as_an_invalid_distribution_name(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="must not end with '_'"):
        create_plugin("tone_", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_every_template_is_used_and_shipped() -> None:
    templates = Path(truthlens.__file__ or "").parent / "templates" / "new_plugin"
    used = {template for _, template in FILES if template is not None}
    assert {p.name for p in templates.iterdir() if p.suffix == ".tmpl"} == used
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    package_data = tomllib.loads(pyproject)["tool"]["setuptools"]["package-data"]
    assert "templates/new_plugin/*.tmpl" in package_data["truthlens"]


# --- never overwrite ------------------------------------------------------------------------


def test_refuses_a_non_empty_target_and_leaves_it_alone(tmp_path: Path) -> None:
    target = tmp_path / DISTRIBUTION
    target.mkdir()
    (target / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exists and is not empty"):
        create_plugin(NAME, tmp_path)
    assert files_under(target) == {"mine.txt"}
    assert (target / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_refuses_a_second_run(project: Path) -> None:
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    with pytest.raises(ScaffoldError, match="already exists"):
        create_plugin(NAME, project.parent)
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / DISTRIBUTION).write_text("a file", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exists"):
        create_plugin(NAME, tmp_path)
    assert (tmp_path / DISTRIBUTION).read_text(encoding="utf-8") == "a file"


def test_fills_an_existing_empty_directory_and_creates_missing_parents(tmp_path: Path) -> None:
    (tmp_path / DISTRIBUTION).mkdir()
    assert files_under(create_plugin(NAME, tmp_path)) == EXPECTED_FILES
    nested = create_plugin(NAME, tmp_path / "a" / "b")
    assert nested == tmp_path / "a" / "b" / DISTRIBUTION
    assert files_under(nested) == EXPECTED_FILES


def test_a_failed_write_removes_what_it_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = Path.open

    def failing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "plugin.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    with pytest.raises(PermissionError):
        create_plugin(NAME, tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- the generated code works ----------------------------------------------------------------


def test_generated_plugin_imports_scores_and_registers(plugin_module: ModuleType) -> None:
    metric_class = plugin_module.SentenceLengthMetric
    metric = metric_class()
    assert isinstance(metric, Metric)
    assert (metric.name, metric.label, metric.version) == (NAME, "Sentence length", "0.1.0")
    assert metric.description

    text = f"The council met on Tuesday. It approved the budget.\n{LONG}\nThe vote was 7-2."
    result = metric.score(Document(text=text, sentences=split_sentences(text)))
    assert isinstance(result, MetricResult)  # a plain `def score`, run in a worker thread
    assert result.value == 7.5  # three of four sentences are short
    assert "3 of 4 sentences" in result.explanation
    (evidence,) = result.evidence
    assert evidence.text == LONG == text[evidence.start : evidence.end]
    assert evidence.label == "long sentence"
    assert 0.0 < result.confidence < 1.0
    empty = metric.score(Document(text=""))
    assert isinstance(empty, MetricResult)
    assert empty.confidence == 0.0

    manager = pluggy.PluginManager("truthlens")
    manager.add_hookspecs(hookspecs)
    manager.register(plugin_module, name=NAME)
    manager.check_pending()
    metrics = [m for returned in manager.hook.register_metrics() for m in returned]
    assert [type(m) for m in metrics] == [metric_class]


# The longest names must still give lines under the generated project's line length.
EXTREME_NAMES = [NAME, "q" * 63, "a" + "_b" * 31, "a2b__c"]


@pytest.mark.parametrize("name", EXTREME_NAMES)
def test_generated_code_is_ruff_clean(tmp_path: Path, name: str) -> None:
    project = create_plugin(name, tmp_path)
    ruff = (sys.executable, "-m", "ruff")
    run(*ruff, "check", "--no-cache", project, cwd=project)
    run(*ruff, "format", "--check", "--no-cache", project, cwd=project)


@pytest.mark.parametrize("name", [NAME, "q" * 63])
def test_generated_code_is_mypy_strict_clean(tmp_path: Path, name: str) -> None:
    """mypy cannot follow the editable install's import hook: point it at the package."""
    project = create_plugin(name, tmp_path / "plugins")
    tree = tmp_path / "mypy_path"
    tree.mkdir()
    (tree / "truthlens").symlink_to(Path(truthlens.__file__ or "").parent)
    env = {**os.environ, "MYPYPATH": str(tree)}
    # silent: the host's own modules are checked by its own gate, with its own settings.
    mypy = (sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent")
    out = run(*mypy, "--cache-dir", tmp_path / "mypy_cache", "src", "tests", cwd=project, env=env)
    assert "Success" in out


def test_generated_tests_pass(project: Path) -> None:
    out = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert "passed" in out
    assert "failed" not in out


def test_generated_wheel_declares_the_entry_point(project: Path, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    pip = (sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q")
    run(*pip, "-w", wheels, project, cwd=tmp_path)
    (wheel,) = wheels.glob(f"{PACKAGE}-0.1.0-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = f"{PACKAGE}-0.1.0.dist-info"
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert "[truthlens]" in entry_points
    assert f"{NAME} = {PACKAGE}.plugin" in entry_points
    major, minor = truthlens.__version__.split(".")[:2]
    assert f"Requires-Dist: truthlens>={major}.{minor}" in metadata
    for module in ("__init__.py", "plugin.py", "py.typed"):
        assert f"{PACKAGE}/{module}" in names
    assert not any(name.startswith("tests/") for name in names)


# --- the command line ------------------------------------------------------------------------


def test_cli_creates_the_plugin_and_prints_next_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-plugin", "tone", "--dir", str(tmp_path / "plugins")]) == 0
    project = tmp_path / "plugins" / "truthlens-tone"
    out = capsys.readouterr().out
    assert f"Created {project}\n" in out
    assert f"pip install -e {project}" in out
    assert "truthlens plugins" in out
    assert (project / "src" / "truthlens_tone" / "plugin.py").is_file()


def test_cli_defaults_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new-plugin", "tone"]) == 0
    assert (tmp_path / "truthlens-tone" / "pyproject.toml").is_file()
    assert str(tmp_path / "truthlens-tone") in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Bad-Name", "invalid plugin name 'Bad-Name'"),
        ("tone_", "must not end with '_'"),
        ("tone", "already exists and is not empty"),
    ],
)
def test_cli_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    (tmp_path / "truthlens-tone").mkdir()
    (tmp_path / "truthlens-tone" / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["new-plugin", name, "--dir", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("truthlens new-plugin: ")
    assert message in captured.err
    assert files_under(tmp_path) == {"truthlens-tone/mine.txt"}


def test_cli_reports_a_directory_it_cannot_create(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert main(["new-plugin", "tone", "--dir", str(tmp_path / "file")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("truthlens new-plugin: cannot create ")
