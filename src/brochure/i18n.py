"""Translations and locale-aware formatting of dates, times, time zones, countries and lists.

Every fixed word that brochure prints goes through `gettext` here (templates use `_()`,
Python marks words with `N_` where they are defined, `NP_` with a context). The
catalogues are gettext `.po` files in `locale/` (`make messages` extracts and updates
them; catalogue.py reads them); they are compiled when a build first needs one, in
memory, so there is no compiled file to forget. A language tag finds its catalogues by
CLDR's subtags (catalogue_chain: zh-TW is zh_Hant). Dates, times, time zones and country
names come from CLDR through Babel, lists through ICU (which Babel lacks the contextual
forms of), in one style per place (see Formatter).

The source text, and the `en` catalogue, is British English; `en-US` has American
spellings. A word a catalogue lacks, or every word of a language with no catalogue, is
printed in English and marked as English (`Foreign`), so hyphenation, casing, screen
readers and spell-checkers treat it as English.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import typing
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone,
    get_timezone_location,
    parse_pattern,
    tokenize_pattern,
)
from babel.support import NullTranslations, Translations

from brochure import catalogue
from brochure.catalogue import CATALOGUES as CATALOGUES
from brochure.catalogue import DOMAIN
from brochure.catalogue import N_ as N_
from brochure.textrules import Foreign as Foreign
from brochure.textrules import isolated, joined
from brochure.typography import GUILLEMET_SPACES, Quotes, first_strong, unbreakable

#: The language of brochure's own words (the msgids): British English.
SOURCE_LANGUAGE = "en-GB"
#: Tags whose CLDR data is not what brochure prints for them: a bare `en` is British
#: English, the source text's (CLDR's bare `en` is American: "December 8", "2:00 PM").
FORMAT_LOCALES = {"en": "en_GB"}
#: Long dates where CLDR's differ from the language's house style. CLDR's en_GB full date
#: has a comma after the weekday; British style guides (New Hart's Rules, GOV.UK) have
#: none: "Thursday 8 December 2016".
LONG_DATES = {"en_GB": "EEEE d MMMM y"}
#: The sign of an offset west of Greenwich: ISO 8601's hyphen-minus, "UTC-6". (The minus
#: sign U+2212 would be finer, but EB Garamond 12, the brochure's text face as Debian ships
#: it, draws a raised ampersand for it; and UAX #14 never breaks a line between a
#: hyphen-minus and a digit.)
MINUS = "-"


class _English(NullTranslations):
    """The end of every catalogue chain for a language other than English: the source
    text, marked as English."""

    def gettext(self, message: str) -> str:
        return Foreign(message, SOURCE_LANGUAGE)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return Foreign(msgid1 if n == 1 else msgid2, SOURCE_LANGUAGE)

    def pgettext(self, context: str, message: str) -> str:
        return Foreign(message, SOURCE_LANGUAGE)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return Foreign(msgid1 if n == 1 else msgid2, SOURCE_LANGUAGE)

    # Babel's NullTranslations keeps Python 2's names bound to the standard library's
    # methods, and Jinja calls those first: they must be these.
    ugettext = gettext
    ungettext = ngettext


def locale_of(tag: str) -> Locale:
    """The CLDR locale that prints a BCP 47 tag (`en` is British: FORMAT_LOCALES): the
    nearest one with data in the tag's script (cldr_locale), else English."""
    return Locale.parse(cldr_locale(tag)[0])


#: What prints a tag CLDR has no data for: the source text's English.
FALLBACK_LOCALE = "en_GB"
#: A locale names at least this share of ISO 3166-1's countries to print countries:
#: CLDR's locales of a script a language is seldom written in hold few or none (pa_Arab,
#: ks_Deva, ms_Arab name under 6%), every locale of a language written in it over 50%.
COUNTRY_COVERAGE = 0.5


