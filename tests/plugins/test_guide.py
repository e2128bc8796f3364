"""The plugin author's guide documents every hook and every public name."""

from __future__ import annotations

import inspect
from pathlib import Path

import truthlens
import truthlens.plugins
from truthlens import hookspecs

GUIDE = Path(truthlens.plugins.__file__ or "").with_name("GUIDE.md")


def hook_names() -> list[str]:
    return [
        name
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, "truthlens_spec")
    ]


def test_every_hook_has_a_section_with_its_signature() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    names = hook_names()
    assert set(names) == {"extract_article", "suggest_headline", "summarize", "register_metrics"}
    for name in names:
        assert f"### {name}\n" in guide, f"plugins/GUIDE.md has no section for hook {name}"
        assert f"def {name}(" in guide


def test_every_public_name_is_mentioned() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for name in truthlens.__all__:
        if name != "__version__":
            assert name in guide, f"plugins/GUIDE.md never mentions truthlens.{name}"
