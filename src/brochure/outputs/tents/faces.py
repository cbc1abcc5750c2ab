"""What each face of a tent says and where: the name fitted to the face, the
organisation under it, a rule between them, centred down the face.

Both faces of a tent are the same face: the one toward the audience is drawn upright
on the lower half of the piece, the one toward the speaker on the upper half, turned
half round (upside down on the flat sheet), so that each reads upright once the piece
is folded along its middle and stood with the fold on top. Lengths in mm from the
face's top left corner, type sizes in pt.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from brochure.cards import fit
from brochure.cards.text import FLOOR_PT, PT, Block, Text
from brochure.outputs.tents.layout import TentLayout

#: The most lines a name is set on before it is made smaller instead.
NAME_LINES = 3
#: The organisation shrinks to this share of its size before it wraps onto a second line.
ORGANISATION_WRAPS_AT = 0.75
#: Space between the name, the rule and the organisation, as a share of the
#: organisation's size.
GAP_SHARE = 0.5


@dataclass(frozen=True)
class Plan:
    """What one tent will say, before its words are measured."""

    name: str
    """The person's name as written, to warn with."""
    texts: tuple[Text, ...]
    """The name, then the organisation when there is one."""


@dataclass(frozen=True)
class Face:
    """One tent's face, every line fitted and placed."""

    name: Block
    """The name's fitted lines."""
    name_top: float
    """Its top, mm from the face's top edge."""
    organisation: Block | None = None
    organisation_top: float = 0.0
    rule_top: float | None = None
    """The rule's top, mm; None without an organisation."""
    crowded: bool = False
    """The name did not fit one line at the layout's min_size: it is set on several, or
    smaller (a single word longer than the face)."""
    cut: tuple[str, ...] = ()
    """What did not fit even at the floor (name, organisation): cut short."""


def plan(
    name: str, name_lang: str, organisation: str, organisation_lang: str, layout: TentLayout
) -> Plan:
    """The texts of a tent for a name and an organisation ('' for none), already
    typeset (quotation marks), with their languages."""
    width = layout.inner_width
    texts = [
        Text(
            "name",
            name,
            name_lang,
            layout.name_size / PT,
            layout.min_size / PT,
            width,
            max_lines=NAME_LINES,
        )
    ]
    if organisation:
        size = layout.organisation_size / PT
        texts.append(
            Text(
                "organisation",
                organisation,
                organisation_lang,
                size,
                max(size * ORGANISATION_WRAPS_AT, FLOOR_PT),
                width,
            )
        )
    return Plan(name, tuple(texts))


def face(plan: Plan, widths: fit.Widths, layout: TentLayout, rule: float) -> Face:
    """The face of a plan: each text fitted to the face's width, the name then shrunk
    (never under the floor) while the whole does not fit down the face, and the whole
    centred between the face's padding. rule: the rule's thickness, mm."""
    organisation = plan.texts[1].fitted(widths) if len(plan.texts) > 1 else None
    gap = layout.organisation_size * GAP_SHARE
    rest = organisation.height + 2 * gap + rule if organisation else 0.0
    room = layout.inner_height
    name = _name(plan.texts[0], widths, room - rest)
    cut = [b.css for b in (name, organisation) if b is not None and b.clipped]
    if name.height + rest > room + 0.01 and "name" not in cut:
        cut.append("name")
    crowded = len(name.lines) > 1 or name.size < layout.min_size / PT - 0.01
    top = layout.padding + max(0.0, (room - name.height - rest) / 2)
    if organisation is None:
        return Face(name, top, crowded=crowded, cut=tuple(cut))
    rule_top = top + name.height + gap
    return Face(
        name,
        top,
        organisation,
        rule_top + rule + gap,
        rule_top,
        crowded=crowded,
        cut=tuple(cut),
    )


#: A name is set on more lines only where that makes it this much larger.
MORE_LINES_GAIN = 1.1


def _name(text: Text, widths: fit.Widths, room: float) -> Block:
    """The name as large as the face allows: fitted to the width on one line, or (when
    that is under the layout's min_size) on up to NAME_LINES lines, each candidate made
    smaller where its lines are taller than the room down the face (mm), never under the
    floor; the largest wins, fewer lines unless more make it MORE_LINES_GAIN larger.
    A name cut short (clipped) is the last resort."""
    best: Block | None = None
    for lines in range(1, NAME_LINES + 1):
        block = dataclasses.replace(text, max_lines=lines).fitted(widths)
        if block.height > room:
            scale = max(room / block.height, FLOOR_PT / block.size)
            block = dataclasses.replace(block, size=block.size * scale)
        if (
            best is None
            or (best.clipped and not block.clipped)
            or (block.clipped == best.clipped and block.size > best.size * MORE_LINES_GAIN)
        ):
            best = block
        if len(block.lines) < lines:
            break  # the words fit on fewer lines: more lines change nothing
    assert best is not None
    return best