def written_script(name: str) -> str | None:
    """The script a CLDR locale name is written in: its script subtag, else its
    language's (and region's) most likely script (CLDR likely subtags: he is Hebr, sr is
    Cyrl, zh_TW Hant); None when CLDR knows none."""
    language, territory, script, *_ = parse_locale(name)
    if script:
        return script
    likely = get_global("likely_subtags")
    found = likely.get(f"{language}_{territory}") if territory else None
    found = found or likely.get(language)
    return parse_locale(str(found))[2] if found else None


def _has_data(locale: Locale) -> bool:
    """Whether a CLDR locale holds its own dates and country names rather than only CLDR
    root's placeholders (months "M03", countries by their codes): az_Arab and zh_Latn
    hold none, pa_Arab no country names."""
    from brochure import iso3166

    if re.fullmatch(r"M\d+", locale.months["format"]["wide"].get(3, "M03")):
        return False
    named = sum(code in locale.territories for code in iso3166.SHORT_NAMES)
    return named >= COUNTRY_COVERAGE * len(iso3166.SHORT_NAMES)


def _parent(name: str) -> str | None:
    """CLDR's parent locale of name (parentLocales, else its last subtag cut off);
    None after a language alone (whose parent is root)."""
    parent = get_global("parent_exceptions").get(name)
    if parent:
        return None if parent == "root" else str(parent)
    return name.rsplit("_", 1)[0] if "_" in name else None


@functools.lru_cache(maxsize=256)
def cldr_locale(tag: str) -> tuple[str, bool]:
    """The CLDR locale that prints tag, and whether it is the tag's own (or an ancestor's
    in its script): the tag's locale or the nearest of its CLDR parents that holds data
    (_has_data) and is written in the tag's script (he-Latn is not printed by he, whose
    script is Hebrew); else FALLBACK_LOCALE, English (CLDR's root holds placeholders,
    never words: "M03 4, Tue 2025"), with False."""
    name = tag.replace("-", "_")
    name = FORMAT_LOCALES.get(name, name)
    try:
        asked = parse_locale(name)[2]
    except ValueError:
        return FALLBACK_LOCALE, False
    candidate: str | None = name
    while candidate:
        try:
            locale = Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            locale = None
        # Babel drops a script it has no locale for (he_Latn parses as he): the script
        # is then checked on the locale found.
        if (
            locale is not None
            and (asked is None or written_script(str(locale)) == asked)
            and _has_data(locale)
        ):
            return str(locale), True
        candidate = _parent(candidate)
    return FALLBACK_LOCALE, False


def language_direction(tag: str) -> str:
    """rtl or ltr: the direction a tag's language is written in, by its script subtag
    (script_direction), else CLDR's character order of its language, whatever locale
    prints it (dv is right to left though CLDR has no dates for it)."""
    by_script = script_direction(tag)
    if by_script:
        return by_script
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def script_direction(tag: str) -> str | None:
    """The direction of the script a BCP 47 tag names (he-Latn: ltr; az-Arab: rtl), read
    from CLDR: the character order of the script's most likely language (likely
    subtags: und-Hebr is he-Hebr-IL). None when the tag names no script."""
    from babel.core import get_global, parse_locale

    try:
        script = parse_locale(tag.replace("-", "_"))[2]
    except ValueError:
        return None
    if script is None:
        return None
    likely = get_global("likely_subtags").get(f"und_{script}")
    if likely is None:  # Latn, and scripts CLDR knows no language for: left to right
        return "ltr"
    return "rtl" if Locale.parse(likely).character_order == "right-to-left" else "ltr"


def printed_tag(tag: str) -> str:
    """The tag as documents declare it (HTML `lang`, PDF /Lang): `en` is `en-GB`."""
    return str(locale_of(tag)).replace("_", "-") if tag.replace("_", "-") == "en" else tag


#: Language tags whose catalogue has another name: CLDR's `no` locale is Norwegian
#: Bokmål, whose catalogue is `nb` (Nynorsk, `nn`, is a written standard of its own).
CATALOGUE_ALIASES = {"no": "nb"}


