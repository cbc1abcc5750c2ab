"""The cells of the CSV files brochure writes for spreadsheets (the check-in list, the
certificates' list, walk-ins.csv, the attendee list `import pretix` writes), kept from
running as formulas, and read back as they were written.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a
spreadsheet (OWASP, "CSV Injection"): `=HYPERLINK("http://evil/","click")` typed as a
name at the door would become a link in the organiser's sheet. Such a cell is written
with an apostrophe before it, which spreadsheets show as text and hide; brochure reads
the apostrophe away again, so the name is the name typed.
"""

from __future__ import annotations

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: str) -> str:
    """value as a cell a spreadsheet shows as text: an apostrophe before a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def as_written(cell: str) -> str:
    """The value neutral() wrote as cell: its apostrophe before a formula taken away
    (other cells as they are)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
