"""The colours portal.css sets meet WCAG AA (4.5:1 for body text) on the backgrounds they sit on.

tests/test_browser_layout.py runs axe-core on the rendered pages; this checks the same pairs
without a browser, read from the stylesheet, so a colour change that breaks them fails here too.
"""
import re
from pathlib import Path

import pytest

CSS = (Path(__file__).parent.parent / "static" / "css" / "portal.css").read_text()
WHITE, TABLE_HEAD, TABLE_DANGER, TABLE_PRIMARY = "#ffffff", "#f8f9fa", "#f8d7da", "#cfe2ff"  # Bootstrap 5.3


def css_value(pattern):
    return re.search(pattern, CSS, re.S).group(1)


def luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground, background):
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(colour, background, alpha):
    """``colour`` at ``alpha`` opacity over ``background``, as #rrggbb."""
    mix = (round(alpha * int(colour[i:i + 2], 16) + (1 - alpha) * int(background[i:i + 2], 16)) for i in (1, 3, 5))
    return "#" + "".join(f"{part:02x}" for part in mix)


NAV_BACKGROUND = css_value(r"\.portal-navbar \{[^}]*background-color: (#[0-9a-f]{6})")
NAV_LINK_ALPHA = float(css_value(r"--bs-navbar-color: rgba\(255, 255, 255, ([0-9.]+)\)"))
LINK = css_value(r"--bs-link-color: (#[0-9a-f]{6})")
DANGER = css_value(r"\.text-danger \{ color: (#[0-9a-f]{6})")


@pytest.mark.parametrize("what, foreground, background", [
    ("the brand and buttons in the bar", WHITE, NAV_BACKGROUND),
    ("a link in the bar", blend(WHITE, NAV_BACKGROUND, NAV_LINK_ALPHA), NAV_BACKGROUND),
    ("a link on the page", LINK, WHITE),
    ("a sortable column head", LINK, TABLE_HEAD),
    ("a link in a late unit's row", LINK, TABLE_DANGER),
    ("a link in a highlighted row", LINK, TABLE_PRIMARY),
    ("red text in a late unit's row", DANGER, TABLE_DANGER),
])
def test_text_colours_meet_aa_contrast(what, foreground, background):
    assert contrast(foreground, background) >= 4.5, what


def test_bootstraps_own_nav_links_are_too_faint_by_the_same_measure():
    """Bootstrap's navbar-dark links (55 % white on its primary blue), which portal.css replaces, are 2.36:1."""
    assert round(contrast(blend(WHITE, "#0d6efd", 0.55), "#0d6efd"), 2) == 2.36
