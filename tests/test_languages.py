"""A pack per language: from one event file written in four (tests/fixtures/languages),
each pack's fixed words from its catalogue, its dates from CLDR, its own text; and a pack
in each catalogue's language with no English fixed word."""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import icalendar
import pikepdf
import pytest
from babel.messages.pofile import read_po
from tests.conftest import FIXTURES, MINIMAL, build, pdftotext, prepared, write_event

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event

from brochure import catalogue, i18n, kinds
from brochure.model import fold

SOURCE = FIXTURES / "languages" / "event.yaml"
LANGUAGES = ("es", "pt-BR", "fr", "en-US")
FILES = (
    "badges.pdf",
    "brochure-booklet.pdf",
    "brochure.pdf",
    "checkin.csv",
    "concept-note.docx",
    "programme.ics",
    "brochure-large-print.pdf",
    "programme",
    "programme.epub",
    "signs.pdf",
    "time-cards.pdf",
    "timetable.pdf",
    "run-sheets.pdf",
    "tents.pdf",
)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The event's four packs, built once, strictly: a warning would fail it."""
    folder = tmp_path_factory.mktemp("languages") / "output"
    build(SOURCE, folder, strict=True)
    return folder


def flat(text: str) -> str:
    """Text with every run of spaces (CLDR's thin and no-break ones too) as one space."""
    return " ".join(text.split())


