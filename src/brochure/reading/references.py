"""Whom a programme item's reference that names nobody meant: the person's id to suggest.

Programme items name people by id (`people: [amelie-tremblay]`). An organiser often
writes the name instead ("Amélie Tremblay"), or an id nearly right: the suggestion is
the id of the person whose name or id the reference matches, so "did you mean" gives
what to write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from brochure.model import Person, fold, make_id
from brochure.reading.messages import closest


@dataclass(frozen=True)
class Suggestion:
    """The id to write, and whether the reference was that person's name."""

    id: str
    by_name: bool
    name: str = ""
    """The name of the person it found (by_name)."""
    shared: bool = False
    """Whether several people have that id (an error of its own): it is no answer."""

    def message(self, written: str, otherwise: str) -> str:
        """What is wrong with the reference written, and what to write: "'Amélie
        Tremblay' is a person's name, not their id; did you mean 'amelie-tremblay'?"
        (otherwise, the problem it has, when it is no name). An id that several people
        have is never suggested (a reference to it would be an error too): it is said
        to be used twice, and the person the reference names is named."""
        if self.shared:
            as_id = written == make_id(written)
            whose = self.name or "the person it names"
            if as_id and self.name:
                whose += ", whose name it is made of,"
            return (
                f"'{written}' is no one's id; {whose} has the id '{self.id}', which is "
                "used twice: give each person an id of their own"
            )
        lead = f"'{written}' is a person's name, not their id" if self.by_name else otherwise
        return f"{lead}; did you mean '{self.id}'?"


class Directory:
    """Everyone's ids and names, to find whom a reference meant: the event's people
    first (speakers, chairs), then the registered attendees."""

    def __init__(self, people: Iterable[Person], attendees: Iterable[Person] = ()) -> None:
        self._people = list(people)
        self._attendees = list(attendees)

    @classmethod
    def of(cls, everyone: Iterable[tuple[tuple[str | int, ...], Person]]) -> Directory:
        """A directory of the event's people and attendees, each given with its path in
        the file (("people", 3), ("attendees", 12))."""
        people: list[Person] = []
        attendees: list[Person] = []
        for path, person in everyone:
            (attendees if path[0] == "attendees" else people).append(person)
        return cls(people, attendees)

    @cached_property
    def _by_name(self) -> dict[str, str | None]:
        """Each person's name (whole, and given and family names and each word apart),
        without case, accents or punctuation, to their id; None where it names several
        people."""
        found: dict[str, str | None] = {}
        for person in self._people:
            names = {person.name, f"{person.given or ''} {person.family or ''}"}
            # A part of the name alone (Léa for Léa Martin) when no one else has it.
            names |= {person.given or "", person.family or "", *person.name.split()}
            for name in names:
                for form in {fold(name).strip(), make_id(name)} - {""}:
                    found[form] = person.key if found.get(form, person.key) == person.key else None
        return found

    @cached_property
    def _names(self) -> list[str]:
        """The names, as ids are made of them, each naming one person."""
        return sorted(f for f, key in self._by_name.items() if key and f == make_id(f))

    @cached_property
    def _ids(self) -> list[str]:
        return sorted({person.key for person in self._people})

    def suggest(self, written: str) -> Suggestion | None:
        """The id written most likely means, among the event's people, else among the
        attendees: the person it names (whole name, or a part of it alone when only one
        person has it, or its words within one person's name: "Grace Ouma" for Grace
        Akinyi Ouma), else the id most like it, else the person whose name is most like
        it."""
        found = self._suggest(written)
        if found is None and self._attendees:
            found = Directory(self._attendees)._suggest(written)
        if found is None:
            return None
        holders = [p for p in (*self._people, *self._attendees) if p.key == found.id]
        return dataclasses.replace(
            found,
            name=holders[0].name if found.by_name and len(holders) == 1 else found.name,
            shared=len(holders) > 1,
        )

    def _name_of(self, form: str, key: str) -> str:
        """The name of the person with id key that form (a folded name, or an id made
        of one) names: of two people with one id, the one meant."""
        for person in self._people:
            if person.key == key and form in {fold(person.name).strip(), make_id(person.name)}:
                return person.name
        return ""

    def _within(self, written: str) -> str | None:
        """The one person whose name holds every word written, in order."""
        words = fold(written).split()
        if len(words) < 2:
            return None
        keys = set()
        for person in self._people:
            name = iter(fold(person.name).split())
            if all(word in name for word in words):  # in order: the iterator is consumed
                keys.add(person.key)
        return keys.pop() if len(keys) == 1 else None

    def _suggest(self, written: str) -> Suggestion | None:
        within = self._within(written)
        for form in (fold(written).strip(), made := make_id(written)):
            key = self._by_name.get(form)
            if key:
                return Suggestion(key, by_name=True, name=self._name_of(form, key))
        if within:
            return Suggestion(within, by_name=True)
        close = closest(written, self._ids) or closest(made, self._ids)
        if close:
            return Suggestion(close, by_name=False)
        # A name nearly as written: Sarah OConnor for Sarah O'Connor.
        near = closest(made, self._names) if made else None
        key = self._by_name.get(near) if near else None
        return Suggestion(key, by_name=True) if key else None
