"""certificates.pdf (PDF/A-2b), certificates.csv beside it, and with --split a PDF per
person in certificates/.

Who came is read from the check-in export the event file names (reading/checkins.py);
what each certificate says is content.py's; the pages are drawn by the card engine
(drawing.py, engines/cards_pdf.py); the logos and signatures are drawn once, by
WeasyPrint (which draws SVG, PNG and JPEG through the image gate), and placed under
every page; archival.py makes the file PDF/A-2b.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.cells import neutral
from brochure.engines import glyphs, weasy
from brochure.errors import InputError, Problem
from brochure.finishing.paper import office_paper
from brochure.i18n import N_
from brochure.model import CertificateOptions, CheckinFile
from brochure.outputs.certificates import archival, codes, content
from brochure.outputs.certificates.settings import CertificateSettings
from brochure.outputs.view import EventView, plain
from brochure.reading import confine, images
from brochure.reading.checkins import (
    CheckIns,
    Days,
    days_of,
    misspelt,
    read_checkins,
    unmatched,
)
from brochure.reading.load import beside
from brochure.reading.textfile import NotARegularFile, read_regular_file
from brochure.textrules import joined

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event, Person
    from brochure.outputs.certificates import drawing
    from brochure.reading.parts import Parts
    from brochure.reading.yamlsource import Path_

log = logging.getLogger(__name__)

FILE = "certificates.pdf"
LIST = "certificates.csv"
FOLDER = "certificates"
#: The list's columns, headed in the pack's language.
HEADER = (N_("code"), N_("certificate"), N_("id"), N_("name"), N_("details"))
# Translators: the label before a certificate's verification code ("Verification code:
# 7Q2MC-X4DKA"), which an employer quotes to ask the organisers whether it is genuine.
CODE_LABEL = N_("Verification code")
# Translators: the last line of a certificate's list of sessions when some are left out.
MORE = N_("and %(n)s more")
# Translators: the title of the file holding every certificate (after the event's title).
TITLE = N_("Certificates")


def check(parts: Parts, config: BuildConfig) -> list[Problem]:
    """The check-in export readable, every value of its `Checked in` column saying yes
    or no; the signatures images the image gate takes; the secret long enough; every
    character the certificates print drawable by some font (warnings)."""
    settings = CertificateSettings.of(config)
    if not settings.asked:
        return []
    options = settings.options
    folder = parts.source.folder
    problems: list[Problem] = []
    if options.attended is not None:
        try:
            path = confine.resolve_inside(folder, options.attended.file)
        except confine.OutsideError as error:
            problems.append(parts.problem(("certificates", "attended"), str(error)))
        else:
            days = days_of(parts.info) if parts.info else None
            try:
                found = _checkins(path, str(folder / options.attended.file), options.attended, days)
            except InputError as error:
                problems += error.problems
            else:
                problems += found.problems
                if parts.event is not None:
                    label = str(folder / options.attended.file)
                    _, unknown = _matched(found, parts.event)
                    if found.nameless:
                        problems += unmatched(unknown, found.lines, label)
                    problems += misspelt(found, unknown, parts.event, label)
    for index, signer in enumerate(options.signers):
        if signer.signature is None:
            continue
        where: Path_ = ("certificates", "signers", index, "signature")
        try:
            image = confine.resolve_inside(folder, signer.signature)
            info = images.check_image(image, beside(folder, signer.signature))
        except confine.OutsideError as error:
            problems.append(parts.problem(where, str(error)))
        except (images.ImageError, OSError) as error:
            problems.append(parts.problem(where, f"'{signer.signature}' {error}"))
        else:
            problems += [
                parts.problem(where, f"'{signer.signature}' {said}", warning=True)
                for said in info.warnings
            ]
    if options.secret is not None:
        try:
            _secret(confine.resolve_inside(folder, options.secret))
        except confine.OutsideError as error:
            problems.append(parts.problem(("certificates", "secret"), str(error)))
        except ValueError as error:
            problems.append(parts.problem(("certificates", "secret"), str(error)))
    texts = [*_printed(parts, options)]
    problems += [
        parts.problem(path, f"certificates: {glyphs.gaps_phrase(gaps)}", warning=True)
        for path, _, gaps in glyphs.undrawable(texts)
    ]
    return problems


def _printed(parts: Parts, options: CertificateOptions) -> Iterator[tuple[Path_, str]]:
    """What the certificates print from the event file, with its place there."""
    if parts.info:
        yield ("event", "title"), parts.info.title
    for index, signer in enumerate(options.signers):
        for name in ("name", "position", "organisation"):
            if value := getattr(signer, name):
                yield ("certificates", "signers", index, name), value
    presenters = {key for _, item in parts.programme for key in (*item.people, *item.chairs)}
    for path, person in parts.people:
        if person.key in presenters:
            yield (*path, "name"), person.name


@functools.lru_cache(maxsize=4)
def _read(path: Path, label: str, spec: str, stamp: tuple[int, int], days: Days | None) -> CheckIns:
    """The export read once per build and version of the file and of how it is read
    (spec, as JSON): by the checks, then by each pack."""
    return read_checkins(
        path, label, CheckinFile.model_validate_json(spec), None, lambda at: None, days
    )


def _checkins(path: Path, label: str, spec: CheckinFile, days: Days | None) -> CheckIns:
    """Who checked in on the event's days (or the day before), as the export says, not
    yet matched to the event's people."""
    try:
        status = path.stat()
    except OSError:
        status = None  # the reading says what is wrong
    stamp = (status.st_mtime_ns, status.st_size) if status else (0, 0)
    return _read(path, label, spec.model_dump_json(), stamp, days)


