"""Certificates of attendance and of presentation (issue 23): who came read from a check-in
export, a landscape PDF/A-2b page per certificate with its verification code, the list of
codes beside it, and one file per person with --split.

The pages are read back with poppler (pdftotext, pdffonts) and pikepdf, the codes in the
list compared with the codes printed, and each name's words placed inside the page's
text area."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw
from tests.conftest import FIXTURES, build, pdffonts, pdftotext, prepared, shared

from brochure.config import CommandLine
from brochure.errors import InputError
from brochure.finishing.paper import office_paper
from brochure.model import CheckinFile
from brochure.outputs import REGISTRY
from brochure.outputs.certificates import codes, content
from brochure.outputs.certificates.drawing import SIDE, Geometry, logo_boxes, signer_columns
from brochure.outputs.view import EventView
from brochure.reading.checkins import checked_in, read_checkins

SUMMIT = FIXTURES / "summit"
HAIFA = FIXTURES / "haifa"
#: Who the summit's check-in export says came (cancelled and absent rows aside), by id:
#: matched by e-mail, by name within an order, or (the walk-in) as the export names them.
CAME = {"bwrea-1", "5znkg-2", "fsj8m-1", "léa", "t63cw-2", "walk1"}
#: Who speaks in or chairs the summit's programme.
PRESENTERS = {
    "ana-sofia-ferreira",
    "marek-zielinski",
    "léa",
    "王秀英",
    "houleymatou-baldé",
    "tomas-ribeiro",
    "grace-mwangi",
    "jonas-berg",
    "aoife-o-suilleabhain",
    "karim-haddad",
}
#: The verification code as printed and listed.
CODE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b")

CERTIFICATES = """
certificates:
  attended: checkins.csv
  secret: certificates.key
  signers:
    - name: Marek Zieliński
      position: Director
      organisation: Fundacja Otwarte Miasto
      signature: signature.png
    - name: Ana Sofia Ferreira
      position: Programme chair