def note_text(path: Path) -> str:
    note = docx.Document(str(path))
    section = note.sections[0]
    parts = [p.text for p in note.paragraphs]
    parts += [cell.text for table in note.tables for row in table.rows for cell in row.cells]
    parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def calendar_text(path: Path) -> str:
    """The calendar's words: what its entries say, not RFC 5545's property names."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return "\n".join(
        str(event.get(name, ""))
        for event in calendar.events
        for name in ("SUMMARY", "LOCATION", "DESCRIPTION")
    )


def words(folder: Path) -> dict[str, str]:
    """Every word of a pack, file by file, as a reader (or their software) gets it."""
    kit = ("signs.pdf", "timetable.pdf", "time-cards.pdf")
    found = {
        name: flat(pdftotext(folder / name))
        for name in ("brochure.pdf", "badges.pdf", "brochure-booklet.pdf", "run-sheets.pdf", *kit)
    }
    for name in ("brochure.pdf", "badges.pdf", "run-sheets.pdf", "tents.pdf", *kit):
        found.setdefault(name, "")
        with pikepdf.open(folder / name) as document:
            found[name] += " " + str(document.docinfo.get("/Title", ""))
    found["concept-note.docx"] = flat(note_text(folder / "concept-note.docx"))
    found["checkin.csv"] = (folder / "checkin.csv").read_text(encoding="utf-8-sig")
    found["programme.ics"] = flat(calendar_text(folder / "programme.ics"))
    return found


@pytest.mark.slow
def test_one_folder_per_language_with_the_whole_pack(pack: Path) -> None:
    assert sorted(p.name for p in pack.iterdir()) == sorted([*LANGUAGES, ".brochure-manifest.json"])
    for language in LANGUAGES:
        assert sorted(p.name for p in (pack / language).iterdir()) == sorted(FILES)


#: What each pack prints: fixed words from its catalogue, dates and times from CLDR.
EXPECTED = {
    "es": {
        "brochure.pdf": [
            "ORGANIZAN",
            "Índice",
            "Acerca del taller",
            "Preguntas y temas",
            "Información práctica",
            "Datos abiertos para ciudades que escuchan",
            "14–15 de mayo de 2025",
            "MIÉRCOLES, 14 DE MAYO DE 2025",
            "UTC-3, hora de São Paulo",
            "EN PARALELO",
            "PRESIDENCIA Tomás Ruiz",
            "«Por confirmar»: participación aún no confirmada en firme.",
            "POR CONFIRMAR",
            "São Paulo, SP, Brasil",
        ],
        "badges.pdf": [
            "PONENTE",
            "MODERACIÓN",
            "PRENSA",
            "RELATORÍA",
            "PROGRAMA",
            "14–15 may 2025",
        ],
        "concept-note.docx": [
            "Nota conceptual · Taller 4, Semana Abierta 2025",
            "Fecha: 14–15 de mayo de 2025",
            "Contexto",
            "Formato y programa",
            "Participación",
            "por confirmar",
            "Página",
        ],
        "checkin.csv": ["id,nombre,organización,función", "Ponente"],
        "programme.ics": ["Participantes: Aïcha Diallo", "Bienvenida"],
    },
    "pt-BR": {
        "brochure.pdf": [
            "ORGANIZAÇÃO",
            "Sumário",
            "Sobre a oficina",
            "Programação",
            "Informações práticas",
            "Dados abertos para cidades que escutam",
            "14 – 15 de maio de 2025",
            "QUARTA-FEIRA, 14 DE MAIO DE 2025",
            "UTC-3, horário local: São Paulo",
            "EM PARALELO",
            "“A confirmar”: participação ainda não confirmada em definitivo.",
        ],
        "badges.pdf": ["PALESTRANTE", "MODERAÇÃO", "IMPRENSA", "EQUIPE", "14 – 15 de mai. de 2025"],
        "concept-note.docx": ["Nota conceitual", "Contexto", "Formato e programação", "Página"],
        "checkin.csv": ["id,nome,organização,função"],
        "programme.ics": ["Participantes: Aïcha Diallo", "Boas-vindas"],
    },
    "fr": {
        "brochure.pdf": [
            "ORGANISÉ PAR",
            "Sommaire",
            "À propos de l’atelier",
            "Informations pratiques",
            "Des données ouvertes pour des villes à l’écoute",
            "14–15 mai 2025",
            "MERCREDI 14 MAI 2025",
            "UTC-3, heure locale : São Paulo",
            "EN PARALLÈLE",
            "« À confirmer » : participation pas encore confirmée de manière définitive.",
        ],
        "badges.pdf": ["INTERVENANT", "MODÉRATION", "PRESSE", "ÉQUIPE", "14–15 mai 2025"],
        "concept-note.docx": ["Note conceptuelle", "Date : 14–15 mai 2025", "Contexte", "Page"],
        "checkin.csv": ["id,nom,organisation,rôle"],
        "programme.ics": ["Participants : Aïcha Diallo", "Accueil"],
    },
    "en-US": {
        "brochure.pdf": [
            "ORGANIZED BY",
            "Contents",
            "About the workshop",
            "Program",
            "Organizers",
            "Open Data for Cities That Listen",
            "May 14 – 15, 2025",
            "WEDNESDAY, MAY 14, 2025",
            "9:00 AM – 5:30 PM",
            "São Paulo time, UTC-3",
        ],
        "badges.pdf": ["SPEAKER", "MODERATOR", "ORGANIZER", "PROGRAM", "May 14 – 15, 2025"],
        "concept-note.docx": ["Concept note", "Format and program", "Page"],
        "checkin.csv": ["id,name,organization,role", "Organizer"],
        "programme.ics": ["People: Aïcha Diallo", "Welcome"],
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_pack_prints_its_words_and_dates(pack: Path, language: str) -> None:
    found = words(pack / language)
    for name, expected in EXPECTED[language].items():
        for text in expected:
            assert flat(text) in found[name], f"{language}/{name}: {text!r}"


PLACEHOLDERS = re.compile(r"%\(\w+\)s|\{\w+\}")


def _english_words() -> list[str]:
    """Every fixed word of brochure in English: the catalogues' source text, in pieces
    around its placeholders ("from %(time)s": "from"); not the break words, which are
    never printed."""
    with (i18n.CATALOGUES / "messages.pot").open("rb") as stream:
        template = read_po(stream)
    found = []
    for message in template:
        if message.id == catalogue.BREAK_WORDS:
            continue
        for english in [message.id] if isinstance(message.id, str) else list(message.id):
            for piece in PLACEHOLDERS.split(english):
                piece = piece.strip(" :,")
                if len(piece) >= 3:
                    found.append(piece)
    return sorted(set(found))


#: English words that are also words of the language, in its own catalogue's words
#: (folded): Workshop in German, Programme and Date in French, Wi-Fi in many.
SHARED = {
    "ar": set(),
    "ca": {"festival", "forum", "notes", "participant"},
    "cs": {"festival", "forum", "hackathon", "seminar", "summit", "webinar", "wi-fi", "workshop"},
    "da": {
        *("festival", "forum", "hackathon", "moderator", "organisation", "seminar", "session"),
        *("symposium", "webinar", "wi-fi", "workshop"),
    },
    "de": {
        *("code", "festival", "forum", "hackathon", "minute", "name", "organisation"),
        *("seminar",),
        *("symposium", "webinar", "website", "workshop"),
    },
    "el": {"hackathon", "wi-fi"},
    "es": {"festival", "panel", "wi-fi"},
    "fi": {"hackathon", "symposium"},
    "fr": {
        *("affiliation", "code", "conference", "contact", "date", "details", "festival"),
        *("forum", "hackathon", "minute", "minutes"),
        *("notes", "organisation", "page", "participant", "programme", "questions"),
        *("rapporteur", "role", "session", "symposium", "wi-fi"),
    },
    "he": set(),
    "hi": set(),
    "id": {"festival", "forum", "hackathon", "moderator", "panel", "seminar", "webinar", "wi-fi"},
    "it": {"festival", "forum", "hackathon", "password", "webinar", "wi-fi", "workshop"},
    "ja": {"wi-fi"},
    "ko": set(),
    "nb": {"festival", "forum", "hackathon", "seminar", "symposium", "webinar"},
    "nl": {
        *("code", "contact", "details", "festival", "forum", "hackathon", "lunch", "panel"),
        *("seminar",),
        *("symposium", "webinar", "website", "workshop"),
    },
    "pl": {"forum", "hackathon", "panel", "webinar", "wi-fi"},
    "pt-BR": {"festival", "forum", "hackathon", "webinar", "wi-fi"},
    "pt-PT": {"festival", "forum", "hackathon", "webinar", "wi-fi", "workshop"},
    "ru": {"wi-fi"},
    "sv": {
        *("festival", "forum", "hackathon", "lunch", "moderator", "organisation", "press"),
        *("session", "symposium", "workshop"),
    },
    "sw": {"wi-fi"},
    "tr": {"festival", "forum", "hackathon", "moderator", "panel", "wi-fi"},
    "uk": {"wi-fi"},
    "vi": {"hackathon", "wi-fi"},
    "zh-Hans": set(),
    "zh-Hant": set(),
}
#: Every catalogue but English's own.
TRANSLATED = tuple(
    name.replace("_", "-") for name in i18n.catalogues() if not name.startswith("en")
)


def english_in(text: str, language: str) -> list[str]:
    """brochure's English words found in text (whole words, case and accents aside),
    but those the language shares with English (SHARED)."""
    flat_text = fold(flat(text))
    return [
        english
        for english in _english_words()
        if fold(english) not in SHARED[language]
        and re.search(rf"(?<!\w){re.escape(fold(flat(english)))}(?!\w)", flat_text)
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_words_a_catalogue_shares_with_english_are_listed(language: str) -> None:
    """A translation that is the English word is the language's own word too (German
    Workshop), listed in SHARED; a word copied untranslated into a catalogue is not."""
    name = language.replace("-", "_")
    found = catalogue.read(catalogue.path_of(name))
    texts = [
        PLACEHOLDERS.sub(" ", string)
        for message in found
        if message.id and message.id != catalogue.BREAK_WORDS
        for string in ([message.string] if isinstance(message.string, str) else message.string)
    ]
    shared = {
        fold(english)
        for english in _english_words()
        if re.search(rf"(?<!\w){re.escape(fold(english))}(?!\w)", fold(" | ".join(texts)))
    }
    assert shared == SHARED[language]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["es", "pt-BR", "fr"])
def test_no_english_word_in_a_spanish_portuguese_or_french_pack(pack: Path, language: str) -> None:
    """Not one fixed word of brochure in English anywhere in the pack (PDF text and
    titles, the note, the check-in list, the calendar), but the words the language shares
    with English (fr: Programme, es: provisional), ignoring case and accents."""
    for name, text in words(pack / language).items():
        assert not english_in(text, language), f"{language}/{name}"


@pytest.mark.slow
def test_preflight_checks_each_language_folder(pack: Path) -> None:
    from brochure.preflight import preflight

    checked = {finding.file for finding in preflight(pack)}
    assert {f"{language}/brochure.pdf" for language in LANGUAGES} <= checked
    pages = [f for f in preflight(pack / "fr" / "brochure.pdf") if f.check == "pages"]
    assert pages[0].detail == "8 pages: 2 folded sheets"


# A pack in each catalogue's language -----------------------------------------------------
#: An event whose own text is made-up words, so that no English word of brochure's can be
#: in it, and which has every part a fixed word is printed for: a kind, a series, two
#: days with hours and a zone, a venue with Wi-Fi, contact and access, every role, a
#: provisional speaker, parallel rooms, chairs, a break, kinds of sessions, badges with
#: ids (the check-in list), talks that leave time for questions, a pronunciation, a
#: chaired session without speakers (the run sheets).
NEUTRAL = """
event:
  title: Quorra Vela 2031
  subtitle: Zintar velo quorra
  kind: Workshop
  number: 7
  series: Velo Zintar 2031
  date: 2031-05-14
  end_date: 2031-05-15
  start: 9:00
  end: 17:30
  timezone: Europe/Oslo
  city: Oslo
  country: NO
  language: LANGUAGE
  website: https://example.org/qv
  venue:
    name: Sala Vela
    address: [Vela 12, 0150 Oslo]
    wifi: {network: QV-Net, password: vela2031}
    contact: Zintar Vela
    accessibility: Zintar velo quorra.
