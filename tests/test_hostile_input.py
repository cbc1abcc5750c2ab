"""Bad input, on purpose: every class gives exit 1, a located message, no traceback,
and an untouched output folder; generated and mutated files never crash the CLI."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import MINIMAL, SEED_SOURCE
from tests.test_load import BAD_INPUTS

from brochure.cli import main

SEED_TEXT = (SEED_SOURCE / "event.yaml").read_text(encoding="utf-8")

# (what, file content, words the message must hold, must it name a line?)
HOSTILE: list[tuple[str, bytes, str, bool]] = [
    ("syntax error", b"event:\n  title: [unclosed\n", "YAML syntax", True),
    ("tab indentation", b"event:\n\ttitle: x\n", "YAML syntax", True),
    ("empty file", b"", "the file is empty", True),
    ("binary file", bytes(range(256)) * 4, "binary file", True),
    ("latin-1 file", MINIMAL.replace("Oslo", "Zürich").encode("latin-1"), "not UTF-8", True),
    ("a list at the top", b"- 1\n- 2\n", "expected a mapping", True),
    ("wrong type for a mapping", (MINIMAL + "badges: many\n").encode(), "expected a mapping", True),
    (
        "number of blanks in words",
        (MINIMAL + "badges:\n  blank: ten\n").encode(),
        "not a whole number",
        True,
    ),
    (
        "website as javascript",
        MINIMAL.replace("city: Oslo", "city: Oslo\n  website: javascript:alert(1)").encode(),
        "not a web address",
        True,
    ),
    (
        "website as a file",
        MINIMAL.replace("city: Oslo", "city: Oslo\n  website: file:///etc/passwd").encode(),
        "not a web address",
        True,
    ),
    (
        "attendees outside",
        (MINIMAL + "attendees: ../../etc/passwd\n").encode(),
        "leads outside",
        True,
    ),
    (
        "attendees on windows",
        (MINIMAL + "attendees: 'C:\\Windows\\win.ini'\n").encode(),
        "absolute path",
        True,
    ),
    (
        "attendees as URL",
        (MINIMAL + "attendees: https://example.org/a.csv\n").encode(),
        "never fetches",
        True,
    ),
    (
        "missing attendee file",
        (MINIMAL + "attendees: nobody.csv\n").encode(),
        "does not exist",
        True,
    ),
    (
        "huge title",
        MINIMAL.replace("A Small Meeting", "x" * 5000).encode(),
        "the limit is 300",
        True,
    ),
    (
        "huge about",
        (MINIMAL.replace("about: We meet.", "about: " + "y" * 30_000)).encode(),
        "the limit is 20,000",
        True,
    ),
    ("deep nesting", ("a: " + "[" * 200 + "]" * 200 + "\n").encode(), "nested deeper", True),
    (
        "null byte escape",
        MINIMAL.replace("A Small Meeting", '"A\\0B"').encode(),
        "control character U+0000",
        True,
    ),
    (
        "bidi override is fine but C1 is not",
        MINIMAL.replace("A Small Meeting", '"A\\x85B"').encode(),
        "control character U+0085",
        True,
    ),
    (
        "unknown top-level key",
        (MINIMAL + "speakers: []\n").encode(),
        "unknown key 'speakers'",
        True,
    ),
    (
        "dangling reference",
        (MINIMAL + "programme:\n  - {title: T, people: [ghost]}\n").encode(),
        "no person has the id 'ghost'",
        True,
    ),
    (
        "time with seconds overflow",
        (MINIMAL + "programme:\n  - {title: T, start: '10:99'}\n").encode(),
        "is not a time",
        True,
    ),
    (
        "date that does not exist",
        MINIMAL.replace("2025-03-04", "2025-02-30").encode(),
        "is not a date",
        True,
    ),
    (
        "end date before date",
        MINIMAL.replace("date: 2025-03-04", "date: 2025-03-04\n  end_date: 2025-03-01").encode(),
        "is before the event's date",
        True,
    ),
    ("python tag", b"event: !!python/object/new:os.system [echo hi]\n", "is not accepted", True),
]
HOSTILE += [(what, text.encode(), words, True) for what, text, _, _, words in BAD_INPUTS]


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "source"
    source.mkdir()
    out = tmp_path / "output"
    out.mkdir()
    (out / "brochure.pdf").write_bytes(b"the pack from yesterday")
    return source / "event.yaml", out


@pytest.mark.parametrize(
    ("what", "content", "words", "located"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
def test_bad_input_through_the_command_line(
    project: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    what: str,
    content: bytes,
    words: str,
    located: bool,
) -> None:
    path, out = project
    path.write_bytes(content)
    code = main(["build", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert words in err, err
    if located:
        assert err.startswith(f"{path}:"), err
    assert [p.name for p in out.iterdir()] == ["brochure.pdf"]
    assert (out / "brochure.pdf").read_bytes() == b"the pack from yesterday"


# -- generated and mutated files ---------------------------------------------------

KEYS = [
    "event",
    "title",
    "date",
    "city",
    "country",
    "about",
    "organisers",
    "name",
    "people",
    "role",
    "programme",
    "start",
    "end",
    "people",
    "badges",
    "blank",
    "id",
    "<<",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.sampled_from(["10:30", "NO", "2016-12-08", "speaker", "~", "", "&a", "*a", "!!str"]),
    st.text(max_size=30),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=5
        ),
    ),
    max_leaves=25,
)


def check_exits_cleanly(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(path)])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert "Traceback" not in captured.err


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=documents)
def test_generated_documents_never_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: object
) -> None:
    import yaml

    path = tmp_path / "event.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    check_exits_cleanly(path, capsys)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32), edits=st.integers(1, 6))
def test_mutated_seed_never_crashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int, edits: int
) -> None:
    rng = random.Random(seed)
    lines = SEED_TEXT.splitlines(keepends=True)
    for _ in range(edits):
        i = rng.randrange(len(lines))
        action = rng.choice(["delete", "duplicate", "swap", "char", "indent", "truncate"])
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "char":
            position = rng.randrange(len(lines[i]) + 1)
            char = rng.choice(string.printable + "ÿ€\u202e\x85:-[]{}&*!|>'\"#")
            lines[i] = lines[i][:position] + char + lines[i][position:]
        elif action == "indent":
            lines[i] = " " * rng.randrange(1, 5) + lines[i]
        else:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        if not lines:
            lines = ["\n"]
    path = tmp_path / "event.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    check_exits_cleanly(path, capsys)


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda s: s.strip())


@pytest.mark.slow
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=names, person=names, organisation=names)
def test_any_printable_text_builds_or_is_refused_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str, person: str, organisation: str
) -> None:
    import yaml

    document = yaml.safe_load(MINIMAL)
    document["event"]["title"] = title
    document["people"] = [{"name": person, "organisation": organisation, "role": "speaker"}]
    path = tmp_path / "event.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    code = main(
        ["-q", "build", str(path), "-o", str(tmp_path / "out"), "--only", "brochure,badges"]
    )
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "Traceback" not in err and "unexpectedly" not in err, err
