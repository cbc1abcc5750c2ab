"""The card engine's PDF made a PDF/A-2b file (ISO 19005-2, level B: its pages look the
same in years), with the images placed under every page, and split by person.

What PDF/A-2b asks that Cairo's PDF lacks, added with pikepdf: an output intent (the
sRGB profile its colours are in: ISO 19005-2 6.2.3), XMP metadata that says it is
PDF/A-2b and repeats the document's Info (6.6.2), unfiltered (6.6.2.1), and a file
identifier (6.1.3). What it has already: every font embedded and subset with its
ToUnicode map (Cairo), no encryption, no JavaScript or actions, no annotations, colours
in DeviceRGB under an RGB output intent. Transparency is allowed in PDF/A-2 (Cairo's
page groups, WeasyPrint's for an SVG's opacity); PDF/A-1, which forbids it, is not
written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from brochure.finishing.prepress import srgb_profile

#: The output intent's condition: the colour space every colour of the page is in.
SRGB = "sRGB IEC61966-2.1"
#: The image layer's name in each page's resources.
BACKGROUND = "/BrochureImages"


def archival(
    pdf: bytes,
    background: bytes | None,
    created: dt.datetime,
    pages: Sequence[int] | None = None,
    title: str | None = None,
) -> bytes:
    """The PDF/A-2b file of pdf (a card engine's PDF): the first page of background (a
    PDF of the images, page-sized) placed under every page; only `pages` (indexes) when
    given, with `title` for its title. The document's Info is kept, its dates those of
    created."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as source:
        document = source
        if pages is not None:
            document = pikepdf.new()
            for index in pages:
                document.pages.append(source.pages[index])
            if "/Lang" in source.Root:
                document.Root.Lang = pikepdf.String(str(source.Root.Lang))
            document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
            for key, value in source.docinfo.items():
                document.docinfo[key] = pikepdf.String(str(value))
        if title is not None:
            document.docinfo["/Title"] = pikepdf.String(title)
        if background is not None:
            _under_every_page(document, background)
        _pdfa(document, created)
        out = io.BytesIO()
        document.save(
            out,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
            min_version="1.5",
        )
    return out.getvalue()


def split(
    pdf: bytes,
    background: bytes | None,
    created: dt.datetime,
    people: Mapping[str, tuple[Sequence[int], str]],
) -> dict[str, bytes]:
    """One PDF/A-2b file per person: file name -> bytes, from people: file name ->
    (their pages' indexes, the file's title)."""
    return {
        name: archival(pdf, background, created, pages, title)
        for name, (pages, title) in people.items()
    }


def _under_every_page(document: Any, background: bytes) -> None:
    """The background's first page as one form XObject, drawn first on every page."""
    import pikepdf

    with pikepdf.open(io.BytesIO(background)) as images:
        form = document.copy_foreign(images.pages[0].as_form_xobject())
    for page in document.pages:
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = pikepdf.Dictionary()
        if "/XObject" not in resources:
            resources.XObject = pikepdf.Dictionary()
        resources.XObject[BACKGROUND] = form
        page.contents_add(pikepdf.Stream(document, f"q {BACKGROUND} Do Q".encode()), prepend=True)


def _pdfa(document: Any, created: dt.datetime) -> None:
    """The output intent and the XMP metadata of a PDF/A-2b file."""
    import pikepdf

    profile = pikepdf.Stream(document, srgb_profile())
    profile.N = 3
    document.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier=pikepdf.String(SRGB),
                Info=pikepdf.String(SRGB),
                RegistryName=pikepdf.String("http://www.color.org"),
                DestOutputProfile=document.make_indirect(profile),
            )
        ]
    )
    stamp = created.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
    for key in ("/CreationDate", "/ModDate"):
        document.docinfo[key] = pikepdf.String(stamp)
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp.load_from_docinfo(document.docinfo)
        xmp["pdfaid:part"] = "2"
        xmp["pdfaid:conformance"] = "B"