summary: Zintar velo quorra.
about: Quorra velo zintar.
questions: ["Velo zintar quorra?"]
sectors: [Zintar, Quorra]
organisers:
  - name: Vela Zintar
    country: NO
people:
  - {name: Ana Lima, role: organiser, organisation: Vela Zintar, country: NO}
  - {name: Ola Berg, role: moderator}
  - {name: Kari Dahl, role: speaker, status: provisional, position: Zintar}
  - {name: Ivo Sala, role: speaker, pronunciation: EE-vo SAH-la}
  - {name: Eli Moe, role: rapporteur}
  - {name: Per Lund, role: staff}
  - {name: Siv Holm, role: press}
  - {name: Tor Vik, role: attendee}
programme:
  - {title: Quorra, start: 9:00, end: 9:30, kind: Keynote, chairs: [ola-berg], people: [kari-dahl]}
  - {title: Vela A, start: 9:30, end: 11:00, room: Sala A, people: [ivo-sala]}
  - {title: Vela B, start: 9:30, end: 11:00, room: Sala B, people: [eli-moe]}
  - {title: Zintar, start: 11:00, end: 11:30, kind: Coffee break}
  - {title: Velo, date: 2031-05-15, start: 9:00, end: 12:00, kind: Round table,
     chairs: [ola-berg], people: [ivo-sala, kari-dahl],
     talks: [{people: ivo-sala, minutes: 60}, {people: kari-dahl, minutes: 60}]}
  - {title: Vela Quorra, date: 2031-05-15, start: 13:00, end: 14:00, chairs: [ola-berg]}
