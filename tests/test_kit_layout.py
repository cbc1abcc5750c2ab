"""The event-day kit's layout rules without drawing: lines broken in a box (cards/wrap.py),
the timetable's grid and tracks, the time cards' words in each language."""

from __future__ import annotations

import datetime as dt

import pytest

from brochure.cards.fit import Widths
from brochure.cards.wrap import NBSP, Measured, fit_box, tokens, wrap
from brochure.i18n import Formatter
from brochure.outputs.time_cards import TimeCardSettings
from brochure.outputs.timetable.grid import GridItem, blocks, scale
from brochure.outputs.timetable.tracks import tracks_of
from brochure.outputs.view import Slot
from brochure.typography import kept_whole


def widths_of(text: str, keep: bool = False, per_char: float = 0.2) -> Widths:
    """Every piece of text (and its parts, and a space) as wide as its letters, mm per pt."""
    table = {("s", "en", NBSP): per_char}
    for token in tokens(text, keep):
        table[("s", "en", token.text)] = per_char * len(token.text)
        for part in token.text.split(NBSP):
            table[("s", "en", part)] = per_char * len(part)
    return Widths(table)


def measured(text: str, keep: bool = False) -> Measured:
    return Measured(text, "s", "en", widths_of(text, keep), keep)


def test_chinese_and_japanese_break_between_characters_but_not_inside_a_name() -> None:
    pieces = [t.text for t in tokens("城市数据开放")]
    assert pieces == ["城", "市", "数", "据", "开", "放"]
    assert [t.text for t in tokens(kept_whole("王秀英") + "发言")] == [
        kept_whole("王秀英"),
        "发",
        "言",
    ]


def test_a_line_never_starts_with_closing_nor_ends_with_opening_punctuation() -> None:
    pieces = [t.text for t in tokens("「データ」、公開。")]
    assert not any(piece[0] in "、。」" for piece in pieces)
    assert not any(piece[-1] == "「" for piece in pieces)
    assert "".join(pieces) == "「データ」、公開。"


def test_fitting_finds_the_largest_size_that_fits_and_makes_lines_even() -> None:
    text = measured("one two three four five six")
    line = fit_box(text, width=100, line_height=1.2, largest=200, smallest=10, max_lines=1)
    assert line is not None and len(line.lines) == 1
    # 22 letters and 5 spaces at 0.2 mm per pt: 5.4 mm per pt, in 100 mm (less fit.SAFETY)
    assert line.size == pytest.approx(100 * 0.96 / 5.4, abs=0.02)
    two = fit_box(text, width=100, line_height=1.2, largest=200, smallest=10, max_lines=2)
    assert two is not None and len(two.lines) == 2 and two.size > line.size
    first, second = two.lines
    assert abs(len(first) - len(second)) <= 6
    assert fit_box(text, width=10, line_height=1.2, largest=200, smallest=10, max_lines=1) is None


def test_names_held_together_break_at_their_spaces_only_when_wider_than_a_line() -> None:
    names = "Ana\u00a0Sofia\u00a0Ferreira and Jonas\u00a0Berg"
    held = wrap(measured(names), width=80, line_height=1.2, size=18)
    assert "Ana Sofia Ferreira".replace(" ", NBSP) in held.lines[0]
    narrow = wrap(measured(names), width=35, line_height=1.2, size=18)
    assert not narrow.shrunk and all(NBSP not in line or len(line) < 12 for line in narrow.lines)


def test_a_word_wider_than_a_line_is_set_smaller_and_said_never_cut() -> None:
    word = "Wolfeschlegelsteinhausenbergerdorff"
    fitted = wrap(measured(word), width=50, line_height=1.2, size=18)
    assert fitted.shrunk and fitted.lines == (word,)
    assert fitted.size * 0.2 * len(word) <= 50


def _slot(title: str, room: str | None = None, is_break: bool = False) -> Slot:
    return Slot(
        day=dt.date(2027, 3, 16),
        start=None,
        when="",
        title=title,
        chairs=(),
        chairs_line="",
        people=(),
        people_line="",
        description=None,
        room=room,
        is_break=is_break,
    )


def test_blocks_never_overlap_double_bookings_share_their_column() -> None:
    items = [
        GridItem(_slot("A", "R1"), 540, 600, 0),
        GridItem(_slot("B", "R1"), 570, 630, 0),  # booked over A
        GridItem(_slot("C", "R2"), 540, 660, 1),
        GridItem(_slot("Lunch", is_break=True), 600, 660, None),  # R2 is busy: R1's time only
        GridItem(_slot("Tiny", "R1"), 660, 663, 0),
    ]
    grid = scale(items, top=0, height=200, gap=5, most=10)
    found = blocks(items, 2, left=0, width=100, scale=grid, gutter=1, least=6)
    for one, other in [(a, b) for n, a in enumerate(found) for b in found[n + 1 :]]:
        apart_x = min(one.x + one.width, other.x + other.width) <= max(one.x, other.x) + 1e-9
        apart_y = min(one.y + one.height, other.y + other.height) <= max(one.y, other.y) + 1e-9
        assert apart_x or apart_y, (one.item.slot.title, other.item.slot.title)
    a, b = (next(x for x in found if x.item.slot.title == t) for t in ("A", "B"))
    assert a.width == pytest.approx(b.width) and a.width < 50
    lunch = [x for x in found if x.item.slot.title == "Lunch"]
    assert len(lunch) == 1 and lunch[0].x + lunch[0].width <= 50
    tiny = next(x for x in found if x.item.slot.title == "Tiny")
    assert tiny.height >= 6 - 1e-9