"""


def _signature(path: Path) -> None:
    """A scrawl, as a scanned signature with a clear ground."""
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.line(
        [(20, 150), (120, 40), (200, 160), (300, 60), (420, 140), (580, 50)],
        fill=(20, 30, 90, 255),
        width=9,
    )
    image.save(path)


def summit_source(folder: Path, languages: str | None = None) -> Path:
    """The summit fixture with certificates asked for, in folder/source."""
    source = folder / "source"
    shutil.copytree(SUMMIT, source)
    text = (source / "event.yaml").read_text(encoding="utf-8") + CERTIFICATES
    if languages:
        text = text.replace("  language: en-GB\n", f"  languages: {languages}\n")
    (source / "event.yaml").write_text(text, encoding="utf-8")
    (source / "certificates.key").write_text("correct horse battery staple\n", encoding="utf-8")
    _signature(source / "signature.png")
    return source / "event.yaml"


# Reading who came ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("yes", True),
        ("Ja", True),
        ("TRUE", True),
        ("1", True),
        ("x", True),
        ("2026-06-10T09:14:00+02:00", True),
        ("06/10/2026 9:14 a.m.", True),
        ("10.06.2026 09:14", True),
        ("", False),
        ("no", False),
        ("false", False),
        ("0", False),
        ("Nein", False),
        ("maybe", None),
        ("2", None),
    ],
)
def test_a_checked_in_cell_says_yes_no_or_a_time(value: str, said: bool | None) -> None:
    assert checked_in(value) is said


def test_the_summit_export_says_who_came_matched_to_the_event() -> None:
    event = prepared(summit_source_once()).event
    found = read_checkins(
        SUMMIT / "checkins.csv", "checkins.csv", CheckinFile(file="checkins.csv"), event, _nowhere
    )
    assert {person.key for person in found.attended} == CAME
    assert found.absent == 2 and found.unknown == 1
    # The two Siobhán Murphys of the registrations: the order's code tells them apart.
    murphy = next(p for p in found.attended if p.name == "Siobhán Murphy")
    assert murphy.key == "fsj8m-1"
    assert not [p for p in found.problems if not p.warning]


def test_a_value_that_says_neither_is_an_error_at_its_line(tmp_path: Path) -> None:
    export = tmp_path / "checkins.csv"
    export.write_text("id,name,Checked in\nana,Ana Lima,yes\nbo,Bo Li,maybe\ncy,Cy Ng,maybe\n")
    found = read_checkins(export, "checkins.csv", CheckinFile(file="x"), None, _nowhere)
    (problem,) = found.problems
    assert str(problem).startswith("checkins.csv:3:3: certificates.attended: 'maybe' (lines 3, 4)")


def test_an_export_without_a_checked_in_column_is_an_error(tmp_path: Path) -> None:
    export = tmp_path / "checkins.csv"
    export.write_text("id,name\nana,Ana Lima\n")
    found = read_checkins(export, "checkins.csv", CheckinFile(file="x"), None, _nowhere)
    assert any("no column says who checked in" in str(p) for p in found.problems)


def test_a_column_named_in_the_event_file_says_who_came(tmp_path: Path) -> None:
    export = tmp_path / "checkins.csv"
    export.write_text("Teilnehmer,Anwesend\nAna Lima,ja\nBo Li,nein\n", encoding="utf-8")
    spec = CheckinFile(file="x", columns={"Teilnehmer": "name", "Anwesend": "checked_in"})
    found = read_checkins(export, "checkins.csv", spec, None, _nowhere)
    assert [p.name for p in found.attended] == ["Ana Lima"] and not found.problems


def test_brochures_own_check_in_list_is_read_in_its_language(tmp_path: Path) -> None:
    """checkin.csv as a German pack writes it, with the column added at the door in
    German (the catalogue's word): read by its German headers."""
    export = tmp_path / "checkin.csv"
    export.write_text(
        "\ufeffid,Name,Organisation,Rolle,Eingecheckt\r\nana-lima,Ana Lima,ACME,Teilnehmende,ja\r\n"
        "bo-li,Bo Li,,Teilnehmende,\r\n",
        encoding="utf-8",
    )
    found = read_checkins(export, "checkin.csv", CheckinFile(file="x"), None, _nowhere)
    assert [p.key for p in found.attended] == ["ana-lima"] and not found.problems


def test_the_importers_pretix_list_is_read_with_its_check_ins(tmp_path: Path) -> None:
    """`brochure import pretix` writes a `Checked in` column (ISO times) beside the
    tickets' ids: the same file serves as registrations and as the check-in export."""
    export = tmp_path / "attendees.csv"
    export.write_text(
        "Order code,Position ID,Attendee name,Product,Company,Country,Attendee email,Checked in\n"
        "ABC12,1,Ana Lima,Ticket,ACME,BR,ana@example.org,2026-06-10T07:14:00+00:00\n"
        "ABC12,2,Bo Li,Ticket,ACME,CN,bo@example.org,\n",
        encoding="utf-8",
    )
    found = read_checkins(export, "attendees.csv", CheckinFile(file="x"), None, _nowhere)
    assert [p.key for p in found.attended] == ["abc12-1"] and found.absent == 1


# What the certificates say ---------------------------------------------------------
def test_the_hours_are_the_programmes_less_breaks_parallel_sessions_once() -> None:
    """Day one 09:00-12:30, 13:30-15:00, 15:30-17:30 less the coffee breaks (6.5 h), not
    the night walk (22:00-00:30, after the day's end: the social programme); day two
    9:00-10:30, 11:00-12:30, 13:30-15:00 (4.5 h)."""
    assert content.programme_hours(prepared(SUMMIT / "event.yaml").event) == 11


def test_codes_are_keyed_stable_and_read_aloud_without_confusion() -> None:
    day = prepared(SUMMIT / "event.yaml").event.event.date
    keyed = codes.code(b"correct horse battery staple", day, "attendance", "léa")
    assert keyed == codes.code(b"correct horse battery staple", day, "attendance", "léa")
    assert keyed != codes.code(b"another secret, as long", day, "attendance", "léa")
    assert keyed != codes.code(None, day, "attendance", "léa")
    assert keyed != codes.code(b"correct horse battery staple", day, "presentation", "léa")
    assert CODE.fullmatch(keyed) and not set(keyed) & set("ILOU")


def test_a_short_secret_is_an_error(tmp_path: Path) -> None:
    source = summit_source(tmp_path)
    (source.parent / "certificates.key").write_text("hunter2")
    with pytest.raises(InputError, match=r"certificates\.secret: the secret is 7 characters"):
        prepared(source, only=("certificates",))


def test_without_an_export_only_presenters_are_certified_and_it_is_said_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = summit_source(tmp_path, "[en-GB, pl]")
    text = source.read_text(encoding="utf-8").replace("  attended: checkins.csv\n", "")
    source.write_text(text.replace("  secret: certificates.key\n", ""), encoding="utf-8")
    caplog.set_level("INFO")
    ready = prepared(source, only=("certificates",))
    for note in ("no certificates of attendance", "the verification codes are a plain hash"):
        assert len([r for r in caplog.records if note in r.getMessage()]) == 1
    event = ready.event
    made = content.certificates(event, EventView.of(event, ready.config), (), None)
    assert {c.kind for c in made} == {"presentation"}
    assert {c.key for c in made} == PRESENTERS


@pytest.mark.parametrize(
    ("language", "country", "size"),
    [
        ("en-GB", "PL", (297.0, 210.0)),
        ("en-US", "PL", (279.4, 215.9)),
        ("es", "MX", (279.4, 215.9)),
    ],
)
def test_the_page_is_the_packs_office_paper_landscape(
    language: str, country: str, size: tuple[float, float]
) -> None:
    page = Geometry.of(office_paper(language, country))
    assert (page.width, page.height) == pytest.approx(size)


def test_an_event_that_asks_for_none_gets_none() -> None:
    ready = prepared(SUMMIT / "event.yaml", only=("certificates",))
    assert not REGISTRY["certificates"].applies(ready.event, ready.config)


# The pack --------------------------------------------------------------------------
def summit_source_once() -> Path:
    return SUMMIT / "event.yaml"


def _nowhere(path: object) -> None:
    return None


@pytest.fixture(scope="module")
def summit_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The summit's certificates in three packs (British English, Polish, Arabic), split."""

    def make(folder: Path) -> None:
        source = summit_source(folder, "[en-GB, pl, ar]")
        build(source, folder / "output", only=("certificates",), split=True)

    return shared(tmp_path_factory, "certificates-summit", make) / "output"


def _listed(csv_file: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en-GB", "pl", "ar"])
def test_each_pack_certifies_who_came_and_who_presented(summit_pack: Path, language: str) -> None:
    pack = summit_pack / language
    rows = _listed(pack / "certificates.csv")[1:]
    first = _listed(summit_pack / "en-GB" / "certificates.csv")[1:]
    kinds: dict[str, set[str]] = {}
    for row in rows:
        kinds.setdefault(row[1], set()).add(row[2])
    # Six who came, ten presenters; the cancelled (Chipo Moyo) and the absent get none.
    assert sorted(map(frozenset, kinds.values()), key=len) == [CAME, PRESENTERS]
    assert "moyo" not in " ".join(row[3].lower() for row in rows)
    # The same codes in every language: they belong to the certificate, not the pack.
    assert sorted(row[0] for row in rows) == sorted(row[0] for row in first)
    pages = pikepdf.open(pack / "certificates.pdf").pages
    assert len(pages) == len(rows) == len(CAME) + len(PRESENTERS)
    for page in pages:
        width, height = (float(v) for v in page.mediabox[2:])
        assert width > height  # landscape
    assert (round(width), round(height)) == (842, 595)  # A4: Poland's office paper
    # The logos and the signature (an SVG and a PNG), drawn once, under every page.
    for page in pages:
        layer = page.Resources.XObject["/BrochureImages"]
        assert len(layer.Resources.XObject) == 2


@pytest.mark.slow
def test_the_codes_listed_are_the_codes_printed(summit_pack: Path) -> None:
    pack = summit_pack / "en-GB"
    rows = _listed(pack / "certificates.csv")[1:]
    pdf = pack / "certificates.pdf"
    for number, row in enumerate(rows, 1):
        text = pdftotext(pdf, "-f", str(number), "-l", str(number))
        assert CODE.findall(text) == [row[0]], number
        assert " ".join(row[3].split()) in " ".join(text.split())


@pytest.mark.slow
def test_split_files_hold_each_persons_certificates(summit_pack: Path) -> None:
    pack = summit_pack / "en-GB"
    rows = _listed(pack / "certificates.csv")[1:]
    folder = pack / "certificates"
    assert {path.stem for path in folder.glob("*.pdf")} == CAME | PRESENTERS
    lea = folder / "léa.pdf"
    text = pdftotext(lea)
    assert sorted(CODE.findall(text)) == sorted(row[0] for row in rows if row[2] == "léa")
    assert len(pikepdf.open(lea).pages) == 2  # she came, and she presented
    with pikepdf.open(lea) as document:
        assert "Léa Martin" in str(document.docinfo["/Title"])
        _pdfa_2b(document)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en-GB", "ar"])
def test_the_file_claims_pdfa_2b_and_keeps_its_claim(summit_pack: Path, language: str) -> None:
    """What a PDF/A-2b validator checks first, as far as pikepdf and poppler tell (no
    validator can be installed here: see docs/guides/certificates.md)."""
    pdf = summit_pack / language / "certificates.pdf"
    with pikepdf.open(pdf) as document:
        _pdfa_2b(document)
        # No personal data in the metadata: the title is the event's.
        meta = document.Root.Metadata.read_bytes().decode()
        for name in ("Léa", "Grzegorz", "Mateo", "example.org"):
            assert name not in meta and name not in str(dict(document.docinfo))
    fonts = pdffonts(pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    assert all(font["uni"] == "yes" for font in fonts)


def _pdfa_2b(document: pikepdf.Pdf) -> None:
    assert not document.is_encrypted
    (intent,) = document.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
    assert "/Filter" not in document.Root.Metadata
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
        assert xmp["dc:title"] == str(document.docinfo["/Title"])
        assert xmp["pdf:Producer"] == str(document.docinfo["/Producer"])
    assert "/ID" in document.trailer
    for page in document.pages:
        assert "/Annots" not in page.obj and "/AA" not in page.obj
    assert "/OpenAction" not in document.Root and "/AcroForm" not in document.Root


@pytest.mark.slow
def test_no_email_is_printed(summit_pack: Path) -> None:
    for pdf in summit_pack.glob("*/certificates.pdf"):
        assert "@" not in pdftotext(pdf)
    for listed in summit_pack.glob("*/certificates.csv"):
        assert "@" not in listed.read_text(encoding="utf-8-sig")


@pytest.mark.slow
def test_every_name_fits_in_every_script_and_direction(tmp_path: Path) -> None:
    """The Haifa packs (Hebrew and Arabic, right to left) with walk-ins of 60 characters
    and names in Greek, Devanagari, Han and Arabic: each name whole on its page, every
    word inside the page's text area."""
    source = tmp_path / "source"
    shutil.copytree(HAIFA, source)
    names = [
        "Maximiliana Wilhelmina Fitzgerald-Montgomery de la Vega-Ortiz",
        "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff von Altenburg",
        # (not "الله": poppler copies its ligature out backwards, whoever drew it)
        "محمد بن عبد الرحمن الفلاني من مدينة الإسكندرية القديمة الجميلة",
        "Αικατερίνη Παπαδοπούλου",
        "अनुराधा श्रीनिवासन",
        "王秀英",
    ]
    rows = "".join(f",{name},yes\n" for name in names)
    (source / "checkins.csv").write_text(
        f"id,name,Checked in\nnoa-levi,x,yes\nitai-shapira,x,no\n{rows}", encoding="utf-8"
    )
    (source / "event.yaml").write_text(
        (source / "event.yaml").read_text(encoding="utf-8")
        + "\ncertificates:\n  attended: checkins.csv\n",
        encoding="utf-8",
    )
    assert max(len(name) for name in names[:2]) >= 60
    build(source / "event.yaml", tmp_path / "output", only=("certificates",))
    for language in ("he", "ar"):
        pdf = tmp_path / "output" / language / "certificates.pdf"
        # poppler marks each run's direction (U+202A-202C): not the certificate's text
        text = " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", pdftotext(pdf)).split())
        words = set(text.split())
        for name in names:
            # poppler gives right-to-left lines in its own order: each word, then
            assert set(name.split()) <= words, (language, name)
        assert "…" not in text
        width = 842.0
        boxes = re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', pdftotext(pdf, "-bbox")
        )
        margin = SIDE * 72 / 25.4 - 1
        assert boxes and all(
            float(left) >= margin and float(right) <= width - margin for left, right in boxes
        )


