"""What a chair's run sheet shows: one page per session with a chair, as typed data for
its template (layouts/run-sheets/run-sheets.html.j2), made without WeasyPrint.

Dates, times, lists and fixed words are formatted here, in the pack's language; names
come typeset from the one view of the event (outputs/view.py: quotation marks, names
and room codes kept whole).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure.cards.scripts import cjk_css
from brochure.finishing.paper import Paper, office_paper
from brochure.i18n import N_
from brochure.model import Event, Person, ProgrammeItem
from brochure.outputs.run_sheets.timing import RunningOrder, Turn, running_order
from brochure.outputs.view import EventView, Metadata, in_order, metadata, status_mark
from brochure.textrules import joined, name_language

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.i18n import Formatter

#: A biography is cut to its first sentence, or to about this many characters.
BIO_LIMIT = 300
#: A session's description is cut to about this many characters (its first paragraph).
DESCRIPTION_LIMIT = 600
ELLIPSIS = "\u2026"
#: How much a sheet's type is made smaller, in turn, while its session does not fit one
#: page: classes of run-sheets.css.
SIZES = ("regular", "compact", "tight")


@dataclass(frozen=True)
class Speaker:
    """A speaker as the chair introduces them."""

    name: str
    """As the person writes it, kept whole."""
    lang: str
    """The name's language when it is not the pack's ('' when it is): its shaping and
    CJK face."""
    pronunciation: str
    """How to say the name, as the file gives it ('' when it does not)."""
    affiliation: str
    """Position, organisation and country, as one line ('' when none is given)."""
    bio: str
    """The biography's first sentence, or about 300 characters of it cut at a word
    with an ellipsis ('' when none is given)."""
    provisional: bool
    """Not yet confirmed: printed with the language's mark."""


@dataclass(frozen=True)
class Slot:
    """One turn of the running order, as printed."""

    start: str
    """When it should start (09:30), '' when the session's times do not tell."""
    minutes: str
    """How long it lasts, in words ("20 minutes"), '' when unknown."""
    speakers: tuple[Speaker, ...]
    """Who speaks (several for a talk given together; none for the discussion)."""
    title: str
    """The talk's own title, '' when it has none (or for the discussion)."""


@dataclass(frozen=True)
class RunSheet:
    """One session's page."""

    title: str
    """The session's title, typeset."""
    when: str
    """Its day and time: Wednesday 10 June 2026 · 11:00–12:30."""
    where: str
    """Its room, and its place when it is elsewhere ('' when the file names neither)."""
    chairs: str
    """Who chairs it, labelled in the pack's language: "Chair: Aoife Ó Súilleabháin"."""
    description: str
    """The session's description, its first paragraph cut to about 600 characters
    ('' when none is given)."""
    slots: tuple[Slot, ...]
    """The running order: each turn with its start and its speakers."""
    discussion: Slot | None
    """The time the talks leave at the end (questions and discussion), when they do."""
    ends: str
    """When the session ends, the last line of its running order ('' without an end)."""
    next_up: str
    """The next item in the same room (a cancelled one left out): its day when another,
    its time and title, and its chairs; or that nothing follows."""
    mark: str = ""
    """Cancelled, or Moved here from Room 2, in the pack's words (view.status_mark);
    '' for a session that takes place where it was announced."""
    cancelled: bool = False
    """Whether the session is cancelled: its sheet says so above its struck title."""

    @property
    def speaker_count(self) -> int:
        """How many speakers the running order lists."""
        return sum(len(slot.speakers) for slot in self.slots)


@dataclass(frozen=True)
class SheetPage:
    """One session's run sheet, and the size of type its page is set in."""

    sheet: RunSheet
    """The session's run sheet."""
    size: str
    """regular, compact or tight: a class of run-sheets.css, smaller while the session
    does not fit one page."""