badges:
  qr: id
"""


class _Text(HTMLParser):
    """The words of an HTML page as a reader and a screen reader get them: its text
    (not its style sheet) and its images' alternative text."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("style", "script")
        self.parts += [value or "" for name, value in attrs if name in ("alt", "title")]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def cheap_pack(event: Event, config: BuildConfig) -> dict[str, str]:
    """The words of a pack's outputs that need no page layout, rendered as a build does:
    the brochure's HTML (what WeasyPrint lays out) and its PDF metadata, the run sheets'
    HTML, the tents' document title, the concept note (python-docx), the calendar and the
    check-in list."""
    from brochure.engines import templating
    from brochure.outputs.brochure.render import TEMPLATE, brochure_context
    from brochure.outputs.calendar import render as programme_ics
    from brochure.outputs.checkin import render as checkin
    from brochure.outputs.concept_note import render as concept_note
    from brochure.outputs.run_sheets import context as run_sheets
    from brochure.outputs.run_sheets.render import TEMPLATE as RUN_SHEETS
    from brochure.outputs.tents.render import TITLE
    from brochure.outputs.view import EventView

    page = _Text()
    page.feed(
        templating.render(config.layouts, config.fmt, TEMPLATE, brochure_context(event, config))
    )
    metadata = EventView.of(event, config).metadata
    sheets = run_sheets.run_sheets(event, config)
    sheets_page = _Text()
    sheets_page.feed(
        templating.render(
            config.layouts,
            config.fmt,
            RUN_SHEETS,
            run_sheets.context(sheets, ["regular"] * len(sheets), event, config),
        )
    )
    found = {
        "brochure.html": " ".join(page.parts),
        "brochure metadata": f"{metadata.subject} | {metadata.keywords}",
        "run-sheets.html": " ".join(sheets_page.parts),
        "tents.pdf title": config.fmt.gettext(TITLE),
    }
    with tempfile.TemporaryDirectory() as folder:
        for name, content in (
            *concept_note.render(event, config).items(),
            *programme_ics.render(event, config).items(),
            *checkin.render(event, config).items(),
        ):
            (Path(folder) / name).write_bytes(content)
        note = Path(folder) / "concept-note.docx"
        properties = docx.Document(str(note)).core_properties
        found["concept-note.docx"] = note_text(note) + " | ".join(
            (properties.subject, properties.category, properties.keywords)
        )
        calendar = icalendar.Calendar.from_ical((Path(folder) / "programme.ics").read_bytes())
        categories = [
            entry["CATEGORIES"].cats for entry in calendar.events if "CATEGORIES" in entry
        ]
        found["programme.ics"] = calendar_text(Path(folder) / "programme.ics") + " ".join(
            str(category) for cats in categories for category in cats
        )
        found["checkin.csv"] = (Path(folder) / "checkin.csv").read_text(encoding="utf-8-sig")
    return {name: flat(text) for name, text in found.items()}


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_pack_in_each_catalogues_language_has_no_english_word(
    tmp_path: Path, language: str
) -> None:
    """Not one fixed word of brochure in English in a pack in any catalogue's language:
    the brochure (its HTML, as laid out, and its metadata), the run sheets, the tents'
    title, the concept note, the calendar (categories too: `kind: Coffee break` prints as
    the pack's word) and the check-in list. The event's own text is made-up words; the
    English words looked for are every message's source text, but those the language
    shares with English."""
    ready = prepared(write_event(tmp_path, NEUTRAL.replace("LANGUAGE", language)))
    assert not ready.warnings
    found = cheap_pack(ready.event, ready.config)
    for name, text in found.items():
        assert not english_in(text, language), f"{language}/{name}: {text}"
    # The pack is in its language: its words are there (not left out).
    fmt = i18n.Formatter.for_language(language)
    for word in (fmt.gettext("Programme"), fmt.pgettext(kinds.CONTEXT, "Workshop")):
        assert flat(word) in found["brochure.html"], word


