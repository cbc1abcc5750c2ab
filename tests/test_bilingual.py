"""Bilingual editions (issue 25): `brochure: {bilingual: [fr, en]}` or `--bilingual fr,en`
prints the event in two of its languages at once, in a pack of its own (`output/fr+en/`):
the brochure with every heading and fixed word in both, texts side by side where the page
is wide enough, names once, dates in both; the badges' roles in both; the concept note as
a two-column table. The tagged PDF says each text's language (/Lang per structure
element), in every brochure.

The seed (IGF 2016 workshop 187) and the summit fixture are made bilingual here, French
and British English, with French texts for what the organiser would translate (the
seed's words translated, nothing added); each is built once and read as readers'
software reads it: poppler's words and boxes (pdftotext -bbox), the structure tree
walked with pikepdf and each marked text read by pypdf, the DOCX reopened by python-docx
and laid out by LibreOffice."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pypdf
import pytest
from tests.conftest import (
    FIXTURES,
    SEED_SOURCE,
    build,
    libreoffice_pdf,
    pdffonts,
    pdftotext,
    prepared,
    shared,
    write_event,
)

from brochure.errors import InputError, UsageError

MM = 72 / 25.4
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The seed's words in French: its title, concept, questions, sectors and its one item.
SEED_FR = {
    "title": "Villes intelligentes et mégadonnées\u202f: des possibilités sans limites\u202f?",
    "about": [
        "Les villes intelligentes reposent sur l’idée de mettre en place des systèmes "
        "interconnectés pour rendre l’environnement urbain plus optimal, efficace, sûr et "
        "durable. Leur but ultime serait de profiter aux citoyens et à la société dans son "
        "ensemble. Les secteurs qui reçoivent habituellement une injection de technologie "
        "sont la santé, la circulation, les transports publics, la sécurité, les "
        "infrastructures d’eau et d’électricité, la gestion des déchets, etc. Il faut pour "
        "cela des données sur les citoyens urbains – des masses de données. Ces données "
        "sont systématiquement collectées, stockées, analysées et traitées au moyen de "
        "logiciels choisis. Avec l’Internet des objets, il ne s’agit plus seulement des "
        "appareils de communication, mais aussi de l’électroménager, des voitures "
        "intelligentes et d’autres types de capteurs. Cela suppose aussi d’investir "
        "d’énormes sommes d’argent public, et une forte participation du secteur privé, "
        "sur lequel les gouvernements comptent pour la mise en œuvre, et qui monétise le "
        "développement des technologies et la collecte de mégadonnées pour créer des "
        "villes intelligentes. La grande quantité de données accumulées sur de longues "
        "périodes soulève des questions sur l’analyse des coûts, des bénéfices et des "
        "risques, et sur les conséquences pour l’exercice des droits humains.",
        "Les arguments en faveur des mégadonnées sont faciles à accepter, mais leur effet "
        "réel reste obscur et doit encore être démontré. D’où viennent les jeux de "
        "données\u202f? Comment les personnes donnent-elles leur consentement, alors que "
        "l’infrastructure de la ville intelligente ne le demande pas\u202f? Quelle est la "
        "portée des mégadonnées en matière de transparence, de vie privée, de sécurité, "
        "de responsabilité et même d’éducation publique\u202f? Ces questions, et bien "
        "d’autres, sont essentielles pour que des sociétés de plus en plus connectées "
        "veillent à ce que l’innovation ne se fasse pas au prix de nos droits humains.",
    ],
    "questions": [
        "D’où viennent les jeux de données\u202f?",
        "Comment les personnes donnent-elles leur consentement, alors que l’infrastructure "
        "de la ville intelligente ne le demande pas\u202f?",
        "Quelle est la portée des mégadonnées en matière de transparence, de vie privée, de "
        "sécurité, de responsabilité et même d’éducation publique\u202f?",
    ],
    "sectors": [
        "Santé",
        "Circulation",
        "Transports publics",
        "Sécurité",
        "Infrastructures d’eau et d’électricité",
        "Gestion des déchets",
    ],
    "Opening": "Ouverture",
}

# The summit's words in French (its English ones are the fixture's).
SUMMIT_FR = {
    "title": "Sommet Civic Tech 2026",
    "subtitle": "Deux jours d’outils que villes et habitants construisent ensemble",
    "summary": "Deux jours pour les agents municipaux, les technologues civiques et les "
    "associations d’habitants, autour des outils qu’ils construisent ensemble\u202f: "
    "budgets ouverts, capteurs dans l’espace public, standards de données.",
    "about": [
        "Villes et habitants construisent de plus en plus leurs outils ensemble. Cette "
        "conférence d’essai est écrite comme l’écrivent les organisateurs\u202f: trois "
        "salles, des sessions en parallèle, des présidences et des intervenants, et des "
        "participants tout droit sortis d’un export d’inscriptions.",
        "Un second paragraphe, pour montrer les paragraphes comme des paragraphes.",
    ],
    "Registration and coffee": "Accueil et café",
    "Opening": "Ouverture",
    "Coffee": "Pause café",
    "Lunch": "Déjeuner",
    "Open budgets in practice": "Les budgets ouverts en pratique",
    "Sensors in public space": "Des capteurs dans l’espace public",
    "Night walk through the old town": "Promenade nocturne dans la vieille ville",
    "How three cities publish their budgets, and who reads them.": (
        "Comment trois villes publient leur budget, et qui le lit."
    ),
    "What street furniture measures, and how residents can find out.": (
        "Ce que mesure le mobilier urbain, et comment les habitants peuvent le savoir."
    ),
    "Meet at the registration desk; the walk ends at the main square.": (
        "Rendez-vous à l’accueil\u202f; la promenade se termine sur la grand-place."
    ),
}


def _quoted(text: str) -> str:
    """text as a YAML double-quoted scalar (narrow no-break spaces written out)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\u202f", "\\u202F")
    return f'"{escaped}"'


def _by_language(french: str, english: str) -> str:
    return f"{{fr: {_quoted(french)}, en: {_quoted(english)}}}"


