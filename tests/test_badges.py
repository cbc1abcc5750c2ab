"""Name badges: counts, pages, every name present and inside its card, fonts, consent."""

from __future__ import annotations

import csv
import html
import logging
import math
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from tests.conftest import (
    FIXTURES,
    MINIMAL,
    ROOT,
    SEED_SOURCE,
    build,
    pdffonts,
    pdftotext,
    prepared,
    write_event,
)

from brochure.cards.fit import fit
from brochure.cards.sheets import sheet_count
from brochure.cli import main
from brochure.engines.layouts import LayoutPath
from brochure.outputs.badges.layout import load_layout
from brochure.outputs.badges.render import badge_context
from brochure.reading.load import load_event

# Every test here renders real documents.
pytestmark = pytest.mark.slow


NAMES = FIXTURES / "names" / "event.yaml"
MM = 72 / 25.4
ROLE_WORDS = r"\b(ORGANISER|MODERATOR|SPEAKER|RAPPORTEUR|STAFF|PRESS|PARTICIPANT)\b"


def word_boxes(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Every word poppler finds, per page, with its box in points."""
    layout = pdftotext(pdf, "-bbox")
    pages = []
    for page in layout.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        )
        pages.append(
            [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in words]
        )
    return pages


def build_badges(source: Path, out: Path, layout: str | None = None) -> Path:
    build(source, out, only=("badges",), badge_layout=layout)
    return out / "badges.pdf"


@pytest.fixture(scope="module")
def names_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_badges(NAMES, tmp_path_factory.mktemp("names"))


def test_seed_badges_count_and_sheets(built_pack: Path) -> None:
    pdf = built_pack / "badges.pdf"
    event = load_event(SEED_SOURCE / "event.yaml")
    total = len(event.people) + len(event.attendees) + event.badges.blank
    assert total == 16
    assert len(pypdf.PdfReader(pdf).pages) == math.ceil(total / 8) == 2
    text = pdftotext(pdf)
    assert len(re.findall(ROLE_WORDS, text)) == len(event.people)
    assert text.count("SPEAKER") == 6 and text.count("ORGANISER") == 2
    flat = " ".join(text.split())  # a whole name may be set on two lines
    for person in event.people:
        for part in (person.given, person.family) if person.given else (person.name,):
            assert part in flat, part


def test_seed_sheets_are_a4(built_pack: Path) -> None:
    for page in pypdf.PdfReader(built_pack / "badges.pdf").pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_every_name_in_every_script_is_present(names_pdf: Path) -> None:
    text = " ".join(pdftotext(names_pdf).split())
    for person in load_event(NAMES).people:
        if person.name == "محمد بن عبد الرحمن الفلاني":
            # poppler maps the lam-alef ligature (لا) back to its letters in visual
            # order, so الفلاني extracts as الفالني; the other words come out whole.
            assert "محمد بن عبد الرحمن" in text
            continue
        if person.family == "श्रीनिवासन":
            # The pre-base vowel sign ि is drawn before its consonant; PDF text maps
            # glyphs in drawing order and poppler loses it (श्री नवासन). What prints
            # is right (looked at); /ActualText spans with PDF tagging will fix copying.
            assert person.given in text and "श्री" in text and "वासन" in text
            continue
        parts = (person.given, person.family) if person.given else (person.name,)
        for part in parts:
            assert part and " ".join(part.split()) in text, part


def test_badge_and_page_count_with_backs(names_pdf: Path) -> None:
    event = load_event(NAMES)
    layout = load_layout(LayoutPath.for_project(NAMES.parent.parent), "badges", "a4-8")
    badges = len(event.everyone) + event.badges.blank
    pages = len(pypdf.PdfReader(names_pdf).pages)
    assert pages == sheet_count(badges, layout, back=True) == 2 * math.ceil(14 / 8)
    back = pdftotext(names_pdf, "-f", "2", "-l", "2")
    assert "PROGRAMME" in back and "Names and the scripts that write them" in back


def overlapping(page: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other.

    poppler's boxes span the font's whole ascent and descent, taller than the tight line
    height of a name (and Arabic fonts reach far above and below their text), so lines
    one above the other may share a band of their boxes; text drawn over text shares
    most of it.
    """
    pairs = []
    for i, (a, ax0, ay0, ax1, ay1) in enumerate(page):
        for b, bx0, by0, bx1, by1 in page[i + 1 :]:
            shared_height = min(ay1, by1) - max(ay0, by0)
            if min(ax1, bx1) - max(ax0, bx0) > 0.5 and shared_height > 0.45 * min(
                ay1 - ay0, by1 - by0
            ):
                pairs.append((a, b))
    return pairs


@pytest.fixture(scope="module")
def long_title_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The names fixture with a title long enough to need two lines on a badge."""
    folder = tmp_path_factory.mktemp("long-title")
    title = "Names of the World, a Test Event with a Rather Long Title for Badges"
    long_title = (
        "The International Conference on the Names of the World "
        "and the Scripts and Fonts That Write Them"
    )
    (folder / "event.yaml").write_text(NAMES.read_text(encoding="utf-8").replace(title, long_title))
    return folder / "event.yaml"


@pytest.mark.parametrize("layout", ["a4-8", "cr80", "a6", "letter-6"])
def test_no_word_leaves_its_card_or_overlaps_another(
    tmp_path: Path, layout: str, long_title_names: Path
) -> None:
    pdf = build_badges(long_title_names, tmp_path, layout)
    spec = load_layout(LayoutPath.for_project(NAMES.parent.parent), "badges", layout)
    cards = [
        (
            (spec.margin_x + c * spec.card.width) * MM,
            (spec.margin_y + r * spec.card.height) * MM,
            (spec.margin_x + (c + 1) * spec.card.width) * MM,
            (spec.margin_y + (r + 1) * spec.card.height) * MM,
        )
        for r in range(spec.rows)
        for c in range(spec.columns)
    ]
    inside_padding = spec.padding * MM * 0.5
    checked = 0
    for page in word_boxes(pdf):
        for word, x0, y0, x1, y1 in page:
            holders = [
                card
                for card in cards
                if card[0] - 0.5 <= x0
                and x1 <= card[2] + 0.5
                and card[1] - 0.5 <= y0
                and y1 <= card[3] + 0.5
            ]
            assert holders, f"{word!r} at {x0:.1f},{y0:.1f}-{x1:.1f},{y1:.1f} crosses a card edge"
            left, _, right, _ = holders[0]
            if not re.fullmatch(ROLE_WORDS, word):
                # text keeps clear of the card's edge by at least half the padding
                assert x0 >= left + inside_padding - 0.5 and x1 <= right - inside_padding + 0.5, (
                    word
                )
            checked += 1
        assert not overlapping(page)
    assert checked > 50


def test_long_names_shrink_but_stay_whole(names_pdf: Path) -> None:
    pages = word_boxes(names_pdf)
    fronts = [w for page in pages[::2] for w in page]  # every other page is a back
    family = [w for w in fronts if w[0] == "Wolfeschlegelsteinhausenbergerdorff"]
    assert len(family) == 1, "a long word must never be broken"
    _, x0, _, x1, _ = family[0]
    spec = load_layout(LayoutPath.for_project(NAMES.parent.parent), "badges", "a4-8")
    assert x1 - x0 <= spec.inner_width * MM


def test_badge_pages_embed_every_font(names_pdf: Path) -> None:
    fonts = pdffonts(names_pdf)
    assert all(font["emb"] == "yes" for font in fonts)
    names = " ".join(font["name"] for font in fonts)
    for family in ("Inter", "NotoSansArabic", "NotoSansDevanagari", "NotoSansCJK"):
        assert family in names.replace("-", ""), (family, names)


def test_names_the_fonts_cannot_draw_are_a_warning_naming_the_person(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # U+1E290 TOTO LETTER PA: no installed font draws the Toto script
    path = write_event(tmp_path, MINIMAL + "people:\n  - name: \U0001e290\U0001e291 Totoson\n")
    with caplog.at_level(logging.WARNING, logger="brochure"):
        build_badges(path, tmp_path / "out")
    warnings = [r.getMessage() for r in caplog.records if "cannot draw" in r.getMessage()]
    assert len(warnings) == 1
    assert "\U0001e290\U0001e291 Totoson" in warnings[0] and "U+1E290" in warnings[0]
    assert warnings[0].startswith(f"{path}:10:5: people[0].name: warning: badges: ")


def test_what_a_fallback_font_draws_is_no_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Runes are in no badge font's list, but fontconfig falls back to Noto Sans Runic:
    they print, so --strict accepts them."""
    path = write_event(tmp_path / "source", MINIMAL + "people:\n  - name: ᚠᛖᚺᚢ Runesson\n")
    out = tmp_path / "out"
    assert main(["-q", "build", str(path), "-o", str(out), "--only", "badges", "--strict"]) == 0
    assert "ᚠᛖᚺᚢ" in pdftotext(out / "badges.pdf")
    assert any("Runic" in font["name"] for font in pdffonts(out / "badges.pdf"))


def test_strict_build_fails_on_undrawable_names(tmp_path: Path) -> None:
    path = write_event(tmp_path / "source", MINIMAL + "people:\n  - name: \U0001e290\n")
    out = tmp_path / "out"
    assert main(["-q", "build", str(path), "-o", str(out), "--only", "badges", "--strict"]) == 1
    assert not (out / "badges.pdf").exists()


def test_no_qr_code_unless_asked(built_pack: Path) -> None:
    pack = prepared(SEED_SOURCE / "event.yaml")
    cards = [p.card for s in badge_context(pack.event, pack.config).sheets for p in s.cards]
    assert all(card.qr is None for card in cards)


def qr_codes(pdf: Path, folder: Path) -> list[str]:
    """What a scanner reads from the printed sheets (zbarimg on a 300 dpi rendering)."""
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(folder / "sheet")], check=True)
    found = []
    for page in sorted(folder.glob("sheet*.png")):
        result = subprocess.run(["zbarimg", "-q", "--xml", str(page)], capture_output=True)
        found += re.findall(r"<data><!\[CDATA\[(.*?)\]\]></data>", result.stdout.decode(), re.S)
    return found


