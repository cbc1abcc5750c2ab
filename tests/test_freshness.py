"""Rebuild only what changed: nothing changed renders nothing; one field renders only the
outputs that read it; a layout, a logo, a file edited by hand or --force render again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import MINIMAL, ROOT, shared, write_event

from brochure.cli import main

pytestmark = pytest.mark.slow

OUTPUTS = ("brochure.pdf", "brochure-booklet.pdf", "concept-note.docx", "badges.pdf")


def _built_project(folder: Path) -> None:
    source = write_event(
        folder / "source",
        MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: logo.svg")
        + "people:\n  - {name: Ann Lee, role: speaker}\n",
    )
    (source.parent / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#123b5a"/></svg>'
    )
    assert main(["-q", "build", str(source), "--only", "brochure,concept-note,badges"]) == 0


@pytest.fixture
def project(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project (source/, output/) built once for the run and copied for each
    test: the manifest names its files relative to the output folder, so the copy is
    the pack as that build left it (test_nothing_changed_renders_nothing shows it)."""
    built = shared(tmp_path_factory, "freshness-project", _built_project)
    shutil.copytree(built, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".made"))
    return tmp_path


def stamps(project: Path) -> dict[str, int]:
    """Each output file's inode and modification time: a file rendered again is a new
    file (moved into place), so both change."""
    out = project / "output"
    return {
        name: (out / name).stat().st_ino * 10**20 + (out / name).stat().st_mtime_ns
        for name in OUTPUTS
    }


def rebuild(project: Path, *extra: str) -> list[str]:
    """The files a second build rendered again."""
    before = stamps(project)
    source = project / "source" / "event.yaml"
    assert main(["-q", "build", str(source), "--only", "brochure,concept-note,badges", *extra]) == 0
    after = stamps(project)
    return sorted(name for name in OUTPUTS if after[name] != before[name])


def edit(project: Path, old: str, new: str) -> None:
    path = project / "source" / "event.yaml"
    path.write_text(path.read_text().replace(old, new))


def test_nothing_changed_renders_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rebuild(project) == []
    assert (
        main(
            [
                "build",
                str(project / "source" / "event.yaml"),
                "--only",
                "brochure,concept-note,badges",
            ]
        )
        == 0
    )
    assert "nothing changed: 4 files in" in capsys.readouterr().out


def test_one_field_renders_only_the_outputs_that_read_it(project: Path) -> None:
    edit(project, "about: We meet.", "about: We meet, and talk.")
    assert rebuild(project) == ["brochure-booklet.pdf", "brochure.pdf", "concept-note.docx"]
    edit(project, "name: Ann Lee", "name: Ann Li")
    assert rebuild(project) == sorted(OUTPUTS)


def test_a_layout_a_logo_or_a_file_edited_by_hand_renders_again(project: Path) -> None:
    layouts = project / "layouts" / "badges"
    layouts.mkdir(parents=True)
    shutil.copy(ROOT / "layouts" / "badges" / "badges.css", layouts / "badges.css")
    with (layouts / "badges.css").open("a") as css:
        css.write("\n.given { color: #000000; }\n")
    assert rebuild(project) == ["badges.pdf"]
    logo = project / "source" / "logo.svg"
    logo.write_text(logo.read_text().replace("#123b5a", "#0f766e"))
    assert rebuild(project) == ["brochure-booklet.pdf", "brochure.pdf"]
    (project / "output" / "concept-note.docx").write_bytes(b"my own notes")
    assert rebuild(project) == ["concept-note.docx"]
    (project / "output" / "badges.pdf").unlink()
    (project / "output" / "badges.pdf").write_bytes(b"")
    assert "badges.pdf" in rebuild(project)


def test_force_renders_everything(project: Path) -> None:
    assert rebuild(project, "--force") == sorted(OUTPUTS)


