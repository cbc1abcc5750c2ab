"""`brochure preflight`: a table of a print shop's checks, exit 1 on an error."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from tests.conftest import MINIMAL, build, write_event

from brochure.cli import main
from brochure.preflight import check_file

pytestmark = pytest.mark.slow


def levels(pdf: Path, print_shop: bool = False) -> dict[str, str]:
    return {f.check: f.level for f in check_file(pdf, print_shop)}


def test_the_seed_pack_passes_with_a_table_of_every_check(
    built_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preflight", str(built_pack)]) == 0
    table = capsys.readouterr().out.splitlines()
    checks = ("pages", "fonts", "images", "bleed", "safe area", "contrast")
    for name in ("brochure.pdf", "brochure-booklet.pdf", "badges.pdf"):
        rows = [line for line in table if line.startswith(name + " ")]
        assert [c for c in checks if any(f" {c} " in row for row in rows)] == list(checks)
    assert any("brochure.pdf" in r and "8 pages: 2 folded sheets" in r for r in table)
    # The booklet is imposed for folding: said so, never "not folded".
    assert any(
        r.startswith("brochure-booklet.pdf ")
        and "4 pages: 2 sheets printed on both sides, to fold into a booklet" in r
        for r in table
    ), table
    assert any(r.startswith("brochure-booklet.pdf ") and "folded, not cut" in r for r in table)
    assert not any("not folded" in r for r in table)


def test_an_imposed_booklet_of_an_odd_page_count_is_an_error(tmp_path: Path) -> None:
    """An imposed booklet prints both sides of every sheet: three pages is a sheet short."""
    pages = "".join('<p style="break-after: page">x</p>' for _ in range(3))
    booklet = weasy_pdf(pages, tmp_path / "brochure-booklet.pdf")
    found = {f.check: f for f in check_file(booklet)}
    assert found["pages"].level == "error"
    assert "both sides of each sheet" in found["pages"].detail


def test_a_print_shop_brochure_has_its_bleed(tmp_path: Path) -> None:
    source = write_event(tmp_path, MINIMAL)
    build(source, tmp_path / "out", only=("brochure",), print_shop=True)
    found = {f.check: f for f in check_file(tmp_path / "out" / "brochure.pdf", print_shop=True)}
    assert found["bleed"].level == "ok" and found["bleed"].detail == "3.0 mm on every side"
    assert {f.level for f in found.values()} == {"ok"}


def test_an_office_brochure_sent_to_a_print_shop_lacks_bleed(built_pack: Path) -> None:
    assert levels(built_pack / "brochure.pdf", print_shop=True)["bleed"] == "error"
    assert levels(built_pack / "brochure.pdf")["bleed"] == "ok"


def weasy_pdf(html: str, path: Path) -> Path:
    import weasyprint

    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


def png(width: int, height: int) -> str:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (width, height), "#123b5a").save(data, "PNG")
    return "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()


def test_every_fault_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = "".join('<p style="break-after: page; margin: 20mm">Page</p>' for _ in range(5))
    html = f"""
    <style>@page {{ size: A5; margin: 0 }} body {{ margin: 0; font-family: Inter }}</style>
    <p style="position: absolute; left: 1mm; top: 40mm">Edge</p>
    <p style="margin: 60mm 20mm 0; color: #c0c0c0">Pale words</p>
    <img src="{png(40, 40)}" style="width: 50mm; height: 50mm; margin-left: 20mm">
    {pages}"""
    pdf = weasy_pdf(html, tmp_path / "faulty.pdf")
    found = {f.check: f for f in check_file(pdf)}
    assert found["pages"].level == "error" and found["pages"].detail.startswith("5 pages")
    assert found["safe area"].level == "error" and "'Edge' on page 1" in found["safe area"].detail
    assert found["contrast"].level == "error" and "'Pale'" in found["contrast"].detail
    assert found["images"].level == "error" and "40 x 40 px at 20 ppi" in found["images"].detail
    assert main(["preflight", str(pdf)]) == 1
    out, err = capsys.readouterr()
    assert "ERROR" in out and "4 checks failed" in err


def test_an_image_short_of_300_ppi_is_a_warning(tmp_path: Path) -> None:
    html = f'<img src="{png(400, 400)}" style="width: 50mm; height: 50mm">'
    found = {f.check: f for f in check_file(weasy_pdf(html, tmp_path / "image.pdf"))}
    assert found["images"].level == "warning" and "203 ppi" in found["images"].detail


def test_a_font_not_embedded_is_an_error(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(420, 595))
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.contents_add(pikepdf.Stream(pdf, b"BT /F1 12 Tf 100 300 Td (Hello) Tj ET"))
    pdf.save(tmp_path / "bare.pdf")
    found = {f.check: f for f in check_file(tmp_path / "bare.pdf")}
    assert found["fonts"].level == "error" and "Helvetica" in found["fonts"].detail


def test_a_font_only_in_a_form_fields_appearance_is_checked(tmp_path: Path) -> None:
    """A filled form field draws with fonts of its own appearance stream (/AP), not the
    page's: a font not embedded there is found too."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(420, 595))
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Courier
    )
    appearance = pikepdf.Stream(pdf, b"BT /F1 10 Tf 2 2 Td (Filled) Tj ET")
    appearance.Type, appearance.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    appearance.BBox = [0, 0, 100, 20]
    appearance.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    widget = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("name"),
            Rect=[100, 300, 200, 320],
            AP=pikepdf.Dictionary(N=appearance),
        )
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([widget]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([widget]))
    pdf.save(tmp_path / "form.pdf")
    found = {f.check: f for f in check_file(tmp_path / "form.pdf")}
    assert found["fonts"].level == "error" and "Courier" in found["fonts"].detail


