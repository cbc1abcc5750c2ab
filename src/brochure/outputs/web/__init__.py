"""The programme as a web page: one folder (`programme/`) that works opened from a USB
stick, for screen readers, phones and any zoom (WCAG 2.2 AA)."""

from __future__ import annotations

from brochure.outputs.base import File, Output, Template

OUTPUT = Output(
    "web",
    "the programme as an accessible web page, a folder (programme/index.html)",
    (File("programme", folder=True, preview="site"),),
    "brochure.outputs.web.render",
    reads=frozenset(
        {"event", "summary", "about", "questions", "sectors", "organisers", "people", "programme"}
    ),
    layouts=("web",),
    templates=(Template("web/programme.html.j2", "brochure.outputs.web.render:PageContext"),),
    assets=True,
)
