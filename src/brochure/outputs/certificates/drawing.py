"""Certificates as pages of the card engine (engines/cards_pdf.py): where each part goes,
each line fitted to its width by measuring (cards/fit.py), with the looks of
`layouts/certificates/certificates.css` (read once per build, as badges read theirs).

A page is landscape, the pack's office paper (A4, or Letter where Letter is the paper).
From the top: the organisers' logos, the heading, "This certifies that", the name as
large as it fits (on two lines before it gets small), what the person did, the event,
its dates and place, the hours or the sessions; at the foot the signers, each over a
line with their name and position, and the verification code. The parts are set in the
middle of the room between the logos and the signers, whatever their number.

Images (logos and signatures) are not drawn here: their boxes are handed to the
background page (render.py), drawn once and placed under every page.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from brochure.cards import fit
from brochure.cards.scripts import cjk_css, fonts_css
from brochure.cards.text import PT, Block, Text
from brochure.engines import weasy
from brochure.engines.cards_pdf import Colour, Font, Item, Page, Rect
from brochure.engines.cards_pdf import Text as Line
from brochure.outputs.badges.drawing import STRETCH, TextLook

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.finishing.paper import Paper
    from brochure.outputs.certificates.content import Certificate

#: The frame's outer and inner rules, inset from the sheet's edges, mm (inside the 5 mm
#: office printers leave unprinted at each edge).
FRAME_OUTER, FRAME_INNER = 9.0, 11.5
#: Text is kept this far from the sheet's left and right edges, mm.
SIDE = 30.0
#: The top of the logos' row, and its height, mm.
LOGO_TOP, LOGO_HEIGHT = 19.0, 15.0
#: Most width one logo takes, and the space between two, mm.
LOGO_WIDTH, LOGO_GAP = 55.0, 8.0
#: Where the parts start when there are no logos, mm from the top.
TOP = 22.0
#: The line signers sign on: its distance from the sheet's foot, mm; the signature
#: image's box over it; the widest a signer's column is.
SIGNING_LINE, SIGNATURE_HEIGHT, SIGNER_WIDTH = 38.0, 17.0, 72.0
#: The verification code's line: its top's distance from the sheet's foot, mm.
CODE_LINE = 18.5
#: The rule under the name: its width, mm.
NAME_RULE = 90.0
#: Type sizes (pt): largest, and the size under which a part wraps instead of shrinking.
SIZES: dict[str, tuple[float, float]] = {
    "certificate-heading": (21.0, 13.0),
    "certificate-intro": (13.0, 10.0),
    "certificate-name": (42.0, 28.0),
    "certificate-statement": (13.0, 10.0),
    "certificate-event": (21.0, 15.0),
    "certificate-details": (12.0, 9.5),
    "certificate-hours": (12.0, 9.5),
    "certificate-session": (12.0, 9.0),
    "certificate-signer": (10.0, 8.0),
    "certificate-position": (8.5, 7.0),
    "certificate-code": (8.0, 7.0),
}
#: Space after each part, mm.
AFTER: dict[str, float] = {
    "certificate-heading": 4.5,
    "certificate-intro": 2.5,
    "certificate-name": 4.5,
    "certificate-statement": 2.5,
    "certificate-event": 1.5,
    "certificate-details": 1.0,
    "certificate-session": 0.6,
}
#: Space before what the person did (the hours, the first session), mm.
BEFORE_WHAT = 2.5
#: The smallest a session's line is set before sessions are left out ("and 3 more").
SESSION_FLOOR = 8.0
STYLESHEET = "certificates/certificates.css"
#: Languages whose letters join (Arabic's script, the Brahmic scripts, Thai's marks):
#: their lines are never letter-spaced, whatever the stylesheet spaces.
JOINED = frozenset({"ar", "fa", "ur", "ps", "sd", "ug", "hi", "mr", "ne", "bn", "pa", "gu"})
JOINED |= {"ta", "te", "kn", "ml", "si", "th", "lo", "km", "my", "bo"}


@dataclass(frozen=True)
class Geometry:
    """A certificate's page, landscape, mm."""

    width: float
    height: float

    @classmethod
    def of(cls, paper: Paper) -> Geometry:
        return cls(max(paper.width, paper.height), min(paper.width, paper.height))

    @property
    def text_width(self) -> float:
        """The width every centred line is fitted to."""
        return self.width - 2 * SIDE


