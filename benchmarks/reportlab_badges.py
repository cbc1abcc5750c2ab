"""The peers' way of drawing badges, for `make bench` to compare with: ReportLab.

pretix and Indico draw badges with ReportLab: text placed at computed positions, sized by
ReportLab's width tables, QR codes from reportlab.graphics.barcode. This draws the same
badges brochure draws for the bench (eight A7 cards on an A4 sheet, given name large,
family name, organisation, country, a role band, a QR code of the id) from the same CSV,
the same way: one process, one canvas. It is the baseline of a ratio, not a product:
it knows Latin script only (DejaVu Sans, as pretix ships a TrueType face), and shrinks a
line that does not fit without measuring words.

    python benchmarks/reportlab_badges.py attendees.csv out.pdf [--qr-paths]

With --qr-paths the QR codes come from segno (one mask, as brochure's) and each is drawn
as one filled path of its dark modules, as brochure's card engine draws them: the
yardstick for drawing, with the widget's slow encoding out of the way.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = Path("/usr/share/fonts/truetype/dejavu")
CARD_W, CARD_H = 105 * mm, 74 * mm
PAD = 6 * mm
BAND = 9 * mm
QR = 17 * mm


def fitted(text: str, font: str, size: float, width: float) -> float:
    """The size (pt) at which text fits width: as large as size, shrunk to fit."""
    measured = pdfmetrics.stringWidth(text, font, size)
    return size if measured <= width else size * width / measured


def qr_path(page: canvas.Canvas, data: str, x: float, y: float) -> None:
    """segno's code of data as one path of its dark modules, QR wide, lower left at x, y."""
    import segno

    matrix = segno.make_qr(data, error="m", mask=0).matrix
    side = QR / len(matrix)
    path = page.beginPath()
    for row, modules in enumerate(matrix):
        top = y + QR - (row + 1) * side
        column = 0
        while column < len(modules):
            if modules[column]:
                start = column
                while column < len(modules) and modules[column]:
                    column += 1
                path.rect(x + start * side, top, (column - start) * side, side)
            column += 1
    page.setFillColorRGB(0, 0, 0)
    page.drawPath(path, stroke=0, fill=1)


def draw_badge(
    page: canvas.Canvas, x: float, y: float, person: dict[str, str], paths: bool = False
) -> None:
    """One card with its lower left corner at x, y."""
    inner = CARD_W - 2 * PAD
    page.setFillColorRGB(0.07, 0.23, 0.35)
    page.setFont("Sans-Bold", 7.8)
    page.drawString(
        x + PAD, y + CARD_H - PAD - 7, "Smart Cities and Big Data: Boundless Opportunities?"
    )
    page.setFillColorRGB(0.36, 0.42, 0.47)
    page.setFont("Sans", 7.4)
    page.drawString(x + PAD, y + CARD_H - PAD - 16, "8 Dec 2016 · 12:30–14:00 · Guadalajara")
    page.setFillColorRGB(0.11, 0.15, 0.19)
    given = person["given"] or person["name"]
    size = fitted(given, "Sans-Bold", 30, inner)
    page.setFont("Sans-Bold", size)
    page.drawString(x + PAD, y + CARD_H - 26 * mm, given)
    if person["family"]:
        size = fitted(person["family"], "Sans", 19, inner)
        page.setFont("Sans", size)
        page.drawString(x + PAD, y + CARD_H - 34 * mm, person["family"])
    details = inner - QR - 2 * mm
    page.setFont("Sans", fitted(person["organisation"], "Sans", 9.5, details))
    page.drawString(x + PAD, y + BAND + PAD + 5 * mm, person["organisation"])
    page.setFont("Sans", 8.7)
    page.drawString(x + PAD, y + BAND + PAD + 1 * mm, person["country"])
    if paths:
        qr_path(page, person["id"], x + CARD_W - PAD - QR, y + BAND + PAD * 0.6)
    else:
        code = qr.QrCodeWidget(person["id"], barLevel="M")
        left, bottom, right, top = code.getBounds()
        drawing = Drawing(QR, QR, transform=[QR / (right - left), 0, 0, QR / (top - bottom), 0, 0])
        drawing.add(code)
        renderPDF.draw(drawing, page, x + CARD_W - PAD - QR, y + BAND + PAD * 0.6)
    page.setFillColorRGB(0.36, 0.42, 0.47)
    page.rect(x, y, CARD_W, BAND, stroke=0, fill=1)
    page.setFillColorRGB(1, 1, 1)
    page.setFont("Sans-Bold", 10)
    page.drawCentredString(x + CARD_W / 2, y + BAND / 2 - 3.5, "PARTICIPANT")


def main(rows_csv: Path, out: Path, paths: bool = False) -> None:
    pdfmetrics.registerFont(TTFont("Sans", str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("Sans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
    with rows_csv.open(encoding="utf-8") as stream:
        people = list(csv.DictReader(stream))
    page = canvas.Canvas(str(out), pagesize=A4)
    margin_x = (A4[0] - 2 * CARD_W) / 2
    margin_y = (A4[1] - 4 * CARD_H) / 2
    for index, person in enumerate(people):
        person.setdefault("id", f"person-{index}")
        slot = index % 8
        column, row = slot % 2, slot // 2
        left, bottom = margin_x + column * CARD_W, A4[1] - margin_y - (row + 1) * CARD_H
        draw_badge(page, left, bottom, person, paths)
        if slot == 7 or index == len(people) - 1:
            page.showPage()
    page.save()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), "--qr-paths" in sys.argv[3:])
