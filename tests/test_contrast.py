"""Colour you can read: every text colour in the shipped layouts against its background
meets WCAG 2.2 AA, and the badge role bands stay apart in grey.

Colours are read from the CSS itself (tinycss2, the parser WeasyPrint uses), custom
properties resolved; each text rule's background is its own, else its page's.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import tinycss2
import tinycss2.color3
from tests.conftest import ROOT

from brochure import colour

LAYOUTS = ROOT / "layouts"
WHITE = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Rule:
    selector: str
    declarations: dict[str, str]


def rules(path: str) -> list[Rule]:
    """Every style rule of a stylesheet, with @page and its margin boxes as rules too."""
    sheet = tinycss2.parse_stylesheet(
        (LAYOUTS / path).read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )
    found = []

    def declarations(content: list) -> tuple[dict[str, str], list]:
        values, nested = {}, []
        for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True):
            if item.type == "declaration":
                values[item.lower_name] = tinycss2.serialize(item.value).strip()
            elif item.type == "at-rule":
                nested.append(item)
        return values, nested

    for node in sheet:
        if node.type == "qualified-rule":
            found.append(
                Rule(tinycss2.serialize(node.prelude).strip(), declarations(node.content)[0])
            )
        elif node.type == "at-rule" and node.lower_at_keyword == "page":
            name = "@page " + tinycss2.serialize(node.prelude).strip()
            values, margins = declarations(node.content)
            found.append(Rule(name.strip(), values))
            for margin in margins:
                found.append(
                    Rule(
                        f"{name.strip()} @{margin.lower_at_keyword}",
                        declarations(margin.content)[0],
                    )
                )
    return found


def resolved(value: str, variables: dict[str, str]) -> colour.RGB | None:
    """A colour value (var() resolved) as sRGB; None when it is not one colour."""
    for name, replacement in variables.items():
        value = value.replace(f"var({name})", replacement)
    first = value.split()[0] if value.split() else value
    parsed = tinycss2.color3.parse_color(first)
    if parsed is None or isinstance(parsed, str) or parsed.alpha < 1:
        return None
    return (parsed.red, parsed.green, parsed.blue)


def variables_of(found: list[Rule]) -> dict[str, str]:
    return {
        name: value
        for rule in found
        for name, value in rule.declarations.items()
        if name.startswith("--")
    }


def size_pt(declarations: dict[str, str]) -> float | None:
    size = declarations.get("font-size", "")
    return float(size[:-2]) if size.endswith("pt") else None


def bold(declarations: dict[str, str]) -> bool:
    return declarations.get("font-weight", "") in ("600", "700", "800", "900", "bold")


def pairs_brochure() -> list[tuple[str, colour.RGB, colour.RGB, float]]:
    """(selector, text, background, contrast needed) for every coloured text rule."""
    found = rules("brochure/brochure.css")
    variables = variables_of(found)
    page = {r.selector: r.declarations for r in found}
    cover = resolved(page["@page cover"]["background"], variables)
    back = resolved(page["@page back"]["background"], variables)
    assert cover and back
    pairs = []
    for rule in found:
        text = resolved(rule.declarations.get("color", ""), variables)
        if text is None:
            continue
        own = resolved(
            rule.declarations.get("background", rule.declarations.get("background-color", "")),
            variables,
        )
        if own is not None:
            ground = own
        elif "cover" in rule.selector:
            ground = cover
        elif "back-" in rule.selector:
            ground = back
        else:
            ground = WHITE  # the text pages
        pairs.append(
            (
                rule.selector,
                text,
                ground,
                colour.needed(size_pt(rule.declarations), bold(rule.declarations)),
            )
        )
    return pairs


def pairs_badges() -> list[tuple[str, colour.RGB, colour.RGB, float]]:
    found = rules("badges/badges.css")
    variables = variables_of(found)
    by = {r.selector: r.declarations for r in found}
    card = resolved(by[".card"]["background"], variables)
    assert card
    pairs = []
    for rule in found:
        declared = rule.declarations
        if rule.selector.endswith(".band") and rule.selector != ".band":
            if rule.selector == ".role-blank .band":
                continue  # a blank badge's band carries no word
            text = resolved(declared.get("color", by[".band"]["color"]), variables)
            ground = resolved(declared["background"], variables)
            assert text and ground
            pairs.append((rule.selector, text, ground, colour.AA_TEXT))
        elif (text := resolved(declared.get("color", ""), variables)) is not None:
            own = resolved(declared.get("background", ""), variables)
            pairs.append((rule.selector, text, own or card, colour.AA_TEXT))
    return pairs


def test_the_css_is_read() -> None:
    brochure = {selector for selector, *_ in pairs_brochure()}
    assert {".cover", ".cover-kind", "h2", ".label", "@page @bottom-center"} <= brochure
    badges = {selector for selector, *_ in pairs_badges()}
    assert {".role-speaker .band", ".role-attendee .band", ".event-date"} <= badges


def test_every_text_colour_meets_wcag_aa_on_its_background() -> None:
    failing = [
        (selector, round(colour.contrast(text, ground), 2), need)
        for selector, text, ground, need in pairs_brochure() + pairs_badges()
        if colour.contrast(text, ground) < need
    ]
    assert failing == []


def test_role_bands_differ_in_lightness_as_well_as_hue() -> None:
    """Printed in grey, no two bands look alike: 10 L* apart at least."""
    found = rules("badges/badges.css")
    bands = {
        rule.selector: colour.lightness(resolved(rule.declarations["background"], {}) or WHITE)
        for rule in found
        if rule.selector.startswith(".role-") and rule.selector != ".role-blank .band"
    }
    assert len(bands) == 7
    for (one, a), (other, b) in itertools.combinations(bands.items(), 2):
        assert abs(a - b) >= 10, (one, other, round(a), round(b))


def test_contrast_is_wcag_s() -> None:
    assert round(colour.contrast(WHITE, (0, 0, 0)), 1) == 21.0
    assert round(colour.contrast(colour.from_hex("#777777"), WHITE), 2) == 4.48
    assert colour.needed(18, bold=False) == colour.needed(14, bold=True) == 3.0
    assert colour.needed(12, bold=True) == 4.5
