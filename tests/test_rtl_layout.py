"""An Arabic pack's pages mirror: parallel rooms (the first at the right, as on the wall
timetable), the practical details (labels at the right, values to their left); the
bilingual edition sets its second language's lines as its own pack does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import build, pdftotext, write_event

ARABIC = """
event:
  title: {ar: منتدى عمّان, en: Amman Forum}
  date: 2027-04-13
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
      en: |
        15 King Abdullah II Street
        Amman 11181
about: {ar: يجمع المنتدى الباحثين., en: The forum brings researchers together.}
organisers:
  - name: SESAME
    country: JO
people:
  - name: {ar: ليلى حداد, en: Layla Haddad}
    id: layla
    organisation: SESAME
    role: speaker
    bio: {ar: "باحثة في SESAME منذ 2015 وعضوة في مجلسه.", en: "Researcher at SESAME since 2015."}
programme:
  - title: {ar: البيانات المفتوحة, en: Open data}
    date: 2027-04-13
    start: 10:30
    end: 12:00
    room: {ar: القاعة الكبرى, en: Grand Hall}
    people: [layla]
  - title: {ar: المسرعات, en: Accelerators}
    date: 2027-04-13
    start: 10:30
    end: 12:00
    room: {ar: قاعة البتراء, en: Petra Room}
brochure:
  bilingual: [ar, en]
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rtl-layout")
    source = write_event(folder / "source", ARABIC)
    build(source, folder / "output", only=["brochure"])
    return folder / "output"


Word = tuple[float, float, float, float, str]


def _words(pdf: Path) -> list[list[Word]]:
    """Each page's words as poppler places them: (xMin, yMin, xMax, yMax, text), in pt."""
    pages = pdftotext(pdf, "-bbox").split("<page ")[1:]
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)'
    return [
        [
            (float(a), float(b), float(c), float(d), text)
            for a, b, c, d, text in re.findall(pattern, page)
        ]
        for page in pages
    ]


def _page_with(pages: list[list[Word]], *texts: str) -> list[Word]:
    for words in pages:
        if all(any(word[4] == text for word in words) for text in texts):
            return words
    raise AssertionError(f"no page holds {texts}")


def _word(words: list[Word], text: str) -> Word:
    return next(word for word in words if word[4] == text)


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["ar", "ar+en"])
def test_the_first_room_stands_at_the_right(pack: Path, edition: str) -> None:
    # Poppler reverses an Arabic word's letters: the title words as it reads them.
    words = _page_with(_words(pack / edition / "brochure.pdf"), "ةحوتفملا", "تاعرسملا")
    first, second = _word(words, "ةحوتفملا"), _word(words, "تاعرسملا")
    assert first[0] > second[2], (first, second)


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["ar", "ar+en"])
def test_practical_labels_stand_at_the_right_of_their_values(pack: Path, edition: str) -> None:
    words = _page_with(_words(pack / edition / "brochure.pdf"), "ناونعلا", "11181")
    label = _word(words, "ناونعلا")
    values = [word for word in words if word[4] in ("11181", "عراش")]
    assert values and all(value[2] < label[0] for value in values), (label, values)
    # The value stands against the labels' column (24 mm and its 3 mm gap), not at the
    # page's far side.
    assert label[2] - max(value[2] for value in values) < 90


@pytest.mark.slow
def test_the_second_languages_address_keeps_its_lines(pack: Path) -> None:
    words = _page_with(_words(pack / "ar+en" / "brochure.pdf"), "Street", "Amman")
    street = _word(words, "Street")
    amman = next(w for w in words if w[4] == "Amman" and w[1] > street[1])
    assert amman[1] >= street[3] - 1, (street, amman)
    assert "StreetAmman" not in pdftotext(pack / "ar+en" / "brochure.pdf")