def test_the_flag_and_the_section_meet_once(tmp_path: Path) -> None:
    source = summit_source(tmp_path)
    config = prepared(source, only=("certificates",), split=True).config
    from brochure.outputs.certificates.settings import CertificateSettings

    assert CertificateSettings.of(config).split
    assert not CertificateSettings.of(prepared(source, only=("certificates",)).config).split
    assert CommandLine.of(split=True).flags == {"split": True}


def test_signers_and_logos_start_where_the_packs_lines_start() -> None:
    """The first signer (and the first organiser's logo) on the left, or on the right in
    a right-to-left pack."""
    page = Geometry.of(office_paper("he", "IL"))
    (first, _), (second, _) = signer_columns(page, 2, rtl=True)
    assert first > second
    (first, _), (second, _) = signer_columns(page, 2)
    assert first < second
    assert logo_boxes(page, 2, rtl=True)[0].x > logo_boxes(page, 2, rtl=True)[1].x


def test_a_signature_nested_too_deep_is_refused_where_it_is_named(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A signature of 3,000 groups in groups: `check` refuses it at its field, as the
    gate refuses any image, instead of a build failing later with a RecursionError."""
    from brochure.cli import main

    source = summit_source(tmp_path)
    (source.parent / "signature.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">'
        + "<g>" * 3000
        + "</g>" * 3000
        + "</svg>",
        encoding="utf-8",
    )
    text = source.read_text(encoding="utf-8").replace("signature.png", "signature.svg")
    source.write_text(text, encoding="utf-8")
    assert main(["check", str(source)]) == 1
    err = capfd.readouterr().err
    line = text.splitlines().index("      signature: signature.svg") + 1
    assert (
        f"{source}:{line}:7: certificates.signers[0].signature: 'signature.svg' is an SVG "
        "whose elements nest more than 100 deep" in err
    ), err
    assert "RecursionError" not in err


# A check-in export of e-mail addresses alone -------------------------------------------
MAILS = (
    "E-mail,Checked in\n"
    "p000@example.org,06/10/2026 9:14 a.m.\n"  # Grzegorz Jankowski, registered
    "lea.martin@example.org,yes\n"  # Léa Martin, in the event file's people
    "stranger@example.org,yes\n"  # nobody the event knows
    "p001@example.org,no\n"
    ",yes\n"  # no address, no name
)


def _mails_source(folder: Path) -> Path:
    source = summit_source(folder)
    (source.parent / "checkins.csv").write_text(MAILS, encoding="utf-8")
    return source


def test_an_export_of_e_mails_alone_certifies_who_it_matches_and_no_one_else(
    tmp_path: Path,
) -> None:
    """A check-in export with only E-mail and Checked in: its rows are matched by
    address; a row that matches nobody is never certified under its address (one
    warning counts it), and a row with neither name nor address is left out."""
    event = prepared(summit_source_once()).event
    export = tmp_path / "checkins.csv"
    export.write_text(MAILS, encoding="utf-8")
    found = read_checkins(export, "checkins.csv", CheckinFile(file="x"), event, _nowhere)
    assert [p.name for p in found.attended] == ["Grzegorz Jankowski", "Léa Martin"]
    assert not [p for p in found.problems if not p.warning]
    said = [str(p) for p in found.problems]
    assert any(
        s.startswith(
            "checkins.csv:4:1: certificates.attended: warning: 1 row that checked in "
            "(line 4) matches nobody"
        )
        for s in said
    ), said
    assert any("row has no name (line 6)" in s for s in said), said


@pytest.mark.slow
def test_check_and_a_build_take_an_export_of_e_mails_alone(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """`check` accepts the export, warning once of the row it cannot certify; the build
    certifies those it matched, and prints no address and no placeholder for a name."""
    from brochure.cli import main

    source = _mails_source(tmp_path)
    assert main(["check", str(source)]) == 0
    err = capfd.readouterr().err
    assert "no column holds names" not in err
    assert err.count("matches nobody in the event file by id or e-mail") == 1, err
    build(source, tmp_path / "out", only=("certificates",))
    rows = _listed(tmp_path / "out" / "certificates.csv")
    attended = {row[2] for row in rows[1:] if "attendance" in row[1]}
    assert attended == {"bwrea-1", "léa"}
    text = pdftotext(tmp_path / "out" / "certificates.pdf")
    assert "@" not in text and "stranger" not in text
    assert "Grzegorz Jankowski" in text and "Léa Martin" in text
    assert not any(row[3] in ("?", "") for row in rows[1:])


@pytest.mark.parametrize(
    ("rows", "certified", "outside"),
    [
        # 25/12/2024 proves the file day first: 03/04/2025 is 3 April, no day of the event.
        ('"25/12/2024 09:00"', "Bo Person", "'03/04/2025 09:00' (line 3) is dated 2025-04-03"),
        # 12/25/2024 proves it month first: 03/04/2025 is 4 March, the event's day.
        ('"12/25/2024 09:00"', "Zed Person", "'04/03/2025 09:00' (line 4) is dated 2025-04-03"),
    ],
)
def test_a_check_in_files_dates_are_read_in_one_order(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], rows: str, certified: str, outside: str
) -> None:
    """Finding 07: each cell was read day first or month first, whichever certified: a
    file that 25/12/2024 proves day first had 03/04/2025 read as 4 March. One order per
    file, by the cells only one order reads; the event's days decide only when none does."""
    from brochure.cli import main

    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "event.yaml").write_text(
        "event: {title: A Day, date: 2025-03-04, city: Berlin, country: DE}\n"
        "about: A day.\norganisers: [{name: Lab}]\ncertificates: {attended: checkins.csv}\n",
        encoding="utf-8",
    )
    (folder / "checkins.csv").write_text(
        f'Name,Checked in\nAa Person,{rows}\nZed Person,"03/04/2025 09:00"\n'
        'Bo Person,"04/03/2025 09:00"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert (
        main(["build", str(folder / "event.yaml"), "-o", str(out), "--only", "certificates"]) == 0
    )
    assert outside in capfd.readouterr().err
    names = [
        row["name"]
        for row in csv.DictReader(io.StringIO((out / "certificates.csv").read_text("utf-8-sig")))
    ]
    assert names == [certified], names