def test_an_hour_takes_no_more_than_its_most_and_empty_evenings_fold() -> None:
    items = [
        GridItem(_slot("Day", "R"), 9 * 60, 17 * 60, 0),
        GridItem(_slot("Walk", None), 22 * 60, 24 * 60 + 30, None),
    ]
    assert scale(items, top=10, height=2000, gap=7, most=1.1).per_minute == pytest.approx(1.1)
    grid = scale(items, top=10, height=400, gap=7, most=1.1)
    assert grid.per_minute == pytest.approx((400 - 7) / (8 * 60 + 2.5 * 60))
    assert len(grid.gaps) == 1
    assert grid.y(22 * 60) - grid.y(17 * 60) == pytest.approx(7)


def test_tracks_get_their_initials_else_letters_in_order() -> None:
    tracks = tracks_of(["Security", None, "Open data", "Mobility", "Security"])
    assert [(t.name, t.letter, t.colour) for t in tracks.values()] == [
        ("Security", "S", 1),
        ("Open data", "O", 2),
        ("Mobility", "M", 3),
    ]
    clash = tracks_of(["Security", "Sensors", "Open data"])
    assert [t.letter for t in clash.values()] == ["A", "B", "C"]
    many = tracks_of([f"Track {n}" for n in range(10)])
    assert [t.colour for t in many.values()][8:] == [1, 2]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en-GB", ["10 minutes", "5 minutes", "1 minute", "Time"]),
        ("pl", ["10 minut", "5 minut", "1 minuta", "Koniec czasu"]),
        ("ru", ["10 минут", "5 минут", "1 минута", "Время вышло"]),
        ("ja", ["あと10分", "あと5分", "あと1分", "時間です"]),
        ("fr", ["10 minutes", "5 minutes", "1 minute", "Temps écoulé"]),
    ],
)
def test_time_cards_say_minutes_in_each_languages_plural_forms(
    language: str, said: list[str]
) -> None:
    from brochure.outputs.time_cards.render import cards

    shown = cards(TimeCardSettings(), Formatter.for_language(language))
    assert [card.words for card in shown] == said
    assert [card.level for card in shown] == [4, 3, 2, 1]
    two = cards(TimeCardSettings((2,)), Formatter.for_language(language))
    assert two[0].level == 2 and two[1].level == 1


def test_a_text_never_ends_on_a_line_with_a_short_word_alone() -> None:
    from brochure.cards import wrap
    from brochure.cards.fit import Widths

    def measured(text: str) -> wrap.Measured:
        keys = wrap.keys("room", "de", text)
        # Every character 0.5 mm wide per pt, a space 0.25: enough to break lines by.
        table = {key: 0.5 * len(key[2]) if key[2] != wrap.NBSP else 0.25 for key in keys}
        return wrap.Measured(text, "room", "de", Widths(table))

    # "Seminarraum" fits 6 mm per pt, with " 1" it does not: the pair stays whole (the
    # caller sets it smaller), and breaks only as a last resort (split).
    assert measured("Seminarraum 1").lines(6.0) == ["Seminarraum\u00a01"]
    assert measured("Seminarraum 1").lines(6.0, split=True) == ["Seminarraum", "1"]
    assert measured("Großer Festsaal").lines(6.0) == ["Großer", "Festsaal"]
    assert measured("Open Data Day 2027").lines(6.0) == ["Open Data", "Day\u00a02027"]
    assert [t.text for t in wrap.tokens("会議室 1")][-1] == "1"  # lines break between characters


def test_a_name_fitted_on_two_lines_keeps_its_short_last_word_with_the_one_before() -> None:
    """Tents and badges (cards/fit.fit): a name on two lines never leaves its short last
    word alone ("Nguyen / Van A"); two words, the last short, stay on one line."""
    from brochure.cards.fit import fit

    # "W" as wide as the two words before it: the most even break would leave it alone.
    fitted = fit(["Mai", "Le", "W"], [1.0, 1.0, 2.2], 0.25, 20.0, 100.0, 12.0)
    assert fitted.lines == ("Mai", "Le W"), fitted
    assert fit(["Ana", "Li"], [1.5, 1.0], 0.25, 10.0, 100.0, 40.0).lines == ("Ana Li",)
