"""Translations and locale-aware formatting of dates, times, countries and lists.

Every fixed word that brochure prints goes through `gettext` here (templates use
`_()` / `{% trans %}`), so adding es, pt or fr is a catalogue in `locale/`, not a code
change. Dates, times and country names already come from CLDR through Babel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from babel import Locale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone,
    get_timezone_location,
)
from babel.lists import format_list
from babel.support import NullTranslations, Translations

from brochure.textrules import isolated, joined
from brochure.typography import Quotes, first_strong

CATALOGUES = Path(__file__).parent / "locale"


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; it is translated where used."""
    return message


def translations_for(language: str) -> NullTranslations:
    """The gettext catalogue for a BCP 47 language tag, or none (English source text)."""
    locale = str(Locale.parse(language.replace("-", "_")))
    return Translations.load(CATALOGUES, [locale, locale.split("_")[0]], domain="messages")


@dataclass(frozen=True)
class Formatter:
    """Formats values for one event language; templates and renderers share it."""

    language: str
    translations: NullTranslations = field(compare=False)

    @classmethod
    def for_language(cls, language: str) -> Formatter:
        return cls(language, translations_for(language))

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.language.replace("-", "_"))

    @cached_property
    def direction(self) -> str:
        """rtl for a language written right to left (CLDR character order: ar, he, fa,
        ur...), else ltr: the base direction of every output."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def direction_of(self, text: str) -> str:
        """The direction a paragraph of text takes by itself: that of its first letter
        with a strong direction (UAX #9 rules P2-P3, as HTML's dir=auto), or the
        language's when it has none."""
        return first_strong(text) or self.direction

    @cached_property
    def quotes(self) -> Quotes:
        """The language's quotation marks, outer and inner (CLDR delimiters, through
        ICU: Babel does not carry them)."""
        import icu  # pyicu-wheels; loaded only when text is typeset

        data = icu.LocaleData(str(self.locale))
        return Quotes(*(data.getDelimiter(kind) for kind in range(4)))

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def date_long(self, day: dt.date) -> str:
        """Thursday, December 8, 2016 (as the language writes it)."""
        return format_date(day, "full", locale=self.locale)

    def date_short(self, day: dt.date) -> str:
        """Dec 8, 2016."""
        return format_date(day, "medium", locale=self.locale)

    def weekday(self, day: dt.date) -> str:
        """Wed: the day of the week, abbreviated."""
        return format_skeleton("E", day, locale=self.locale)

    def weekday_short(self, day: dt.date) -> str:
        """Wed 10 Jun: a day of an event that spans few, without its year."""
        return format_skeleton("MMMEd", day, locale=self.locale)

    def date_range_short(self, first: dt.date, last: dt.date | None) -> str:
        """Dec 8, 2016 or May 14 – 15, 2025."""
        if last is None or last == first:
            return self.date_short(first)
        try:
            return format_interval(first, last, "yMMMd", locale=self.locale)
        except NotImplementedError:
            return f"{self.date_short(first)}\u2013{self.date_short(last)}"

    def date_range(self, first: dt.date, last: dt.date | None) -> str:
        if last is None or last == first:
            return self.date_long(first)
        try:
            return format_interval(first, last, "yMMMMEEEEd", locale=self.locale)
        except NotImplementedError:
            return f"{self.date_long(first)} \u2013 {self.date_long(last)}"

    def time(self, moment: dt.time) -> str:
        try:
            return format_time(moment, "short", locale=self.locale)
        except NotImplementedError:  # a CLDR field Babel cannot fill: 24-hour digits
            return format_time(moment, "HH:mm", locale=self.locale)

    def time_range(self, start: dt.time | None, end: dt.time | None) -> str:
        """12:30 – 2:00 PM; a start alone; '' when no time is known."""
        if start and end:
            skeleton = "hm" if "h" in self.locale.time_formats["short"].pattern else "Hm"
            try:
                return format_interval(start, end, skeleton, locale=self.locale)
            except NotImplementedError:
                # Babel lacks some CLDR fields (the day period `B` of zh-Hant): the two
                # times, each as CLDR writes it, with the interval's en dash.
                return f"{self.time(start)}\u2013{self.time(end)}"
        return self.time(start) if start else ""

    def moment_range(self, start: dt.datetime, end: dt.datetime) -> str:
        """Fri 18:00 – Sat 16:00: a span over days, by weekday and time."""
        skeleton = "Ehm" if "h" in self.locale.time_formats["short"].pattern else "EHm"
        first, last = (
            format_skeleton(skeleton, moment, locale=self.locale) for moment in (start, end)
        )
        return f"{first} – {last}"

    def timezone(self, name: str | None) -> str:
        """Mexico (Mexico City) Time."""
        return get_timezone_location(get_timezone(name), locale=self.locale) if name else ""

    def country(self, value: str | None) -> str:
        """A country's name in this language, from an ISO code or as written."""
        if not value:
            return ""
        return str(self.locale.territories.get(value, value))

    def place(self, city: str, region: str | None, country: str | None) -> str:
        """Guadalajara, Jalisco, Mexico."""
        return joined(", ", (city, region, self.country(country)))

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """A, B and C."""
        return format_list([isolated(item) for item in items], locale=self.locale) if items else ""