#: The largest secret file read, in bytes: a passphrase of a few words is under 100.
MAX_SECRET_BYTES = 4096


def _secret(path: Path) -> bytes:
    """The organiser's secret: the file's text, stripped; ValueError when it is not a
    regular file of at most MAX_SECRET_BYTES (looked at before it is read: a sparse
    giant is never read), is not UTF-8 text, or is too short."""
    try:
        size = os.stat(path).st_size
        data = read_regular_file(path, MAX_SECRET_BYTES + 1)
    except NotARegularFile:
        raise ValueError("the secret's file is not a regular file (a pipe or a device)") from None
    except OSError as error:
        raise ValueError(f"the secret's file cannot be read ({error.strerror})") from None
    if max(size, len(data)) > MAX_SECRET_BYTES:
        raise ValueError(
            f"the secret's file is {_size(max(size, len(data)))}; a secret is a passphrase of "
            f"a few words, at most {MAX_SECRET_BYTES:,} bytes: name the file that holds it"
        )
    try:
        text = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise ValueError(
            "the secret's file is not UTF-8 text: write the passphrase in a text file"
        ) from None
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise ValueError(
            "the secret's file holds control characters (a binary file?): write the "
            "passphrase in a text file"
        )
    if len(text) < codes.MIN_SECRET:
        raise ValueError(
            f"the secret is {len(text)} characters; a key needs at least {codes.MIN_SECRET} "
            "(a passphrase of four or five random words will do)"
        )
    return text.encode()


