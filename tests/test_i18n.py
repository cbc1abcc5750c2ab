"""Printed words follow the pack's language: gettext catalogues for fixed words, CLDR for
dates, times, time zones and countries, one style per place; text written by language."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from docx.oxml.ns import qn
from tests.conftest import MINIMAL, SEED_SOURCE, build, pdftotext, prepared, write_event

from brochure import catalogue, i18n, kinds
from brochure.engines import templating
from brochure.errors import InputError
from brochure.finishing.paper import LETTER, office_paper
from brochure.i18n import Formatter
from brochure.model import BreakWords, is_break_kind
from brochure.outputs.brochure.render import TEMPLATE, brochure_context
from brochure.outputs.view import EventView

LOCALE = Path(i18n.__file__).parent / "locale"
#: The catalogues brochure ships: every fixed word of every output in each. The six
#: official languages of the United Nations (ar, zh, en, fr, ru, es) and the languages
#: events are most often held in.
SHIPPED = (
    *("ar", "ca", "cs", "da", "de", "el", "en", "en_US", "es", "fi", "fr", "he", "hi", "id"),
    *("it", "ja", "ko", "nb", "nl", "pl", "pt_BR", "pt_PT", "ru", "sv", "sw", "tr", "uk"),
    *("vi", "zh_Hans", "zh_Hant"),
)
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def messages(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def test_brochure_has_the_catalogues_it_promises() -> None:
    assert i18n.catalogues() == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_every_catalogue_translates_every_word(name: str) -> None:
    """Complete: every word of the template translated, checked (not fuzzy), with the
    same placeholders, and nothing left over from words that are gone."""
    template = messages(LOCALE / "messages.pot")
    catalogue = messages(LOCALE / name / "LC_MESSAGES" / "messages.po")

    def keys(found: Catalog) -> set[tuple[str | None, str]]:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in found}

    assert keys(catalogue) == keys(template), "run `make messages` and translate"
    for message in catalogue:
        if not message.id:
            continue
        assert not message.fuzzy, f"{name}: check the translation of {message.id!r}"
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"{name}: {message.id!r} is not translated"
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == sorted(PLACEHOLDER.findall(ids[0]))


#: Integers whose plural category each language's rules are tried on: every category of
#: every language falls among them (French "many": a million).
NUMBERS = (*range(0, 300), 1000, 1001, 10**6, 2 * 10**6, 10**6 + 1)


@pytest.mark.parametrize("name", SHIPPED)
def test_plural_forms_are_cldrs(name: str) -> None:
    """Each catalogue's Plural-Forms is the one CLDR's rules give its language (Babel,
    as `pybabel init` writes it), it sorts numbers as ICU's CLDR plural rules do (one
    form per category an integer can take: Arabic six, Russian three, Japanese one), and
    each plural message has a translation for every form."""
    import gettext

    import icu
    from babel.messages.plurals import get_plural

    catalogue = messages(LOCALE / name / "LC_MESSAGES" / "messages.po")
    cldr = get_plural(name)
    assert catalogue.plural_forms == cldr.plural_forms
    form = gettext.c2py(catalogue.plural_expr)
    rules = icu.PluralRules.forLocale(icu.Locale(name))
    pairs = {(form(n), rules.select(n)) for n in NUMBERS}
    assert len(pairs) == len({f for f, _ in pairs}) == len({c for _, c in pairs})
    assert len(pairs) == catalogue.num_plurals
    plural = [m for m in catalogue if m.id and not isinstance(m.id, str)]
    assert plural and all(len(m.string) == catalogue.num_plurals for m in plural)


#: Quotation marks a catalogue writes where CLDR's differ: Spanish print quotes with
#: angle quotes first (Real Academia Española, Ortografía 2010, 3.4.8); CLDR gives “ ”.
HOUSE_QUOTES = {"es": ("«", "»")}


@pytest.mark.parametrize("name", SHIPPED)
def test_each_catalogue_quotes_as_its_language_does(name: str) -> None:
    """The note on provisional speakers quotes the word as the language does (CLDR's
    quotation marks, through ICU): „Vorläufig“, 「調整中」, ”قيد التأكيد“."""
    fmt = Formatter.for_language(name.replace("_", "-"))
    start, end = HOUSE_QUOTES.get(name, (fmt.quotes.start, fmt.quotes.end))
    note = fmt.gettext("Speakers marked “provisional” are provisionally confirmed.")
    assert note.index(start) < note.index(end, note.index(start) + 1), note


@pytest.mark.parametrize(
    ("language", "message", "words"),
    [
        ("de", "Contact people", "Ansprechpersonen"),
        ("id", "Contact people", "Narahubung"),
        ("fr", "Date", "Date\u00a0: "),
        ("de", "Date", "Datum: "),
        ("ja", "Date", "開催日："),
        ("zh-Hans", "Date", "日期："),
        ("ar", "Date", "التاريخ: "),
    ],
)
def test_an_organisers_words_and_the_languages_colon(
    language: str, message: str, words: str
) -> None:
    """Words an organiser of the country prints ("Narahubung", not "Orang kontak"), and
    a label's colon as the language writes it (French's space, the full-width colon of
    Chinese and Japanese)."""
    fmt = Formatter.for_language(language)
    found = fmt.labelled(fmt.gettext(message)) if message == "Date" else fmt.gettext(message)
    assert found == words
    assert Formatter.for_language("de").pgettext(kinds.CONTEXT, "Coffee break") == "Kaffeepause"


@pytest.mark.parametrize(
    ("language", "items", "line"),
    [
        ("en", ["A", "B", "C"], "A, B and C"),
        ("zh-Hans", ["A", "B", "C"], "A、B和C"),
        ("ar", ["A", "B"], "A وB"),
        # ICU's contextual forms, which Babel does not give
        ("es", ["Ana", "Inés"], "Ana e Inés"),
        ("es", ["Ana", "Olga"], "Ana y Olga"),
        ("he", ["נועה", "CivicData Lab"], "\u2068נועה\u2069 ו-CivicData Lab"),
    ],
)
def test_lists_are_cldrs_with_the_conjunctions_form(
    language: str, items: list[str], line: str
) -> None:
    """A Hebrew item is set apart for direction after the list is made (FSI ... PDI), so
    ICU still sees the first letter of the next item."""
    assert Formatter.for_language(language).join(items) == line


@pytest.mark.parametrize(
    ("tag", "chain"),
    [
        ("zh", ("zh_Hans",)),
        ("zh-CN", ("zh_Hans",)),
        ("zh-SG", ("zh_Hans",)),
        ("zh-Hans", ("zh_Hans",)),
        ("zh-TW", ("zh_Hant",)),
        ("zh-HK", ("zh_Hant",)),
        ("zh-Hant", ("zh_Hant",)),
        ("zh-Hant-TW", ("zh_Hant",)),
        ("pt", ("pt_BR",)),
        ("pt-BR", ("pt_BR",)),
        ("pt-PT", ("pt_PT",)),
        ("no", ("nb",)),
        ("nb", ("nb",)),
        ("nb-NO", ("nb",)),
        ("en-US", ("en_US", "en")),
        ("en-CA", ("en",)),
        ("de-AT", ("de",)),
        ("fr-CA", ("fr",)),
        ("es-MX", ("es",)),
        ("ar-JO", ("ar",)),
        ("he", ("he",)),
        ("sw-KE", ("sw",)),
        ("nn", ()),
        ("hu", ()),
    ],
)
def test_the_tags_events_use_find_their_catalogue(tag: str, chain: tuple[str, ...]) -> None:
    """Catalogues are named as Babel names locales (zh_Hans, pt_PT, nb); the tags event
    files write find them: Taiwan and Hong Kong write Traditional Chinese, China and
    Singapore Simplified (CLDR likely subtags); `no` is Bokmål; Nynorsk has none."""
    assert i18n.catalogue_chain(tag) == chain
    assert i18n.has_catalogue(tag) is bool(chain)


def test_the_template_holds_every_marked_word(tmp_path: Path) -> None:
    """`make messages` has been run: no word marked for translation is missing."""
    root = Path(i18n.__file__).parents[2]
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "NP_:1c,2",
            "-k",
            "_",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=root,
        check=True,
    )

    def ids(path: Path) -> set[str]:
        return {str(message.id) for message in messages(path) if message.id}

    assert ids(fresh) == ids(LOCALE / "messages.pot"), "run `make messages` and commit"


# One date style per place -------------------------------------------------------------
FIRST, SECOND, NEW_YEAR = dt.date(2016, 12, 8), dt.date(2016, 12, 9), dt.date(2017, 1, 2)
NOON, TWO = dt.time(12, 30), dt.time(14)


@pytest.mark.parametrize(
    ("language", "long", "long_range", "short_range", "times"),
    [
        ("en", "Thursday 8 December 2016", "8 – 9 December 2016", "8 – 9 Dec 2016", "12:30–14:00"),
        (
            "en-GB",
            "Thursday 8 December 2016",
            "8 – 9 December 2016",
            "8 – 9 Dec 2016",
            "12:30–14:00",
        ),
        (
            "en-US",
            "Thursday, December 8, 2016",
            "December 8 – 9, 2016",
            "Dec 8 – 9, 2016",
            "12:30 – 2:00 PM",
        ),
        (
            "es",
            "jueves, 8 de diciembre de 2016",
            "8–9 de diciembre de 2016",
            "8–9 dic 2016",
            "12:30–14:00",
        ),
        (
            "pt-BR",
            "quinta-feira, 8 de dezembro de 2016",
            "8 – 9 de dezembro de 2016",
            "8 – 9 de dez. de 2016",
            "12:30 – 14:00",
        ),
        ("fr", "jeudi 8 décembre 2016", "8–9 décembre 2016", "8–9 déc. 2016", "12:30 – 14:00"),
        # Canada: Québec's 24-hour clock (CLDR `HH 'h' mm`: the h in quotes is a letter,
        # not a 12-hour field), English Canada's a.m. and p.m.
        (
            "fr-CA",
            "jeudi 8 décembre 2016",
            "8–9 décembre 2016",
            "8–9 déc. 2016",
            "12 h 30 – 14 h 00",
        ),
        (
            "en-CA",
            "Thursday, December 8, 2016",
            "December 8–9, 2016",
            "Dec 8–9, 2016",
            "12:30–2:00 p.m.",
        ),
    ],
)
def test_dates_and_times_as_each_language_writes_them(
    language: str, long: str, long_range: str, short_range: str, times: str
) -> None:
    """Long for covers and headings, short for badges and tables, ranges always whole;
    CLDR's patterns and dashes (British English without the comma after the weekday)."""
    fmt = Formatter.for_language(language)

    def plain(text: str) -> str:
        # CLDR's thin and no-break spaces as spaces; without the joiners that keep a
        # range whole
        return " ".join(text.replace("\u2060", "").split())

    assert plain(fmt.date_range(FIRST, None)) == long
    assert plain(fmt.date_range(FIRST, SECOND)) == long_range
    assert plain(fmt.date_range_short(FIRST, SECOND)) == short_range
    assert plain(fmt.time_range(NOON, TWO)) == times
    whole = plain(fmt.date_range(FIRST, NEW_YEAR))
    assert "2016" in whole and "2017" in whole