def _bilingual_seed(folder: Path) -> Path:
    """The seed in French and British English, its bilingual edition asked for."""
    source = folder / "source"
    shutil.copytree(SEED_SOURCE, source)
    path = source / "event.yaml"
    text = path.read_text(encoding="utf-8")
    title = '"Smart Cities and Big Data: Boundless Opportunities?"'
    text = text.replace(
        f"  title: {title}", f"  title: {_by_language(SEED_FR['title'], title[1:-1])}"
    )
    text = re.sub(r"  language: en-GB[^\n]*", "  languages: [fr, en-GB]", text)
    about = re.search(r"^about: \|\n((?:  .*\n|\n)+?)(?=\S)", text, re.M)
    assert about is not None
    english = about.group(1)
    french = "\n\n".join("    " + paragraph for paragraph in SEED_FR["about"])
    text = text.replace(
        about.group(0),
        "about:\n  fr: |\n"
        + french
        + "\n  en: |\n"
        + "".join(f"  {line}" if line.strip() else line for line in english.splitlines(True)),
    )
    questions = re.search(r"^questions:\n((?:  .*\n)+)", text, re.M)
    assert questions is not None
    listed = "\n".join(f"    - {_quoted(q)}" for q in SEED_FR["questions"])
    english_questions = "".join(f"  {line}" for line in questions.group(1).splitlines(True))
    text = text.replace(
        questions.group(0), f"questions:\n  fr:\n{listed}\n  en:\n{english_questions}"
    )
    sectors = re.search(r"^sectors:\n((?:  .*\n)+)", text, re.M)
    assert sectors is not None
    listed = "\n".join(f"    - {_quoted(s)}" for s in SEED_FR["sectors"])
    english_sectors = "".join(f"  {line}" for line in sectors.group(1).splitlines(True))
    text = text.replace(sectors.group(0), f"sectors:\n  fr:\n{listed}\n  en:\n{english_sectors}")
    text = text.replace(
        "  - title: Opening\n", f"  - title: {_by_language('Ouverture', 'Opening')}\n"
    )
    # The series' theme is its official English name: written in English only, the
    # French pack prints it in English (and says so).
    theme = "Enabling Inclusive and Sustainable Growth"
    assert f"  theme: {theme}\n" in text
    text = text.replace(f"  theme: {theme}\n", f"  theme: {{en: {theme}}}\n")
    text += "\nbrochure:\n  bilingual: [fr, en]\n"
    path.write_text(text, encoding="utf-8")
    return path


def _bilingual_summit(folder: Path) -> Path:
    """The summit fixture in French and British English, its bilingual edition asked for."""
    source = folder / "source"
    shutil.copytree(FIXTURES / "summit", source)
    path = source / "event.yaml"
    text = path.read_text(encoding="utf-8")
    for key in ("title", "subtitle"):
        text = re.sub(
            rf"^  {key}: (.*)$",
            lambda m, key=key: f"  {key}: {_by_language(SUMMIT_FR[key], m.group(1))}",
            text,
            count=1,
            flags=re.M,
        )
    text = text.replace("  language: en-GB", "  languages: [fr, en-GB]")
    summary = re.search(r"^summary: >-\n((?:  .*\n)+)", text, re.M)
    assert summary is not None
    english = " ".join(line.strip() for line in summary.group(1).splitlines())
    text = text.replace(
        summary.group(0), f"summary: {_by_language(SUMMIT_FR['summary'], english)}\n"
    )
    about = re.search(r"^about: \|\n((?:  .*\n|\n)+?)(?=\S)", text, re.M)
    assert about is not None
    french = "\n\n".join("    " + paragraph for paragraph in SUMMIT_FR["about"])
    english_about = "".join(
        f"  {line}" if line.strip() else line for line in about.group(1).splitlines(True)
    )
    text = text.replace(about.group(0), f"about:\n  fr: |\n{french}\n  en: |\n{english_about}")
    for english_words, french_words in SUMMIT_FR.items():
        if english_words in ("title", "subtitle", "summary", "about"):
            continue
        for field in ("title", "description"):
            text = text.replace(
                f"{field}: {english_words}", f"{field}: {_by_language(french_words, english_words)}"
            )
    text += "\nbrochure:\n  bilingual: [fr, en]\n"
    path.write_text(text, encoding="utf-8")
    return path