def _size(size: int) -> str:
    """A file's size as a person reads it: 5.0 GiB, 12.0 KiB, 300 bytes."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size:,} bytes"


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """certificates.pdf and certificates.csv; with --split, certificates/ID.pdf too.
    Nothing when nobody is certified (said as a warning)."""
    # Loaded to render only: `check` draws nothing (drawing loads the card engine).
    from brochure.engines import cards_pdf
    from brochure.outputs.certificates import drawing

    settings = CertificateSettings.of(config)
    options = settings.options
    fmt = config.fmt
    attended: tuple[Person, ...] = ()
    if options.attended is not None:
        path = config.asset(options.attended.file)
        found = _checkins(
            path,
            str(config.source_dir / options.attended.file),
            options.attended,
            days_of(event.event),
        )
        attended, unknown = _matched(found, event)
        # Said once, by the first pack: the export is the same in every language. The
        # rows of an export without names that match nobody are not certified: the
        # checks said so (check).
        if unknown and not found.nameless and config.language == config.languages[0]:
            log.info(
                "note: certificates: %d %s checked in whom the event file does not list "
                "(%s: %s): certified as the check-in export names them",
                len(unknown),
                "person" if len(unknown) == 1 else "people",
                options.attended.file,
                _rows(unknown, found.lines),
            )
    secret = _secret(config.asset(options.secret)) if options.secret else None
    unpresented = content.only_cancelled(event)
    if unpresented and config.language == config.languages[0]:
        log.info(
            "note: certificates: no certificate of presentation for %s: every programme "
            "item they chair or speak in is cancelled",
            ", ".join(f"{person.name} (id {person.key})" for person in unpresented),
        )
    view = EventView.of(event, config)
    made = content.certificates(event, view, attended, secret)
    if not made:
        log.warning(
            "certificates: nobody to certify (nobody checked in, and nobody presents or "
            "chairs a programme item): no certificates written"
        )
        return {}
    fixed = _fixed(event, view, options)
    geometry = drawing.Geometry.of(office_paper(event.event.language, event.event.country))
    stylesheet = config.layouts.stylesheet(drawing.STYLESHEET)
    every = [
        text
        for certificate in made
        for text in (
            *drawing.texts(certificate, fixed, geometry),
            *drawing.foot_texts(fixed, geometry, certificate.code),
        )
    ]
    every.append(
        drawing.Text(
            "certificate-session",
            fixed.more.replace("%(n)s", "99"),
            fixed.language,
            drawing.SESSION_FLOOR,
            drawing.SESSION_FLOOR,
            geometry.text_width,
            1,
        )
    )
    widths = drawing.measured(every, config, stylesheet)
    looks = drawing.read_looks({(t.style, t.lang) for t in every}, config, stylesheet)
    drawn = drawing.Drawn()
    cards_pdf.ready()
    title = f"{view.metadata.title} · {fmt.gettext(TITLE)}"
    info = cards_pdf.Info(
        title=title, language=fmt.tag, created=config.built_at, authors=view.metadata.authors
    )
    pages = (drawing.page(c, fixed, geometry, widths, looks, drawn) for c in made)
    pdf = cards_pdf.draw(pages, info)
    if drawn.cut:
        log.warning(
            "certificates: %s: does not fit the page even at its smallest: cut short; "
            "shorten it where it is written",
            ", ".join(dict.fromkeys(drawn.cut)),
        )
    background = _background(event, options, geometry, config)
    files = {
        FILE: archival.archival(pdf, background, config.built_at),
        LIST: _listed(made, fmt.gettext),
    }
    if settings.split:
        people: dict[str, tuple[list[int], str]] = {}
        for index, certificate in enumerate(made):
            name = f"{FOLDER}/{certificate.key}.pdf"
            pages_of, _ = people.setdefault(name, ([], f"{title} · {plain(certificate.name)}"))
            pages_of.append(index)
        files.update(archival.split(pdf, background, config.built_at, people))
    return files


def _matched(
    found: CheckIns, event: Event
) -> tuple[tuple[Person, ...], tuple[tuple[int, Person], ...]]:
    from brochure.reading.checkins import matched

    return matched(list(found.attended), event, found.nameless)


#: The most people a note names by their line; the rest are counted.
NAMED = 3


def _rows(unknown: tuple[tuple[int, Person], ...], lines: tuple[int, ...]) -> str:
    """The export's lines of people the event file does not list, with the id each is
    certified under (certificates.csv), the first NAMED of them: "line 4 (id
    giorgos-papadopoulos), line 5 (id ...) and 2 more"."""
    said = [
        f"line {lines[index]} (id {person.key})" if index < len(lines) else f"id {person.key}"
        for index, person in unknown[:NAMED]
    ]
    more = len(unknown) - NAMED
    return ", ".join(said) + (f" and {more} more" if more > 0 else "")


