"""`truthlens new-plugin NAME`: scaffold a partner plugin distribution, `truthlens-NAME`.

The files are `string.Template` texts (`$name`, `$label`...) shipped as package data in
`templates/new_plugin/`. The result installs with `pip install -e` and works at once: a
metric that scores the share of short sentences, its tests, and a README.
"""

from __future__ import annotations

import re
import string
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

import truthlens
from truthlens.metric import METRIC_NAME

TEMPLATES = "templates/new_plugin"

# Each file of the new distribution (relative path, `$package` substituted) and its template;
# None is an empty file.
FILES: tuple[tuple[str, str | None], ...] = (
    ("pyproject.toml", "pyproject.toml.tmpl"),
    ("README.md", "README.md.tmpl"),
    (".gitignore", "gitignore.tmpl"),
    ("src/$package/__init__.py", "__init__.py.tmpl"),
    ("src/$package/plugin.py", "plugin.py.tmpl"),
    ("src/$package/py.typed", None),
    ("tests/test_plugin.py", "test_plugin.py.tmpl"),
)


class ScaffoldError(ValueError):
    """The plugin cannot be created: an invalid name, or something already in the way."""


@dataclass(frozen=True, slots=True)
class PluginNames:
    """Every name derived from NAME, as the templates use them."""

    name: str  # metric and entry point name: "sentence_length"
    distribution: str  # "truthlens-sentence-length", also the directory name
    package: str  # "truthlens_sentence_length"
    class_name: str  # "SentenceLengthMetric"
    label: str  # "Sentence length"
    truthlens_version: str  # "0.1": the installed truthlens' major.minor, the lowest accepted

    @classmethod
    def for_name(cls, name: str) -> PluginNames:
        if not METRIC_NAME.fullmatch(name):  # fullmatch: `$` would allow a final newline
            raise ScaffoldError(
                f"invalid plugin name {name!r}: use lower-case letters, digits and underscores,"
                f" starting with a letter, at most 63 characters ({METRIC_NAME.pattern},"
                " the rule for metric names), e.g. sentence_length"
            )
        distribution = "truthlens-" + name.replace("_", "-")
        if name.endswith("_"):
            raise ScaffoldError(
                f"invalid plugin name {name!r}: it must not end with '_', since"
                f" {distribution!r} is not a valid distribution name"
            )
        words = [word for word in name.split("_") if word]
        return cls(
            name=name,
            distribution=distribution,
            package=f"truthlens_{name}",
            class_name="".join(word.capitalize() for word in words) + "Metric",
            label=" ".join(words).capitalize(),
            truthlens_version=_major_minor(truthlens.__version__),
        )


def _major_minor(version: str) -> str:
    found = re.match(r"(\d+)\.(\d+)", version)
    return f"{found[1]}.{found[2]}" if found else "0.1"


def render(name: str) -> dict[PurePosixPath, str]:
    """The new distribution's files, relative to its directory, and their contents."""
    return _render(PluginNames.for_name(name))


def _render(names: PluginNames) -> dict[PurePosixPath, str]:
    values = asdict(names)
    templates = resources.files(truthlens)
    for part in TEMPLATES.split("/"):
        templates = templates.joinpath(part)
    files: dict[PurePosixPath, str] = {}
    for path, template in FILES:
        relative = PurePosixPath(string.Template(path).substitute(values))
        if template is None:
            files[relative] = ""
            continue
        text = templates.joinpath(template).read_text(encoding="utf-8")
        files[relative] = string.Template(text).substitute(values)
    return files


def create_plugin(name: str, parent: Path) -> Path:
    """Write the distribution `truthlens-NAME` into `parent`; return its (absolute) path.

    Raises ScaffoldError for an invalid name or when the target exists and is not an empty
    directory: nothing is ever overwritten. Files are created exclusively, and on any failure
    what was created is removed again.
    """
    names = PluginNames.for_name(name)  # validated before anything touches the disk
    files = _render(names)
    target = Path(parent).absolute() / names.distribution
    in_the_way = target.exists() or target.is_symlink()
    if in_the_way and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not empty; nothing was written")
    created: list[Path] = []
    try:
        if not target.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.mkdir()
            created.append(target)
        for relative, content in files.items():
            path = target.joinpath(relative)
            for directory in reversed(path.relative_to(target).parents[:-1]):
                folder = target / directory
                if not folder.is_dir():
                    folder.mkdir()
                    created.append(folder)
            with path.open("x", encoding="utf-8", newline="\n") as file:
                created.append(path)
                file.write(content)
    except BaseException:
        for path in reversed(created):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        raise
    return target
