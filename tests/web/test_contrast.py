"""The pages' colours meet WCAG 2 contrast: 4.5:1 for text, 3:1 for chart marks and borders."""

from __future__ import annotations

import re

import pytest

from truthlens import web

CSS = (web.WEB / "app.css").read_text(encoding="utf-8")
VARIABLES = dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-f]{6})", CSS))


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour(name: str) -> str:
    return name if name.startswith("#") else VARIABLES[name]


TEXT = [
    ("ink", "paper"),
    ("ink", "panel"),
    ("muted", "paper"),
    ("muted", "panel"),
    ("link", "paper"),
    ("link", "panel"),
    ("error", "#fff5f5"),
    ("#ffffff", "link"),  # button label
    ("#ffffff", "#5f6b7a"),  # disabled button label
    *[("ink", f"c{i}-tint") for i in range(6)],  # highlighted text
]
GRAPHICS = [
    *[(f"c{i}", "paper") for i in range(6)],  # chart points and stems
    *[(f"c{i}", f"c{i}-tint") for i in range(6)],  # a highlight's underline on its tint
    ("focus", "paper"),
    ("#767676", "paper"),  # input borders
]


def test_every_colour_is_defined() -> None:
    assert {f"c{i}" for i in range(6)} <= set(VARIABLES)
    for pair in (*TEXT, *GRAPHICS):
        for name in pair:
            colour(name)


@pytest.mark.parametrize(("fg", "bg"), TEXT)
def test_text_contrast(fg: str, bg: str) -> None:
    assert contrast(colour(fg), colour(bg)) >= 4.5


@pytest.mark.parametrize(("fg", "bg"), GRAPHICS)
def test_graphics_contrast(fg: str, bg: str) -> None:
    assert contrast(colour(fg), colour(bg)) >= 3.0
