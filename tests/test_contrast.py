"""Colour you can read: every text colour in the shipped layouts against its background
meets WCAG 2.2 AA, and the badge role bands stay apart in grey.

Colours are read from the CSS itself (tinycss2, the parser WeasyPrint uses), custom
properties resolved; each text rule's background is its own, else its page's.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import tinycss2
import tinycss2.color3
from PIL import Image, ImageDraw
from tests.conftest import ROOT, build, prepared

from brochure import colour, preflight
from brochure.errors import InputError

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


# logos against what they are printed on (issue 20, field-17) ----------------------------
FIELD_17 = ROOT / "tests" / "fixtures" / "field" / "field-17-white-logo-on-transparent"


def logo_png(
    path: Path, ink: tuple[int, int, int, int], box: tuple[int, int, int, int] | None = None
) -> None:
    """A 1200 x 400 word mark at 600 dpi: bars of ink (with its alpha) on transparency,
    or on an opaque box colour."""
    image = Image.new("RGBA", (1200, 400), box or (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for x in range(60, 1140, 120):
        draw.rectangle((x, 80, x + 60, 320), fill=ink)
    image.save(path, dpi=(600, 600))


def with_logo(folder: Path, logo: str, css: str | None = None) -> Path:
    """The field case's event with its logo replaced; css: a layout stylesheet of the
    project's own."""
    shutil.copytree(FIELD_17 / "source", folder / "source")
    if css is not None:
        (folder / "layouts" / "brochure").mkdir(parents=True)
        (folder / "layouts" / "brochure" / "brochure.css").write_text(css, encoding="utf-8")
    source = folder / "source" / "event.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("logos/acme.png", logo), encoding="utf-8"
    )
    return source


def logo_warnings(source: Path) -> list[str]:
    ready = prepared(source, only=("brochure",))
    return [str(w) for w in ready.warnings if ".logo:" in str(w)]


def test_a_white_logo_on_transparency_is_not_seen_on_white(tmp_path: Path) -> None:
    source = FIELD_17 / "source" / "event.yaml"
    (found,) = logo_warnings(source)
    assert found == (
        f"{source}:59:5: organisers[0].logo: warning: logos/acme.png would not be seen where "
        "the brochure prints it: on the cover (#ffffff, 1.0:1) and on the organisers' page "
        "(#ffffff, 1.0:1); a logo's marks need 3:1 against what they are printed on (WCAG "
        "2.2 SC 1.4.11): use the version of the logo made for light backgrounds"
    )
    with pytest.raises(InputError, match="would not be seen"):
        prepared(source, only=("brochure",), strict=True)


SHIPPED_CSS = (LAYOUTS / "brochure" / "brochure.css").read_text(encoding="utf-8")
#: A layout whose cover sets logos straight on its navy, with no white tile.
NO_TILE = SHIPPED_CSS.replace(
    ".cover-organisers .logos img { height: 12mm; margin-inline-end: 6mm; background: #ffffff;",
    ".cover-organisers .logos img { height: 12mm; margin-inline-end: 6mm; background: none;",
)


@pytest.mark.parametrize(
    ("ink", "box", "css", "unseen"),
    [
        ((255, 255, 255, 255), None, None, ["cover", "organisers' page"]),
        ((0, 0, 0, 20), None, None, ["cover", "organisers' page"]),  # near transparent
        ((250, 250, 240, 255), None, None, ["cover", "organisers' page"]),  # off-white
        ((0, 0, 0, 255), None, None, []),
        ((255, 255, 255, 255), (18, 59, 90, 255), None, []),  # reversed, on its own band
        ((0, 0, 0, 255), None, NO_TILE, ["cover"]),  # black on the navy cover
        ((255, 255, 255, 255), None, NO_TILE, ["organisers' page"]),
    ],
    ids=["white", "faint", "off-white", "black", "own-band", "black-on-navy", "white-no-tile"],
)
def test_every_logo_is_judged_against_each_place_the_layout_prints_it(
    tmp_path: Path,
    ink: tuple[int, int, int, int],
    box: tuple[int, int, int, int] | None,
    css: str | None,
    unseen: list[str],
) -> None:
    source = with_logo(tmp_path, "logos/mark.png", css)
    logo_png(tmp_path / "source" / "logos" / "mark.png", ink, box)
    found = logo_warnings(source)
    if not unseen:
        assert found == []
        return
    (warning,) = found
    places = [place for place in ("cover", "organisers' page") if f"on the {place} (" in warning]
    assert places == unseen and "logos/mark.png would not be seen" in warning


