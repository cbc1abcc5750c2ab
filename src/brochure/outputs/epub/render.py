"""The programme as an EPUB 3 book (`programme.epub`): reflowable, with a navigation
document, its language, a cover of text, and EPUB Accessibility 1.1 metadata.

The content is the web page's template in XHTML (outputs/web, `epub` set), so the book
and the page say the same; the cover and navigation come from `layouts/epub/`; the
package document is written here. Its bytes depend only on the event and the build time
(SOURCE_DATE_EPOCH: every entry of the zip carries it), and it holds nothing the
brochure does not print: no e-mail address, no attendee.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from brochure.engines import templating
from brochure.i18n import N_
from brochure.outputs.web.render import (
    STYLESHEET,
    TEMPLATE,
    PageContext,
    images,
    page_context,
    reflowing,
)

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event

FILE = "programme.epub"
#: Where the book's files are inside the zip (the package document among them).
ROOT = "EPUB"
CONTENT = "programme.xhtml"
COVER = "cover.xhtml"
NAV = "nav.xhtml"
COVER_TEMPLATE = "epub/cover.xhtml.j2"
NAV_TEMPLATE = "epub/nav.xhtml.j2"
#: Names the book's identifiers (RFC 4122 name-based UUIDs): one event, one language,
#: one identifier, build after build.
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://brochure.invalid/programme.epub")
#: What EPUB Accessibility 1.1 asks a book to say of itself (schema.org's vocabulary).
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
#: The summary a reader's library shows: in the pack's language.
SUMMARY = N_(
    "The event's programme as text: chapters and sessions as headings, sessions in "
    "parallel as tables with header cells, pictures described. No hazards."
)
#: The earliest time a zip entry can carry (the format counts from 1980).
ZIP_EPOCH = dt.datetime(1980, 1, 1)
MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class BookContext:
    """Everything the book's cover and navigation show: their variables."""

    page: PageContext
    """The content's context, as the web page has it (view, organisers, pictures)."""
    content: str
    """The content document's file name, which the navigation links into."""
    stylesheet: str
    """The style sheet's file name."""


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """programme.epub: the zip of an EPUB 3 publication, entries in a fixed order, each
    dated with the build time."""
    page = page_context(event, config, epub=True)
    book = BookContext(page, CONTENT, page.stylesheet)
    layouts, fmt = config.layouts, config.fmt
    files: dict[str, bytes] = {
        name: reflowing(templating.render(layouts, fmt, template, context)).encode("utf-8")
        for name, template, context in (
            (COVER, COVER_TEMPLATE, book),
            (NAV, NAV_TEMPLATE, book),
            (CONTENT, TEMPLATE, page),
        )
    } | {
        page.stylesheet: layouts.find(STYLESHEET).read_bytes(),
    }
    pictures = list(images(page.organisers, page.venue_map))
    for image in pictures:
        files[image.src] = config.asset(image.source).read_bytes()
    package = package_document(page, config, [image.src for image in pictures])
    return {FILE: zipped(package, files, config.built_at)}


def package_document(page: PageContext, config: BuildConfig, pictures: list[str]) -> bytes:
    """The package document (OPF): metadata, the manifest and the reading order."""
    metadata = page.view.metadata
    info = page.view.event.event
    identifier = uuid.uuid5(UID_NAMESPACE, f"{info.title}\n{info.date}\n{metadata.language}")
    modified = config.built_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    modes = ["textual", *(["visual"] if pictures else [])]
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    features += ["displayTransformability", "unlocked"]
    if pictures:
        features.append("alternativeText")

    subject = [metadata.subject] if metadata.subject else []

    def meta(name: str, value: str) -> str:
        return f'    <meta property="{name}">{escape(value)}</meta>'

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        f'unique-identifier="uid" xml:lang={quoteattr(metadata.language)} '
        f"dir={quoteattr(metadata.direction)}>",
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f'    <dc:identifier id="uid">urn:uuid:{identifier}</dc:identifier>',
        f"    <dc:title>{escape(metadata.title)}</dc:title>",
        f"    <dc:language>{escape(metadata.language)}</dc:language>",
        *(f"    <dc:creator>{escape(author)}</dc:creator>" for author in metadata.authors),
        *(f"    <dc:description>{escape(text)}</dc:description>" for text in subject),
        f"    <dc:date>{info.date.isoformat()}</dc:date>",
        meta("dcterms:modified", modified),
        *(meta("schema:accessMode", mode) for mode in modes),
        meta("schema:accessModeSufficient", "textual"),
        *(meta("schema:accessibilityFeature", feature) for feature in features),
        meta("schema:accessibilityHazard", "none"),
        meta("schema:accessibilitySummary", config.fmt.gettext(SUMMARY)),
        meta("dcterms:conformsTo", CONFORMS_TO),
        "  </metadata>",
        "  <manifest>",
        f'    <item id="nav" href="{NAV}" media-type="application/xhtml+xml" properties="nav"/>',
        f'    <item id="cover" href="{COVER}" media-type="application/xhtml+xml"/>',
        f'    <item id="content" href="{CONTENT}" media-type="application/xhtml+xml"/>',
        f'    <item id="style" href="{page.stylesheet}" media-type="text/css"/>',
        *(
            f'    <item id="picture-{number}" href={quoteattr(name)} '
            f'media-type="{media_type(name)}"/>'
            for number, name in enumerate(pictures, start=1)
        ),
        "  </manifest>",
        f'  <spine page-progression-direction="{metadata.direction}">',
        '    <itemref idref="cover"/>',
        '    <itemref idref="nav"/>',
        '    <itemref idref="content"/>',
        "  </spine>",
        "</package>",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def media_type(name: str) -> str:
    """A picture's media type, by its file's ending."""
    return MEDIA_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    "  <rootfiles>\n"
    f'    <rootfile full-path="{ROOT}/package.opf" media-type="application/oebps-package+xml"/>\n'
    "  </rootfiles>\n"
    "</container>\n"
).encode()


def zipped(package: bytes, files: dict[str, bytes], built_at: dt.datetime) -> bytes:
    """The EPUB's zip (OCF): `mimetype` first and stored, then the container, the package
    and the files, in that order, each dated with the build time (1980 at the earliest,
    the zip format's first day) and readable by all."""
    moment = max(built_at.astimezone(dt.UTC).replace(tzinfo=None), ZIP_EPOCH)
    stamp = moment.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        entries = [
            ("mimetype", b"application/epub+zip", zipfile.ZIP_STORED),
            ("META-INF/container.xml", CONTAINER, zipfile.ZIP_DEFLATED),
            (f"{ROOT}/package.opf", package, zipfile.ZIP_DEFLATED),
            *((f"{ROOT}/{name}", content, zipfile.ZIP_DEFLATED) for name, content in files.items()),
        ]
        for name, content, method in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            entry.compress_type = method
            entry.external_attr = 0o644 << 16
            entry.create_system = 3  # Unix, whatever machine builds it
            book.writestr(entry, content)
    return buffer.getvalue()