def _fixed(event: Event, view: EventView, options: CertificateOptions) -> drawing.Fixed:
    """What every certificate of the pack prints alike."""
    from brochure.outputs.certificates import drawing

    fmt = view.fmt
    info = view.event.event
    lines = [("certificate-event", info.title)]
    if view.kind_line:
        lines.append(("certificate-details", view.kind_line))
    lines.append(("certificate-details", joined(" · ", (view.when, view.place))))
    website = re.sub(r"^https?://", "", info.website or "").rstrip("/")
    code_label = fmt.labelled(fmt.gettext(CODE_LABEL), "%(code)s")
    return drawing.Fixed(
        language=event.event.language,
        direction=fmt.direction,
        intro=fmt.gettext(content.INTRO),
        headings={
            kind: _capitals(fmt.gettext(word), fmt.tag) for kind, word in content.HEADINGS.items()
        },
        statements={kind: fmt.gettext(word) for kind, word in content.STATEMENTS.items()},
        event=tuple(lines),
        code_label=joined(" · ", (code_label, website)),
        more=fmt.gettext(MORE),
        signers=tuple(
            (signer.name, fmt.parts((signer.position, signer.organisation)))
            for signer in options.signers
        ),
        logos=sum(1 for organiser in event.organisers if organiser.logo),
    )


def _capitals(text: str, language: str) -> str:
    """text in capitals as its language writes them (ICU: Turkish i is İ, Greek capitals
    lose their accents)."""
    import icu  # pyicu-wheels

    return str(icu.UnicodeString(text).toUpper(icu.Locale(language.replace("-", "_"))))


def _background(
    event: Event, options: CertificateOptions, geometry: drawing.Geometry, config: BuildConfig
) -> bytes | None:
    """The logos and signatures, drawn once on a page of the certificates' size by
    WeasyPrint (SVG, PNG or JPEG, each through the image gate); None without any."""
    logos = [config.asset(o.logo).as_uri() for o in event.organisers if o.logo]
    signatures = [
        (index, config.asset(signer.signature).as_uri())
        for index, signer in enumerate(options.signers)
        if signer.signature
    ]
    if not logos and not signatures:
        return None
    from brochure.outputs.certificates import drawing

    rtl = config.fmt.direction == "rtl"
    placed = list(zip(drawing.logo_boxes(geometry, len(logos), rtl), logos, strict=True))
    boxes = drawing.signature_boxes(geometry, len(options.signers), rtl)
    placed += [(boxes[index], uri) for index, uri in signatures]
    parts = "".join(
        f'<div style="position:absolute;left:{box.x:.3f}mm;top:{box.y:.3f}mm;'
        f'width:{box.width:.3f}mm;height:{box.height:.3f}mm">'
        f'<img src="{_attribute(uri)}" alt="" style="display:block;width:100%;height:100%;'
        f'object-fit:contain;object-position:center {box.align}"></div>'
        for box, uri in placed
    )
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        f"@page {{ size: {geometry.width:.3f}mm {geometry.height:.3f}mm; margin: 0 }}"
        "html, body { margin: 0 }</style></head>"
        f"<body>{parts}</body></html>"
    )
    document = weasy.render_document(
        page, config.source_dir, config.readable_folders, "certificates (logos and signatures)"
    )
    return weasy.to_pdf(document, "certificates (logos and signatures)", None, tagged=False)


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _listed(made: list[content.Certificate], gettext: Callable[[str], str]) -> bytes:
    """certificates.csv: each certificate's code, kind, the person's id and name, and
    what it certifies; UTF-8 with a byte-order mark and CRLF line ends (RFC 4180), as
    spreadsheets open it without asking."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(gettext(word) for word in HEADER)
    for certificate in made:
        details = certificate.hours or "; ".join(certificate.sessions)
        writer.writerow(
            neutral(plain(value))
            for value in (
                certificate.code,
                gettext(content.HEADINGS[certificate.kind]),
                certificate.key,
                certificate.name,
                details,
            )
        )
    return buffer.getvalue().encode("utf-8-sig")
