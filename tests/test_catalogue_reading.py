"""The catalogues as builds read them (catalogue.entries, compiled) are the catalogues as
Babel's own reader reads them: every message, its context, plural forms, translation
and fuzzy flag; and the compiled catalogue translates every message as the one Babel
compiles."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo

from brochure import catalogue


@pytest.mark.parametrize("name", catalogue.catalogues())
def test_every_message_is_read_as_babel_reads_it(name: str) -> None:
    path = catalogue.path_of(name)
    babel = catalogue.read(path)
    ours = catalogue.entries(path)
    expected = {}
    for message in babel:
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        plural = message.id[1] if isinstance(message.id, tuple) else None
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected[(message.context, singular)] = (plural, tuple(strings), message.fuzzy)
    assert len(expected) > 100
    found = {key: (e.plural, e.strings, e.fuzzy) for key, e in ours.items() if key[1]}
    del expected[(None, "")]  # the header: Babel keeps it apart (its fields, not text)
    assert found == expected


@pytest.mark.parametrize("name", catalogue.catalogues())
def test_a_compiled_catalogue_translates_as_babels(name: str) -> None:
    path = catalogue.path_of(name)
    babel = catalogue.read(path)
    compiled = io.BytesIO()
    write_mo(compiled, babel, use_fuzzy=False)
    theirs = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))
    ours = gettext.GNUTranslations(io.BytesIO(catalogue.compiled(path)))
    assert ours.info()["plural-forms"] == theirs.info()["plural-forms"]
    for message in babel:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n in (0, 1, 2, 5, 21):
                if message.context:
                    said = [t.npgettext(message.context, *message.id, n) for t in (ours, theirs)]
                else:
                    said = [t.ngettext(*message.id, n) for t in (ours, theirs)]
                assert said[0] == said[1], (message.id, n)
        elif message.context:
            said = [t.pgettext(message.context, message.id) for t in (ours, theirs)]
            assert said[0] == said[1], message.id
        else:
            assert ours.gettext(message.id) == theirs.gettext(message.id)


def test_a_po_files_strings_escapes_flags_and_obsolete_entries(tmp_path: Path) -> None:
    """What gettext's tools write: strings continued over lines, escapes, a fuzzy flag
    among others, a context, plural forms, an obsolete entry left out."""
    path = tmp_path / "xx" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#. Translators: a note\n#, python-format, fuzzy\nmsgid "Guessed"\nmsgstr "Geraten"\n\n'
        'msgctxt "kind"\nmsgid "Panel"\nmsgstr ""\n"Podium"\n"s\\"diskussion\\n\\t\\\\"\n\n'
        'msgid "one chair"\nmsgid_plural "%(n)s chairs"\nmsgstr[0] "ein Vorsitz"\n'
        'msgstr[1] "%(n)s Vorsitze"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Weg"\n',
        encoding="utf-8",
    )
    found = catalogue.entries(path)
    assert found[(None, "Guessed")].fuzzy
    assert found[("kind", "Panel")].strings == ('Podiums"diskussion\n\t\\',)
    assert found[(None, "one chair")].plural == "%(n)s chairs"
    assert found[(None, "one chair")].strings == ("ein Vorsitz", "%(n)s Vorsitze")
    assert (None, "Gone") not in found
    assert catalogue.translated("Panel", "kind", tmp_path) == {"xx": 'Podiums"diskussion\n\t\\'}
    assert catalogue.translated("Guessed", folder=tmp_path) == {}
    # Saved by an editor with Windows line ends and spaces left at the ends of lines.
    edited = tmp_path / "yy" / "LC_MESSAGES" / "messages.po"
    edited.parent.mkdir(parents=True)
    edited.write_bytes(path.read_bytes().replace(b"\n", b"  \r\n"))
    assert catalogue.entries(edited) == found


@pytest.mark.parametrize("name", catalogue.catalogues())
def test_the_messages_looked_up_in_every_catalogue_are_read_as_a_whole_reading(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """_entries_among reads only the blocks that may hold the wanted messages (the kinds'
    words, the break words): what it finds is what entries() finds, for any message."""
    path = catalogue.path_of(name)
    whole = catalogue.entries(path)
    monkeypatch.setattr(catalogue, "_READ", set())  # as if never read whole
    catalogue._entries_among.cache_clear()
    # Every message whose first word the file writes as is (others are read whole).
    plain = frozenset(
        key for key in whole if not any(c in key[1].split(" ", 1)[0] for c in '\\"\n\t\r')
    )
    assert len(plain) > 100
    assert catalogue._entries_among(path, plain) == {k: whole[k] for k in plain}
    some = frozenset(key for key in whole if key[0] == "kind" or key[1] == catalogue.BREAK_WORDS)
    assert len(some) > 20
    assert catalogue._entries_among(path, some) == {k: whole[k] for k in some}
    catalogue._entries_among.cache_clear()
