"""The people of an export, each once, with an id programme items can name."""

from __future__ import annotations

from typing import Any

from brochure.model import ROLES, make_id


class People:
    """Each person once (known by the export's own key for them), in order of first
    appearance, with a unique id.

    The id is the one brochure would make of the name (model.make_id), unless another
    person has it or the name makes none: then the name with the export's own code for
    the person (`maria-silva-xyz12`), or with a number. Making an id costs a bounded
    number of look-ups on average, however many names collide: where each numbering
    stands is remembered, so the thousandth Maria Silva does not try the 999 taken
    numbers again (`probes` counts the look-ups).
    """

    def __init__(self) -> None:
        self.people: list[dict[str, Any]] = []
        self._ids: dict[str, str] = {}
        self._index: dict[str, int] = {}
        self._by_id: dict[str, dict[str, Any]] = {}
        self._taken: set[str] = set()
        self._numbering: dict[str, int] = {}
        self.probes = 0
        """How many ids were tried: at most about two a person (see the class's doc)."""

    def add(self, key: str, name: str, code: str | None = None, **fields: Any) -> str:
        """The id of the person the export knows by key; the first time, they are added
        with name and the fields given (role: speaker unless said; None values left out).
        A role given again replaces theirs when it comes earlier in ROLES (a speaker who
        also organises is an organiser). code is the export's own short code for them,
        used in their id only when the name's is taken."""
        role = fields.pop("role", None) or "speaker"
        if key in self._ids:
            known = self.people[self._index[key]]
            if ROLES.index(role) < ROLES.index(known["role"]):
                known["role"] = role
            return self._ids[key]
        ident = self._free_id(name, code)
        self._ids[key] = ident
        self._index[key] = len(self.people)
        # Every id is written: one made from a name could otherwise be another person's
        # written one, and the programme would name the wrong person.
        person: dict[str, Any] = {"name": name, "id": ident}
        person.update((field, value) for field, value in fields.items() if value)
        person["role"] = role
        self.people.append(person)
        self._by_id[ident] = person
        return ident

    def name_of(self, ident: str) -> str:
        """The name of the person with this id (one this registry gave)."""
        return str(self._by_id[ident]["name"])

    def _free_id(self, name: str, code: str | None) -> str:
        base = make_id(name)
        if base and self._free(base):
            return self._take(base)
        candidate = make_id(f"{base} {code or len(self.people) + 1}")
        if self._free(candidate):
            return self._take(candidate)
        # Numbered from where this stem's numbering stopped: linear however many collide.
        stem = make_id(f"{base} {code or ''}") or "person"
        number = self._numbering.get(stem, 1)
        while True:
            number += 1
            candidate = f"{stem}-{number}"
            if self._free(candidate):
                self._numbering[stem] = number
                return self._take(candidate)

    def _free(self, ident: str) -> bool:
        self.probes += 1
        return ident not in self._taken

    def _take(self, ident: str) -> str:
        self._taken.add(ident)
        return ident

    def __len__(self) -> int:
        return len(self.people)