def catalogues() -> tuple[str, ...]:
    """The languages brochure has catalogues for, as locale names (en, en_US, zh_Hans...)."""
    return catalogue.catalogues()


def catalogue_chain(tag: str) -> tuple[str, ...]:
    """The catalogues that translate tag, most specific first: the tag's own (pt_BR),
    its script's (zh-TW and zh-HK are written in Traditional Chinese: zh_Hant; zh-CN and
    zh in Simplified: zh_Hans, by CLDR's likely subtags), its language's (pt); with
    none of these, the language's most likely region's (pt is served by pt_BR). Empty
    when brochure has none."""
    return _chain(tag, catalogue.CATALOGUES)


@functools.lru_cache(maxsize=256)
def _chain(tag: str, folder: Path) -> tuple[str, ...]:
    """catalogue_chain, once per tag and catalogues' folder (a kind is looked up for
    every programme item)."""
    locale = Locale.parse(tag.replace("-", "_"))
    # CLDR's likely subtags as parts: a likely locale need not have data of its own.
    _, likely_territory, likely_script, *_ = parse_locale(
        str(get_global("likely_subtags").get(locale.language, locale.language))
    )
    language = CATALOGUE_ALIASES.get(locale.language, locale.language)
    script = locale.script or likely_script
    wanted = [
        str(locale),
        f"{language}_{script}" if script else "",
        f"{language}_{locale.territory}" if locale.territory else "",
        language,
    ]
    # A catalogue in another script than the tag's is not the tag's (he-Latn is not
    # served by he, in Hebrew letters; sr-Latn not by a Cyrillic sr).
    asked = parse_locale(tag.replace("-", "_"))[2]
    have = {
        name
        for name in catalogue.catalogues(folder)
        if asked is None or written_script(name) == asked
    }
    chain = [name for name in dict.fromkeys(wanted) if name in have]
    if not chain and likely_territory:
        name = f"{language}_{likely_territory}"
        if name in have:
            chain.append(name)
    return tuple(chain)


def has_catalogue(tag: str) -> bool:
    """Whether tag's fixed words are translated (English needs no catalogue)."""
    return is_english(tag) or bool(catalogue_chain(tag))


def is_english(tag: str) -> bool:
    return Locale.parse(tag.replace("-", "_")).language == "en"


def translations_for(language: str) -> NullTranslations:
    """The gettext catalogues for a BCP 47 tag, chained: a message the first lacks comes
    from the next, and at the end in English (marked Foreign unless the tag is English)."""
    chain: NullTranslations = NullTranslations() if is_english(language) else _English()
    for name in reversed(catalogue_chain(language)):
        # A fresh object per chain: add_fallback changes the one it is given.
        found = Translations(io.BytesIO(catalogue.compiled(catalogue.path_of(name))), domain=DOMAIN)
        found.add_fallback(chain)
        chain = found
    return chain