@dataclass(frozen=True)
class RunSheetsContext:
    """Everything the run sheets' template shows (its variables are these fields): each
    chaired session on a page of its own."""

    pages: tuple[SheetPage, ...]
    """Every chaired session's run sheet, in programme order, each with its size."""
    metadata: Metadata
    """The document's title, authors, language, direction and dates."""
    event_line: str
    """The event's title and dates, small at the top of every page."""
    paper: Paper
    """The page: the office paper where the pack is printed (A4 or Letter)."""
    cjk_css: str
    """Which Noto CJK faces draw Han text, by language (cards.scripts.cjk_css)."""


def context(
    sheets: list[RunSheet], sizes: list[str], event: Event, config: BuildConfig
) -> RunSheetsContext:
    """The template's context: sheets, each at its size (one of SIZES)."""
    info = event.event
    fmt = config.fmt
    return RunSheetsContext(
        pages=tuple(SheetPage(sheet, size) for sheet, size in zip(sheets, sizes, strict=True)),
        metadata=metadata(event, config),
        event_line=joined(" · ", (info.title, fmt.date_range(info.date, info.end_date))),
        paper=office_paper(info.language, info.country),
        cjk_css=cjk_css(info.language),
    )


def chaired(event: Event) -> list[tuple[dt.date, ProgrammeItem]]:
    """The sessions with a chair, in date and time order, each with its day."""
    return [(day, item) for day, item in in_order(event) if item.chairs]


def run_sheets(event: Event, config: BuildConfig) -> list[RunSheet]:
    """Every chaired session's run sheet, in programme order."""
    view = EventView.of(event, config)
    typeset = view.event  # the same items, typeset, in the same order
    order = in_order(typeset)
    sheets = []
    for position, (day, item) in enumerate(order):
        if item.chairs:
            later = [later for _, later in order[position + 1 :]]
            sheets.append(run_sheet(item, day, later, view))
    return sheets


def run_sheet(
    item: ProgrammeItem, day: dt.date, later: list[ProgrammeItem], view: EventView
) -> RunSheet:
    """The run sheet of item on day; later: the items after it, in programme order."""
    fmt, event = view.fmt, view.event
    order = running_order(item, day)
    place = item.venue.lines[0] if item.venue and item.venue.lines else ""
    chairs = [event.person(key) for key in item.chairs]
    return RunSheet(
        title=item.title,
        when=joined(" · ", (fmt.date_long(day), fmt.time_range(item.start, item.end))),
        where=fmt.parts((item.room, place)),
        chairs=fmt.labelled(
            fmt.ngettext("Chair", "Chairs", len(chairs)),
            fmt.join([_marked(person, fmt) for person in chairs]),
        ),
        description=shortened(item.description or "", event.event.language, DESCRIPTION_LIMIT)
        if item.description
        else "",
        slots=tuple(_slot(turn, event, fmt) for turn in order.turns),
        discussion=_discussion(order, fmt),
        ends=fmt.time(item.end) if item.start and item.end and order.turns else "",
        next_up=_next_up(item, day, later, view),
        mark=status_mark(item, fmt),
        cancelled=item.is_cancelled,
    )


def _marked(person: Person, fmt: Formatter) -> str:
    word = fmt.gettext("provisional").replace(" ", "\u00a0")
    return f"{person.name} ({word})" if person.is_provisional else person.name


def _slot(turn: Turn, event: Event, fmt: Formatter) -> Slot:
    return Slot(
        start=fmt.time(turn.start.time()) if turn.start else "",
        minutes=_minutes(turn.minutes, fmt),
        speakers=tuple(speaker(event.person(key), fmt) for key in turn.people),
        title=turn.title or "",
    )


def _minutes(minutes: int | None, fmt: Formatter) -> str:
    if minutes is None:
        return ""
    return fmt.ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}


def _discussion(order: RunningOrder, fmt: Formatter) -> Slot | None:
    turn = order.discussion
    if turn is None or turn.start is None:
        return None
    return Slot(
        fmt.time(turn.start.time()),
        _minutes(turn.minutes, fmt),
        (),
        fmt.gettext(N_("Questions and discussion")),
    )