def test_vcard_qr_only_for_people_who_opted_in(tmp_path: Path) -> None:
    path = write_event(
        tmp_path,
        MINIMAL + "people:\n"
        "  - {name: Ann Open, email: ann@example.org, share_contact: true}\n"
        "  - {name: Bob Private, email: bob@example.org}\n"
        "badges:\n  qr: vcard\n",
    )
    codes = qr_codes(build_badges(path, tmp_path / "out"), tmp_path)
    assert len(codes) == 1
    assert "FN:Ann Open" in codes[0] and "ann@example.org" in codes[0]
    assert "Bob" not in codes[0]


def test_a_contact_card_too_long_for_a_qr_code_is_a_warning_not_a_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Every field at its longest, in four-byte characters, is more than a QR code holds:
    the badge is printed without a code, and the warning names the person."""
    wide = "\U0001d49c" * 290
    path = write_event(
        tmp_path,
        MINIMAL + "people:\n"
        f"  - {{name: Ann Long, email: ann@example.org, share_contact: true,"
        f" organisation: {wide}, position: {wide}}}\n"
        "  - {name: Bo Short, email: bo@example.org, share_contact: true}\n"
        "badges:\n  qr: vcard\n",
    )
    codes = qr_codes(build_badges(path, tmp_path / "out"), tmp_path)
    assert len(codes) == 1 and "FN:Bo Short" in codes[0]
    assert "Ann Long: the contact card is too long for a QR code" in caplog.text


def test_id_qr_carries_only_the_id_and_scans(tmp_path: Path) -> None:
    path = write_event(
        tmp_path,
        MINIMAL + "people:\n  - {name: Ann Lee, id: a17, email: ann@example.org}\n"
        "  - {name: Bo Chen, id: b2}\nbadges:\n  qr: id\n",
    )
    assert sorted(qr_codes(build_badges(path, tmp_path / "out"), tmp_path)) == ["a17", "b2"]


def test_layout_from_the_command_line_sets_the_page(tmp_path: Path) -> None:
    pdf = build_badges(SEED_SOURCE / "event.yaml", tmp_path, "cr80")
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 16
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)) == (85.6, 54.0)


def test_unknown_layout_in_yaml_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_event(tmp_path, MINIMAL + "badges:\n  layout: a4-9\n")
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{path}:10:3: badges.layout: 'a4-9' is not a badge layout" in err
    assert "did you mean 'a4-8'?" in err


def test_a_layout_is_a_file_in_the_project(tmp_path: Path) -> None:
    source = write_event(
        tmp_path / "source", MINIMAL + "people:\n  - name: Ann Lee\nbadges:\n  layout: square\n"
    )
    (tmp_path / "layouts" / "badges").mkdir(parents=True)
    shutil.copy(
        ROOT / "layouts" / "badges" / "a6.yaml",
        tmp_path / "layouts" / "badges" / "square.yaml",
    )
    text = (tmp_path / "layouts/badges/square.yaml").read_text()
    (tmp_path / "layouts/badges/square.yaml").write_text(
        text.replace(
            "page: {width: 105mm, height: 148mm}", "page: {width: 100mm, height: 100mm}"
        ).replace("card: {width: 105mm, height: 148mm}", "card: {width: 100mm, height: 100mm}")
    )
    pdf = build_badges(source, tmp_path / "out")
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert round(float(box.width) / MM) == round(float(box.height) / MM) == 100


def test_fit_never_exceeds_the_width() -> None:
    widths = [3.0, 4.0, 2.5, 5.0]  # mm per point
    fitted = fit(["a", "b", "c", "d"], widths, 0.5, 100, max_pt=30, min_pt=9, max_lines=2)
    longest = max(
        sum(widths[i] for i in range(len(widths)) if ["a", "b", "c", "d"][i] in line.split())
        + 0.5 * (len(line.split()) - 1)
        for line in fitted.lines
    )
    assert longest * fitted.size <= 100
    assert fitted.lines == ("a b", "c d")


def test_fit_shrinks_a_single_long_word_below_the_minimum() -> None:
    fitted = fit(["x"], [50.0], 1.0, 100, max_pt=30, min_pt=9)
    assert fitted.lines == ("x",) and fitted.size < 9


def test_badges_joined_from_pieces_stay_about_the_size_of_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each piece carries its own font subsets; joined, the file stays within 1.5 times
    the same badges laid out as one document."""
    from brochure.outputs.badges import render as badges

    source = write_event(
        tmp_path / "source", MINIMAL + "attendees: people.csv\nbadges:\n  qr: id\n"
    )
    rows = "\n".join(f"Persona {i} Ejemplo,Persona {i},Ejemplo,Org {i % 7}" for i in range(576))
    (source.parent / "people.csv").write_text("name,given,family,organisation\n" + rows + "\n")
    joined = build_badges(source, tmp_path / "pieces").read_bytes()  # 72 sheets: 3 pieces
    assert len(pypdf.PdfReader(tmp_path / "pieces" / "badges.pdf").pages) == 72
    monkeypatch.setattr(badges, "SHEETS_PER_PIECE", 1000)
    whole = build_badges(source, tmp_path / "whole").read_bytes()
    assert len(joined) <= 1.5 * len(whole), (len(joined), len(whole))