@dataclass(frozen=True)
class Formatter:
    """Formats values for one language; every output formats through it, and the shared
    view (outputs/view.py) holds what several outputs print, so each kind of date is
    written one way everywhere:

    - long, for covers and headings: Thursday 8 December 2016; a range without weekdays,
      whole: 8–9 December 2016 (`date_long`, `date_range`);
    - short, for badges and tables: 8 Dec 2016, 8–9 Dec 2016 (`date_short`,
      `date_range_short`);
    - times as CLDR writes them for the language: 12:30–14:00 (en, es, pt, fr), 12:30 –
      2:00 PM (en-US);
    - the time zone in the language's own words, with its offset on the day:
      Mexico City time, UTC-6.
    """

    language: str
    """The BCP 47 tag the event file gives (en, en-US, es, pt-BR)."""
    translations: NullTranslations = field(compare=False)
    """The catalogue of the language's fixed words (gettext)."""

    @classmethod
    def for_language(cls, language: str) -> Formatter:
        return cls(language, translations_for(language))

    @cached_property
    def locale(self) -> Locale:
        """CLDR's data for the language (Babel)."""
        return locale_of(self.language)

    @property
    def tag(self) -> str:
        """The language as documents declare it (`en` is en-GB)."""
        return printed_tag(self.language)

    @cached_property
    def direction(self) -> str:
        """rtl for a language written right to left (CLDR character order: ar, he, fa,
        ur...), else ltr: the base direction of every output. A tag's script subtag
        decides over its language (script_direction): he-Latn is ltr, az-Arab rtl."""
        return language_direction(self.language)

    def direction_of(self, text: str) -> str:
        """The direction a paragraph of text takes by itself: that of its first letter
        with a strong direction (UAX #9 rules P2-P3, as HTML's dir=auto), or the
        language's when it has none."""
        return first_strong(text) or self.direction

    @cached_property
    def quotes(self) -> Quotes:
        """The language's quotation marks, outer and inner (CLDR delimiters, through
        ICU: Babel does not carry them), and the space its guillemets hold inside
        (typography.GUILLEMET_SPACES: French « texte »)."""
        import icu  # pyicu-wheels; loaded only when text is typeset

        data = icu.LocaleData(str(self.locale))
        start, end, inner_start, inner_end = (data.getDelimiter(kind) for kind in range(4))
        space = GUILLEMET_SPACES.get(self.locale.language, "")
        return Quotes(start, end, inner_start, inner_end, space)

    def gettext(self, message: str) -> str:
        """A fixed word in the pack's language (the catalogue's; English where it lacks it,
        marked as English)."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a fixed phrase for n, by the language's plural rules (CLDR)."""
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        # Babel's pgettext is typed as returning an object: a str, or a Foreign one.
        return typing.cast(str, self.translations.pgettext(context, message))

    # dates ----------------------------------------------------------------------
    def date_long(self, day: dt.date) -> str:
        """Thursday 8 December 2016 (as the language writes it)."""
        pattern = LONG_DATES.get(str(self.locale))
        if pattern:
            return format_date(day, pattern, locale=self.locale)
        return format_date(day, "full", locale=self.locale)

    def date_short(self, day: dt.date) -> str:
        """8 Dec 2016."""
        return format_date(day, "medium", locale=self.locale)

    def weekday(self, day: dt.date) -> str:
        """Wed: the day of the week, abbreviated."""
        return format_skeleton("E", day, locale=self.locale)

    def weekday_short(self, day: dt.date) -> str:
        """Wed 10 Jun: a day of an event that spans few, without its year."""
        return format_skeleton("MMMEd", day, locale=self.locale)

    def date_range(self, first: dt.date, last: dt.date | None) -> str:
        """The long form: Thursday 8 December 2016; a range whole, without weekdays:
        8–9 December 2016, 30 December 2016 – 2 January 2017."""
        if last is None or last == first:
            return self.date_long(first)
        return self._interval(first, last, wide=True)

    def date_range_short(self, first: dt.date, last: dt.date | None) -> str:
        """The short form: 8 Dec 2016, 8–9 Dec 2016."""
        if last is None or last == first:
            return self.date_short(first)
        return self._interval(first, last, wide=False)

    def _interval(self, first: dt.date, last: dt.date, wide: bool) -> str:
        """A range of days by CLDR's interval formats for day, month and year: yMMMd, or
        wide (months written out) the locale's yMMMMd, else its yMMMd with the month's
        width adjusted (MMM to MMMM), as UTS #35 adjusts a field's width where a locale
        has no pattern of its own for a skeleton."""
        own = self.locale.interval_formats.get("yMMMMd") if wide else None
        formats = own or self.locale.interval_formats.get("yMMMd")
        greatest = "y" if first.year != last.year else "M" if first.month != last.month else "d"
        patterns = list(formats.get(greatest) or formats.get("y") or []) if formats else []
        if len(patterns) != 2:
            single = self.date_long if wide else self.date_short
            return f"{single(first)} – {single(last)}"
        if wide and not own and self._long_month_written_out:
            patterns = [re.sub(r"(?<![ML])([ML])\1\1(?!\1)", r"\1\1\1\1", p) for p in patterns]
        return "".join(
            parse_pattern(pattern).apply(day, self.locale)
            for pattern, day in zip(patterns, (first, last), strict=True)
        )

    @cached_property
    def _long_month_written_out(self) -> bool:
        """Whether the language's long date writes the month's name out (MMMM: "8
        December 2016") rather than its number (M: Chinese and Japanese "2016年12月8日",
        where the wide name 十二月 would be out of place): the width a range of days takes
        when it is widened to the long form."""
        pattern = self.locale.date_formats["long"].pattern
        return any(
            kind == "field" and value[0] in "ML" and int(value[1]) >= 4
            for kind, value in tokenize_pattern(pattern)
        )

    # times ----------------------------------------------------------------------
    @cached_property
    def twelve_hour(self) -> bool:
        """Whether the language writes times on a 12-hour clock (8:30 AM) rather than a
        24-hour one (08:30, 8 h 30): the hour field of its short time format (CLDR
        `h` or `K` against `H` or `k`, UTS #35), which follows the language and region
        together as CLDR's timeData does (fr-CA 24-hour, en-CA 12-hour). A letter
        quoted in the pattern is text, not a field ("HH 'h' mm")."""
        pattern = self.locale.time_formats["short"].pattern
        return any(
            kind == "field" and value[0] in "hK" for kind, value in tokenize_pattern(pattern)
        )

    def time(self, moment: dt.time) -> str:
        """08:30, 8:30 AM, 08 h 30: as CLDR writes a time, never broken across lines."""
        try:
            text = format_time(moment, "short", locale=self.locale)
        except NotImplementedError:  # a CLDR field Babel cannot fill: 24-hour digits
            text = format_time(moment, "HH:mm", locale=self.locale)
        return unbreakable(text, str(self.locale))

    def time_range(self, start: dt.time | None, end: dt.time | None) -> str:
        """12:30–14:00 (12:30 – 2:00 PM in en-US); a start alone; '' when no time is known.
        Never broken across lines (typography.unbreakable): a range is read whole."""
        if start and end:
            skeleton = "hm" if self.twelve_hour else "Hm"
            try:
                text = format_interval(start, end, skeleton, locale=self.locale)
            except NotImplementedError:
                # Babel lacks some CLDR fields (the day period `B` of zh-Hant): the two
                # times, each as CLDR writes it, with the interval's en dash.
                text = f"{self.time(start)}\u2013{self.time(end)}"
            return unbreakable(text, str(self.locale))
        return self.time(start) if start else ""

    def moment_range(self, start: dt.datetime, end: dt.datetime) -> str:
        """Fri 18:00 – Sat 16:00: a span over days, by weekday and time; each end never
        broken across lines."""
        skeleton = "Ehm" if self.twelve_hour else "EHm"
        first, last = (
            unbreakable(format_skeleton(skeleton, moment, locale=self.locale), str(self.locale))
            for moment in (start, end)
        )
        return f"{first} – {last}"

    def timezone(
        self, name: str | None, on: dt.datetime | None = None, offset: str | None = None
    ) -> str:
        """Mexico City time, UTC-6: the zone's city (CLDR's exemplar city, in this
        language) and its offset from UTC at the moment on (the event's start: daylight
        saving time counts); "UTC-5" alone for a zone with no city (Etc/GMT+5, UTC).

        A zone is never named after another city: an alias (America/Montreal, which
        tzdata and CLDR fold into America/Toronto; Asia/Calcutta; US/Eastern) has no
        exemplar city of its own, so it is named by its metazone's generic name (UTS #35
        generic non-location format: "Eastern Time, UTC-4", "UTC-4, heure de l'Est"),
        or by its offset alone when CLDR has no such name, or names it after the city
        the alias was folded into.

        offset: the offset as printed instead (the offsets of an event's days, when its
        days have different ones: "UTC+1 (28 Mar 2026), UTC+2 (29–30 Mar 2026)")."""
        if not name:
            return ""
        if offset is None:
            moment = (on or dt.datetime(2000, 1, 1)).replace(tzinfo=zoneinfo.ZoneInfo(name))
            offset = utc_offset(moment.utcoffset() or dt.timedelta())
        canonical = get_global("zone_aliases").get(name, name)
        if canonical.startswith("Etc/") or "/" not in canonical:
            return offset
        city = get_timezone_location(get_timezone(canonical), locale=self.locale, return_city=True)
        if canonical != name:
            generic = self.metazone_name(canonical)
            # Some metazones are named after a city ("Ürümqi Time" holds Asia/Kashgar).
            if not generic or city in generic:
                return offset
            # Translators: a time zone's name (CLDR's: "Eastern Time") and its offset.
            pattern = N_("%(zone)s, %(offset)s")
            return self.gettext(pattern) % {"zone": generic, "offset": offset}
        return self.gettext(N_("%(city)s time, %(offset)s")) % {"city": city, "offset": offset}

    def metazone_name(self, zone: str) -> str:
        """The generic name of the CLDR metazone a canonical zone is in, in this
        language ("Eastern Time", "heure de l'Est"): the metazone's long generic name,
        or its standard name where it keeps no daylight time ("India Standard Time");
        '' when CLDR has neither (UTS #35, generic non-location format)."""
        metazone = get_global("meta_zones").get(zone)
        names = self.locale.meta_zones.get(metazone, {}).get("long", {}) if metazone else {}
        if "generic" in names:
            return str(names["generic"])
        if "standard" in names and "daylight" not in names:
            return str(names["standard"])
        return ""

    def labelled(self, label: str, value: str = "") -> str:
        """label and its colon as the language writes them ("Date: ", French "Date : "),
        then value."""
        # Translators: a label and its colon, before its value ("Date: 8 May").
        pattern = N_("%(label)s: ")
        return self.gettext(pattern) % {"label": label} + value

    def hours(self, value: float) -> str:
        """A duration in hours as the language writes it, in its plural by CLDR's rules
        for decimals: 7.5 hours, 7,5 Stunden, 1 heure (CLDR's unit duration-hour)."""
        from babel.units import format_unit

        return str(format_unit(round(value, 2), "duration-hour", locale=self.locale))

    # places and lists -----------------------------------------------------------
    def country(self, value: str | None) -> str:
        """A country's name in this language, from an ISO code or as written; English's
        name for one the language's CLDR locale lacks (never the bare code, CLDR root's
        placeholder)."""
        if not value:
            return ""
        found = self.locale.territories.get(value)
        return str(found or Locale.parse(FALLBACK_LOCALE).territories.get(value, value))

    def place(self, city: str, region: str | None, country: str | None) -> str:
        """Guadalajara, Jalisco, Mexico."""
        return self.parts((city, region, self.country(country)))

    @cached_property
    def separator(self) -> str:
        """What the language puts between the parts of a line ("room, venue", "position,
        organisation, country"): the punctuation between two items of CLDR's list
        patterns (standard, else unit-short, without the conjunction a pattern adds: Arabic
        writes "{0} و{1}" and "{0}، و{1}"): ", " in English and French, "، " in Arabic,
        "、" in Chinese, a space in Thai, which has none."""
        patterns = self.locale.list_patterns
        found: list[str] = []
        for style in ("standard", "unit-short"):
            start = str(patterns.get(style, {}).get("start", ""))
            between = start.partition("{0}")[2].partition("{1}")[0]
            punctuation = re.match(r"[^\w]*", between)
            found.append(punctuation.group() if punctuation else "")
        return next((sep for sep in found if sep.strip()), found[0] or " ")

    def parts(self, parts: Iterable[str | None]) -> str:
        """The parts that are given, each set apart for direction (textrules.joined), with
        the language's separator between them (separator)."""
        return joined(self.separator, parts)

    def date_and_time(self, date: str, time: str) -> str:
        """A date and a time as one phrase, by CLDR's dateTimeFormat (medium): "8 Dec,
        10:00", Arabic "13 أبريل، 10:00", Japanese "12月8日 10:00"; the date alone when
        there is no time."""
        if not (date and time):
            return date or time
        pattern = str(self.locale.datetime_formats["medium"])
        return pattern.replace("{1}", isolated(date)).replace("{0}", isolated(time))

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """A, B and C: CLDR's list patterns, through ICU, which also gives a conjunction
        the form it takes before the next item (Babel does not): Spanish "Ana e Inés",
        Hebrew "ו-CivicData Lab" (a hyphen before a word in another script). Each item
        is then set apart for direction (textrules.isolated): marked before, the marks
        would hide its first letter from ICU."""
        if not items:
            return ""
        import icu  # pyicu-wheels; loaded only when a list is printed

        formatter = icu.ListFormatter.createInstance(icu.Locale(str(self.locale)))
        formatted = formatter.formatStringsToValue(list(items))
        text = str(formatted)
        # ICU's positions count UTF-16 code units: a character beyond the BMP counts two.
        index = {0: 0}
        units = 0
        for at, char in enumerate(text, 1):
            units += 2 if ord(char) > 0xFFFF else 1
            index[units] = at
        spans = []
        position = icu.ConstrainedFieldPosition()
        position.constrainCategory(icu.UFieldCategory.LIST_SPAN)
        while formatted.nextPosition(position):
            spans.append((index[position.getStart()], index[position.getLimit()]))
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + isolated(text[start:end]) + text[end:]
        return text


