"""Cards printed on sheets: badges today, table tents and certificates next.

A card layout file gives the page, the card and the type sizes (layout.py); text is
fitted by measuring it with the engine that prints it (fit.py, text.py); cards are
placed on sheets with their mirrored backs and cut marks (sheets.py); scripts.py
tells which language and fonts a piece of text needs.
"""