def test_a_name_cut_short_in_a_workers_piece_is_said_once_by_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Cards are fitted by the worker that lays out their piece: a line cut short on a
    card of the last piece still reaches the build's warnings (what --strict counts and
    the manifest keeps) once, naming the person, and the badges keep their order."""
    from brochure.commands.build import render_all
    from brochure.outputs.badges import render as badges

    monkeypatch.setattr(badges, "SHEETS_PER_PIECE", 2)  # 16 cards a piece: 3 pieces
    source = write_event(tmp_path / "source", MINIMAL + "attendees: people.csv\n")
    unbreakable = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhersteller" * 2
    rows = [f"Persona Ejemplo {i:02d},Persona,Ejemplo {i:02d},Org" for i in range(39)]
    rows.append(f"Zoe Zylinder,Zoe,Zylinder,{unbreakable}")  # filed last: the third piece
    (source.parent / "people.csv").write_text("name,given,family,organisation\n" + "\n".join(rows))
    ready = prepared(source, only=("badges",))
    with caplog.at_level(logging.WARNING, "brochure"):
        rendered = render_all(ready.event, ready.config)
    said = [m for m in rendered.warned["badges"] if "cut short" in m]
    assert len(said) == 1 and "the organisation 'Donau" in said[0], said
    assert "cut short on 1 badge (Zoe Zylinder)" in said[0]
    assert [r.getMessage() for r in caplog.records if "cut short" in r.getMessage()] == said
    pdf = tmp_path / "badges.pdf"
    pdf.write_bytes(rendered.files["badges.pdf"])
    pages = pdftotext(pdf).split("\f")[:-1]
    on_pages = [
        sorted(f or z for f, z in re.findall(r"Ejemplo (\d\d)|(Zylinder)", p)) for p in pages
    ]
    filed = [f"{i:02d}" for i in range(39)] + ["Zylinder"]
    assert on_pages == [filed[n : n + 8] for n in range(0, 40, 8)]
    strict = ["-q", "build", str(source), "-o", str(tmp_path / "out"), "--only", "badges"]
    assert main([*strict, "--strict"]) == 1


def test_spooled_pieces_join_in_order_and_leave_no_file(tmp_path: Path) -> None:
    """Pieces wait on disk, in a file with no name, until they are joined."""
    import io
    import tempfile

    import pikepdf

    from brochure.finishing import joining

    def pdf(width: int) -> bytes:
        document = pikepdf.new()
        document.add_blank_page(page_size=(width, 400))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    with joining.spooled() as spool:
        for width in (100, 200, 300):
            spool.add(pdf(width))
        assert not list(Path(tempfile.gettempdir()).glob("brochure-pieces-*"))
        joined = pikepdf.open(io.BytesIO(spool.joined()))
    assert [float(page.mediabox[2]) for page in joined.pages] == [100, 200, 300]


def test_people_are_filed_as_door_staff_look_them_up() -> None:
    """Badges and the check-in list go by family name: particles do not count, and a
    Brazilian or Portuguese family name is filed under its last surname."""
    from brochure.model import Person

    people = [
        Person(name="Ana da Silva", given="Ana", family="da Silva", country="BR"),
        Person(
            name="Maria da Conceição dos Santos",
            given="Maria",
            family="da Conceição dos Santos",
            country="BR",
        ),
        Person(name="Iván Mantilla Gaviria", given="Iván", family="Mantilla Gaviria"),
        Person(name="Niels ten Oever", given="Niels", family="ten Oever"),
        Person(name="Bo Berg", given="Bo", family="Berg"),
        Person(name="Hu Dan", given="Dan", family="Hu"),
        # any lower-case word of a family name with capitals is a particle (Kikuyu)
        Person(name="Wanjiru wa Kinyanjui", given="Wanjiru", family="wa Kinyanjui"),
    ]
    order = [p.name for p in sorted(people, key=lambda p: p.filing_key())]
    assert order == [
        "Bo Berg",
        "Hu Dan",
        "Wanjiru wa Kinyanjui",
        "Iván Mantilla Gaviria",
        "Niels ten Oever",
        "Maria da Conceição dos Santos",
        "Ana da Silva",
    ]


def test_a_backs_programme_fills_its_room_and_counts_only_sessions_left_out(
    tmp_path: Path,
) -> None:
    """Twelve items, four of them breaks, on the back of an a4-8 card: breaks make way
    for sessions, the room down to the band is used, and "and N more" counts sessions."""
    items = []
    for n in range(12):
        start = f"{8 + n}:00"
        if n in (2, 5, 7, 10):
            items.append(f"  - {{title: Coffee {n}, start: '{start}', kind: break}}\n")
        else:
            items.append(f"  - {{title: Workshop number {n}, start: '{start}'}}\n")
    path = write_event(
        tmp_path,
        MINIMAL + "programme:\n" + "".join(items) + "people:\n  - {name: Ann Lee}\n"
        "badges:\n  layout: a4-8\n  back: programme\n",
    )
    pdf = build_badges(path, tmp_path / "out")
    back = " ".join(pdftotext(pdf, "-f", "2", "-l", "2").split())
    shown = re.findall(r"Workshop number \d+", back)
    assert "Coffee" not in back
    assert len(shown) >= 6
    assert f"and {8 - len(shown)} more" in back


def test_names_in_other_scripts_are_filed_among_the_latin_ones() -> None:
    """Door staff with an A to Z stack find 王秀英 under W (pinyin) and Иванов under I;
    a Japanese or Korean name, which ICU would romanize wrongly (山田 as "shan tian"),
    is filed after the Latin names in its own script."""
    from brochure.model import Person

    people = [
        Person(name="山田太郎", country="JP"),
        Person(name="Zoë Young", given="Zoë", family="Young"),
        Person(name="Иван Иванов", given="Иван", family="Иванов"),
        Person(name="王秀英", country="CN"),
        Person(name="Ana Vargas", given="Ana", family="Vargas"),
        Person(name="Nikos Papadopoulos", given="Nikos", family="Papadopoulos"),
        Person(name="Νίκος Παπαδάκης", given="Νίκος", family="Παπαδάκης"),
        # ICU writes ʿayn as a modifier letter, which sorts after z: not filed by it
        Person(name="عبد الرحمن الحسيني"),
    ]
    order = [p.name for p in sorted(people, key=lambda p: p.filing_key())]
    assert order == [
        "عبد الرحمن الحسيني",
        "Иван Иванов",
        "Νίκος Παπαδάκης",
        "Nikos Papadopoulos",
        "Ana Vargas",
        "王秀英",
        "Zoë Young",
        "山田太郎",
    ]


@pytest.mark.parametrize("layout", ["a4-8", "cr80"])
def test_a_long_family_name_takes_a_second_line_before_it_shrinks(
    tmp_path: Path, layout: str
) -> None:
    """Set on one line, "dos Santos Ferreira de Albuquerque e Vasconcelos" came out
    smaller than the organisation under it: it wraps instead, and stays larger."""
    source = write_event(
        tmp_path / "source",
        MINIMAL + "people:\n  - name: Maria da Conceição dos Santos Ferreira de Albuquerque e "
        "Vasconcelos\n    given: Maria da Conceição\n    family: dos Santos Ferreira de "
        "Albuquerque e Vasconcelos\n    organisation: Universidade Federal do Rio Grande\n",
    )
    pdf = build_badges(source, tmp_path / "out", layout)
    (page,) = word_boxes(pdf)[:1]
    box = {word: (y0, y1) for word, _, y0, _, y1 in page}
    family = box["Vasconcelos"][1] - box["Vasconcelos"][0]
    organisation = box["Universidade"][1] - box["Universidade"][0]
    assert family > 1.4 * organisation, (family, organisation)
    assert box["dos"][0] < box["Vasconcelos"][0]  # two lines


def test_on_a_small_card_the_title_makes_way_for_the_room(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """On a cr80 card's back, sessions in parallel: a long title beside its room is cut
    short, the room printed whole; a room longer than half the line is cut, with a
    warning naming it; a session without a room is in the event's, a break without one
    names none."""
    huge = "Auditorium of the Extraordinarily Long Name, Second Floor, West Wing"
    path = write_event(
        tmp_path,
        MINIMAL.replace("  city: Oslo\n", "  city: Oslo\n  room: Aula\n") + "programme:\n"
        "  - {title: A session whose title is far too long for the back of a small card,"
        " start: '9:00', end: '10:00', room: Salle Claude-Léveillée}\n"
        f"  - {{title: Workshop, start: '9:00', end: '10:00', room: '{huge}'}}\n"
        "  - {title: Coffee, start: '10:00', end: '10:30', kind: break}\n"
        "  - {title: Closing, start: '10:30', end: '11:00'}\n"
        "people:\n  - {name: Ann Lee}\n"
        "badges:\n  layout: cr80\n  back: programme\n",
    )
    ready = prepared(path)
    with caplog.at_level(logging.WARNING):
        back = badge_context(ready.event, ready.config).back
    assert back is not None
    first, second, coffee, closing = back.items
    assert (coffee.room, closing.room) == ("", "Aula")
    assert first.room == "Salle Claude-Léveillée" and not first.room_clipped
    assert first.clipped and first.lines[0].endswith("…")
    assert second.room_clipped and second.room.endswith("…")
    # the range kept whole by a word joiner after its dash (typography.unbreakable), the
    # title set apart by isolates (textrules.set_apart)
    bare = str.maketrans("", "", "\u2060\u2068\u2069")
    assert [line.translate(bare) for line in second.lines] == ["09:00–10:00 Workshop"]
    assert not second.clipped
    assert f"the room {huge!r} is too long for the back of the badges" in caplog.text
    assert "at 'Workshop' (09:00–10:00): it is cut short; shorten it" in caplog.text


def test_rooms_of_sessions_in_parallel_cut_short_are_not_called_one_room(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A back too small for every session sets those in parallel on one line, their
    rooms joined (A · B · C): cut short, the warning names the list, the sessions' times
    and what would print it whole, not a room to shorten in the event file (none is)."""
    rooms = ("Willamette Ballroom", "Hood Room", "Columbia Room", "Rainier Room")
    items = "".join(
        f"  - {{title: Talk {hour}{n}, start: '{hour}:00', end: '{hour}:45', room: {room}}}\n"
        for hour in range(8, 18)
        for n, room in enumerate(rooms)
    )
    path = write_event(
        tmp_path,
        MINIMAL + "programme:\n" + items + "people:\n  - {name: Ann Lee}\n"
        "badges:\n  layout: cr80\n  back: programme\n",
    )
    ready = prepared(path)
    with caplog.at_level(logging.WARNING):
        back = badge_context(ready.event, ready.config).back
    assert back is not None
    joined = " · ".join(rooms)
    assert any(item.room_clipped for item in back.items)
    said = [r.getMessage() for r in caplog.records if "badges:" in r.getMessage()]
    assert len(said) == 1, said
    assert said[0].startswith(f"badges: the rooms of the sessions in parallel, {joined!r}, ")
    assert "at 08:00–08:45; 09:00–09:45; 10:00–10:45 and " in said[0]
    assert "the room " not in said[0] and "shorten it in the event file" not in said[0]


