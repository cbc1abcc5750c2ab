"""What the brochure's layout prints organisers' logos on, and the logos that would not be
seen there (a white logo on a transparent background, on white paper).

The layout's stylesheet says it: the background its rule for a logo gives the image
itself (the cover's white tile), else the background of the page the logo is on (`@page
cover`, or the default page: paper white). Each place is judged apart, before
rendering, so `brochure check` says it with the logo's place in the event file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brochure.reading import confine, images
from brochure.reading.load import beside

if TYPE_CHECKING:
    from brochure.errors import Problem
    from brochure.reading.parts import Parts

RGB = tuple[float, float, float]
#: Paper: what a page without a background prints on.
PAPER: RGB = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Place:
    """Where the layout draws a logo: in words, by the rule that styles the image, and
    the named page it is on ("" for the default page)."""

    words: str
    selector: str
    page: str


#: The places of the shipped brochure layout (layouts/brochure/brochure.html.j2).
LOGO_PLACES = (
    Place("on the cover", ".cover-organisers .logos img", "cover"),
    Place("on the organisers' page", ".organisers .logo", ""),
)


def grounds(css: str) -> list[tuple[str, RGB]]:
    """Each place of LOGO_PLACES in words, with the colour the stylesheet css prints its
    logos on."""
    rules, pages, variables = _read(css)
    found = []
    for place in LOGO_PLACES:
        page = pages.get(place.page, pages.get("", PAPER))
        own = rules.get(place.selector)
        colour = _colour(own, variables, page) if own else None
        found.append((place.words, colour or page))
    return found


def unseen_logos(parts: Parts, css: str) -> list[Problem]:
    """A warning for each organiser's logo whose marks would not stand out from what the
    layout prints it on (images.mark_contrast below images.MARK_CONTRAST), naming the
    logo, the places and the contrast there."""
    places = grounds(css)
    problems = []
    for index, organiser in parts.organisers:
        if not organiser.logo:
            continue
        try:
            path = confine.resolve_inside(parts.source.folder, organiser.logo)
            # A logo the gate refuses is refused, with its place: not also unseen.
            images.check_image(path, beside(parts.source.folder, organiser.logo))
            data = path.read_bytes()
        except (confine.OutsideError, OSError, images.ImageError):
            continue  # the loader says why, with its place
        unseen = []
        for words, ground in places:
            best = images.mark_contrast(data, ground)
            if best is not None and best < images.MARK_CONTRAST:
                unseen.append(f"{words} ({_hex(ground)}, {best:.1f}:1)")
        if not unseen:
            continue
        light = sum(ground) / 3 > 0.5
        problems.append(
            parts.problem(
                ("organisers", index, "logo"),
                f"{organiser.logo} would not be seen where the brochure prints it: "
                f"{' and '.join(unseen)}; a logo's marks need {images.MARK_CONTRAST:g}:1 "
                "against what they are printed on (WCAG 2.2 SC 1.4.11): use the version "
                f"of the logo made for {'light' if light else 'dark'} backgrounds",
                warning=True,
            )
        )
    return problems


def _read(css: str) -> tuple[dict[str, list[Any]], dict[str, RGB], dict[str, list[Any]]]:
    """The stylesheet's rules by each selector (their declarations, in order), its pages'
    backgrounds by page name, and its custom properties (`--ink`)."""
    import tinycss2

    rules: dict[str, list[Any]] = {}
    pages: dict[str, RGB] = {}
    variables: dict[str, list[Any]] = {}
    page_rules: list[tuple[str, list[Any]]] = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            declarations = _declarations(rule.content)
            for selector in tinycss2.serialize(rule.prelude).split(","):
                rules.setdefault(" ".join(selector.split()), []).extend(declarations)
            for declaration in declarations:
                if declaration.name.startswith("--"):
                    variables[declaration.name] = declaration.value
        elif rule.type == "at-rule" and rule.lower_at_keyword == "page" and rule.content:
            name = tinycss2.serialize(rule.prelude).strip()
            if not name.startswith(":"):  # :left, :right, :first: the default page still
                page_rules.append((name, _declarations(rule.content)))
    for name, declarations in page_rules:
        if (colour := _colour(declarations, variables, PAPER)) is not None:
            pages[name] = colour
    return rules, pages, variables


def _declarations(content: list[Any]) -> list[Any]:
    import tinycss2

    return [
        item
        for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True)
        if item.type == "declaration"
    ]


def _colour(declarations: list[Any], variables: dict[str, list[Any]], under: RGB) -> RGB | None:
    """The background colour the last `background` or `background-color` declaration
    gives, laid over under when it is translucent; None when none gives one."""
    found = None
    for declaration in declarations:
        if declaration.lower_name in ("background", "background-color"):
            parsed = _first_colour(declaration.value, variables, depth=0)
            if parsed is not None:
                found = parsed
    if found is None:
        return None
    rgb, alpha = found
    blended = tuple(alpha * c + (1 - alpha) * u for c, u in zip(rgb, under, strict=True))
    return (blended[0], blended[1], blended[2])


def _first_colour(
    tokens: list[Any], variables: dict[str, list[Any]], depth: int
) -> tuple[RGB, float] | None:
    import tinycss2.color3

    for token in tokens:
        if token.type == "function" and token.lower_name == "var" and depth < 8:
            names = [t.value for t in token.arguments if t.type == "ident"]
            inner = (
                _first_colour(variables[names[0]], variables, depth + 1)
                if names and names[0] in variables
                else None
            )
            if inner is not None:
                return inner
            continue
        if token.type in ("ident", "hash", "function"):
            parsed = tinycss2.color3.parse_color(token)
            if parsed is not None and parsed != "currentColor":
                return (parsed.red, parsed.green, parsed.blue), parsed.alpha
    return None


def _hex(colour: RGB) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in colour)