def _made(maker: Any, **options: Any) -> Any:
    def make(folder: Path) -> None:
        build(maker(folder), folder / "output", **options)

    return make


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual seed's output folder, built once for the run: the outputs its tests
    read (the summit's pack is whole, to show which outputs have no edition)."""
    make = _made(_bilingual_seed, only=("brochure", "badges", "concept-note"))
    return shared(tmp_path_factory, "bilingual-seed", make) / "output"


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual summit's output folder, built once for the run."""
    return shared(tmp_path_factory, "bilingual-summit", _made(_bilingual_summit)) / "output"


# Settling ---------------------------------------------------------------------------

MONTREAL = FIXTURES / "montreal" / "source" / "event.yaml"


def test_the_pair_is_settled_as_the_events_languages_write_them() -> None:
    """`fr` and `en` name the event's fr-CA and en-CA (as text written by language is
    read); the edition is a pack of its own, in a folder named by both."""
    found = prepared(MONTREAL, bilingual="fr,en", only=("brochure",))
    edition = found.packs[-1]
    assert [pack.language for pack in found.packs] == ["fr-CA", "en-CA", "fr-CA+en-CA"]
    assert edition.config.bilingual is not None
    assert edition.config.bilingual.languages == ("fr-CA", "en-CA")
    assert edition.config.pack_file("brochure.pdf") == "fr-CA+en-CA/brochure.pdf"
    assert edition.event.event.title.startswith("Villes intelligentes")
    assert edition.config.bilingual.second.event.title.startswith("Smart Cities")


def test_no_edition_unless_asked() -> None:
    assert [pack.language for pack in prepared(MONTREAL, only=("brochure",)).packs] == [
        "fr-CA",
        "en-CA",
    ]


def test_a_language_the_event_is_not_printed_in_is_a_located_error(tmp_path: Path) -> None:
    text = MONTREAL.read_text(encoding="utf-8") + "\nbrochure:\n  bilingual: [fr, de]\n"
    path = write_event(tmp_path / "source", text)
    with pytest.raises(InputError) as raised:
        prepared(path, only=("brochure",))
    said = str(raised.value)
    line = text.count("\n", 0, text.index("bilingual: [fr, de]")) + 1
    assert f"event.yaml:{line}:" in said and "brochure.bilingual[1]" in said, said
    assert "de is not one of the event's languages (fr-CA, en-CA)" in said, said


def test_the_flags_language_not_of_the_event_is_located_at_its_languages() -> None:
    with pytest.raises(InputError) as raised:
        prepared(MONTREAL, bilingual="fr,es", only=("brochure",))
    said = str(raised.value)
    assert "event.languages: --bilingual fr,es: es is not one of the event's languages" in said


def test_a_one_language_event_has_no_bilingual_edition() -> None:
    with pytest.raises(InputError) as raised:
        prepared(SEED_SOURCE / "event.yaml", bilingual="fr,en", only=("brochure",))
    assert "event.language: --bilingual fr,en: fr is not one of the event's languages" in str(
        raised.value
    )


@pytest.mark.parametrize(
    ("written", "flag", "advice"),
    [
        ("[fr, de]", None, "fr-CA, en-CA, de"),
        ("[de, fr]", None, "fr-CA, en-CA, de"),
        (None, "es,it", "fr-CA, en-CA, es, it"),
        (None, "en,de", "fr-CA, en-CA, de"),
    ],
)
def test_the_advice_keeps_the_events_languages(
    written: str | None,
    flag: str | None,
    advice: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A language the event is not printed in is added to the event's languages, in the
    advice, after them: writing it as said drops none (was: `languages: [fr, en]`)."""
    from brochure.cli import main

    text = MONTREAL.read_text(encoding="utf-8")
    if written is not None:
        text += f"\nbrochure:\n  bilingual: {written}\n"
    path = write_event(tmp_path / "source", text)
    assert main(["check", str(path), "-q", *(["--bilingual", flag] if flag else [])]) == 1
    said = capsys.readouterr().err
    assert f"write both in event.languages (languages: [{advice}])" in said, said
    assert "languages: [fr, en]" not in said


@pytest.mark.parametrize("given", ["fr", "fr,en,es", "fr,fr", "fr,xx-?"])
def test_a_flag_that_is_not_two_languages_is_misuse(given: str) -> None:
    with pytest.raises(UsageError, match="--bilingual"):
        prepared(MONTREAL, bilingual=given, only=("brochure",))


def test_misuse_of_the_flag_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from brochure.cli import main

    assert main(["check", str(MONTREAL), "--bilingual", "fr"]) == 2
    assert "--bilingual: 'fr' is not two languages" in capsys.readouterr().err


def test_the_same_language_twice_in_the_file_is_refused(tmp_path: Path) -> None:
    text = MONTREAL.read_text(encoding="utf-8") + "\nbrochure:\n  bilingual: [fr, fr]\n"
    path = write_event(tmp_path / "source", text)
    with pytest.raises(InputError, match=r"brochure\.bilingual: names fr twice"):
        prepared(path, only=("brochure",))


def test_a_text_not_written_in_the_packs_language_carries_its_own(tmp_path: Path) -> None:
    """A text the pack's language lacks is printed in another, marked with it: its HTML
    span says that language (and so, in the PDF, its structure element's /Lang)."""
    from brochure.engines import templating
    from brochure.outputs.brochure.render import TEMPLATE, brochure_context

    path = write_event(
        tmp_path / "source",
        """
        event:
          title: {es: Datos abiertos, en: Open data}
          subtitle: {en: 'A "workshop", said in English only'}
          date: 2025-03-04
          city: Oslo
          country: NO
          languages: [es, en]
        about: {es: Un taller., en: A workshop.}
        organisers:
          - name: Someone
        """,
    )
    found = prepared(path, only=("brochure",))
    spanish = found.packs[0]
    html = templating.render(
        spanish.config.layouts,
        spanish.config.fmt,
        TEMPLATE,
        brochure_context(spanish.event, spanish.config),
    )
    # In English, with English quotation marks (Spanish would print «workshop»).
    assert '<span lang="en-GB" dir="ltr">A “workshop”, said in English only</span>' in html
    assert '<span lang="en-GB">Datos abiertos' not in html


# The bilingual brochure, as poppler reads it ------------------------------------------


@dataclass(frozen=True)
class Word:
    page: int
    x: float
    y: float
    text: str
    right: float = 0.0
    """The box's right edge, mm."""
    bottom: float = 0.0
    """The box's bottom edge, mm."""


def words(pdf: Path) -> list[Word]:
    """Every word poppler finds, with its page (from 1) and its box's top left, mm."""
    html = pdftotext(pdf, "-bbox")
    found = []
    page = 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"[^>]*>([^<]*)</word>',
            line,
        )
        if match:
            x, y, right, bottom, text = match.groups()
            found.append(
                Word(
                    page,
                    float(x) / MM,
                    float(y) / MM,
                    _unescaped(text),
                    float(right) / MM,
                    float(bottom) / MM,
                )
            )
    return found


def _unescaped(text: str) -> str:
    return (
        text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
    )


def phrase(found: list[Word], text: str, page: int | None = None) -> list[Word]:
    """The first word of each place text is printed whole (its words one after another)."""
    wanted = text.split()
    places = []
    for n in range(len(found) - len(wanted) + 1):
        run = found[n : n + len(wanted)]
        if [w.text for w in run] == wanted and (page is None or run[0].page == page):
            places.append(run[0])
    return places


def one(found: list[Word], text: str, page: int | None = None) -> Word:
    places = phrase(found, text, page)
    assert places, f"{text!r} is not printed" + (f" on page {page}" if page else "")
    return places[0]


HEADINGS = {
    # first language's, second's
    "Sommaire": "Contents",
    "Programme": "Programme",
    "Participants": "People",
    "Organisateurs": "Organisers",
    "Informations pratiques": "Practical details",
    "Questions et thèmes": "Questions and topics",
}


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["seed", "summit"])
def test_each_heading_in_both_languages_the_second_under_the_first(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    pdf = request.getfixturevalue(fixture) / "fr+en-GB" / "brochure.pdf"
    found = words(pdf)
    about = {"seed": ("À propos de l’atelier", "About the workshop")}.get(
        fixture, ("À propos de la conférence", "About the conference")
    )
    for first, second in (*HEADINGS.items(), about):
        headings = phrase(found, first)
        assert headings, first
        if first == second:
            # Written alike in both languages: printed once.
            assert all(not phrase(found, f"{first} {second}", w.page) for w in headings)
            continue
        under = [
            (heading, w)
            for heading in headings
            for w in phrase(found, second, heading.page)
            if 3 < w.y - heading.y < 12 and abs(w.x - heading.x) < 1
        ]
        assert under, (first, second, headings, phrase(found, second))


@pytest.mark.slow
def test_fixed_words_and_dates_in_both_and_names_once(seed: Path) -> None:
    pdf = seed / "fr+en-GB" / "brochure.pdf"
    text = " ".join(pdftotext(pdf).split())
    for first, second in (
        ("ORGANISÉ PAR", "ORGANISED BY"),
        ("QUAND", "WHEN"),
        ("jeudi 8 décembre 2016", "Thursday 8 December 2016"),
        ("QUESTIONS POSÉES", "QUESTIONS WE ASK"),
        ("Ouverture", "Opening"),
        ("Santé", "Health"),
    ):
        assert first in text and second in text, (first, second)
    # Names once: as often as the French brochure prints them, not twice as often.
    french = " ".join(pdftotext(seed / "fr" / "brochure.pdf").split())
    for name in ("Amber Sinha", "Alexandrine Pirlot de Corbion", "Niels ten Oever"):
        assert text.count(name) == french.count(name) >= 1, name
    # A text written in English only, once, as in the French brochure.
    theme = "Enabling Inclusive and Sustainable Growth"
    assert text.count(theme) == french.count(theme) >= 1


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["seed", "summit"])
def test_texts_written_by_language_side_by_side_where_the_page_is_wide_enough(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    """The concept: each French paragraph faces its English one, a column each, the
    first language's where lines start (A5 for the summit, half-letter for the seed:
    both hold the columns' 35 characters a line, measured)."""
    found = words(request.getfixturevalue(fixture) / "fr+en-GB" / "brochure.pdf")
    pairs = {
        "seed": [
            ("Les villes intelligentes", "Smart cities are"),
            ("Les arguments en", "Arguments for the"),
        ],
        "summit": [
            ("Villes et habitants", "Cities and residents"),
            ("Un second", "A second"),
        ],
    }[fixture]
    for french, english in pairs:
        left, right = one(found, french), one(found, english)
        assert left.page == right.page, (french, english)
        assert abs(left.y - right.y) < 1.5, (french, english, left, right)
        assert right.x - left.x > 40, (french, english, left, right)
        # Ragged right, never hyphenated (poppler shows a hyphenation's hyphen as U+2010).
        assert not [w for w in found if w.page == left.page and w.text.endswith("\u2010")]


@pytest.mark.slow
def test_texts_one_after_the_other_where_not(summit: Path) -> None:
    """A programme item's description stands in the column beside the times, too narrow
    for two: the English follows the French, each the column's width."""
    found = words(summit / "fr+en-GB" / "brochure.pdf")
    french = one(found, "Rendez-vous à l’accueil")
    english = one(found, "Meet at the registration desk;")
    assert english.page == french.page
    assert english.y > french.y + 3
    assert abs(english.x - french.x) < 1


@pytest.mark.slow
def test_a_programme_slot_says_its_time_and_title_in_both(summit: Path) -> None:
    found = words(summit / "fr+en-GB" / "brochure.pdf")
    french = one(found, "Les budgets ouverts en pratique")
    english = one(found, "Open budgets in practice", french.page)
    assert english.y > french.y and abs(english.x - french.x) < 1
    # One name chairs it, printed once; its mark of a provisional speaker in both.
    text = " ".join(pdftotext(summit / "fr+en-GB" / "brochure.pdf").split())
    assert "Grace Mwangi (à confirmer / provisional)" in text
    # Its time as each language writes it: French with spaces round the dash.
    assert "11:00 – 12:30" in text and "11:00–12:30" in text


# Each text's language, as the structure tree says it -----------------------------------


def marked_texts(pdf: Path) -> list[tuple[str, str]]:
    """Each marked text of the PDF with the language its structure element says (/Lang,
    inherited from its ancestors, else the catalogue's): the structure tree walked with
    pikepdf, each marked-content sequence's text read by pypdf."""
    texts: dict[tuple[int, int], str] = defaultdict(str)
    for number, page in enumerate(pypdf.PdfReader(pdf).pages):
        _read_marked(page, number, texts)
    found: list[tuple[str, str]] = []
    with pikepdf.open(pdf) as document:
        pages = {page.objgen: n for n, page in enumerate(document.pages)}

        def visit(element: Any, lang: str, page: int) -> None:
            if not isinstance(element, pikepdf.Dictionary):
                return
            lang = str(element.get("/Lang", lang))
            if "/Pg" in element:
                page = pages.get(element.Pg.objgen, page)
            kids = element.get("/K")
            if kids is None:
                return
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    found.append((lang, texts.get((page, kid), "")))
                elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                    kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                    found.append((lang, texts.get((kid_page, int(kid.MCID)), "")))
                else:
                    visit(kid, lang, page)

        root = document.Root.StructTreeRoot.K
        for element in root if isinstance(root, pikepdf.Array) else [root]:
            visit(element, str(document.Root.get("/Lang", "")), 0)
    return [(lang, " ".join(text.split())) for lang, text in found if text.strip()]


def _read_marked(page: Any, number: int, texts: dict[tuple[int, int], str]) -> None:
    """The text of each marked-content sequence of a page, by (page, MCID), as pypdf
    extracts it (the innermost sequence with an MCID holds it)."""
    stack: list[int | None] = []

    def before(operator: bytes, operands: Any, *_: Any) -> None:
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else {}
            mcid = properties.get("/MCID") if hasattr(properties, "get") else None
            stack.append(int(mcid) if mcid is not None else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(said: str, *_: Any) -> None:
        mcid = next((m for m in reversed(stack) if m is not None), None)
        if mcid is not None:
            texts[(number, mcid)] += said

    page.extract_text(visitor_operand_before=before, visitor_text=text)


def language_of(marked: list[tuple[str, str]], text: str) -> set[str]:
    """The languages text is marked with: found in a run of marked texts of one language
    in reading order (a line holds several when a word of it is an inline element of its
    own, a name kept whole)."""
    runs: list[tuple[str, str]] = []
    for lang, said in marked:
        if runs and runs[-1][0] == lang:
            runs[-1] = (lang, f"{runs[-1][1]} {said}")
        else:
            runs.append((lang, said))
    return {lang for lang, said in runs if text in said}


@pytest.mark.slow
def test_the_structure_tree_tags_each_texts_language(seed: Path) -> None:
    marked = marked_texts(seed / "fr+en-GB" / "brochure.pdf")
    assert language_of(marked, "Sommaire") == {"fr"}
    assert language_of(marked, "Contents") == {"en-GB"}
    assert language_of(marked, "Informations pratiques") == {"fr"}
    assert language_of(marked, "Practical details") == {"en-GB"}
    assert language_of(marked, "Les villes intelligentes") == {"fr"}
    assert language_of(marked, "Smart cities are the") == {"en-GB"}
    assert language_of(marked, "Thursday 8 December 2016") == {"en-GB"}
    assert language_of(marked, "jeudi 8 décembre 2016") == {"fr"}
    # Written in English only (the theme), printed once: English, in a French page.
    assert language_of(marked, "Enabling Inclusive and Sustainable Growth") == {"en-GB"}


@pytest.mark.slow
def test_every_brochure_tags_a_text_in_another_language(seed: Path, summit: Path) -> None:
    """Not only bilingual editions: the French pack prints what is written in English
    only as English, and a name in Han characters in its own language."""
    french = marked_texts(seed / "fr" / "brochure.pdf")
    assert language_of(french, "Enabling Inclusive and Sustainable Growth") == {"en-GB"}
    assert language_of(french, "Les villes intelligentes") == {"fr"}
    english = marked_texts(summit / "en-GB" / "brochure.pdf")
    assert any(lang.startswith("zh") for lang in language_of(english, "王秀英")), english


# Badges and the concept note ------------------------------------------------------------


@pytest.mark.slow
def test_badges_say_the_role_in_both_languages(seed: Path) -> None:
    found = words(seed / "fr+en-GB" / "badges.pdf")
    for first, second in (("INTERVENANT", "SPEAKER"), ("ORGANISATION", "ORGANISER")):
        for word in phrase(found, first):
            under = [
                w
                for w in found
                if w.page == word.page and w.text == second and 0 < w.y - word.y < 6
            ]
            assert under, (first, word)
    # Packs in one language print one word; the second is set in italics.
    assert not phrase(words(seed / "fr" / "badges.pdf"), "SPEAKER")
    fonts = [f["name"] for f in pdffonts(seed / "fr+en-GB" / "badges.pdf")]
    assert any("Italic" in name for name in fonts)
    assert not [f for f in pdffonts(seed / "fr" / "badges.pdf") if "Italic" in f["name"]]


@pytest.mark.slow
def test_outputs_without_an_edition_are_not_in_it(summit: Path) -> None:
    edition = summit / "fr+en-GB"
    assert sorted(p.name for p in edition.iterdir()) == [
        "badges.pdf",
        "brochure-booklet.pdf",
        "brochure.pdf",
        "concept-note.docx",
    ]
    assert (summit / "fr" / "programme.ics").is_file() and (summit / "fr" / "checkin.csv").is_file()


def _rows(document: Any) -> list[tuple[str, str]]:
    table = document.tables[0]
    return [(row.cells[0].text, row.cells[1].text) for row in table.rows]


@pytest.mark.slow
def test_the_concept_note_is_a_two_column_table(seed: Path, tmp_path: Path) -> None:
    note = seed / "fr+en-GB" / "concept-note.docx"
    document = docx.Document(str(note))
    rows = _rows(document)
    assert rows[0] == ("Français", "English")
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("Villes intelligentes") and "/ Smart Cities and Big Data" in header
    assert ("Contexte", "Background") in rows
    assert any(
        a.startswith("Les villes intelligentes") and b.startswith("Smart cities") for a, b in rows
    )
    assert any(a.startswith("1. D’où viennent") and b.startswith("1. Where do") for a, b in rows)
    # The second column's runs are English to Word (w:lang), the first column's French
    # (the document's, from its styles).
    body = ET.fromstring(zipfile_text(note, "word/document.xml"))
    table = body.find(f".//{W}tbl")
    assert table is not None
    # Its header row (the languages) repeats on every page.
    assert table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    for row in table.findall(f"{W}tr")[1:]:
        cells = row.findall(f"{W}tc")
        if len(cells) != 2:
            continue  # a text written in one language only: once, across both
        languages = {lang.get(f"{W}val") for lang in cells[1].iter(f"{W}lang")}
        assert languages == {"en-GB"}, languages
    # LibreOffice lays it out as two columns: English beside French.
    pdf = libreoffice_pdf(note, tmp_path)
    found = words(pdf)
    french, english = one(found, "Contexte"), one(found, "Background")
    assert french.page == english.page and abs(french.y - english.y) < 1.5
    assert english.x - french.x > 60
    pages = max(w.page for w in found)
    assert phrase(found, f"Page 1 sur {pages}") and phrase(found, f"Page 1 of {pages}")


def zipfile_text(path: Path, member: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode("utf-8")


# Right to left ---------------------------------------------------------------------------


def _hebrew_english(folder: Path) -> Path:
    """The Haifa fixture (Hebrew, Arabic) with an English title, summary and concept,
    its bilingual edition in Hebrew and English."""
    source = folder / "source"
    source.mkdir(parents=True)
    text = (FIXTURES / "haifa" / "event.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    ar: بيانات مفتوحة لمدينة مشتركة\n",
        "    ar: بيانات مفتوحة لمدينة مشتركة\n    en: Open data for a shared city\n",
        1,
    )
    text = text.replace(
        "  ar: يقوم السكان وموظفو البلدية معًا بنشر بيانات حيّهم.\n",
        "  ar: يقوم السكان وموظفو البلدية معًا بنشر بيانات حيّهم.\n"
        "  en: Residents and city staff publish their neighbourhood's data together.\n",
        1,
    )
    text = text.replace(
        "    في هذه الورشة ننشرها مع من يسكنونه، بالعبرية والعربية.\n",
        "    في هذه الورشة ننشرها مع من يسكنونه، بالعبرية والعربية.\n  en: |\n"
        "    Every neighbourhood makes data: bus lines, roadworks, trees and noise.\n\n"
        "    In this workshop we publish them with the people who live there.\n",
        1,
    )
    text = text.replace("  languages: [he, ar]", "  languages: [he, ar, en]")
    text += "\nbrochure:\n  bilingual: [he, en]\n"
    (source / "event.yaml").write_text(text, encoding="utf-8")
    return source / "event.yaml"


@pytest.mark.slow
def test_a_right_to_left_first_language_mirrors_the_edition(tmp_path: Path) -> None:
    """Hebrew first: its column at the right, English at the left; the booklet bound on
    the right, as the Hebrew pack's; the concept note's table from the right."""
    path = _hebrew_english(tmp_path)
    build(path, tmp_path / "output", only=("brochure", "concept-note"))
    edition = tmp_path / "output" / "he+en"
    found = words(edition / "brochure.pdf")
    english = one(found, "Every neighbourhood makes data:")
    hebrew = [
        w
        for w in found
        if w.page == english.page
        and abs(w.y - english.y) < 1.5
        and any("\u0590" <= c <= "\u05ff" for c in w.text)
    ]
    assert hebrew and min(w.x for w in hebrew) > english.x + 40, (english, hebrew)

    # A heading's English line stands against the page's right edge, as its Hebrew.
    def line_end(word: Word, low: float, high: float) -> float:
        """The right edge of the line low to high mm below word's top (its own: 0)."""
        return max(w.right for w in found if w.page == word.page and low <= w.y - word.y <= high)

    aligned = [
        abs(line_end(heading, -1, 1) - line_end(heading, -12, -3))
        for heading in phrase(found, "About the workshop")
        if any(w.page == heading.page and 3 < heading.y - w.y < 12 for w in found)
    ]
    assert aligned and min(aligned) < 1, aligned
    # The booklet's first sheet: the cover on the right-hand binding's side (left half).
    booklet = words(edition / "brochure-booklet.pdf")
    title = one(booklet, "Open data for a shared city")
    assert title.page == 1 and title.x < 148
    note = edition / "concept-note.docx"
    assert _rows(docx.Document(str(note)))[0] == ("עברית", "English")
    table = ET.fromstring(zipfile_text(note, "word/document.xml")).find(f".//{W}tbl")
    assert table is not None and table.find(f"{W}tblPr/{W}bidiVisual") is not None
    directions = set()
    merged = []
    for row in table.findall(f"{W}tr")[1:]:
        cells = row.findall(f"{W}tc")
        if len(cells) == 1:
            merged.append("".join(t.text or "" for t in cells[0].iter(f"{W}t")))
            continue
        english = "".join(t.text or "" for t in cells[1].iter(f"{W}t"))
        if english.isascii():
            directions |= {b.get(f"{W}val") for b in cells[1].iter(f"{W}bidi")}
    # English reads left to right in its column; a question written in Hebrew only is
    # one cell across both columns.
    assert directions == {"0"}
    assert any("מי מחליט" in text for text in merged), merged


def test_the_second_languages_colours_meet_wcag_aa() -> None:
    """Every colour bilingual.css gives text meets WCAG 2.2 AA on what it is printed on
    (the cover's blue for the cover and back cover, white elsewhere), as the shipped
    stylesheets' colours do (tests/test_contrast.py reads them alike)."""
    from tests.test_contrast import WHITE, resolved, rules, variables_of

    from brochure import colour

    shipped = rules("brochure/brochure.css")
    own = rules("brochure/bilingual.css")
    variables = {**variables_of(shipped), **variables_of(own)}
    page = next(r for r in shipped if r.selector == "@page cover")
    blue = resolved(page.declarations["background"], variables)
    assert blue is not None
    checked = 0
    for rule in own:
        ink = resolved(rule.declarations.get("color", ""), variables)
        if ink is None:
            continue
        ground = blue if "cover" in rule.selector else WHITE
        assert colour.contrast(ink, ground) >= 4.5, rule.selector
        checked += 1
    assert checked >= 5


def test_an_edition_no_longer_asked_for_is_removed(tmp_path: Path) -> None:
    """Its files are the pack's: built while asked for, removed by the build that no
    longer asks (as any file the pack no longer has), its folder with them."""
    source = tmp_path / "project" / "source"
    shutil.copytree(MONTREAL.parent, source)
    out = tmp_path / "project" / "output"
    build(source / "event.yaml", out, only=("concept-note",), bilingual="fr,en")
    assert (out / "fr-CA+en-CA" / "concept-note.docx").is_file()
    build(source / "event.yaml", out, only=("concept-note",))
    assert not (out / "fr-CA+en-CA").exists()
    assert (out / "fr-CA" / "concept-note.docx").is_file()


# The door of a bilingual event ----------------------------------------------------------


def _bilingual_project(folder: Path, text: str | None = None) -> Path:
    """Montréal's event (or text) in folder/source, its bilingual edition asked for in the
    file; its event file."""
    shutil.copytree(MONTREAL.parent, folder / "source")
    path = folder / "source" / "event.yaml"
    written = text if text is not None else MONTREAL.read_text(encoding="utf-8")
    path.write_text(written + "\nbrochure:\n  bilingual: [fr, en]\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_badges_at_the_door_of_a_bilingual_event(tmp_path: Path) -> None:
    """`brochure badge` reads the event in its first language only (the door prints in
    it): the edition of two languages is not made there, and every badge is."""
    from tests.test_door import run

    source = _bilingual_project(tmp_path)
    done = run("badge", str(source), "julie")
    assert done.returncode == 0, done.stderr
    assert "Gagnon" in pdftotext(tmp_path / "output" / "badges-door" / "julie.pdf")
    walk_in = run("badge", str(source), "--name", "Ana Silva", "--role", "press")
    assert walk_in.returncode == 0, walk_in.stderr
    assert "Silva" in pdftotext(tmp_path / "output" / "badges-door" / "ana-silva.pdf")
    refused = run("badge", str(source), "--name", "Ana Nova", "--role", "vip")
    assert refused.returncode == 1
    assert "--role: 'vip' is not one of" in refused.stderr, refused.stderr
    assert "KeyError" not in refused.stderr


@pytest.mark.slow
def test_the_door_page_of_a_bilingual_event_finds_and_shows_badges(tmp_path: Path) -> None:
    import urllib.parse
    import urllib.request

    from tests.test_serve import Serving

    _bilingual_project(tmp_path)
    serving = Serving(tmp_path, "--door", env={"PRINTER": "no-such-printer", "LPDEST": ""})
    try:
        url = serving.expect(r"door page on (http://127\.0\.0\.1:\d+/)", seconds=120).group(1)
        with urllib.request.urlopen(url, timeout=30) as response:
            token = re.search(r'data-token="([^"]+)"', response.read().decode())
        assert token is not None
        headers = {"X-Door-Token": token[1]}
        request = urllib.request.Request(url + "search?q=gagnon", headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            assert "Julie Gagnon" in response.read().decode()
        # The image is asked for by the page's <img>: its token in the address.
        badge = url + "badge.png?id=julie&t=" + urllib.parse.quote(token[1])
        with urllib.request.urlopen(badge, timeout=60) as response:
            assert response.read().startswith(b"\x89PNG")
    finally:
        serving.stop()
    assert not any("KeyError" in line for line in serving.seen), serving.seen


# Checks of a bilingual event ------------------------------------------------------------

# Mistakes in Montréal's file: what is replaced, with what (each once), and what is said.
MISTAKES = {
    "chair": (
        "    chairs: [jf]\n    people: [marie-eve",
        "    chairs: [jff]\n    people: [marie-eve",
    ),
    "speaker": ("people: [amelie, olivier]", "people: [amelia, olivier]"),
    "name": ("    people: [marie-eve, julie]", "    people: [marie-eve, Julie Gagnon]"),
    "taken": ("    id: olivier\n", "    id: amelie\n"),
    # Unrelated: one the event is still made with, one it is not.
    "end": ("    start: 09:00\n    end: 09:15\n", "    start: 09:00\n    end: 09:00\n"),
    "country": ("  country: CA\n  languages", "  country: XX\n  languages"),
}
SAID = {
    "chair": "programme[2].chairs[0]: no person has the id 'jff'; did you mean 'jf'?",
    "speaker": "programme[4].people[0]: no person has the id 'amelia'; did you mean 'amelie'?",
    "name": "programme[5].people[1]: 'Julie Gagnon' is a person's name, not their id; "
    "did you mean 'julie'?",
    "taken": "people[4].id: the id 'amelie' is taken by people[3]",
    "end": "programme[1].end: 09:00 is not after the start",
    "country": "event.country: 'XX' is not an ISO 3166 country code; write the code (GB) or the "
    "name",
}
REFERENCES = ("chair", "speaker", "name", "taken")
#: What is said of a mistake when "taken" makes the id it would suggest one used twice.
SAID_WITH_TAKEN = {
    "speaker": "programme[4].people[0]: 'amelia' is no one's id; the person it names has the "
    "id 'amelie', which is used twice: give each person an id of their own",
}


def _problems(said: str) -> list[str]:
    """The located problems a command printed (without the event file's folder)."""
    return re.findall(r"event\.yaml:\d+:\d+: .*", said)


@pytest.mark.parametrize(
    "kinds",
    [*((kind, "end") for kind in REFERENCES), (*REFERENCES, "end"), (*REFERENCES, "country")],
)
def test_a_bilingual_events_mistakes_are_located_as_without_it(
    kinds: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each wrong reference to a person, with an unrelated mistake, said at its place with
    its suggestion, all at once, by check and build alike, as they are for the same file
    without a bilingual edition: the edition's own check (its template filled in) waits
    until they are put right."""
    from brochure.cli import main

    text = MONTREAL.read_text(encoding="utf-8")
    for kind in kinds:
        old, new = MISTAKES[kind]
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    plain = write_event(tmp_path / "plain" / "source", text)
    bilingual = _bilingual_project(tmp_path / "bilingual", text)
    for command in ("check", "build"):
        assert main([command, str(plain), "-q"]) == 1
        without = _problems(capsys.readouterr().err)
        assert main([command, str(bilingual), "-q"]) == 1
        said = capsys.readouterr().err
        assert "KeyError" not in said and "failed" not in said, said
        assert _problems(said) == without, said
        for kind in kinds:
            expected = SAID[kind]
            if "taken" in kinds:
                expected = SAID_WITH_TAKEN.get(kind, expected)
            assert any(line.endswith(expected) for line in without), (expected, without)
    assert not (tmp_path / "bilingual" / "output").exists()


# The edition's pages ---------------------------------------------------------------------

VIENNA = FIXTURES / "vienna" / "event.yaml"
#: The hyphen WeasyPrint adds where it hyphenates a word (a word's own is U+002D).
ADDED_HYPHEN = "\u2010"


def _running_words(path: Path) -> set[str]:
    """The words of the texts written to be read at length (about, summary, biographies,
    descriptions): the only ones a brochure may hyphenate."""
    import yaml

    found: set[str] = set()

    def walk(node: Any, running: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, running or key in ("about", "summary", "bio", "description"))
        elif isinstance(node, list):
            for value in node:
                walk(value, running)
        elif isinstance(node, str) and running:
            found.update(word.strip('.,;:!?()"“”„') for word in node.split())

    walk(yaml.safe_load(path.read_text(encoding="utf-8")), False)
    return found


def _pushed(tmp_path: Path, margin: int) -> Path:
    """Layouts that push the edition's practical details down by margin mm, so that a row
    of them meets the page's foot: the shipped ones, with that one rule added."""
    from tests.conftest import ROOT

    folder = tmp_path / f"pushed-{margin}"
    (folder / "brochure").mkdir(parents=True)
    css = (ROOT / "layouts" / "brochure" / "bilingual.css").read_text(encoding="utf-8")
    (folder / "brochure" / "bilingual.css").write_text(
        css + f"\n.facts {{ margin-top: {margin}mm; }}\n", encoding="utf-8"
    )
    return folder


@pytest.mark.slow
def test_labels_are_whole_and_headings_never_hyphenated(tmp_path: Path) -> None:
    """Every brochure of a German and English event: the practical details' labels print
    whole (VERANSTALTUNGSORT, ADDRESS: the labels' column widens to the longest), and the
    only words hyphenated are those of the running texts, never a label, heading or title."""
    from brochure.cli import main

    out = tmp_path / "output"
    assert main(["build", str(VIENNA), "-o", str(out), "--only", "brochure", "-q"]) == 0
    running = _running_words(VIENNA)
    labels = {
        "de": ("VERANSTALTUNGSORT", "ADRESSE", "ZUGANG", "ZEITZONE"),
        "en": ("VENUE", "ADDRESS", "ACCESS", "ZONE"),
    }
    for pack, wanted in (
        ("de", labels["de"]),
        ("en", labels["en"]),
        ("de+en", sum(labels.values(), ())),
    ):
        found = words(out / pack / "brochure.pdf")
        texts = {word.text for word in found}
        for label in wanted:
            assert label in texts, (pack, label)
        for word, after in itertools.pairwise(found):
            if word.text.endswith(ADDED_HYPHEN):
                joined = word.text[: -len(ADDED_HYPHEN)] + after.text
                assert joined.strip(".,;:!?") in running, (pack, word.text, after.text)


@pytest.mark.slow
@pytest.mark.parametrize("margin", [150, 152])
def test_a_label_stays_on_the_page_of_its_value(tmp_path: Path, margin: int) -> None:
    """The practical details pushed down until their first row meets the page's foot: the
    label (DATUM / DATE) and its value in both languages move to the next page together,
    never the label left alone or the value split from it."""
    from brochure.cli import main

    out = tmp_path / "output"
    layouts = _pushed(tmp_path, margin)
    command = ["build", str(VIENNA), "-o", str(out), "--only", "brochure", "--layouts"]
    assert main([*command, str(layouts), "-q"]) == 0
    found = words(out / "de+en" / "brochure.pdf")
    label = one(found, "DATUM")
    practical = one(found, "Praktische").page
    assert label.page >= practical
    for value in ("20.–21. Mai 2027", "20 – 21 May 2027"):
        assert phrase(found, value, label.page), (value, label.page)


@pytest.mark.slow
def test_the_notes_title_fits_and_its_rules_start_below_it(tmp_path: Path) -> None:
    """The edition's notes pages: "Notizen / Notes" on one line, and the first ruled line
    drawn below it (read from the page rendered by poppler: the first row of pixels dark
    across most of the text's width)."""
    from PIL import Image

    from brochure.cli import main

    out = tmp_path / "output"
    command = ["build", str(VIENNA), "-o", str(out), "--only", "brochure", "--layouts"]
    assert main([*command, str(_pushed(tmp_path, 150)), "-q"]) == 0
    pdf = out / "de+en" / "brochure.pdf"
    found = words(pdf)
    titles = [w for w in found if w.text == "Notizen"]
    assert titles, "no notes page"
    for title in titles:
        line = [w for w in found if w.page == title.page]
        notes = next(w for w in line if w.text == "Notes")
        assert abs(notes.y - title.y) < 1, "the title wraps"
        dpi = 100
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-gray",
                "-png",
                "-f",
                str(title.page),
                "-l",
                str(title.page),
                "-singlefile",
                str(pdf),
                str(tmp_path / "notes"),
            ],
            check=True,
        )
        with Image.open(tmp_path / "notes.png") as opened:
            image = opened.convert("L")
            pixels = image.load()
            left, right = round(title.x * dpi / 25.4), image.width - round(title.x * dpi / 25.4)
            rules = [
                y
                for y in range(image.height)
                if sum(pixels[x, y] < 235 for x in range(left, right)) > 0.6 * (right - left)
            ]
        assert rules, "no ruled line"
        top = max(notes.bottom, title.bottom)
        assert rules[0] * 25.4 / dpi > top, (rules[0] * 25.4 / dpi, top)


SERBIAN = """
event:
  title: {sr-Latn: Otvoreni podaci, az-Arab: آچیق داده‌لر}
  date: 2025-03-04
  city: Beograd
  country: RS
  languages: [sr-Latn, az-Arab]
about: {sr-Latn: Jutro., az-Arab: صبح.}
organisers:
  - name: Lab
people:
  - name: Ana Petrović
brochure:
  bilingual: PAIR
"""


@pytest.mark.parametrize(
    ("pair", "said"),
    [
        ("[sr-Cyrl, az-Arab]", "brochure.bilingual[0]: sr-Cyrl is not one of the event's"),
        ("[sr, sr-Latn]", "brochure.bilingual[1]: sr and sr-Latn both name sr-Latn, one of"),
    ],
)
def test_a_bilingual_language_is_matched_with_its_script(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], pair: str, said: str
) -> None:
    """Finding 05: `bilingual: [sr-Cyrl, az-Arab]` built the Latin edition of an sr-Latn
    event; `[sr, sr-Latn]` was told sr-Latn is not one of (sr-Latn, az-Arab). One rule
    (RFC 4647, scripts kept apart) for bilingual, badge --language and the door."""
    from brochure.cli import main

    source = write_event(tmp_path / "source", SERBIAN.replace("PAIR", pair))
    assert main(["check", str(source)]) == 1
    assert said in capfd.readouterr().err


def test_a_badge_language_is_matched_as_the_bilingual_one(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Finding 05: badge --language sr-Cyrl was refused where bilingual took it; en-GB was
    refused for an event in en though RFC 4647's lookup serves en-GB by en."""
    from brochure.cli import main

    source = write_event(tmp_path / "source", SERBIAN.replace("PAIR", "[sr, az]"))
    badge = ["badge", str(source), "ana-petrovic", "--timeout", "0", "-o"]
    assert main([*badge, str(tmp_path / "c.pdf"), "--language", "sr-Cyrl"]) == 1
    assert "--language: 'sr-Cyrl' is not one of the event's languages" in capfd.readouterr().err
    assert main([*badge, str(tmp_path / "s.pdf"), "--language", "sr"]) == 0
    assert "Ana Petrović" in pdftotext(tmp_path / "s.pdf")
    text = SERBIAN.replace("sr-Latn", "de").replace("az-Arab", "en")
    english = write_event(tmp_path / "en", text.replace("PAIR", "[en-GB, de-AT]"))
    assert main(["check", str(english)]) == 0, capfd.readouterr().err
    badge = ["badge", str(english), "ana-petrovic", "--timeout", "0", "-o"]
    assert main([*badge, str(tmp_path / "e.pdf"), "--language", "en-GB"]) == 0
    assert "PARTICIPANT" in pdftotext(tmp_path / "e.pdf")