@pytest.mark.slow
def test_a_long_organisation_many_share_is_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Thirty attendees of one organisation too long for a card: one warning, with how
    many badges and whose, and where to shorten it; a name too long is its own."""
    org = "Association pour le Développement des Technologies de l'Information " * 3
    rows = "".join(f'  - {{name: Person {n}, organisation: "{org.strip()}"}}\n' for n in range(30))
    long_name = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschafers" * 2
    path = write_event(
        tmp_path,
        MINIMAL + "people:\n" + rows + f"  - {{name: Ann {long_name}}}\nbadges:\n  layout: cr80\n",
    )
    ready = prepared(path)
    with caplog.at_level(logging.WARNING):
        badge_context(ready.event, ready.config)
    said = [r.getMessage() for r in caplog.records if "does not fit" in r.getMessage()]
    organisation = [m for m in said if "the organisation" in m]
    assert len(organisation) == 1
    assert "cut short on 30 badges (Person 0, Person 1, Person 10 and 27 more)" in organisation[0]
    assert "the registration export" in organisation[0]
    assert [m for m in said if m.startswith(f"badges: Ann {long_name[:10]}")]


FILING = """
people:
  - {name: Georg Lechner, role: organiser}
  - {name: Amira Haddad, role: speaker}
  - {name: Ludwig van Beethoven}
  - {name: "Martin Luther King Jr."}
  - {name: "Zeller, Anton"}
  - {name: 张伟, country: CN}
  - {name: Kovács Zsófia, name_language: hu}
  - {name: Madonna}
