"""A typesetting engine drawing the same badges, for `make bench` to compare with: Typst.

Typst (the `typst` package: the compiler in a Python wheel) typesets the badges the bench
builds from the same CSV: eight 96 x 68 mm cards on an A4 sheet (brochure's a4-8), the
event's title and date, the given name large and the family name under it, each shrunk
to the card's width by measuring it (Typst's `measure`), organisation and country, the
role band, and a QR code of the id from segno (one mask, as brochure's), placed as SVG.
It is the baseline of a ratio, not a product: Latin script and one role.

    python benchmarks/typst_badges.py attendees.csv out.pdf
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from pathlib import Path

import segno
import typst

TEMPLATE = r"""
#let people = json("people.json")
#set document(title: "Badges", date: datetime(year: 2026, month: 1, day: 1))
#set page(paper: "a4", margin: 0mm)
#set text(font: ("Inter", "Noto Sans"), lang: "en")
#let inner = 85mm
#let fitted(body, size, weight) = context {
  let width = measure(text(size: size, weight: weight, body)).width
  let scaled = if width > inner { size * (inner / width) } else { size }
  text(size: scaled, weight: weight, body)
}
#let card(p) = box(width: 96mm, height: 68mm, clip: true, {
  place(dx: 5.5mm, dy: 5.5mm, text(size: 7.8pt, weight: 600, fill: rgb("#123b5a"),
    "Smart Cities and Big Data: Boundless Opportunities?"))
  place(dx: 5.5mm, dy: 9mm, text(size: 7.4pt, fill: rgb("#5b6b78"),
    "8 Dec 2016 · 12:30–14:00 · Guadalajara"))
  place(dx: 5.5mm, dy: 18mm, fitted(p.given, 30pt, 700))
  place(dx: 5.5mm, dy: 30mm, text(fill: rgb("#2c3a45"), fitted(p.family, 19pt, 600)))
  place(dx: 5.5mm, dy: 47mm, text(size: 9.5pt, weight: 500, p.organisation))
  place(dx: 5.5mm, dy: 51mm, text(size: 8.7pt, fill: rgb("#5b6b78"), p.country))
  place(dx: 74.5mm, dy: 38.4mm, image(bytes(p.qr), format: "svg", width: 16mm))
  place(dy: 59.5mm, block(width: 96mm, height: 8.5mm, fill: rgb("#e6eaee"),
    align(center + horizon, text(size: 10pt, weight: 700, tracking: 0.06em, "PARTICIPANT"))))
})
#for (n, sheet) in people.chunks(8).enumerate() {
  if n > 0 { pagebreak() }
  place(dx: 9mm, dy: 12.5mm, grid(columns: 2, ..sheet.map(card)))
}
"""


def main(rows_csv: Path, out: Path) -> None:
    with rows_csv.open(encoding="utf-8") as stream:
        people = list(csv.DictReader(stream))
    for person in people:
        code = segno.make_qr(person["id"], error="m", mask=0)
        person["qr"] = code.svg_inline(border=0, omitsize=True)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "people.json").write_text(json.dumps(people), encoding="utf-8")
        (root / "badges.typ").write_text(TEMPLATE, encoding="utf-8")
        pdf = typst.compile(str(root / "badges.typ"))
    assert isinstance(pdf, bytes)
    out.write_bytes(pdf)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