@pytest.mark.parametrize(
    ("language", "zone", "line"),
    [
        ("en", "America/Mexico_City", "Mexico City time, UTC-6"),
        ("en-US", "America/Mexico_City", "Mexico City time, UTC-6"),
        ("es", "America/Mexico_City", "UTC-6, hora de Ciudad de México"),
        ("pt-BR", "America/Mexico_City", "UTC-6, horário local: Cidade do México"),
        ("fr", "America/Mexico_City", "UTC-6, heure locale\u00a0: Mexico"),
        ("en", "Asia/Kolkata", "Kolkata time, UTC+5:30"),
        ("en", "Etc/UTC", "UTC+0"),
    ],
)
def test_the_time_zone_in_the_languages_words_with_its_offset(
    language: str, zone: str, line: str
) -> None:
    assert Formatter.for_language(language).timezone(zone, dt.datetime(2016, 12, 8, 12)) == line


@pytest.mark.parametrize(
    ("language", "zone", "line"),
    [
        # aliases: tzdata and CLDR fold them into another zone, named after its city
        ("en", "America/Montreal", "Eastern Time, UTC-4"),
        ("fr-CA", "America/Montreal", "UTC-4, heure de l’Est"),
        ("en-US", "US/Eastern", "Eastern Time, UTC-4"),
        ("en", "Asia/Calcutta", "India Standard Time, UTC+5:30"),
        ("es", "Asia/Saigon", "UTC+7, hora de Indochina"),
        ("pt-BR", "Europe/Kiev", "UTC+3, Horário da Europa Oriental"),
        # a metazone named after the city the alias was folded into: the offset alone
        ("en", "Asia/Kashgar", "UTC+6"),
        # canonical zones keep their own city
        ("en", "America/Mexico_City", "Mexico City time, UTC-6"),
        ("en", "America/Toronto", "Toronto time, UTC-4"),
        ("fr-CA", "America/Toronto", "UTC-4, heure locale\u00a0: Toronto"),
        ("en", "Asia/Kolkata", "Kolkata time, UTC+5:30"),
    ],
)
def test_a_zone_is_never_named_after_another_city(language: str, zone: str, line: str) -> None:
    """America/Montreal printed "Toronto time": Babel names an alias by the city of the
    zone it is folded into. An alias is named by its metazone (CLDR), a zone of its own
    by its own city."""
    assert Formatter.for_language(language).timezone(zone, dt.datetime(2027, 5, 14, 9)) == line