attendees:
  - {given: Anna, family: Huber}
  - {given: Bruno, family: Ziegler}
  - {given: Carla, family: Auer}
badges:
  qr: id
"""


def test_people_written_with_name_alone_are_filed_with_the_export_by_family_name(
    tmp_path: Path,
) -> None:
    """The event file's people, written `name:` alone, are filed by the name's last word
    among the export's registrations (given and family): Amira Haddad under H, Georg
    Lechner under L, not under A and G; particles and "Jr." do not count, "Zeller, Anton"
    is filed under Z; a name written family name first (张伟 under Z by pinyin, Kovács
    Zsófia under K) and a mononym are filed as written. Badges and the check-in list
    follow one order."""
    path = write_event(tmp_path / "source", MINIMAL + FILING)
    out = tmp_path / "out"
    build(path, out, only=("badges", "checkin"), badge_layout="cr80")
    expected = [
        "Carla Auer",
        "Ludwig van Beethoven",
        "Amira Haddad",
        "Anna Huber",
        "Martin Luther King Jr.",
        "Kovács Zsófia",
        "Georg Lechner",
        "Madonna",
        "Zeller, Anton",
        "张伟",
        "Bruno Ziegler",
    ]
    with (out / "checkin.csv").open(encoding="utf-8-sig") as rows:
        assert [row["name"] for row in csv.DictReader(rows)] == expected
    pages = len(pypdf.PdfReader(out / "badges.pdf").pages)
    fronts = [
        " ".join(pdftotext(out / "badges.pdf", "-f", str(n), "-l", str(n)).split())
        for n in range(1, pages + 1)
    ]
    found = [next((n for n in expected if n in front), None) for front in fronts]
    assert [n for n in found if n] == expected, fronts


def test_an_event_in_hungarian_files_names_in_latin_letters_as_written(tmp_path: Path) -> None:
    """At an event in Hungarian, a name in Latin letters is taken as written family name
    first (Nagy Anna under N, and so Georg Lechner under G): filed as written, never by a
    guess at its last word; a Greek name there is still filed by its last word (under Z),
    and the export's family names as given."""
    people = """
people:
  - {name: Nagy Anna}
  - {name: Georg Lechner}
  - {name: Νίκος Ζαχαρίου}
  - {name: Bodó Péter}
attendees:
  - {given: Carla, family: Mayer}
badges:
  qr: id
"""
    text = MINIMAL.replace("country: NO\n", "country: HU\n  language: hu\n") + people
    path = write_event(tmp_path / "source", text)
    build(path, tmp_path / "out", only=("checkin",))
    with (tmp_path / "out" / "checkin.csv").open(encoding="utf-8-sig") as rows:
        names = [row["name"] for row in csv.DictReader(rows)]
    assert names == ["Bodó Péter", "Georg Lechner", "Carla Mayer", "Nagy Anna", "Νίκος Ζαχαρίου"]