def test_a_fixed_build_time_is_part_of_what_an_output_is_made_from(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1481155200")
    assert rebuild(project) == sorted(OUTPUTS)
    assert rebuild(project) == []


def test_files_the_event_does_not_name_are_not_read(project: Path) -> None:
    """Only the files the event names (logos, a map, the export) key the outputs: a folder
    of photos beside the event neither slows a build nor renders anything again."""
    (project / "source" / "photos").mkdir()
    (project / "source" / "photos" / "a.jpg").write_bytes(b"not read")
    (project / "source" / "notes.txt").write_text("mine")
    assert rebuild(project) == []


LONG = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafe"


def test_a_renderers_warning_is_said_again_and_fails_strict_while_nothing_changed(
    project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A warning the badges' renderer gave (a name too long for the card) is kept with
    the badges: a later build that renders nothing says it again, and fails --strict."""
    edit(project, "name: Ann Lee", f"name: Ann {LONG * 3}")
    source = str(project / "source" / "event.yaml")
    only = ("--only", "brochure,concept-note,badges")
    assert main(["build", source, *only]) == 0
    first = capfd.readouterr().err
    assert "badges" in first.lower() and LONG[:20] in first
    assert main(["build", source, *only]) == 0
    assert LONG[:20] in capfd.readouterr().err
    assert main(["build", source, *only, "--strict"]) == 1
    assert "--strict" in capfd.readouterr().err


@pytest.mark.parametrize("kind", ["outside", "fifo", "deep"])
def test_a_manifest_that_is_not_brochures_is_ignored(project: Path, kind: str) -> None:
    """A manifest naming files outside the pack, a FIFO or a nested bomb in its place: the
    build renders everything again (reading nothing outside), and does not hang."""
    import json
    import os

    manifest = project / "output" / ".brochure-manifest.json"
    data = json.loads(manifest.read_text())
    manifest.unlink()
    if kind == "outside":
        for entry in data["outputs"].values():
            entry["files"] = {"../source/event.yaml": "0" * 64}
        manifest.write_text(json.dumps(data))
    elif kind == "fifo":
        os.mkfifo(manifest)
    else:
        manifest.write_text('{"format": 1, "outputs": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert rebuild(project) == sorted(OUTPUTS)


def test_files_the_pack_no_longer_has_are_removed_unless_changed_by_hand(
    project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A pack that turns into one folder per language no longer has `brochure.pdf` at the
    top: the files brochure wrote there go with the build that replaces them (left, they
    would be printed by mistake); one changed by hand since stays, with a warning."""
    out = project / "output"
    (out / "concept-note.docx").write_bytes(b"my own notes")
    edit(project, "city: Oslo", "city: Oslo\n  languages: [en, es]")
    source = str(project / "source" / "event.yaml")
    assert main(["build", source, "--only", "brochure,concept-note,badges"]) == 0
    assert not (out / "brochure.pdf").exists() and not (out / "badges.pdf").exists()
    assert (out / "en" / "brochure.pdf").exists() and (out / "es" / "badges.pdf").exists()
    assert (out / "concept-note.docx").read_bytes() == b"my own notes"
    err = capfd.readouterr().err
    assert "concept-note.docx: not part of this pack" in err
    assert "brochure.pdf: not part of this pack" not in err
    # And back: the language folders go, as they were written.
    edit(project, "city: Oslo\n  languages: [en, es]", "city: Oslo")
    assert main(["-q", "build", source, "--only", "brochure,concept-note,badges"]) == 0
    assert (out / "brochure.pdf").exists() and not (out / "en").exists()


def test_about_renders_the_calendar_again_and_no_qr_removes_the_checkin_list(
    tmp_path: Path,
) -> None:
    source = write_event(
        tmp_path / "source",
        MINIMAL + "people:\n  - {name: Ann Lee, id: a1}\nbadges:\n  qr: id\n",
    )
    out = tmp_path / "output"
    only = ("--only", "calendar,badges,checkin")
    assert main(["-q", "build", str(source), *only]) == 0
    files = ("programme.ics", "badges.pdf", "checkin.csv")
    before = {name: (out / name).stat().st_ino for name in files}
    source.write_text(source.read_text().replace("about: We meet.", "about: We meet often."))
    assert main(["-q", "build", str(source), *only]) == 0
    assert (out / "programme.ics").stat().st_ino != before["programme.ics"]
    assert (out / "badges.pdf").stat().st_ino == before["badges.pdf"]
    source.write_text(source.read_text().replace("badges:\n  qr: id\n", ""))
    assert main(["-q", "build", str(source), *only]) == 0
    assert not (out / "checkin.csv").exists() and (out / "badges.pdf").exists()


def test_a_setting_renders_only_the_outputs_it_shapes(project: Path) -> None:
    assert rebuild(project, "--badge-layout", "cr80") == ["badges.pdf"]
    assert rebuild(project, "--badge-layout", "cr80", "--print-shop") == [
        "brochure-booklet.pdf",
        "brochure.pdf",
    ]


def test_a_forged_manifest_removes_nothing_but_the_packs_own_names(project: Path) -> None:
    """A manifest naming a file of the user's, with its true fingerprint, as a badge file:
    the build does not remove it (only files named as the pack's files are ever removed)."""
    import hashlib
    import json

    out = project / "output"
    mine = out / "notes.txt"
    mine.write_text("mine")
    manifest = out / ".brochure-manifest.json"
    data = json.loads(manifest.read_text())
    data["outputs"]["badges"]["files"]["notes.txt"] = hashlib.sha256(b"mine").hexdigest()
    manifest.write_text(json.dumps(data))
    rebuild(project, "--force")
    assert mine.read_text() == "mine"


@pytest.mark.parametrize(
    "added",
    [
        "attendees: missing.csv\n",
        "attendees: ../../etc/passwd\n",
        "attendees: {file: registrations.csv}\n",  # a FIFO, made below
        "about: Twice\nabout: Twice\n",  # a key given twice
    ],
)
def test_a_file_that_reads_with_problems_is_never_nothing_changed(
    project: Path, added: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """The shortcut skips the checks only for a file that read cleanly: a problem found
    reading it (an export that cannot be read, a duplicate key) leaves the data as the
    last build saw it, and must fail the build as it fails check."""
    import os

    source = project / "source" / "event.yaml"
    text = source.read_text(encoding="utf-8")
    if "about:" in added:
        text = "\n".join(line for line in text.splitlines() if not line.startswith("about:"))
    source.write_text(text.rstrip("\n") + "\n" + added, encoding="utf-8")
    os.mkfifo(project / "source" / "registrations.csv")
    capfd.readouterr()
    assert main(["build", str(source), "--only", "brochure,concept-note,badges"]) == 1
    err = capfd.readouterr().err
    assert "nothing changed" not in err and "event.yaml:" in err
    assert main(["check", str(source)]) == 1


def test_an_image_an_svg_logo_refers_to_is_part_of_what_it_prints(project: Path) -> None:
    """A logo drawn as an SVG that places a PNG beside it: a new PNG is a new logo."""
    from PIL import Image

    source = project / "source"
    Image.new("RGB", (8, 4), "#123b5a").save(source / "inner.png")
    (source / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<image href="inner.png" width="40" height="20"/></svg>'
    )
    assert rebuild(project) == ["brochure-booklet.pdf", "brochure.pdf"]
    assert rebuild(project) == []
    Image.new("RGB", (8, 4), "#0f766e").save(source / "inner.png")
    assert rebuild(project) == ["brochure-booklet.pdf", "brochure.pdf"]


def test_a_part_only_other_outputs_read_is_still_checked_by_a_build_of_one(
    project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The brochure does not print the attendees, but a build of the brochure alone
    refuses a wrong attendee as `check` and a full build do, whatever it built before;
    once right again, nothing is rendered and the next build skips the checks."""
    source = str(project / "source" / "event.yaml")
    edit(project, "about: We meet.", "about: We meet.\nattendees:\n  - {role: speaker}")
    assert main(["build", source, "--only", "brochure"]) == 1
    assert "attendees[0]" in capfd.readouterr().err
    edit(project, "  - {role: speaker}", "  - {name: Bo Ek, role: speaker}")
    before = stamps(project)
    assert main(["build", source, "--only", "brochure"]) == 0
    assert stamps(project)["brochure.pdf"] == before["brochure.pdf"]
    assert "nothing changed" in capfd.readouterr().out
    manifest = (project / "output" / ".brochure-manifest.json").read_text()
    assert main(["build", source, "--only", "brochure"]) == 0
    assert (project / "output" / ".brochure-manifest.json").read_text() == manifest


def test_a_file_of_the_organisers_with_a_packs_name_is_replaced_with_a_warning(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The pack's names are brochure's: a first build into a folder that holds a
    `brochure.pdf` no build recorded replaces it, and says so; later builds do not."""
    source = write_event(tmp_path / "source", MINIMAL)
    out = tmp_path / "output"
    out.mkdir()
    (out / "brochure.pdf").write_bytes(b"%PDF my own")
    (out / "notes.txt").write_text("mine")
    assert main(["build", str(source), "--only", "brochure"]) == 0
    err = capfd.readouterr().err
    assert "brochure.pdf: replaced by the pack's file" in err
    assert (out / "brochure.pdf").read_bytes() != b"%PDF my own"
    assert (out / "notes.txt").read_text() == "mine"
    assert main(["build", str(source), "--only", "brochure", "--force"]) == 0
    assert "replaced" not in capfd.readouterr().err


def test_a_file_a_layout_refers_to_elsewhere_is_part_of_what_it_prints(project: Path) -> None:
    """A project's brochure stylesheet that draws an image from another layout folder,
    and one beside the event that the event does not name: each, changed, renders the
    brochure again (they were "nothing changed")."""
    from PIL import Image

    layouts = project / "layouts"
    (layouts / "brochure").mkdir(parents=True)
    (layouts / "shared").mkdir()
    Image.new("RGB", (8, 8), "#123b5a").save(layouts / "shared" / "bg.png")
    Image.new("RGB", (8, 8), "#123b5a").save(project / "source" / "photo.png")
    css = (ROOT / "layouts" / "brochure" / "brochure.css").read_text(encoding="utf-8")
    (layouts / "brochure" / "brochure.css").write_text(
        css + "\n@page { background: url(../layouts/shared/bg.png) no-repeat; }\n"
        ".cover { background-image: url(photo.png); }\n",
        encoding="utf-8",
    )
    assert "brochure.pdf" in rebuild(project)
    assert rebuild(project) == []
    Image.new("RGB", (8, 8), "#0f766e").save(layouts / "shared" / "bg.png")
    assert rebuild(project) == ["brochure-booklet.pdf", "brochure.pdf"]
    Image.new("RGB", (8, 8), "#0f766e").save(project / "source" / "photo.png")
    assert rebuild(project) == ["brochure-booklet.pdf", "brochure.pdf"]


def _interleaved(
    monkeypatch: pytest.MonkeyPatch, first: dict[str, object], second: dict[str, object]
) -> None:
    """Build first, with a whole build of second run between first's reading of the
    folder (and rendering) and its writing: two builds overlapping in time."""
    from tests.conftest import build

    from brochure.commands import build as command

    gather = command._gather

    def slow(cli: object) -> object:
        gathered = gather(cli)  # type: ignore[arg-type]
        monkeypatch.setattr(command, "_gather", gather)
        build(**second)  # type: ignore[arg-type]
        return gathered

    monkeypatch.setattr(command, "_gather", slow)
    build(**first)  # type: ignore[arg-type]


def test_overlapping_builds_with_other_outputs_keep_each_others_record(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Finding 04: `--only calendar` reads the folder, `--only badges` builds and writes
    meanwhile, then the first writes: the manifest records both (merged under the
    folder's lock), badges.pdf is not called a stray copy, and the next build of the
    badges renders nothing and warns of nothing."""
    import json

    source = write_event(tmp_path / "source", MINIMAL + "people:\n  - {name: Ann Lee}\n")
    out = tmp_path / "output"
    with caplog.at_level("INFO", logger="brochure"):
        _interleaved(
            monkeypatch,
            {"source": source, "output": out, "only": ("calendar",)},
            {"source": source, "output": out, "only": ("badges",)},
        )
    manifest = json.loads((out / ".brochure-manifest.json").read_text())
    assert sorted(manifest["outputs"]) == ["badges", "calendar"]
    assert "rendering badges.pdf" in caplog.text  # the hook ran the other build
    assert "not part of this pack" not in caplog.text
    capfd.readouterr()
    inode = (out / "badges.pdf").stat().st_ino
    assert main(["build", str(source), "-o", str(out), "--only", "badges"]) == 0
    assert (out / "badges.pdf").stat().st_ino == inode
    said = capfd.readouterr()
    assert "replaced by the pack's file" not in said.err
    assert "nothing changed" in said.out


def test_an_output_another_build_rendered_meanwhile_keeps_that_builds_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first build renders the calendar and keeps the badges as they were; another
    renders the badges anew (another layout) while it runs: the manifest keeps the
    other's entry for the badges (what the folder holds), not the first's stale one, so
    the next build of those badges renders nothing."""
    import json

    source = write_event(tmp_path / "source", MINIMAL + "people:\n  - {name: Ann Lee}\n")
    out = tmp_path / "output"
    assert main(["-q", "build", str(source), "-o", str(out), "--only", "calendar,badges"]) == 0
    source.write_text(source.read_text().replace("about: We meet.", "about: We meet often."))
    _interleaved(
        monkeypatch,
        {"source": source, "output": out, "only": ("calendar", "badges")},
        {
            "source": source,
            "output": out,
            "only": ("badges",),
            "flags": {"badge_layout": "cr80"},
        },
    )
    manifest = json.loads((out / ".brochure-manifest.json").read_text())
    assert sorted(manifest["outputs"]) == ["badges", "calendar"]
    inode = (out / "badges.pdf").stat().st_ino
    only = ("--only", "badges", "--badge-layout", "cr80")
    assert main(["-q", "build", str(source), "-o", str(out), *only]) == 0
    assert (out / "badges.pdf").stat().st_ino == inode
