"""`brochure preflight`: a table of a print shop's checks, exit 1 on an error."""

from __future__ import annotations

import base64
import io
from pathlib import Path

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