@dataclass(frozen=True)
class Signer:
    """A signer as printed: fitted name and position, and where their column is."""

    name: Text
    position: Text | None
    x: float
    """The left of their column, mm."""
    width: float


@dataclass(frozen=True)
class Fixed:
    """What every certificate of the pack prints alike: fixed words in the pack's
    language, the event's lines, the signers, the code's line (less the code)."""

    language: str
    direction: str
    intro: str
    headings: dict[str, str]
    statements: dict[str, str]
    event: tuple[tuple[str, str], ...]
    """(class, text) of the event's lines: its title, its kind and series, its dates and
    place."""
    code_label: str
    """The verification code's label and colon, with %(code)s for the code."""
    more: str
    """A last line for sessions left out, with %(n)s."""
    signers: tuple[tuple[str, str], ...]
    """Each signer's name and position (position and organisation, '' for neither)."""
    logos: int
    """How many logos head the page."""


@dataclass(frozen=True)
class Box:
    """Where an image goes, mm from the page's top left."""

    x: float
    y: float
    width: float
    height: float
    align: Literal["center", "bottom"] = "center"


def logo_boxes(geometry: Geometry, count: int, rtl: bool = False) -> tuple[Box, ...]:
    """The logos' boxes: one row, centred, each as wide as its share allows, the first
    where the pack's lines start (the right, in a right-to-left language)."""
    if not count:
        return ()
    width = min(LOGO_WIDTH, (geometry.text_width - LOGO_GAP * (count - 1)) / count)
    row = count * width + (count - 1) * LOGO_GAP
    left = (geometry.width - row) / 2
    boxes = tuple(
        Box(left + n * (width + LOGO_GAP), LOGO_TOP, width, LOGO_HEIGHT) for n in range(count)
    )
    return boxes[::-1] if rtl else boxes


def signer_columns(
    geometry: Geometry, count: int, rtl: bool = False
) -> tuple[tuple[float, float], ...]:
    """Each signer's column: its left and its width, mm, centred as a row, the first
    where the pack's lines start."""
    if not count:
        return ()
    gap = 12.0
    width = min(SIGNER_WIDTH, (geometry.text_width - gap * (count - 1)) / count)
    row = count * width + (count - 1) * gap
    left = (geometry.width - row) / 2
    columns = tuple((left + n * (width + gap), width) for n in range(count))
    return columns[::-1] if rtl else columns


def signature_boxes(geometry: Geometry, count: int, rtl: bool = False) -> tuple[Box, ...]:
    """The signatures' boxes, each over its signer's line, standing on it."""
    line = geometry.height - SIGNING_LINE
    return tuple(
        Box(x + 4, line - SIGNATURE_HEIGHT - 0.5, width - 8, SIGNATURE_HEIGHT, "bottom")
        for x, width in signer_columns(geometry, count, rtl)
    )


def texts(certificate: Certificate, fixed: Fixed, geometry: Geometry) -> list[Text]:
    """A certificate's lines to fit, in order from the heading down (the signers' and
    the code's apart: see foot_texts)."""
    width = geometry.text_width
    lang = fixed.language

    def part(css: str, text: str, language: str = lang, lines: int = 2) -> Text:
        size, smallest = SIZES[css]
        return Text(css, text, language, size, smallest, width, lines)

    found = [
        part("certificate-heading", fixed.headings[certificate.kind]),
        part("certificate-intro", fixed.intro),
        replace(part("certificate-name", certificate.name, certificate.lang), width=width - 20),
        part("certificate-statement", fixed.statements[certificate.kind]),
        *(part(css, text) for css, text in fixed.event),
    ]
    if certificate.hours:
        found.append(part("certificate-hours", certificate.hours))
    found += [part("certificate-session", line) for line in certificate.sessions]
    return found


def foot_texts(fixed: Fixed, geometry: Geometry, code: str) -> list[Text]:
    """The code's line, and each signer's name and position."""
    size, smallest = SIZES["certificate-code"]
    found = [
        Text(
            "certificate-code",
            fixed.code_label.replace("%(code)s", code),
            fixed.language,
            size,
            smallest,
            geometry.text_width,
        )
    ]
    for (name, position), (_, width) in zip(
        fixed.signers, signer_columns(geometry, len(fixed.signers)), strict=True
    ):
        for css, text in (("certificate-signer", name), ("certificate-position", position)):
            if text:
                size, smallest = SIZES[css]
                found.append(Text(css, text, fixed.language, size, smallest, width - 2))
    return found