def utc_offset(offset: dt.timedelta) -> str:
    """UTC-6, UTC+5:30, UTC+0: an offset as people write it beside a zone (ISO 8601's
    hours and minutes)."""
    minutes = round(offset.total_seconds() / 60)
    sign = MINUS if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def matching_languages(languages: typing.Sequence[str], asked: str) -> list[str]:
    """The event's languages a requested tag names, by one rule for every place a
    language is asked for (bilingual, badge --language, serve --door --language):

    1. the same tag, case and `_` aside;
    2. else the event's tags the request is a prefix of (RFC 4647 basic filtering: `fr`
       names fr-CA, `sr` names sr-Latn);
    3. else the request made shorter subtag by subtag (RFC 4647 lookup: en-GB is served by
       en), when the tag found is written in the request's script (sr-Cyrl is served by
       sr, written in Cyrillic, never by sr-Latn; he-Latn not by he).

    Returns every tag the first rule that finds any finds: none, one, or several when the
    request is ambiguous (`sr` for an event in sr-Latn and sr-Cyrl)."""
    folded = {tag.replace("_", "-").casefold(): tag for tag in languages}
    wanted = asked.strip().replace("_", "-").casefold()
    if wanted in folded:
        return [folded[wanted]]
    below = [tag for key, tag in folded.items() if key.startswith(wanted + "-")]
    if below:
        return below
    try:
        script = written_script(wanted.replace("-", "_"))
    except ValueError:
        return []
    parts = wanted.split("-")
    for end in range(len(parts) - 1, 0, -1):
        if len(parts[end - 1]) == 1:  # RFC 4647 3.4: a singleton goes with what follows
            continue
        key = "-".join(parts[:end])
        if key in folded and _script_of_tag(folded[key]) == script:
            return [folded[key]]
    return []


def _script_of_tag(tag: str) -> str | None:
    try:
        return written_script(tag.replace("-", "_"))
    except ValueError:
        return None