# The Berlin case (issue 25) ---------------------------------------------------------------
BERLIN = FIXTURES / "berlin-de" / "event.yaml"


def test_a_german_english_conference_prints_a_german_pack() -> None:
    """`languages: [de, en]` in Berlin: the German pack has no English fixed word, its
    dates and time zone in German; `kind: Kaffeepause` and `kind: Mittagspause` are
    breaks in both packs, and print in each pack's words (the calendar's categories); the
    event's `kind: Konferenz`, written once, is a Conference in the English pack."""
    from brochure.outputs.view import EventView

    ready = prepared(BERLIN, strict=True)
    german, english = ready.packs
    found = cheap_pack(german.event, german.config)
    for name, text in found.items():
        assert not english_in(text, "de"), f"de/{name}: {text}"
    assert "Ortszeit Berlin, UTC+2" in found["brochure.html"]
    assert "Mittwoch, 15. September 2027" in found["brochure.html"]
    assert "Über die Konferenz" in found["brochure.html"]
    assert "Kaffeepause Gesprächsrunde Mittagspause" in found["programme.ics"]
    for pack, kind in ((german, "Konferenz"), (english, "Conference")):
        view = EventView.of(pack.event, pack.config)
        assert view.kind_line.startswith(kind)
        breaks = [slot.title for day in view.days for slot in day.slots if slot.is_break]
        assert len(breaks) == 2
    assert (
        "Coffee break Round table Lunch"
        in cheap_pack(english.event, english.config)["programme.ics"]
    )