@pytest.mark.parametrize("language", ["en", "fr-CA", "es", "pt-BR"])
def test_no_alias_is_named_after_the_city_it_is_folded_into(language: str) -> None:
    import zoneinfo

    from babel.core import get_global
    from babel.dates import get_timezone, get_timezone_location

    fmt = Formatter.for_language(language)
    available = zoneinfo.available_timezones()
    checked = 0
    for alias, canonical in get_global("zone_aliases").items():
        if alias not in available or canonical not in available or "/" not in canonical:
            continue
        if canonical.startswith("Etc/"):
            continue  # UTC and fixed offsets: the offset alone
        city = get_timezone_location(get_timezone(canonical), locale=fmt.locale, return_city=True)
        line = fmt.timezone(alias, dt.datetime(2027, 5, 14, 12))
        assert city not in line, (alias, canonical, line)
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("language", "twelve_hour", "start"),
    [
        # CLDR timeData, by language and region: fr-CA writes 24-hour times "8 h 30"
        ("fr-CA", False, "08 h 30"),
        ("fr", False, "08:30"),
        ("en-CA", True, "8:30 a.m."),
        ("en-US", True, "8:30 AM"),
        ("en-GB", False, "08:30"),
        ("en", False, "08:30"),
        # CLDR 47 (Babel 2.19, ICU 77) writes Mexico's Spanish on a 12-hour clock; Spain's
        # on a 24-hour one
        ("es-MX", True, "8:30 a.m."),
        ("es", False, "8:30"),
        ("pt-BR", False, "08:30"),
    ],
)
def test_the_hour_cycle_is_the_locales(language: str, twelve_hour: bool, start: str) -> None:
    """fr-CA printed "8 h 30 a.m.": the quoted 'h' of its pattern ("HH 'h' mm") was read
    as a 12-hour field. The hour cycle is the locale's, as ICU's CLDR timeData gives it
    (the `j` skeleton: the preferred hour of the language in its region)."""
    import icu

    fmt = Formatter.for_language(language)
    assert fmt.twelve_hour is twelve_hour
    preferred = icu.DateTimePatternGenerator.createInstance(icu.Locale(str(fmt.locale)))
    assert ("h" in preferred.getBestPattern("j").replace("'h'", "")) is twelve_hour
    assert " ".join(fmt.time(dt.time(8, 30)).split()) == start
    ranged = " ".join(fmt.time_range(dt.time(8, 30), dt.time(14)).replace("\u2060", "").split())
    assert ranged.startswith(start.lstrip("0")) or ranged.startswith(start)
    assert ("a.m." in ranged or "AM" in ranged) is twelve_hour


