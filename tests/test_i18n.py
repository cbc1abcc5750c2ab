"""Printed words follow the event's language: CLDR for dates, gettext for labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from tests.conftest import MINIMAL, build, pdftotext, write_event

from brochure import i18n


@pytest.mark.slow
def test_a_catalogue_translates_the_layouts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = Catalog(locale="es")
    catalog.add("Programme", "Programa")
    catalog.add("Contents", "Índice")
    catalog.add("Practical details", "Información práctica")
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as stream:
        write_mo(stream, catalog)
    monkeypatch.setattr(i18n, "CATALOGUES", tmp_path / "locale")
    source = write_event(
        tmp_path / "source", MINIMAL.replace("country: NO", "country: MX\n  language: es")
    )
    build(source, tmp_path / "out", only=("brochure",))
    text = pdftotext(tmp_path / "out" / "brochure.pdf")
    assert "Programa" in text and "Índice" in text and "Información práctica" in text
    assert "martes, 4 de marzo de 2025" in text  # CLDR, no catalogue needed
    assert "México" in text


def test_every_layout_word_is_in_the_template() -> None:
    pot = (Path(i18n.__file__).parent / "locale" / "messages.pot").read_text(encoding="utf-8")
    for word in ("Programme", "Page {page} of {pages}", "Speaker", "Participant", "Name badges"):
        assert f'msgid "{word}"' in pot


def test_the_template_holds_every_marked_word(tmp_path: Path) -> None:
    """`make messages` has been run: no word marked for translation is missing."""
    import subprocess
    import sys

    from babel.messages.pofile import read_po

    root = Path(i18n.__file__).parents[2]
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=root,
        check=True,
    )

    def ids(path: Path) -> set[str]:
        with path.open("rb") as stream:
            return {str(message.id) for message in read_po(stream) if message.id}

    committed = root / "src" / "brochure" / "locale" / "messages.pot"
    assert ids(fresh) == ids(committed), "run `make messages` and commit the template"