@pytest.mark.slow
def test_the_german_pack_as_printed(tmp_path: Path) -> None:
    """The Berlin case built whole: the German brochure and badges, as pdftotext reads
    them, have no English fixed word."""
    build(BERLIN, tmp_path / "output", strict=True, only=("brochure", "badges"))
    folder = tmp_path / "output" / "de"
    brochure = flat(pdftotext(folder / "brochure.pdf"))
    badges = flat(pdftotext(folder / "badges.pdf"))
    for text in (brochure, badges):
        assert not english_in(text, "de")
    for words in ("KONFERENZ", "Inhalt", "Ortszeit Berlin, UTC+2", "MITTWOCH, 15. SEPTEMBER"):
        assert words in brochure
    assert "VERANSTALTUNGSORT" in brochure.split()  # a label is never hyphenated nor cut
    for words in ("REFERIERENDE", "MODERATION", "PROTOKOLL", "PROGRAMM", "Mi., 15. Sept."):
        assert words in badges
    # Bound on the left: page 2 is a left page, its outer margin (15 mm) on the left.
    for page, left, _ in margins(folder / "brochure.pdf")[1:7]:
        assert abs(left - (15 if page % 2 == 0 else 17)) < 0.6, (page, left)


# Right to left: Hebrew and Arabic ---------------------------------------------------------
HAIFA = FIXTURES / "haifa" / "event.yaml"
#: Poppler's text marks the direction of runs (embeddings); a range's joiner is invisible.
_MARKS = re.compile("[\u2060\u202a-\u202e\u2066-\u2069]")


def margins(pdf: Path) -> list[tuple[int, float, float]]:
    """(page, left, right) for each page with text: the distance in mm from the page's
    left edge to its leftmost word and from its rightmost word to its right edge (the
    page number at the foot aside)."""
    found = []
    for number, page in enumerate(pdftotext(pdf, "-bbox").split("<page ")[1:], 1):
        width, height = (float(v) for v in re.findall(r'(?:width|height)="([\d.]+)"', page)[:2])
        boxes = [
            (float(x0), float(x1))
            for x0, y0, x1 in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', page
            )
            if float(y0) < height - 20 * MM
        ]
        if boxes:
            left = min(x0 for x0, _ in boxes) / MM
            right = (width - max(x1 for _, x1 in boxes)) / MM
            found.append((number, left, right))
    return found


MM = 72 / 25.4


def imposed_order(booklet: Path, brochure: Path) -> list[tuple[int | None, int | None]]:
    """Which brochure page sits on the left and the right half of each booklet side:
    the page whose words (as a multiset: poppler may order right-to-left words of a page
    differently where it is placed) are those of the half."""

    def words_of(pdf: Path) -> list[list[tuple[float, str]]]:
        return [
            [
                (float(x), word)
                for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)<', page)
            ]
            for page in pdftotext(pdf, "-bbox").split("<page ")[1:]
        ]

    pages = {n: sorted(w for _, w in found) for n, found in enumerate(words_of(brochure), 1)}
    with pikepdf.open(booklet) as document:
        middle = float(document.pages[0].mediabox[2]) / 2
    order = []
    for side in words_of(booklet):
        halves = (
            sorted(w for x, w in side if x < middle),
            sorted(w for x, w in side if x >= middle),
        )
        found = [
            [n for n, words in pages.items() if words == half] if half else [] for half in halves
        ]
        assert all(len(matches) <= 1 for matches in found), found
        order.append((found[0][0] if found[0] else None, found[1][0] if found[1] else None))
    return order


def test_a_right_to_left_booklet_is_bound_on_the_right() -> None:
    """Arabic and Hebrew booklets open from the left: the cover is the left half of the
    outer sheet, and every side is the left-bound one mirrored."""
    from brochure.finishing import imposition

    sides = [(s.left, s.right) for s in imposition.saddle_stitch(8, right_to_left=True)]
    assert sides == [(0, 7), (6, 1), (2, 5), (4, 3)]
    left_bound = [(s.left, s.right) for s in imposition.saddle_stitch(8)]
    assert sides == [(right, left) for left, right in left_bound]
    padded = imposition.saddle_stitch(6, right_to_left=True)
    assert [(s.left, s.right) for s in padded][:2] == [(0, None), (None, 1)]