@pytest.mark.parametrize(
    "language", ["en", "en-US", "es-MX", "fr", "fr-CA", "pt-BR", "de", "ko", "zh-Hant", "ar"]
)
def test_a_time_or_a_range_of_times_never_breaks(language: str) -> None:
    """ "08:30 –" over "09:00" in a French programme: a time and a range are read whole.
    No line break opportunity inside them (UAX #14 by ICU: spaces are no-break spaces,
    a word joiner after the dash)."""
    import icu

    fmt = Formatter.for_language(language)
    texts = [
        fmt.time(dt.time(8, 30)),
        fmt.time_range(dt.time(8, 30), dt.time(9)),
        fmt.time_range(dt.time(11, 30), dt.time(14, 15)),
        fmt.moment_range(dt.datetime(2027, 5, 14, 18), dt.datetime(2027, 5, 15, 16)).split(" – ")[
            0
        ],
    ]
    for text in texts:
        breaker = icu.BreakIterator.createLineInstance(icu.Locale(str(fmt.locale)))
        breaker.setText(text)
        assert [b for b in breaker] == [len(text.encode("utf-16-le")) // 2], repr(text)
        assert not any(char in text for char in " \u2009"), repr(text)


def test_the_offset_is_the_one_on_the_events_day() -> None:
    """Daylight saving time counts: London is UTC+1 in June and UTC+0 in December."""
    fmt = Formatter.for_language("en")
    assert fmt.timezone("Europe/London", dt.datetime(2025, 6, 10, 9)) == "London time, UTC+1"
    assert fmt.timezone("Europe/London", dt.datetime(2025, 12, 10, 9)) == "London time, UTC+0"


def test_the_seed_is_british_english_everywhere() -> None:
    """The seed says it is British English; each output prints its dates one way."""
    ready = prepared(SEED_SOURCE / "event.yaml")
    assert ready.event.event.language == "en-GB"
    view = EventView.of(ready.event, ready.config)
    assert view.when == "Thursday 8 December 2016"
    assert view.when_short == "8 Dec 2016"
    assert view.time == "12:30–\u206014:00"  # a word joiner: the range never breaks
    assert view.timezone == "Mexico City time, UTC-6"
    assert view.metadata.subject.endswith("Guadalajara · 8 Dec 2016")
    assert view.about_heading == "About the workshop"


def test_an_event_of_two_days_is_a_whole_range_in_every_place(tmp_path: Path) -> None:
    text = MINIMAL.replace("2025-03-04", "2025-03-04\n  end_date: 2025-03-05")
    ready = prepared(write_event(tmp_path, text))
    view = EventView.of(ready.event, ready.config)
    assert " ".join(view.when.split()) == "4 – 5 March 2025"
    assert " ".join(view.when_short.split()) == "4 – 5 Mar 2025"
    assert " ".join(view.metadata.subject.split()).endswith("4 – 5 Mar 2025")  # not the 4th
    assert [day.label for day in view.days] == []  # no programme: no day headings


@pytest.mark.parametrize(
    ("language", "kind", "heading"),
    [
        ("en", "Workshop", "About the workshop"),
        ("en", "WORKSHOP", "About the workshop"),
        ("en", "Retreat", "About the event"),
        ("en", None, "About the event"),
        ("en-US", "Seminar", "About the seminar"),
        ("es", "Taller", "Acerca del taller"),
        ("es", "Workshop", "Acerca del taller"),
        ("es", "Conferencia", "Acerca de la conferencia"),
        ("pt-BR", "Oficina", "Sobre a oficina"),
        ("pt-BR", "Conferência", "Sobre a conferência"),
        ("fr", "Atelier", "À propos de l’atelier"),
        ("fr", "Séminaire", "À propos du séminaire"),
        ("de", "Workshop", "Über den Workshop"),
        ("de", "Konferenz", "Über die Konferenz"),
        ("ja", "ワークショップ", "ワークショップについて"),
        ("ar", "Workshop", "عن ورشة العمل"),
    ],
)
def test_headings_are_whole_phrases_never_a_kind_recased(
    language: str, kind: str | None, heading: str
) -> None:
    """Issue 11, item 8: "About the %(kind)s" lower-cased the organiser's word and could
    not agree in gender ("del taller", "de la conferencia"): whole phrases instead."""
    from brochure.outputs.view import about_heading

    assert about_heading(kind, Formatter.for_language(language)) == heading


# Words left in English -----------------------------------------------------------------
#: A language brochure has no catalogue for: Hungarian.
HUNGARIAN = MINIMAL.replace("country: NO", "country: HU\n  language: hu\n  kind: Workshop")


def test_a_language_with_no_catalogue_is_said_once(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", HUNGARIAN)
    warnings = [str(w) for w in prepared(source, only=("brochure", "badges")).warnings]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{source}:6:3: event.language: warning: ")
    assert "no catalogue for hu" in warnings[0] and "printed in English" in warnings[0]


def test_english_words_in_another_language_are_marked_english(tmp_path: Path) -> None:
    """HTML: each word left in English is a span with lang="en-GB" (hyphenation, casing
    and screen readers follow English); the document stays Hungarian. The kind, which
    Hungarian has no word for here, is printed as written."""
    ready = prepared(write_event(tmp_path / "source", HUNGARIAN))
    config = ready.config
    html = templating.render(
        config.layouts, config.fmt, TEMPLATE, brochure_context(ready.event, config)
    )
    assert '<html lang="hu"' in html
    for word in ("Contents", "Programme", "Practical details", "About the workshop"):
        assert f'<span lang="en-GB" dir="ltr">{word}</span>' in html
    assert 'alt="<' not in html and "<title>A Small Meeting</title>" in html
    assert "2025. március 4., kedd" in html  # dates come from CLDR, in Hungarian
    assert '<p class="cover-kind">Workshop</p>' in html


@pytest.mark.slow
def test_english_words_in_a_hungarian_concept_note_are_english_runs(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", HUNGARIAN)
    build(source, tmp_path / "out", only=("concept-note",))
    note = docx.Document(str(tmp_path / "out" / "concept-note.docx"))
    defaults = note.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "hu-HU"
    english = {
        run.text
        for paragraph in note.paragraphs
        for run in paragraph.runs
        if (lang := run._r.find(f"{qn('w:rPr')}/{qn('w:lang')}")) is not None
        and lang.get(qn("w:val")) == "en-GB"
    }
    assert {"Concept note", "Background", "Practical details", "Date: "} <= english
    assert "A Small Meeting" not in english and "We meet." not in english


def test_a_new_catalogue_is_a_po_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a language is a catalogue: a `.po` file beside the others, compiled by the
    build that needs it (no compiled file to forget)."""
    made = Catalog(locale="it")
    made.add("Programme", "Programma")
    made.add("Contents", "Sommario")
    made.add("Practical details", "Informazioni pratiche", flags=("fuzzy",))
    folder = tmp_path / "locale" / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as stream:
        write_po(stream, made)
    monkeypatch.setattr(catalogue, "CATALOGUES", tmp_path / "locale")
    fmt = Formatter.for_language("it")
    assert (fmt.gettext("Programme"), fmt.gettext("Contents")) == ("Programma", "Sommario")
    # A guess `pybabel update` made (fuzzy) is not printed until someone checks it.
    for missing in (fmt.gettext("Practical details"), fmt.gettext("Speakers")):
        assert isinstance(missing, i18n.Foreign) and missing.lang == "en-GB"
    assert fmt.date_long(FIRST) == "giovedì 8 dicembre 2016"


def test_portugal_and_brazil_each_have_their_words() -> None:
    """European Portuguese has its catalogue (Palavra-passe, Índice, Cimeira); a bare
    `pt` is Brazil's (CLDR's likely region)."""
    portugal, brazil = Formatter.for_language("pt-PT"), Formatter.for_language("pt-BR")
    assert (portugal.gettext("Contents"), brazil.gettext("Contents")) == ("Índice", "Sumário")
    assert (portugal.gettext("Password"), brazil.gettext("Password")) == ("Palavra-passe", "Senha")
    assert Formatter.for_language("pt").gettext("Contents") == "Sumário"
    assert portugal.date_short(FIRST) == "08/12/2016"


# Breaks and kinds ------------------------------------------------------------------------
#: Every word of the hand list model.py had before the catalogues gave break words.
HAND_LIST = (
    *("break", "coffee", "tea", "meal", "breakfast", "lunch", "dinner", "supper"),
    *("refreshments", "snack", "recess"),
    *("pause", "café", "repas", "déjeuner", "dîner", "souper", "collation"),
    *("pausa", "descanso", "receso", "comida", "desayuno", "almuerzo", "cena"),
    *("refrigerio", "merienda"),
    *("intervalo", "refeição", "almoço", "jantar", "lanche"),
)


@pytest.mark.parametrize("word", HAND_LIST)
def test_every_word_of_the_old_hand_list_is_still_a_break(word: str) -> None:
    assert is_break_kind(word) and is_break_kind(word.upper())


@pytest.mark.parametrize(
    "kind",
    [
        "Kaffeepause",
        "Mittagspause",
        "Pause-café",
        "午餐",
        "午餐会",
        "茶歇",
        "昼食",
        "コーヒーブレイク",
        "점심시간",
        "커피 브레이크",
        "Makan siang",
        "ISHOMA",
        "Giải lao",
        "Chakula cha mchana",
        "Kahve arası",
        "Кофе-брейк",
        "Przerwa kawowa",
        "Fikapaus",
        "استراحة قهوة",
        "إفطار",
        "הפסקת קפה",
        "चाय विराम",
        "Διάλειμμα για καφέ",
    ],
)
def test_break_words_of_every_catalogue_make_a_break(kind: str) -> None:
    """Whatever the pack's language: the words of every catalogue's language, compounds
    (Kaffeepause), phrases (makan siang) and words of scripts without spaces (午餐会)."""
    assert is_break_kind(kind)


@pytest.mark.parametrize(
    "kind",
    [None, "", "Panel", "Keynote", "Breakout session", "Teaching lab", "Kiểm tra", "저녁 세션"],
)
def test_a_session_is_not_a_break(kind: str | None) -> None:
    """A break word is a whole word (teaching is not tea, breakout not break), a phrase
    whole (Vietnamese trà alone is in kiểm tra, "check"); evening (저녁) is not dinner."""
    assert not is_break_kind(kind)


@pytest.mark.parametrize("name", SHIPPED)
def test_each_catalogues_break_kinds_are_breaks_and_its_sessions_are_not(name: str) -> None:
    """A catalogue's words for Coffee break, Lunch... are among its break words; its
    words for Keynote, Panel, Workshop... are not. Each word reads back as its kind in
    the catalogue's own language (or as a kind its language has the same word for)."""
    for kind in kinds.KINDS:
        word = catalogue.translated(kind, kinds.CONTEXT)[name]
        assert is_break_kind(word) is (kind in kinds.BREAK_KINDS), (kind, word)
        back = kinds.kind_of(word, (name.replace("_", "-"),))
        assert back == kind or catalogue.translated(back or "", kinds.CONTEXT)[name] == word


def test_break_words_are_read_from_the_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table of break words is each catalogue's translation of one message (and its
    English source): a new catalogue brings its words, nothing in the code lists them."""
    made = Catalog(locale="it")
    made.add(catalogue.BREAK_WORDS, "pausa pranzo, merenda sinoira, spuntino")
    folder = tmp_path / "locale" / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as stream:
        write_po(stream, made)
    monkeypatch.setattr(catalogue, "CATALOGUES", tmp_path / "locale")
    table = catalogue.break_words()
    assert table["it"] == ("pausa pranzo", "merenda sinoira", "spuntino")
    assert set(table) == {"en", "it"} and "lunch" in table["en"]
    words = BreakWords.of_catalogues()
    assert "Merenda sinoira" in words and "Spuntino" in words and "Lunch" in words
    assert "Kaffeepause" not in words and "Sinoira" not in words


@pytest.mark.parametrize(
    ("written", "language", "printed"),
    [
        ("Workshop", "en", "Workshop"),
        ("Workshop", "de", "Workshop"),
        ("Workshop", "es", "Taller"),
        ("WORKSHOP", "ja", "ワークショップ"),
        ("Workshop", "ar", "ورشة عمل"),
        ("Taller", "en", "Workshop"),
        ("Taller", "fr", "Atelier"),
        ("Atelier", "zh-TW", "工作坊"),
        ("Kaffeepause", "en", "Coffee break"),
        ("Kaffeepause", "de", "Kaffeepause"),
        ("Mittagspause", "fr", "Déjeuner"),
        ("Coffee break", "zh-Hans", "茶歇"),
        ("Coffee break", "sv", "Fikapaus"),
        ("Round table", "en-US", "Roundtable"),
        ("roundtable", "en", "Round table"),
        ("Keynote", "ru", "Ключевой доклад"),
        # unknown kinds stay as written
        ("Retreat", "de", "Retreat"),
        ("Workshop 3", "es", "Workshop 3"),
        (None, "es", None),
        # a language without a catalogue keeps the kind as written
        ("Workshop", "hu", "Workshop"),
        ("Taller", "hu", "Taller"),
    ],
)
def test_a_known_kind_prints_as_the_packs_word(
    written: str | None, language: str, printed: str | None
) -> None:
    assert kinds.printed(written, Formatter.for_language(language)) == printed


def test_a_word_of_two_languages_is_read_in_the_events_language() -> None:
    """Danish frokost is lunch, Norwegian frokost breakfast: read in the pack's language,
    then in the event's other languages."""
    english = Formatter.for_language("en")
    assert kinds.printed("Frokost", english, ("nb", "en")) == "Breakfast"
    assert kinds.printed("Frokost", english, ("da", "en")) == "Lunch"
    assert kinds.printed("Frokost", Formatter.for_language("nb")) == "Frokost"


def test_a_known_kind_prints_translated_on_the_cover_and_in_the_calendar(tmp_path: Path) -> None:
    """`kind: Workshop` written once: the Spanish pack's cover says "Taller 187", its
    calendar's categories are Spanish; the English pack's are English."""
    text = MINIMAL.replace(
        "country: NO",
        "country: NO\n  languages: [es, en]\n  kind: Workshop\n  number: 187",
    )
    text += (
        "programme:\n  - {title: Uno, start: 9:00, end: 9:30, kind: Keynote}\n"
        "  - {title: Dos, start: 9:30, end: 10:00, kind: Kaffeepause}\n"
    )
    ready = prepared(write_event(tmp_path, text), only=("brochure", "calendar"))
    from brochure.outputs.calendar import render as programme_ics

    for pack, session, categories in (
        (ready.packs[0], "Taller 187", ["Conferencia magistral", "Pausa café"]),
        (ready.packs[1], "Workshop 187", ["Keynote", "Coffee break"]),
    ):
        view = EventView.of(pack.event, pack.config)
        assert view.kind_line == session and view.metadata.subject.startswith(session)
        context = brochure_context(pack.event, pack.config)
        html = templating.render(pack.config.layouts, pack.config.fmt, TEMPLATE, context)
        assert f'<p class="cover-kind">{session}</p>' in html
        assert [slot.is_break for day in view.days for slot in day.slots] == [False, True]
        (ics,) = programme_ics.render(pack.event, pack.config).values()
        found = re.findall(r"^CATEGORIES:(.*?)\r?$", ics.decode(), flags=re.MULTILINE)
        assert sorted(found) == sorted(categories)


# The time zone in the language's words ---------------------------------------------------
SEPTEMBER = dt.datetime(2027, 9, 15, 9)


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("de", "Ortszeit Berlin, UTC+2"),
        ("fr", "UTC+2, heure locale\u00a0: Berlin"),
        ("it", "Ora di Berlino, UTC+2"),
        ("pl", "UTC+2, czas lokalny (Berlin)"),
        ("ru", "Местное время (Берлин), UTC+2"),
        ("ar", "توقيت برلين، UTC+2"),
        ("he", "שעון ברלין, UTC+2"),
        ("ja", "ベルリン時間、UTC+2"),
        ("zh-Hans", "柏林时间，UTC+2"),
        ("zh-Hant", "柏林時間，UTC+2"),
        ("ko", "베를린 시간, UTC+2"),
        ("hi", "बर्लिन समय, UTC+2"),
        ("sw", "Saa za Berlin, UTC+2"),
        ("tr", "Berlin saati, UTC+2"),
    ],
)
def test_the_time_zone_line_in_every_catalogues_words(language: str, line: str) -> None:
    """The city is CLDR's, in the language (Berlino, Берлин, برلين, 柏林); the phrase
    around it the catalogue's, after CLDR's region format (Ortszeit, توقيت, 時間)."""
    assert Formatter.for_language(language).timezone("Europe/Berlin", SEPTEMBER) == line


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("zh-Hans", "2027年9月15日 – 16日", "2027年9月15日 – 16日"),
        ("zh-Hant", "2027年9月15日至16日", "2027年9月15日至16日"),
        ("ja", "2027年9月15日～16日", "2027年9月15日～16日"),
        ("ko", "2027년 9월 15일~16일", "2027년 9월 15일~16일"),
        ("de", "15.–16. September 2027", "15.–16. Sept. 2027"),
    ],
)
def test_a_range_of_days_takes_the_month_as_the_long_date_writes_it(
    language: str, long: str, short: str
) -> None:
    """Chinese and Japanese long dates write the month's number (2027年9月15日), not its
    name (九月): a range widened to the long form keeps the number."""
    fmt = Formatter.for_language(language)
    first, last = dt.date(2027, 9, 15), dt.date(2027, 9, 16)
    assert " ".join(fmt.date_range(first, last).replace("\u2009", " ").split()) == long
    assert " ".join(fmt.date_range_short(first, last).replace("\u2009", " ").split()) == short
    assert "九月" not in fmt.date_range(first, last)