def test_a_misspelt_id_in_the_check_in_export_suggests_whom_it_meant(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The field test: `a1b2c-9` for `a1b2c-1` certified the misspelling and left the
    person without a certificate, with only a note. `check` now says whom the row meant,
    by id (else by name), as a warning, once."""
    from brochure.cli import main

    source = summit_source(tmp_path)
    (source.parent / "checkins.csv").write_text(
        "id,name,Checked in\n"
        "bwrea-9,Grzegorz Jankowskii,yes\n"  # bwrea-1, Grzegorz Jankowski
        ",Katarzyna Kozlowskaa,yes\n"  # no id: by name
        "zz-1,Someone Else Entirely,yes\n",  # a walk-in: nothing to suggest
        encoding="utf-8",
    )
    assert main(["check", str(source)]) == 0
    err = capfd.readouterr().err
    csv_file = source.parent / "checkins.csv"
    assert (
        f"{csv_file}:2:1: certificates.attended: warning: 'bwrea-9' (Grzegorz Jankowskii) "
        "checked in and is nobody in the event file: did you mean bwrea-1 (Grzegorz "
        "Jankowski)? As written, bwrea-1 gets no certificate, the row one of its own: "
        "correct the row"
    ) in err.splitlines(), err
    assert err.count("did you mean") == 2 and "Kozłowska" in err, err
    assert "Someone Else" not in err


def test_many_rows_matching_nobody_are_compared_for_misspellings_up_to_a_bound(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hostile round: an export that writes names family name first (or a thousand
    walk-ins) matches nobody, and each row was compared with everyone unmatched for a
    misspelling: 8,000 registrations took 171 s to check. Only the first MOST_COMPARED
    rows are compared; the others are counted in one warning that names their lines."""
    from brochure.cli import main
    from brochure.reading import checkins

    monkeypatch.setattr(checkins, "MOST_COMPARED", 2)
    source = summit_source(tmp_path)
    (source.parent / "checkins.csv").write_text(
        "id,name,Checked in\n"
        "bwrea-9,Grzegorz Jankowskii,yes\n"  # compared: bwrea-1, Grzegorz Jankowski
        "zz-1,Someone Else Entirely,yes\n"  # compared: nothing to suggest
        ",Katarzyna Kozlowskaa,yes\n"  # past the bound: not compared
        "zz-2,Another Walk-in,yes\n",
        encoding="utf-8",
    )
    assert main(["check", str(source)]) == 0
    err = capfd.readouterr().err
    assert err.count("did you mean") == 1 and "bwrea-1" in err, err
    csv_file = source.parent / "checkins.csv"
    assert (
        f"{csv_file}:4:1: certificates.attended: warning: 4 rows checked in and are nobody "
        "in the event file; the first 2 were compared with the people who have no row, for "
        "a misspelling, not the other 2 (lines 4, 5)"
    ) in err, err