@pytest.fixture(scope="module")
def haifa(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Haifa workshop's Hebrew and Arabic packs, built once, strictly."""
    folder = tmp_path_factory.mktemp("haifa") / "output"
    build(HAIFA, folder, strict=True, only=("brochure", "badges"))
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("language", ["he", "ar"])
def test_a_right_to_left_brochure_mirrors_its_margins_and_its_booklet(
    haifa: Path, language: str
) -> None:
    """Bound on the right: page 1 is a left page (CSS Paged Media, as WeasyPrint lays out
    a right-to-left document), so each page's inner margin (17 mm) is on the binding's
    side: on the right of odd pages, the left of even ones; lines start at the right.
    The booklet puts the cover on the left half of the outer sheet: [1|8] [7|2] [3|6]
    [5|4]."""
    folder = haifa / language
    for page, left, right in margins(folder / "brochure.pdf")[1:7]:
        assert abs(right - (17 if page % 2 else 15)) < 0.6, (page, right)
        assert left > 15 - 0.6, (page, left)
    booklet, brochure = folder / "brochure-booklet.pdf", folder / "brochure.pdf"
    assert imposed_order(booklet, brochure) == [(1, 8), (7, 2), (3, 6), (5, 4)]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["he", "ar"])
def test_time_ranges_read_from_the_right_in_a_right_to_left_pack(
    haifa: Path, language: str
) -> None:
    """In a right-to-left line a range of times reads from the right, start first, as
    the line does (UAX #9: its digits are a run each, the dash between them takes the
    line's direction): poppler, which gives each run of digits in drawing order, reads
    9:30–9:00, the start at the right. Hebrew and Arabic words, no English fixed word;
    the kind written once in Hebrew prints in Arabic in the Arabic pack."""
    folder = haifa / language
    brochure = flat(_MARKS.sub("", pdftotext(folder / "brochure.pdf")))
    badges = flat(_MARKS.sub("", pdftotext(folder / "badges.pdf")))
    for start, end in (("9:00", "9:30"), ("9:30", "11:00"), ("11:00", "11:30"), ("15:30", "16:30")):
        if language == "ar" and start == "15:30":
            start, end = "3:30", "4:30"  # Arabic's 12-hour clock (CLDR), 4:30 م
        assert f"{end}–{start}" in brochure, (start, end)
        assert f"{start}–{end}" not in brochure, (start, end)
    for text in (brochure, badges):
        assert not english_in(text, language)
    kind = {"he": "סדנה 3", "ar": "ورشة عمل 3"}[language]
    assert kind in brochure


@pytest.mark.slow
def test_a_long_label_of_a_language_without_hyphenation_is_never_cut(tmp_path: Path) -> None:
    """Finnish has no hyphenation dictionary (pyphen): the practical details' labels
    column widens to TAPAHTUMAPAIKKA and VERKKOSIVUSTO rather than cut them anywhere."""
    source = write_event(tmp_path / "source", NEUTRAL.replace("LANGUAGE", "fi"))
    build(source, tmp_path / "output", only=("brochure",))
    lines = pdftotext(tmp_path / "output" / "brochure.pdf").splitlines()
    for label in ("TAPAHTUMAPAIKKA", "VERKKOSIVUSTO"):
        assert label in lines, label