# Text written by language ---------------------------------------------------------------
BILINGUAL = """
event:
  title: {es: Datos abiertos, en: Open Data}
  subtitle: {es: Un taller}
  date: 2025-03-04
  city: {es: Ciudad de México, en: Mexico City}
  country: MX
  languages: [es, en]
about:
  es: Nos reunimos.
  en: We meet.
questions:
  - {es: "¿Quién publica?", en: "Who publishes?"}
organisers:
  - name: {es: Fundación, en: Foundation}
people:
  - name: {es: Ana, en: Anne}
    role: speaker
programme:
  - title: {es: Apertura, en: Opening}
    people: [ana]
"""


def test_each_language_reads_its_own_text_and_a_missing_one_is_located(tmp_path: Path) -> None:
    source = write_event(tmp_path, BILINGUAL)
    ready = prepared(source)
    assert [pack.language for pack in ready.packs] == ["es", "en"]
    spanish, english = (pack.event for pack in ready.packs)
    assert (spanish.event.title, english.event.title) == ("Datos abiertos", "Open Data")
    assert (spanish.about, english.about) == (("Nos reunimos.",), ("We meet.",))
    assert english.questions == ("Who publishes?",)
    assert (spanish.event.language, english.event.language) == ("es", "en")
    # The subtitle has no English: the English pack prints the Spanish, and says so.
    assert english.event.subtitle == "Un taller"
    assert [str(w) for w in ready.warnings] == [
        f"{source}:3:3: event.subtitle: warning: not written in en: the en pack prints it in es"
    ]
    # A name written by language keeps its id: the programme names one person.
    assert english.people[0].key == spanish.people[0].key == "ana"
    assert english.programme[0].people == ("ana",)


