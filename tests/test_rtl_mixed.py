"""Texts in another language than an Arabic pack's (an English title, an English
address) keep their own direction; joins use the language's separators (CLDR)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import build, pdftotext, write_event

from brochure.textrules import FSI, PDI, Foreign, isolates_directed, set_apart

ARABIC = """
event:
  title: {ar: منتدى عمّان, en: Amman Forum}
  date: 2027-04-13
  end_date: 2027-04-14
  start: 9:00
  end: 17:00
  timezone: Asia/Amman
  city: {ar: عمّان, en: Amman}
  country: JO
  languages: [ar, en]
  venue:
    name: {ar: مركز المؤتمرات, en: Convention Centre}
    address:
      ar: |
        شارع الملك عبدالله الثاني 15
        عمّان 11181
about: {ar: يجمع المنتدى الباحثين., en: The forum brings researchers together.}
organisers:
  - name: SESAME
    country: JO
people:
  - name: {ar: ليلى حداد, en: Layla Haddad}
    id: layla
    organisation: SESAME
    country: JO
    role: speaker
    bio: {ar: "باحثة في SESAME منذ 2015 وعضوة في مجلسه."}
  - name: Evgeny Schneidmiller
    id: evgeny
    role: speaker
programme:
  - title: {en: "Attosecond pulses at the European XFEL: first results at SASE3"}
    date: 2027-04-13
    start: 10:30
    end: 11:00
    people: [evgeny]
  - title: {en: "In memory of M. Billardon."}
    date: 2027-04-14
    start: 10:30
    end: 11:00
    people: [layla]
"""


def test_isolated_runs_get_their_own_direction() -> None:
    line = f"{FSI}الثلاثاء: {set_apart('Title: first')} (رئاسة)، قاعة{PDI}"
    html = isolates_directed(f"<html><body><li>{line}</li></body></html>", "rtl")
    assert f'<span dir="ltr">{FSI}Title: first{PDI}</span>' in html
    # The Arabic line around it reads as the page does: no span of its own.
    assert html.count("<span") == 1
    # An Arabic name in an English page is marked the other way; attributes are left.
    html = isolates_directed(f'<body title="{FSI}x{PDI}"><p>{FSI}عمان{PDI}</p></body>', "ltr")
    assert f'title="{FSI}x{PDI}"' in html
    assert f'<span dir="rtl">{FSI}عمان{PDI}</span>' in html


def test_foreign_text_carries_lang_and_dir() -> None:
    assert Foreign("In memory of M.", "en").__html__() == (
        '<span lang="en" dir="ltr">In memory of M.</span>'
    )
    assert 'dir="rtl"' in Foreign("عمّان", "ar").__html__()


@pytest.fixture(scope="module")
def arabic_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("arabic")
    source = write_event(folder / "source", ARABIC)
    build(source, folder / "output", only=["brochure"])
    return folder / "output"


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.slow
def test_english_titles_read_in_order_in_the_arabic_brochure(arabic_pack: Path) -> None:
    text = _words(pdftotext(arabic_pack / "ar" / "brochure.pdf"))
    # In reading order, the punctuation at the end of its own run: never ".In memory".
    assert "In memory of M. Billardon." in text
    assert ".In memory" not in text
    assert ":Attosecond" not in text
    assert "European XFEL: first" in text


def test_parts_and_date_time_take_the_languages_separators() -> None:
    from brochure.i18n import Formatter

    arabic, english = Formatter.for_language("ar"), Formatter.for_language("en")

    def bare(text: str) -> str:
        return text.replace(FSI, "").replace(PDI, "")

    assert bare(arabic.parts(("عمّان", None, "الأردن"))) == "عمّان، الأردن"
    assert english.parts(("Amman", "Jordan")) == "Amman, Jordan"
    assert bare(arabic.date_and_time("13 أبريل", "10:00")) == "13 أبريل، 10:00"


@pytest.mark.slow
def test_no_latin_comma_joins_the_arabic_brochure(arabic_pack: Path) -> None:
    text = pdftotext(arabic_pack / "ar" / "brochure.pdf")
    # The affiliation (organisation, country) and a session's day and time.
    assert not re.search(r"SESAME\s*,", text)
    assert not re.search(r"أبريل\s*,", text)
    assert "،" in text