def test_an_inline_image_is_judged_as_any_image(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(420, 595))
    pixels = bytes(16 * 16)
    page.contents_add(
        pikepdf.Stream(
            pdf,
            b"q 144 0 0 144 100 300 cm BI /W 16 /H 16 /CS /G /BPC 8 ID " + pixels + b" EI Q",
        )
    )
    pdf.save(tmp_path / "inline.pdf")
    found = {f.check: f for f in check_file(tmp_path / "inline.pdf")}
    assert found["images"].level == "error" and "16 x 16 px at 8 ppi" in found["images"].detail


def test_what_is_not_a_pdf_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.pdf").write_text("not a PDF")
    assert main(["preflight", str(tmp_path / "notes.pdf")]) == 1
    assert main(["preflight", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "not a readable PDF" in err and "no such file or folder" in err
    assert "Traceback" not in err


# -- every input gets a located finding, and every check runs -------------------------------

CHECKS = ["pages", "fonts", "images", "bleed", "safe area", "contrast"]
INTERNAL_ERRORS = (
    Path(__file__).parent / "fixtures" / "hostile" / ("hostile-23-preflight-internal-errors")
)


@pytest.mark.parametrize(
    ("pdf", "check", "said"),
    [
        ("huge.pdf", "contrast", "every word meets WCAG AA"),
        ("big.pdf", "contrast", "every word meets WCAG AA"),
        (
            "badbox.pdf",
            "bleed",
            "page 1: its /MediaBox [ 0 0 (a) 595 ] is not four numbers; "
            "its /TrimBox [ 0 0 /X 1 ] is not four numbers",
        ),
        (
            "badbox.pdf",
            "safe area",
            "page 1: its /MediaBox [ 0 0 (a) 595 ] is not four numbers; "
            "its /TrimBox [ 0 0 /X 1 ] is not four numbers",
        ),
    ],
)
def test_a_large_page_or_a_malformed_box_gets_every_check(
    pdf: str, check: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """hostile-23: a 200-inch page and a 100-inch banner are drawn coarser for the
    contrast check (not a 1 x 1 image, not a decompression bomb); a malformed box is
    named with its page, and the other checks still run."""
    main(["preflight", str(INTERNAL_ERRORS / pdf)])
    table = capsys.readouterr()
    rows = {row.split("  ")[1].strip(): row for row in table.out.splitlines()}
    assert list(rows) == CHECKS, table
    assert said in rows[check]
    assert "preflight failed" not in table.err and "Error:" not in table.err


def hello(tmp_path: Path, name: str = "hello.pdf", size: float = 595) -> tuple[pikepdf.Pdf, Any]:
    """A one-page PDF (Helvetica, "Hello world") to break."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    page = pikepdf.Page(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, size, size],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(b"BT /F1 24 Tf 100 100 Td (Hello world) Tj ET"),
        )
    )
    pdf.pages.append(page)
    return pdf, pdf.pages[0]


def _image(pdf: pikepdf.Pdf, page: Any, **entries: Any) -> None:
    image = pikepdf.Stream(pdf, bytes(16 * 16))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
    image.Width, image.Height = 16, 16
    for key, value in entries.items():
        if value is None:
            del image[f"/{key}"]
        else:
            image[f"/{key}"] = value
    page.Resources.XObject = pikepdf.Dictionary(Im1=image)
    page.contents_add(pikepdf.Stream(pdf, b"q 100 0 0 100 100 300 cm /Im1 Do Q"))


def _form(pdf: pikepdf.Pdf, page: Any, matrix: Any) -> None:
    form = pikepdf.Stream(pdf, b"")
    form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 1, 1]
    form.Matrix = matrix
    page.Resources.XObject = pikepdf.Dictionary(Fm1=form)
    page.contents_add(pikepdf.Stream(pdf, b"/Fm1 Do"))


def _type0(pdf: pikepdf.Pdf, page: Any, descendants: Any) -> None:
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name.X
    )
    if descendants is not None:
        font.DescendantFonts = descendants
    page.Resources.Font.F2 = font


def put(key: str, value: Any) -> Any:
    """Set key of the page to value."""
    return lambda pdf, page: page.obj.__setitem__(key, value)


def resource(key: str, value: Any) -> Any:
    """Set key of the page's resources to value."""
    return lambda pdf, page: page.Resources.__setitem__(key, value)


def content(operators: bytes) -> Any:
    return lambda pdf, page: page.contents_add(pikepdf.Stream(pdf, operators))


A, X = pikepdf.Name.A, pikepdf.String("x")
# what, how to break the page, the check that says it, what it says. (qpdf drops
# /Resources and /Annots of the wrong kind; the page boxes are read as the file writes
# them, before qpdf mends them: finding 12 below.)
BROKEN: list[tuple[str, Any, str, str]] = [
    (
        "trim box of 3",
        put("/TrimBox", [0, 0, 595]),
        "bleed",
        "its /TrimBox [ 0 0 595 ] is not four",
    ),
    ("crop box a number", put("/CropBox", 5), "safe area", "its /CropBox 5 is not four numbers"),
    ("huge media box", put("/MediaBox", [0, 0, 1e12, 5]), "bleed", "1000000000000 5 ] is out of"),
    ("huge trim box", put("/TrimBox", [0, 0, -1e12, 5]), "safe area", "is out of range"),
    ("empty crop box", put("/CropBox", [-5, -5, -5, 9]), "bleed", "[ -5 -5 -5 9 ] is empty"),
    ("bleed box of names", put("/BleedBox", [0, 0, A, 1]), "bleed", "[ 0 0 /A 1 ] is not four"),
    ("rotate 45", put("/Rotate", 45), "safe area", "its /Rotate 45 is not a multiple of 90"),
    ("rotate a string", put("/Rotate", X), "safe area", "its /Rotate (x) is not a number"),
    ("fonts an array", resource("/Font", [1, 2]), "fonts", "/Font resources [ 1 2 ] are not"),
    ("font a string", resource("/Font", {"/F1": X}), "fonts", "a font (x) is not a dictionary"),
    ("xobjects an array", resource("/XObject", [1]), "fonts", "/XObject resources [ 1 ] are"),
    ("type 0 without descendants", lambda d, p: _type0(d, p, None), "fonts", "/X: its /Desc"),
    ("type 0 with none", lambda d, p: _type0(d, p, []), "fonts", "/DescendantFonts [ ] is not"),
    ("image width a string", lambda d, p: _image(d, p, Width=X), "images", "/Width (x) is not a"),
    ("image width negative", lambda d, p: _image(d, p, Width=-16), "images", "-16 is not a num"),
    ("image without height", lambda d, p: _image(d, p, Height=None), "images", "/Height None"),
    ("cm of five", content(b"1 0 0 1 0 cm"), "images", "matrix [ 1 0 0 1 0 ] is not six"),
    ("cm of a name", content(b"1 0 0 1 0 /N cm"), "images", "matrix [ 1 0 0 1 0 /N ] is not"),
    ("form matrix of 3", lambda d, p: _form(d, p, [1, 0, 0]), "images", "/Matrix [ 1 0 0 ] is"),
]


@pytest.mark.parametrize(
    ("breaking", "check", "said"), [case[1:] for case in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_every_malformed_value_is_a_located_finding(
    tmp_path: Path, breaking: Any, check: str, said: str
) -> None:
    """Any value preflight reads, missing, of the wrong type, huge, negative or empty:
    a finding that names the page and the value, and every other check still runs."""
    pdf, page = hello(tmp_path)
    breaking(pdf, page)
    pdf.save(tmp_path / "broken.pdf")
    found = {f.check: f for f in check_file(tmp_path / "broken.pdf")}
    assert list(found) == CHECKS
    assert found[check].level == "error", found[check]
    assert found[check].detail.startswith("page 1: "), found[check].detail
    assert said in found[check].detail, found[check].detail


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 0 obj first, the catalog), as written: nothing repaired."""
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + (
        b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<< /Size %d /Root 1 0 R >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table, len(objects) + 1, len(out))
    )


def test_a_page_count_poppler_refuses_still_gets_the_other_checks(tmp_path: Path) -> None:
    """A /Count that lies (a million pages in a file of one): pikepdf reads the page,
    poppler refuses the file; the checks that need poppler say so, the others run."""
    text = b"BT /F1 24 Tf 100 100 Td (Hello world) Tj ET"
    (tmp_path / "count.pdf").write_bytes(
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] "
                b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ]
        )
    )
    found = {f.check: f for f in check_file(tmp_path / "count.pdf")}
    assert list(found) == CHECKS
    assert found["fonts"].detail == "not embedded: Helvetica"
    for check in ("safe area", "contrast"):
        assert found[check].level == "error"
        assert found[check].detail.startswith("not checked: poppler cannot read its text")
        assert "Page count (1000000)" in found[check].detail


def test_a_page_too_large_even_for_a_coarse_drawing_is_said(tmp_path: Path) -> None:
    """A page of 5000 x 14400 inches (a PDF 2 size with no user unit; poppler reads
    it): not drawn for the contrast check, which says so as a warning, page named."""
    pdf, page = hello(tmp_path, size=14400)
    page.obj.MediaBox = [0, 0, 360000, 1036800]
    pdf.save(tmp_path / "vast.pdf")
    found = {f.check: f for f in check_file(tmp_path / "vast.pdf")}
    assert list(found) == CHECKS
    assert found["contrast"].level == "warning"
    assert "page 1 (5000 x 14400 in) is too large to draw" in found["contrast"].detail


def test_a_turned_page_is_checked_as_it_is_shown(tmp_path: Path) -> None:
    """/Rotate 90 turns the page poppler's words are placed on: the trim turns with it,
    so text well inside the trim is not taken for text at its edge."""
    pdf, page = hello(tmp_path, size=400)
    page.obj.MediaBox = [0, 0, 300, 400]
    page.obj.Rotate = 90
    pdf.save(tmp_path / "turned.pdf")
    assert {f.check: f.level for f in check_file(tmp_path / "turned.pdf")}["safe area"] == "ok"
    page.obj.Rotate = 270
    page.contents_add(pikepdf.Stream(pdf, b"BT /F1 10 Tf 2 200 Td (Edge) Tj ET"))
    pdf.save(tmp_path / "edge.pdf")
    safe = {f.check: f for f in check_file(tmp_path / "edge.pdf")}["safe area"]
    assert safe.level == "error" and "'Edge'" in safe.detail


# -- finding 12: page boxes as the file writes them, not as qpdf mends them ---------------

HUGE = b"1" + b"0" * 300  # 1e300 written out, as pikepdf writes the float
TEXT = b"BT /F1 24 Tf 100 100 Td (Hello world) Tj ET"


def boxed(tmp_path: Path, page: bytes, pages: bytes = b"", *extra: bytes) -> Path:
    """A one-page PDF written byte for byte (nothing mended): page's and the page tree's
    entries as given; extra objects from 6 0 obj on (5 0 is the font)."""
    path = tmp_path / "boxed.pdf"
    path.write_bytes(
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 " + pages + b" >>",
                b"<< /Type /Page /Parent 2 0 R " + page + b" "
                b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(TEXT), TEXT),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                *extra,
            ]
        )
    )
    return path


MEDIA = b"/MediaBox [0 0 420 595]"
# what, the page's entries, the page tree's, more objects, the check, what it says.
BOXES: list[tuple[str, bytes, bytes, list[bytes], str, str]] = [
    (
        "media 1e300",
        b"/MediaBox [0 0 " + HUGE + b" " + HUGE + b"]",
        b"",
        [],
        "pages",
        "page 1: its object 3 0 cannot be read: qpdf: a number out of range, 100000…000 (301 "
        "digits)",
    ),
    (
        "media -1e300",
        b"/MediaBox [0 0 -" + HUGE + b" 595]",
        b"",
        [],
        "bleed",
        "page 1: its object 3 0 cannot be read: qpdf: a number out of range, -10000",
    ),
    (
        "media 1e300 as a real",
        b"/MediaBox [0 0 " + HUGE + b".5 595]",
        b"",
        [],
        "bleed",
        "page 1: its /MediaBox [ 0 0 100000…000 (301 digits).5 595 ] is out of range",
    ),
    (
        "media (abc)",
        b"/MediaBox [0 0 (abc) 1]",
        b"",
        [],
        "bleed",
        "page 1: its /MediaBox [ 0 0 (abc) 1 ] is not four numbers",
    ),
    (
        "media empty",
        b"/MediaBox []",
        b"",
        [],
        "safe area",
        "page 1: its /MediaBox [ ] is not four numbers",
    ),
    (
        "media of no area",
        b"/MediaBox [0 0 0 595]",
        b"",
        [],
        "bleed",
        "page 1: its /MediaBox [ 0 0 0 595 ] is empty",
    ),
    (
        "media a name",
        b"/MediaBox /A4",
        b"",
        [],
        "bleed",
        "page 1: its /MediaBox /A4 is not four numbers",
    ),
    (
        "crop (abc)",
        MEDIA + b" /CropBox [0 0 (abc) 1]",
        b"",
        [],
        "bleed",
        "page 1: its /CropBox [ 0 0 (abc) 1 ] is not four numbers",
    ),
    (
        "trim (abc)",
        MEDIA + b" /TrimBox [0 0 (abc) 1]",
        b"",
        [],
        "safe area",
        "page 1: its /TrimBox [ 0 0 (abc) 1 ] is not four numbers",
    ),
    (
        "bleed 1e300 real",
        MEDIA + b" /BleedBox [0 0 " + HUGE + b".0 1]",
        b"",
        [],
        "bleed",
        "is out of range",
    ),
    (
        "trim outside the media",
        MEDIA + b" /TrimBox [1000 1000 1200 1200]",
        b"",
        [],
        "bleed",
        "page 1: its /TrimBox [ 1000 1000 1200 1200 ] lies outside its media box",
    ),
    (
        "media inherited (abc)",
        b"",
        b"/MediaBox [0 0 (abc) 1]",
        [],
        "bleed",
        "page 1: its /MediaBox [ 0 0 (abc) 1 ] is not four numbers",
    ),
    (
        "media inherited 1e300 real",
        b"",
        b"/MediaBox [0 0 " + HUGE + b".0 9]",
        [],
        "safe area",
        "page 1: its /MediaBox [ 0 0 100000…000 (301 digits).0 9 ] is out of",
    ),
    (
        "media indirect (abc)",
        b"/MediaBox 6 0 R",
        b"",
        [b"[0 0 (abc) 1]"],
        "bleed",
        "page 1: its /MediaBox [ 0 0 (abc) 1 ] is not four numbers",
    ),
    (
        "media indirect 1e300",
        b"/MediaBox 6 0 R",
        b"",
        [b"[0 0 " + HUGE + b" 1]"],
        "bleed",
        "page 1: its /MediaBox cannot be read: qpdf: a number out of range, 100000…000",
    ),
    (
        "a corner indirect 1e300",
        b"/MediaBox [0 0 6 0 R 595]",
        b"",
        [HUGE],
        "bleed",
        "page 1: its /MediaBox cannot be read: qpdf: a number out of range",
    ),
    (
        "a corner indirect (abc)",
        b"/MediaBox [0 0 6 0 R 595]",
        b"",
        [b"(abc)"],
        "bleed",
        "page 1: its /MediaBox [ 0 0 (abc) 595 ] is not four numbers",
    ),
    (
        "trim indirect to nothing",
        MEDIA + b" /TrimBox 9 0 R",
        b"",
        [],
        "bleed",
        "none (not for a print shop)",
    ),
]


@pytest.mark.parametrize(
    ("page", "pages", "extra", "check", "said"),
    [case[1:] for case in BOXES],
    ids=[case[0] for case in BOXES],
)
def test_a_page_box_out_of_range_not_numbers_or_empty_is_an_error_naming_page_and_value(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    page: bytes,
    pages: bytes,
    extra: list[bytes],
    check: str,
    said: str,
) -> None:
    """Finding 12: a box of 1e300, of letters, empty, on the page or inherited, direct or
    indirect, is read as the file writes it (qpdf would mend it into letter size, or
    leave the page out, and preflight pass), and `brochure preflight` fails naming the
    page and the value; every check still runs."""
    path = boxed(tmp_path, page, pages, *extra)
    code = main(["preflight", str(path)])
    table = capsys.readouterr()
    rows = {row.split("  ")[1].strip(): row for row in table.out.splitlines()}
    assert list(rows) == CHECKS, table
    assert said in rows[check], rows[check]
    if said.startswith("page "):
        assert code == 1 and "ERROR" in rows[check]
        assert "checks failed" in table.err or "check failed" in table.err
    assert "Traceback" not in table.err and "preflight failed" not in table.err


def test_the_page_count_counts_a_page_qpdf_cannot_read(tmp_path: Path) -> None:
    """A page of a two-page file that qpdf cannot parse is still a page (poppler shows
    it): the count is the file's, page 2 is named, and page 1 is checked as page 1."""
    good = b"<< /Type /Page /Parent 2 0 R " + MEDIA + b" /Contents 4 0 R >>"
    bad = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + HUGE + b" 1] >>"
    (tmp_path / "two.pdf").write_bytes(
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
                good,
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(TEXT), TEXT),
                bad,
            ]
        )
    )
    found = {f.check: f for f in check_file(tmp_path / "two.pdf")}
    assert found["pages"].level == "error"
    assert found["pages"].detail.startswith("2 pages: page 2: its object 5 0 cannot be read")
    assert found["bleed"].detail.startswith("page 2: ")


def test_boxes_given_by_other_corners_are_normalised_not_refused(tmp_path: Path) -> None:
    """ISO 32000-1 7.9.5: a rectangle may be given by any two opposite corners, and
    negative coordinates are coordinates: [420 595 0 0] and [-10 -10 430 605] are boxes,
    and the bleed between them is measured (10 pt, 3.5 mm)."""
    path = boxed(tmp_path, b"/MediaBox [430 605 -10 -10] /TrimBox [420 595 0 0]")
    found = {f.check: f for f in check_file(path)}
    assert found["bleed"].level == "ok" and found["bleed"].detail == "3.5 mm on every side"
    assert found["pages"].detail.startswith("1 pages")


def test_a_page_in_range_too_large_to_draw_even_at_18_dpi_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The largest box in range (2^31 pt square) passes the box checks, and the contrast
    check says its page is too large to draw: a warning, the page named."""
    path = boxed(tmp_path, b"/MediaBox [0 0 2147483647 2147483647]")
    main(["preflight", str(path)])
    out = capsys.readouterr().out
    rows = {row.split("  ")[1].strip(): row for row in out.splitlines()}
    assert " ok " in rows["bleed"] and " ok " in rows["safe area"], out
    assert "WARNING" in rows["contrast"]
    assert "page 1 (29826162 x 29826162 in) is too large to draw" in rows["contrast"]


# -- hostile 2, finding 10: encrypted, empty, boxless, and trimmed past the page ----------


def table_of(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, str], str]:
    """`brochure preflight` run on argv: its exit status, its rows by check, its stderr."""
    code = main(["preflight", *argv])
    said = capsys.readouterr()
    rows = {row.split("  ")[1].strip(): row for row in said.out.splitlines()}
    return code, rows, said.err


def test_an_encrypted_pdf_is_said_in_words_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A PDF that needs a password to open is one row, in words (not pikepdf's
    PasswordError); one that opens but is encrypted (a permissions password) is an error
    row too, and gets every other check."""
    pdf, _ = hello(tmp_path)
    pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(user="s3cret", owner="s3cret"))
    pdf.save(tmp_path / "owned.pdf", encryption=pikepdf.Encryption(user="", owner="s3cret"))
    code, rows, err = table_of(capsys, str(tmp_path / "locked.pdf"))
    assert code == 1 and list(rows) == ["encryption"], rows
    assert "ERROR" in rows["encryption"]
    assert "the PDF is encrypted with a password" in rows["encryption"]
    assert "a print shop needs it unencrypted" in rows["encryption"]
    assert "PasswordError" not in err + rows["encryption"] and "Traceback" not in err
    code, rows, err = table_of(capsys, str(tmp_path / "owned.pdf"))
    assert code == 1 and list(rows) == ["encryption", *CHECKS], rows
    assert "ERROR" in rows["encryption"] and "needs it unencrypted" in rows["encryption"]
    assert "not embedded" in rows["fonts"]  # the other checks ran: hello's font is not