@pytest.mark.parametrize("language", ["fr-CA", "de", "ko", "ar", "en-US", "fr"])
def test_a_time_never_breaks_across_lines(language: str) -> None:
    """CLDR writes some times with spaces (`9 h 15`, `09:00 Uhr`, `오전 8:30`): no-break
    ones, so a narrow column breaks a range at its dash, never inside a time."""
    fmt = Formatter.for_language(language)
    for text in (
        fmt.time(TWO),
        fmt.time_range(NOON, TWO),
        fmt.moment_range(dt.datetime(2016, 12, 9, 18), dt.datetime(2016, 12, 10, 16)),
    ):
        assert " " not in text.replace(" – ", ""), repr(text)


def test_canadas_tags_read_the_languages_text_and_print_as_canada_writes(
    tmp_path: Path,
) -> None:
    """`languages: [fr-CA, en-CA]` with text written under `fr` and `en`: each pack reads
    its language's text, French or British English fixed words, Canada's dates and
    clocks (Québec's 24-hour `14 h 00`, English Canada's p.m.) and Letter paper."""
    text = (
        BILINGUAL.replace("{es:", "{fr:")
        .replace("  es:", "  fr:")
        .replace("languages: [es, en]", "languages: [fr-CA, en-CA]")
        .replace("country: MX", "country: CA")
        .replace("city: {fr: Ciudad de México, en: Mexico City}", "city: Montréal")
    )
    source = write_event(tmp_path, text)
    ready = prepared(source)
    assert [pack.language for pack in ready.packs] == ["fr-CA", "en-CA"]
    assert [w.message for w in ready.warnings] == [
        "not written in en-CA: the en-CA pack prints it in fr"  # the subtitle, as for en
    ]
    french, english = ready.packs
    assert (french.event.event.title, english.event.event.title) == ("Datos abiertos", "Open Data")
    assert french.config.pack_file("brochure.pdf") == "fr-CA/brochure.pdf"
    for pack, words, clock in (
        (french, ("Programme", "Organisé par"), "14 h 00"),
        (english, ("Programme", "Organised by"), "2:00 p.m."),
    ):
        fmt = pack.config.fmt
        assert (fmt.gettext("Programme"), fmt.gettext("Organised by")) == words
        assert " ".join(fmt.time_range(NOON, TWO).split()).endswith(clock)
        assert office_paper(pack.language) is LETTER


