"""The YAML reader: text as written, locations kept, nothing constructed."""

from __future__ import annotations

import time

import pytest

from brochure.errors import InputError
from brochure.reading.yamlsource import parse


def test_plain_scalars_stay_as_written() -> None:
    parsed = parse("start: 10:30\ncountry: NO\nnumber: 0187\non: yes\nempty:\nnull_: ~\n", "f")
    assert parsed.data == {
        "start": "10:30",
        "country": "NO",
        "number": "0187",
        "on": "yes",
        "empty": None,
        "null_": None,
    }


def test_quoted_null_words_are_text() -> None:
    assert parse("a: 'null'\nb: ''\n", "f").data == {"a": "null", "b": ""}


def test_locations_point_at_keys_and_items() -> None:
    parsed = parse("people:\n  - name: A\n    role: x\n", "event.yaml")
    assert str(parsed.locations[("people", 0, "role")]) == "event.yaml:3:5"
    assert str(parsed.locations[("people", 0)]) == "event.yaml:2:5"


def test_duplicate_key_is_a_problem_with_both_lines() -> None:
    parsed = parse("event:\n  title: A\n  title: B\n", "e.yaml")
    (problem,) = parsed.problems
    assert str(problem).startswith("e.yaml:3:3: event.title: duplicate key (first given at line 2)")
    assert parsed.data == {"event": {"title": "A"}}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['true']\n",
        "a: !!python/name:os.system\n",
        "a: !custom x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
    ],
)
def test_constructing_tags_are_refused(text: str) -> None:
    (problem,) = parse(text, "f").problems
    assert "is not accepted" in problem.message
    assert problem.field == "a"


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        parse("event:\n  title: [unclosed\n  date: x\n", "e.yaml")
    text = str(caught.value)
    assert text.startswith("e.yaml:")
    assert "YAML syntax" in text


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        previous, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    # CPU time, not the clock: the machine is shared, and a busy neighbour is not a bomb.
    started = time.process_time()
    with pytest.raises(InputError, match="expands to more than"):
        parse("\n".join(lines) + "\n", "bomb.yaml")
    assert time.process_time() - started < 5


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(InputError):
        parse("a: &a [*a]\n", "f")


def test_merge_keys_fill_in_without_overriding() -> None:
    parsed = parse("base: &base {room: A, kind: talk}\nitem:\n  <<: *base\n  room: B\n", "f")
    assert parsed.data["item"] == {"room": "B", "kind": "talk"}