def test_a_pdf_of_no_pages_fails_the_pages_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pikepdf.new().save(tmp_path / "empty.pdf")
    code, rows, _ = table_of(capsys, str(tmp_path / "empty.pdf"))
    assert code == 1 and "ERROR" in rows["pages"] and "no pages" in rows["pages"], rows


def test_a_page_without_a_media_box_fails_bleed_and_safe_area(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ISO 32000-1 7.7.3.3: /MediaBox is required (on the page or inherited); a reader
    guesses US letter, and preflight would judge the guess."""
    pdf, page = hello(tmp_path)
    del page.obj["/MediaBox"]
    pdf.save(tmp_path / "boxless.pdf")
    with pikepdf.open(tmp_path / "boxless.pdf", inherit_page_attributes=False) as saved:
        assert "/MediaBox" not in saved.Root.Pages.Kids[0]
        assert "/MediaBox" not in saved.Root.Pages
    code, rows, _ = table_of(capsys, str(tmp_path / "boxless.pdf"))
    assert code == 1 and list(rows) == CHECKS
    for check in ("bleed", "safe area"):
        assert "ERROR" in rows[check], rows[check]
        assert "page 1: it has no /MediaBox, its own or inherited" in rows[check]


@pytest.mark.parametrize(
    ("boxes", "said"),
    [
        (
            {"/TrimBox": [-500, -500, 5000, 5000]},
            "its /TrimBox [ -500 -500 5000 5000 ] reaches 1554.0 mm past its media box "
            "[ 0 0 595 595 ]: the page is smaller than its trim",
        ),
        (
            {"/TrimBox": [9, 9, 586, 600]},
            "its /TrimBox [ 9 9 586 600 ] reaches 1.8 mm past",
        ),
        (
            {"/TrimBox": [9, 9, 586, 586], "/BleedBox": [-50, 0, 595, 595]},
            "its /BleedBox [ -50 0 595 595 ] reaches 17.6 mm past its media box "
            "[ 0 0 595 595 ]: the page is smaller than its bleed",
        ),
    ],
    ids=["trim far larger", "trim a little past", "bleed past"],
)
def test_a_trim_or_bleed_box_past_the_page_fails_bleed_and_safe_area(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], boxes: dict[str, list[int]], said: str
) -> None:
    """A trim box larger than the page is not cut to it (which would pass a page of no
    bleed as 'none', or the shop's file as 'the pages end at the trim'): an error in
    the bleed and safe area checks, with or without --print-shop."""
    pdf, page = hello(tmp_path)
    for key, box in boxes.items():
        page.obj[key] = pikepdf.Array(box)
    pdf.save(tmp_path / "past.pdf")
    for shop in ((), ("--print-shop",)):
        code, rows, _ = table_of(capsys, str(tmp_path / "past.pdf"), *shop)
        assert code == 1 and list(rows) == CHECKS
        assert "ERROR" in rows["bleed"] and f"page 1: {said}" in rows["bleed"], rows["bleed"]
        assert "ERROR" in rows["safe area"] and said in rows["safe area"]


def test_a_trim_box_within_a_rounding_of_the_media_box_is_not_past_it(tmp_path: Path) -> None:
    """A hundredth of a point past (rounding) is within TOLERANCE: cut, not refused."""
    pdf, page = hello(tmp_path)
    page.obj["/TrimBox"] = pikepdf.Array([-0.01, 0, 595.01, 595])
    pdf.save(tmp_path / "round.pdf")
    found = {f.check: f for f in check_file(tmp_path / "round.pdf")}
    assert found["bleed"].level == "ok", found["bleed"]


@pytest.mark.slow
def test_an_arabic_word_is_quoted_as_it_is_read(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The field test: preflight quoted 'ىدتنم' for منتدى (poppler's -bbox words stand in
    the order of their glyphs). The word quoted is one pdftotext reads in the PDF, in
    logical order (a lam-alef ligature's letters too)."""
    import re
    import subprocess

    from tests.test_plain_records import EVENT

    source = write_event(tmp_path / "source", EVENT)
    (source.parent / "certificates.key").write_text("correct horse battery staple\n")
    build(source, tmp_path / "out", only=("badges",))
    pdf = tmp_path / "out" / "ar" / "badges.pdf"
    capfd.readouterr()
    main(["preflight", str(pdf)])
    quoted = re.findall(r"\('([^']+)', page \d+\)", capfd.readouterr().out)
    arabic = [word for word in quoted if re.search("[\u0600-\u06ff]", word)]
    assert arabic, quoted
    read = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = set(re.findall(r"[\u0600-\u06ff]+", read))
    assert all(word in words for word in arabic), (arabic, read)


def _pale_png() -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (64, 64), "#fff3b0").save(data, "PNG")  # 1.1:1 on white
    return data.getvalue()


def test_colour_emoji_drawn_as_images_are_text_not_pictures(tmp_path: Path) -> None:
    """The card engine draws a colour font's glyphs (Noto Color Emoji's PNGs) as images:
    a pale ✨ beside a name is a glyph of the name's line, not a picture to see against
    the card (the contrast check said "1 picture not seen" while the images check said
    "no raster images"); a pale picture set apart from the text still is one."""
    from tests.test_cards_pdf import BOLD, INFO

    from brochure.engines import cards_pdf
    from brochure.engines.cards_pdf import Image, Page, Text

    name = Text("Jordan Lee ✨ 🦄", 5, 20, 86, BOLD, 24, line_height=10, language="en")
    pdf = tmp_path / "emoji.pdf"
    pdf.write_bytes(cards_pdf.draw([Page(96, 68, (name,))], INFO))
    found = {f.check: f for f in check_file(pdf)}
    assert found["contrast"].level == "ok", found["contrast"]
    assert "not seen" not in found["contrast"].detail
    assert found["images"].level == "ok"
    assert found["images"].detail.startswith("2 images drawn pixel for pixel")
    logo = Image(60, 45, 20, 15, _pale_png())
    pdf.write_bytes(cards_pdf.draw([Page(96, 68, (name, logo))], INFO))
    found = {f.check: f for f in check_file(pdf)}
    assert found["contrast"].level == "warning"
    assert found["contrast"].detail.startswith("1 picture not seen"), found["contrast"]


def test_a_badge_with_a_colour_emoji_in_a_name_is_consistent(tmp_path: Path) -> None:
    """A badge of a name with a pale colour emoji (field case 02, ✨ for its 🦄): neither
    the images nor the contrast check takes the emoji for a picture."""
    from tests.test_typesetting import FIELD, copied

    source = copied(FIELD / "field-02-emoji-in-text", tmp_path)
    source.write_text(source.read_text(encoding="utf-8").replace("🦄", "✨"), encoding="utf-8")
    build(source, tmp_path / "output", only=("badges",))
    found = {f.check: f for f in check_file(tmp_path / "output" / "badges.pdf")}
    assert found["contrast"].level == "ok", found["contrast"]
    assert "drawn pixel for pixel" in found["images"].detail, found["images"]