def test_a_text_missing_in_the_first_language_comes_from_the_next(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: A Small Meeting", "title: {fr: Réunion, en: Meeting}")
    text = text.replace("country: NO", "country: NO\n  languages: [es, en, fr]")
    packs = {
        pack.language: pack.event.event.title
        for pack in prepared(write_event(tmp_path, text)).packs
    }
    assert packs == {"es": "Meeting", "en": "Meeting", "fr": "Réunion"}


@pytest.mark.parametrize(
    ("key", "value"),
    [("id", "{es: ana, en: anne}"), ("email", "{es: a@example.org}")],
)
def test_ids_and_addresses_are_written_once(tmp_path: Path, key: str, value: str) -> None:
    text = MINIMAL.replace("country: NO", "country: NO\n  languages: [es, en]")
    text += f"people:\n  - name: Ana\n    {key}: {value}\n"
    with pytest.raises(InputError) as raised:
        prepared(write_event(tmp_path, text))
    assert [p.field for p in raised.value.problems] == [f"people[0].{key}"]


def test_the_schema_takes_text_by_language_and_only_by_language() -> None:
    import jsonschema

    from brochure.schema import event_schema

    validator = jsonschema.Draft202012Validator(event_schema())
    event = {
        "event": {
            "title": {"es": "Datos", "pt-BR": "Dados"},
            "date": "2025-03-04",
            "city": "Oslo",
            "country": "NO",
            "languages": ["es", "pt-BR"],
        },
        "about": {"es": ["Uno.", "Dos."], "pt-BR": "Um."},
        "questions": [{"es": "¿Por qué?"}, "Why?"],
        "organisers": [{"name": {"es": "Fundación"}}],
    }
    assert list(validator.iter_errors(event)) == []
    event["event"]["title"] = {"Spanish": "Datos"}
    assert [list(e.absolute_path) for e in validator.iter_errors(event)] == [["event", "title"]]


def test_a_text_in_none_of_the_events_languages_is_an_error(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: A Small Meeting", "title: {de: Ein Treffen, fr: Réunion}")
    with pytest.raises(InputError) as raised:
        prepared(write_event(tmp_path, text))
    (problem,) = raised.value.problems
    assert problem.field == "event.title"
    assert "written in de, fr" in problem.message and "none of the languages" in problem.message


def test_language_and_languages_are_not_given_together(tmp_path: Path) -> None:
    text = MINIMAL.replace("country: NO", "country: NO\n  language: en\n  languages: [en, es, en]")
    with pytest.raises(InputError) as raised:
        prepared(write_event(tmp_path, text))
    found = sorted((p.field, p.message) for p in raised.value.problems)
    assert found[0][0] == "event.language" and "not both" in found[0][1]
    assert found[1] == ("event.languages[2]", "'en' is given twice")


def test_a_colon_in_a_list_item_is_still_told_as_one(tmp_path: Path) -> None:
    """`- Consent: who gives it?` is a mapping to YAML, not text by language."""
    text = MINIMAL + "questions:\n  - Consent: who gives it?\n"
    with pytest.raises(InputError) as raised:
        prepared(write_event(tmp_path, text))
    assert "quotes" in str(raised.value)


@pytest.mark.slow
def test_two_languages_from_one_file_make_two_packs(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", BILINGUAL)
    written = build(source, tmp_path / "output", only=("brochure", "calendar"))
    names = sorted(path.relative_to(tmp_path / "output").as_posix() for path in written)
    assert names == [
        "en/brochure-booklet.pdf",
        "en/brochure.pdf",
        "en/programme.ics",
        "es/brochure-booklet.pdf",
        "es/brochure.pdf",
        "es/programme.ics",
    ]
    spanish = " ".join(pdftotext(tmp_path / "output" / "es" / "brochure.pdf").split())
    english = " ".join(pdftotext(tmp_path / "output" / "en" / "brochure.pdf").split())
    assert "Datos abiertos" in spanish and "Índice" in spanish and "Open Data" not in spanish
    assert "Open Data" in english and "Contents" in english and "Índice" not in english
    assert "martes, 4 de marzo de 2025" in spanish and "Tuesday 4 March 2025" in english
    calendar = (tmp_path / "output" / "es" / "programme.ics").read_text(encoding="utf-8")
    assert "SUMMARY;LANGUAGE=es:Apertura" in calendar


def test_a_text_lacking_several_languages_is_warned_about_once_naming_them_all(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The field test: "not written in ar" for a title written in English alone at an
    ar/en/fr event, which lacks French too."""
    from brochure.cli import main

    source = write_event(
        tmp_path,
        "event: {title: {ar: منتدى, en: Forum, fr: Forum}, date: 2027-04-13, city: Amman,\n"
        "  country: JO, languages: [ar, en, fr]}\n"
        "about: {ar: منتدى, en: A forum., fr: Un forum.}\n"
        "organisers: [{name: SESAME}]\n"
        "programme:\n"
        "  - {title: {en: First lasing}, start: 9:00, end: 10:00}\n"
        "  - {title: {en: Lunch, fr: Déjeuner}, start: 12:00, end: 13:00}\n",
    )
    assert main(["check", str(source)]) == 0
    said = [line for line in capfd.readouterr().err.splitlines() if "not written in" in line]
    assert said == [
        f"{source}:6:6: programme[0].title: warning: not written in ar or fr: the ar and fr "
        "packs print it in en",
        f"{source}:7:6: programme[1].title: warning: not written in ar: the ar pack prints "
        "it in en",
    ]