@pytest.mark.parametrize(
    ("svg", "seen"),
    [
        ('<style>.cls-1{fill:#fff}</style><path class="cls-1" d="M0 0h90v30H0z"/>', False),
        ('<g fill="white"><path d="M0 0h90v30H0z"/></g>', False),
        ('<path style="fill:#000;fill-opacity:0.05" d="M0 0h90v30H0z"/>', False),
        ('<path d="M0 0h90v30H0z"/>', True),  # SVG's default fill: black
        ('<path fill="#fff" stroke="#c00" d="M0 0h90v30H0z"/>', True),
        (
            '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop '
            'offset="1" stop-color="#0a0"/></linearGradient></defs><rect width="90" '
            'height="30" fill="url(#g)"/>',
            True,
        ),
    ],
    ids=["class-white", "group-white", "faint", "default-black", "stroke", "gradient"],
)
def test_an_svg_logo_is_judged_by_the_colours_it_paints_with(
    tmp_path: Path, svg: str, seen: bool
) -> None:
    source = with_logo(tmp_path, "logos/mark.svg")
    (tmp_path / "source" / "logos" / "mark.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 90 30">{svg}</svg>',
        encoding="utf-8",
    )
    assert (logo_warnings(source) == []) is seen


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ink", "css", "pages"),
    [
        (None, None, {1, 7}),  # the field case's own white logo
        ((0, 0, 0, 255), None, set()),
        ((0, 0, 0, 255), NO_TILE, {1}),
    ],
    ids=["field-17", "black", "black-on-navy"],
)
def test_preflight_judges_pictures_against_what_is_around_them(
    tmp_path: Path, ink: tuple[int, int, int, int] | None, css: str | None, pages: set[int]
) -> None:
    source = with_logo(tmp_path, "logos/acme.png" if ink is None else "logos/mark.png", css)
    if ink is not None:
        logo_png(tmp_path / "source" / "logos" / "mark.png", ink)
    build(source, tmp_path / "out", only=("brochure",))
    pdf = tmp_path / "out" / "brochure.pdf"
    (finding,) = [f for f in preflight.check_file(pdf) if f.check == "contrast"]
    if not pages:
        assert finding.level == "ok" and "every word meets WCAG AA" in finding.detail
        return
    assert finding.level == "warning"
    assert f"{len(pages)} picture{'s' if len(pages) > 1 else ''} not seen" in finding.detail
    assert f"page {min(pages)} at" in finding.detail and "3:1 needed" in finding.detail


@pytest.mark.parametrize(
    "body",
    [
        '<g id="a"><rect width="5" height="5" fill="#fff"/><use href="#a"/></g>',
        "<g>" * 200 + '<rect width="5" height="5" fill="#fff"/>' + "</g>" * 200,
    ],
    ids=["a <use> cycle", "nested too deep"],
)
def test_a_logo_the_gate_refuses_is_refused_not_also_unseen(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], body: str
) -> None:
    """A white SVG logo the image gate refuses gets its refusal alone: no contrast
    warning for a logo that will never be printed."""
    from tests.conftest import MINIMAL, write_event

    from brochure.cli import main

    source = write_event(
        tmp_path, MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: logo.svg")
    )
    (tmp_path / "logo.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{body}</svg>',
        encoding="utf-8",
    )
    assert main(["check", str(source)]) == 1
    err = capfd.readouterr().err
    assert f"{source}:9:5: organisers[0].logo: 'logo.svg' is an SVG" in err, err
    assert "would not be seen" not in err and "warning" not in err, err
