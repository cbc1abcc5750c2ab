"""Event files made from the exports of other systems (pretalx)."""
