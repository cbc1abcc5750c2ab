"""A pack per language, from one event file written in four (tests/fixtures/languages):
each pack's fixed words from its catalogue, its dates from CLDR, its own text; no English
word in the Spanish, Portuguese or French packs."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import icalendar
import pikepdf
import pytest
from babel.messages.pofile import read_po
from tests.conftest import FIXTURES, build, pdftotext

from brochure import i18n
from brochure.model import fold

pytestmark = pytest.mark.slow

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
    found = {
        name: flat(pdftotext(folder / name))
        for name in ("brochure.pdf", "badges.pdf", "brochure-booklet.pdf")
    }
    for name in ("brochure.pdf", "badges.pdf"):
        with pikepdf.open(folder / name) as document:
            found[name] += " " + str(document.docinfo.get("/Title", ""))
    found["concept-note.docx"] = flat(note_text(folder / "concept-note.docx"))
    found["checkin.csv"] = (folder / "checkin.csv").read_text(encoding="utf-8-sig")
    found["programme.ics"] = flat(calendar_text(folder / "programme.ics"))
    return found


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_pack_prints_its_words_and_dates(pack: Path, language: str) -> None:
    found = words(pack / language)
    for name, expected in EXPECTED[language].items():
        for text in expected:
            assert flat(text) in found[name], f"{language}/{name}: {text!r}"


def _english_words() -> list[str]:
    """Every fixed word of brochure in English: the catalogues' source text, in pieces
    around its placeholders ("from %(time)s": "from")."""
    with (i18n.CATALOGUES / "messages.pot").open("rb") as stream:
        template = read_po(stream)
    found = []
    for message in template:
        for english in [message.id] if isinstance(message.id, str) else list(message.id):
            for piece in re.split(r"%\(\w+\)s|\{\w+\}", english):
                piece = piece.strip(" :,")
                if len(piece) >= 3:
                    found.append(piece)
    return sorted(set(found))


#: English words that are also words of the language, in its own catalogue's words.
SHARED = {
    "es": {"Wi-Fi", "festival", "panel", "provisional"},
    "pt-BR": {"Wi-Fi", "festival", "hackathon", "webinar"},
    "fr": {
        "Wi-Fi",
        "Affiliation",
        "Contact",
        "Date",
        "Notes",
        "Page",
        "Participant",
        "Programme",
        "Questions",
        "Rapporteur",
        "Session",
        "conference",
        "festival",
        "forum",
        "hackathon",
        "organisation",
        "role",
        "symposium",
    },
}


@pytest.mark.parametrize("language", ["es", "pt-BR", "fr"])
def test_no_english_word_in_a_spanish_portuguese_or_french_pack(pack: Path, language: str) -> None:
    """Not one fixed word of brochure in English anywhere in the pack (PDF text and
    titles, the note, the check-in list, the calendar), but the words the language shares
    with English (fr: Programme, es: provisional), ignoring case and accents."""
    found = words(pack / language)
    shared = {fold(word) for word in SHARED[language]}
    for english in _english_words():
        if fold(english) in shared:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(flat(english))}(?!\w)", re.IGNORECASE)
        for name, text in found.items():
            assert not pattern.search(text), f"{language}/{name}: English {english!r}"


def test_preflight_checks_each_language_folder(pack: Path) -> None:
    from brochure.preflight import preflight

    checked = {finding.file for finding in preflight(pack)}
    assert {f"{language}/brochure.pdf" for language in LANGUAGES} <= checked
    pages = [f for f in preflight(pack / "fr" / "brochure.pdf") if f.check == "pages"]
    assert pages[0].detail == "8 pages: 2 folded sheets"
