"""Pieces printed on sheets and cut or folded: badges, table tents, door signs, certificates.

A sheet layout file gives the sheet, the piece, the grid and the marks (layout.py); text
is fitted by measuring it with the engine that prints it (fit.py, text.py); pieces are
placed on sheets with their mirrored backs and cut marks (sheets.py); long runs are
rendered in pieces in parallel and joined (pieces.py); scripts.py gives the fonts.
"""