@dataclass(frozen=True)
class Looks:
    """What the stylesheet decides about a certificate, read once per build."""

    texts: dict[tuple[str, str], TextLook]
    """By (class attribute, language), as the words were measured."""
    rules: dict[str, tuple[float, Colour]]
    """The frame's rules, the rule under the name and the signing line: thickness (mm)
    and colour, by class."""


RULES = ("frame-outer", "frame-inner", "name-rule", "signing-line")
_INK = TextLook(Font(("serif",)), (0.0, 0.0, 0.0, 1.0))


def read_looks(styles: set[tuple[str, str]], config: BuildConfig, stylesheet: str) -> Looks:
    """The looks of every (class attribute, language) in styles and of the rules, from
    the stylesheet as WeasyPrint computes it (one probe page)."""
    ordered = sorted(styles)
    body = "".join(
        f'<p class="{html.escape(style)}" lang="{html.escape(lang)}" id="t{n}">x</p>'
        for n, (style, lang) in enumerate(ordered)
    ) + "".join(f'<div class="{rule}" id="{rule}"></div>' for rule in RULES)
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        f"@page {{ size: 400mm 4000mm; margin: 0 }}{cjk_css(config.fmt.language)}\n"
        f"body {{ font-family: {fonts_css()} }}\n{stylesheet}"
        f'</style></head><body><div class="certificate">{body}</div></body></html>'
    )
    ids = {f"t{n}" for n in range(len(ordered))} | set(RULES)
    found = weasy.element_looks(
        page, config.source_dir, config.readable_folders, "certificates (reading the looks)", ids
    )
    texts = {}
    for n, key in enumerate(ordered):
        looks = found.get(f"t{n}")
        if looks is not None:
            font = Font(
                looks.font_families,
                looks.font_weight,
                looks.italic,
                STRETCH.get(looks.font_stretch, 4),
                looks.letter_spacing,
            )
            texts[key] = TextLook(font, looks.colour, looks.text_transform)
    rules = {
        rule: found[rule].border_top if rule in found else (0.0, _INK.colour) for rule in RULES
    }
    return Looks(texts, rules)


def measured(texts: list[Text], config: BuildConfig, stylesheet: str) -> fit.Widths:
    """Widths of every word of texts in its style, measured once (one probe page)."""
    keys: set[fit.Key] = set()
    for text in texts:
        keys |= text.keys()
    css = f"{stylesheet}\n{cjk_css(config.fmt.language)}"
    return fit.measure(keys, css, fonts_css(), config.source_dir, config.readable_folders)


@dataclass
class Drawn:
    """What drawing a page found: parts cut short (said once by the caller)."""

    cut: list[str] = field(default_factory=list)


def page(
    certificate: Certificate,
    fixed: Fixed,
    geometry: Geometry,
    widths: fit.Widths,
    looks: Looks,
    drawn: Drawn,
) -> Page:
    """One certificate's page."""
    items: list[Item] = [*_frame(geometry, looks)]
    blocks = [text.fitted(widths) for text in texts(certificate, fixed, geometry)]
    foot = [text.fitted(widths) for text in foot_texts(fixed, geometry, certificate.code)]
    code, signers = foot[0], foot[1:]
    top = LOGO_TOP + LOGO_HEIGHT + 5 if fixed.logos else TOP
    bottom = geometry.height - (
        SIGNING_LINE + SIGNATURE_HEIGHT + 3 if fixed.signers else CODE_LINE + 6
    )
    # The rule under the name takes its room too.
    blocks = _sessions_fitted(blocks, bottom - top - 3.0, fixed, widths, geometry)
    if any(block.clipped for block in blocks):
        drawn.cut.append(certificate.name)
    y = top + max(0.0, (bottom - top - _height(blocks)) / 2)
    for n, block in enumerate(blocks):
        items += _lines(block, SIDE, y, geometry.text_width, fixed, looks)
        y += block.height
        if block.css == "certificate-name":
            thick, ink = looks.rules["name-rule"]
            if thick:
                y += 2.0
                items.append(Rect((geometry.width - NAME_RULE) / 2, y, NAME_RULE, thick, ink))
                y += thick
        y += _space(blocks, n)
    items += _signers(signers, fixed, geometry, looks)
    items += _lines(code, SIDE, geometry.height - CODE_LINE, geometry.text_width, fixed, looks)
    return Page(geometry.width, geometry.height, tuple(items))


def _height(blocks: list[Block]) -> float:
    """How tall blocks are, set one under the other with their spaces."""
    return sum(block.height + _space(blocks, n) for n, block in enumerate(blocks))