@pytest.mark.parametrize(
    ("written", "meaning"),
    [
        ("language: und", "undetermined"),
        ("language: und-PT", "undetermined"),
        ("language: zxx", "no linguistic content"),
        ("language: mul", "multiple languages"),
        ("languages: [mis, en]", "uncoded languages"),
    ],
)
def test_a_code_for_no_language_is_refused_not_printed_as_american_english(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], written: str, meaning: str
) -> None:
    """`und` (which Babel reads as en-US: "Program", 9:30 AM for an event in Portugal)
    and ISO 639's other codes for no language are refused, once, where written."""
    from brochure.cli import main

    text = MINIMAL.replace("  country: NO\n", f"  country: PT\n  {written}\n")
    source = write_event(tmp_path, text)
    assert main(["check", str(source)]) == 1
    lines = capfd.readouterr().err.splitlines()
    field = "event.languages[0]" if "languages" in written else "event.language"
    tag = written.split(": ", 1)[1].strip("[").split(",")[0]
    assert lines == [
        f"{source}:6:{15 if 'languages' in written else 3}: {field}: '{tag}' names no "
        f"language ('{tag[:3]}' is ISO 639's code for {meaning}): write the language the "
        "event's pages are printed in (e.g. en, es, pt-BR)",
        "1 problem",
    ], lines


@pytest.mark.parametrize(
    ("language", "direction"),
    [("he", "rtl"), ("he-Latn", "ltr"), ("ar-Latn", "ltr"), ("az-Arab", "rtl"), ("az", "ltr")],
)
def test_the_script_subtag_decides_the_direction(
    tmp_path: Path, language: str, direction: str
) -> None:
    """Hebrew or Arabic in Latin letters reads left to right; Azerbaijani in Arabic
    letters right to left: the web page's `dir` (and every output's, which share it)
    follows the tag's script when it names one (CLDR likely subtags), else its language."""
    from brochure.cli import main

    text = MINIMAL.replace("  country: NO\n", f"  country: IL\n  language: {language}\n")
    source = write_event(tmp_path / "source", text)
    out = tmp_path / "out"
    assert main(["-q", "build", str(source), "--only", "web", "-o", str(out)]) == 0
    page = next((out / "programme").glob("*.html")).read_text(encoding="utf-8")
    found = re.search(r"<html[^>]*\bdir=\"(\w+)\"", page)
    assert found and found.group(1) == direction, page[:300]


SCRIPT_EVENT = """
event:
  title: {sr-Latn: Otvoreni podaci, az-Arab: آچیق داده‌لر, he-Latn: Shalom Olam}
  kind: Workshop
  date: 2025-03-04
  start: 9:30
  end: 12:30
  timezone: Europe/Belgrade
  city: Beograd
  country: RS
  languages: [sr-Latn, az-Arab, he-Latn]
about: {sr-Latn: Jutro., az-Arab: صبح., he-Latn: Boker tov.}
organisers:
  - name: Lab
"""


@pytest.mark.slow
def test_a_tag_cldr_has_no_data_for_in_its_script_is_printed_in_english(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Findings 03 and 04: az-Arab (CLDR's locale holds only root's placeholders) printed
    "M03 4, Tue 2025" and "RS"; he-Latn printed Hebrew words, dates and "ישראל" in a
    Latin-script edition, silently. Each is printed in English, in its script's direction,
    and a warning says so; sr-Latn keeps CLDR's Serbian in Latin letters."""
    from brochure.cli import main

    source = write_event(tmp_path / "source", SCRIPT_EVENT)
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--only", "brochure"]) == 0
    err = capfd.readouterr().err
    for tag in ("az-Arab", "he-Latn"):
        assert re.search(
            rf"event\.languages\[\d\]: warning: CLDR has no dates or country names for {tag}"
            r" in its script.* are printed in English \(en-GB\)",
            err,
        ), err
    assert "right to left" in err and "for sr-Latn in its script" not in err
    arab = pdftotext(out / "az-Arab" / "brochure.pdf", "-f", "1", "-l", "1")
    assert "Tuesday 4 March 2025" in arab and "Beograd, Serbia" in arab, arab
    assert "M03" not in arab and "RS" not in arab.split()
    latin = pdftotext(out / "he-Latn" / "brochure.pdf", "-l", "2")
    assert "Tuesday 4 March 2025" in latin and "Serbia" in latin and "Contents" in latin
    assert not re.search("[\u0590-\u05ff]", latin), latin
    serbian = pdftotext(out / "sr-Latn" / "brochure.pdf", "-f", "1", "-l", "1")
    assert "utorak, 4. mart 2025." in serbian and "Srbija" in serbian
    assert pikepdf.open(out / "az-Arab" / "brochure.pdf").Root.Lang == "az-Arab"