def speaker(person: Person, fmt: Formatter) -> Speaker:
    """A person as the running order introduces them (already typeset)."""
    lang = person.name_language or name_language(person.name, person.country, fmt.language)
    return Speaker(
        name=person.name,
        lang="" if lang == fmt.language else lang,
        pronunciation=person.pronunciation or "",
        affiliation=joined(
            ", ", (person.position, person.organisation, fmt.country(person.country))
        ),
        bio=shortened(person.bio, fmt.language, BIO_LIMIT, sentence=True) if person.bio else "",
        provisional=person.is_provisional,
    )


def _next_up(item: ProgrammeItem, day: dt.date, later: list[ProgrammeItem], view: EventView) -> str:
    """What follows item in its room: the first later item with the same room (both
    without one: the event's room), its day when it is another, its time, its title and
    its chairs."""
    fmt = view.fmt
    after = next(
        (other for other in later if other.room == item.room and not other.is_cancelled), None
    )
    if after is None:
        return fmt.gettext(N_("Nothing follows in this room"))
    other_day = after.date or view.event.event.date
    time = fmt.time_range(after.start, after.end)
    when = joined(" ", (fmt.weekday_short(other_day) if other_day != day else "", time))
    chairs = [view.event.person(key) for key in after.chairs]
    what = after.title
    if chairs:
        label = fmt.ngettext("Chair", "Chairs", len(chairs))
        what += f" ({fmt.labelled(label, fmt.join([p.name for p in chairs]))})"
    line = f"{when} {what}" if when else what
    return fmt.labelled(fmt.gettext(N_("Next in this room")), line)


#: Titles a full stop ends without ending the sentence (ICU's sentence breaks, without
#: the suppression data the wheel leaves out, end one after "Dr.").
_TITLES = frozenset(
    {"Dr", "Dra", "Prof", "Pr", "Mr", "Mrs", "Ms", "Mme", "Mlle", "Sr", "Sra", "Jr", "St"}
    | {"Mt", "Hr", "Fr", "Nr", "No", "Univ", "Dept", "Inst"}
)


def _abbreviated(before: str) -> bool:
    """Whether text before a sentence break ends with an abbreviation, not a sentence:
    a title (Dr.), an initial (J.) or initials (U.S., e.g.)."""
    words = before.split()
    word = words[-1] if words else ""
    if not word.endswith("."):
        return False
    core = word[:-1]
    return core in _TITLES or (len(core) == 1 and core.isupper()) or "." in core


def shortened(text: str, language: str, limit: int, sentence: bool = False) -> str:
    """text's first paragraph, shortened for a run sheet: its first sentence (with
    sentence, when that is at most limit characters), else its first limit characters
    or so, cut at a word boundary (ICU's, so that Chinese and Japanese are cut between
    words too) with an ellipsis."""
    import icu  # pyicu-wheels: loaded when a run sheet is made

    paragraph = text.split("\n\n", 1)[0].strip()
    locale = icu.Locale(language.replace("-", "_"))
    if sentence:
        breaks = icu.BreakIterator.createSentenceInstance(locale)
        breaks.setText(paragraph)
        end = breaks.following(0)
        # ICU without its suppression data ends a sentence at "Dr.": go on past one.
        while 0 < end < len(paragraph) and _abbreviated(paragraph[:end]):
            end = breaks.following(end)
        first = paragraph[: end if end > 0 else len(paragraph)].strip()
        if len(first) <= limit:
            return first
    if len(paragraph) <= limit:
        return paragraph
    words = icu.BreakIterator.createWordInstance(locale)
    words.setText(paragraph)
    cut = words.preceding(limit + 1)
    if cut <= 0:
        cut = limit
    return paragraph[:cut].rstrip(" ,;:.-–—\u3001\u3002") + ELLIPSIS