def _space(blocks: list[Block], n: int) -> float:
    """The space after the n-th block (before what the person did: a little more)."""
    after = AFTER.get(blocks[n].css, 0.0)
    follows = blocks[n + 1].css if n + 1 < len(blocks) else ""
    if follows in ("certificate-hours", "certificate-session") and blocks[n].css != follows:
        after += BEFORE_WHAT
    return after


def _sessions_fitted(
    blocks: list[Block], room: float, fixed: Fixed, widths: fit.Widths, geometry: Geometry
) -> list[Block]:
    """blocks, their sessions set smaller while all do not fit the room (not under
    SESSION_FLOOR), then the last ones left out for a line that counts them."""

    height = _height
    sessions = [block for block in blocks if block.css == "certificate-session"]
    if not sessions or height(blocks) <= room:
        return blocks
    others = [block for block in blocks if block.css != "certificate-session"]
    size = max(block.size for block in sessions)
    while size > SESSION_FLOOR:
        size = max(SESSION_FLOOR, size - 0.5)
        smaller = [_resized(block, size) for block in sessions]
        if height(others + smaller) <= room:
            return others + smaller
    smaller = [_resized(block, SESSION_FLOOR) for block in sessions]

    def more(count: int) -> Block:
        said = fixed.more.replace("%(n)s", str(count))
        text = Text(
            "certificate-session",
            said,
            fixed.language,
            SESSION_FLOOR,
            SESSION_FLOOR,
            geometry.text_width,
            1,
        )
        return _resized(text.fitted(widths), SESSION_FLOOR)

    kept: list[Block] = []
    for block in smaller:
        last = len(kept) == len(smaller) - 1
        counted = [] if last else [more(len(smaller))]
        if height([*others, *kept, block, *counted]) > room:
            break
        kept.append(block)
    rest = len(smaller) - len(kept)
    return others + kept + ([more(rest)] if rest else [])


def _resized(block: Block, size: float) -> Block:
    """block at size, never larger than it was fitted."""
    return replace(block, size=min(block.size, size))


def _frame(geometry: Geometry, looks: Looks) -> Iterator[Item]:
    """The two rules round the page."""
    for rule, inset in (("frame-outer", FRAME_OUTER), ("frame-inner", FRAME_INNER)):
        thick, ink = looks.rules[rule]
        if not thick:
            continue
        width, height = geometry.width - 2 * inset, geometry.height - 2 * inset
        yield Rect(inset, inset, width, thick, ink)
        yield Rect(inset, inset + height - thick, width, thick, ink)
        yield Rect(inset, inset, thick, height, ink)
        yield Rect(inset + width - thick, inset, thick, height, ink)


def _signers(blocks: list[Block], fixed: Fixed, geometry: Geometry, looks: Looks) -> Iterator[Item]:
    """Each signer's line, and their name and position under it."""
    line = geometry.height - SIGNING_LINE
    thick, ink = looks.rules["signing-line"]
    queue = list(blocks)
    rtl = fixed.direction == "rtl"
    for (_, position), (x, width) in zip(
        fixed.signers, signer_columns(geometry, len(fixed.signers), rtl), strict=True
    ):
        if thick:
            yield Rect(x, line, width, thick, ink)
        y = line + 1.5
        for _ in range(2 if position else 1):
            block = queue.pop(0)
            yield from _lines(block, x + 1, y, width - 2, fixed, looks)
            y += block.height + 0.5


def _lines(
    block: Block, x: float, top: float, width: float, fixed: Fixed, looks: Looks
) -> Iterator[Line]:
    """A fitted block's lines, one under the other from top, centred in the width, each
    in its own direction."""
    look = looks.texts.get((block.style, block.lang), _INK)
    if look.font.letter_spacing and block.lang.split("-")[0] in JOINED:
        # Letters that join (Arabic, Devanagari) are never spaced apart: set solid, and
        # so narrower than measured.
        look = replace(look, font=replace(look.font, letter_spacing=0.0))
    height = block.size * block.line_height * PT
    direction: Literal["ltr", "rtl"] = (
        "rtl" if (block.direction or fixed.direction) == "rtl" else "ltr"
    )
    for text in block.lines:
        yield Line(
            look.cased(text),
            x,
            top,
            width,
            look.font,
            block.size,
            look.colour,
            height,
            block.lang,
            direction,
            "center",
        )
        top += height
