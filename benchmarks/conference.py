"""The bench's realistic conference: the summit fixture grown to three days in four rooms,
70 programme items, 450 people (90 in the event file: organisers, chairs, speakers,
staff; 360 attendees from a registration export) and two language packs (English and
Polish), every output included (the event file names no output: a build makes all the
registry holds). Everyone in it is invented; the same folder is written every time.

    python benchmarks/conference.py FOLDER    # writes FOLDER/event.yaml and its files
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMIT = ROOT / "tests" / "fixtures" / "summit"
PEOPLE, ATTENDEES, ITEMS = 90, 360, 70
DAYS = ("2026-06-10", "2026-06-11", "2026-06-12")
ROOMS = ("Hall A", "Room B", "Room C", "Room D")


def _listed(text: str) -> tuple[str, ...]:
    return tuple(text.split(", "))


GIVEN = _listed(
    "Ana, Marek, Léa, Houleymatou, Tomás, Grace, Jonas, Aoife, Karim, Zofia, Ngozi, "
    "Søren, Mei, Aarav, Olumide, Jürgen, Łucja, Iván, Fatma, Dmitri, Ingrid, Kwame, "
    "Yuki, Sofía, Bartosz, Marta, Olaf, Greta, Tariq, Elif, Ruth, Amelie, Sven, "
    "Inês, Hannah, Chipo"
)
FAMILY = _listed(
    "Ferreira, Zieliński, Martin, Baldé, Ribeiro, Mwangi, Berg, Ó Súilleabháin, "
    "Haddad, Wrona, Okafor, Kristensen, Chen, Sharma, Adeyemi, Schäfer, Wiśniewska, "
    "Restrepo Gómez, Öztürk, Sokolov, Halvorsen, Mensah, Tanaka, Kowalczyk, "
    "Oliveira, Sørensen, Baumgartner, Şahin, Goldberg, Lefèvre-Dubois, Richter, "
    "Carvalho, Weiß, Moyo, dos Santos Ferreira de Albuquerque, Nakamura"
)
ORGANISATIONS = _listed(
    "Civic Tech Europe, Fundacja Otwarte Miasto, Ville de Lyon, Ville de Dakar, "
    "Câmara Municipal de Lisboa, University of Nairobi, Malmö stad, "
    "Dublin City Council, Beirut Urban Lab, Urząd Miasta Krakowa, "
    "Shenzhen Open Data Lab, Miasto Gdańsk, Fundacja ePaństwo, "
    "University of Data Studies, Open Mobility Lab, Stiftung Digitale Nachbarschaft, "
    "Institute for Urban Data of the Baltic Sea Region (invented), "
    "Ayuntamiento de Sevilla"
)
COUNTRIES = ("PL", "PT", "FR", "SN", "KE", "SE", "IE", "LB", "DE", "NG", "DK", "CN", "IN", "ES")
ROLES = ("speaker",) * 6 + ("moderator",) * 2 + ("organiser", "staff")
TICKETS = ("attendee",) * 8 + ("press", "staff")

#: Session titles in both languages.
TOPICS = (
    ("Open budgets in practice", "Otwarte budżety w praktyce"),
    ("Sensors in public space", "Czujniki w przestrzeni publicznej"),
    ("A data standard for bus stops", "Standard danych dla przystanków autobusowych"),
    ("Residents' data projects", "Projekty danych mieszkańców"),
    ("Mapping accessibility", "Mapowanie dostępności"),
    ("Publishing your first dataset", "Publikacja pierwszego zbioru danych"),
    ("Mobility data across borders", "Dane o mobilności ponad granicami"),
    ("Who owns a city's data?", "Do kogo należą dane miasta?"),
    ("Climate data for districts", "Dane klimatyczne dla dzielnic"),
    ("Open-source procurement", "Zamówienia na otwarte oprogramowanie"),
    ("Participatory budgets online", "Budżet obywatelski w sieci"),
    ("Air quality for everyone", "Jakość powietrza dla wszystkich"),
    ("Data protection in city halls", "Ochrona danych w urzędach miast"),
    ("Algorithms in public services", "Algorytmy w usługach publicznych"),
    ("Heat maps of the city", "Mapy ciepła miasta"),
    ("Open transport timetables", "Otwarte rozkłady jazdy"),
    ("Civic tech in libraries", "Technologie obywatelskie w bibliotekach"),
    ("Rent data and transparency", "Dane o czynszach i przejrzystość"),
    ("Water networks and open data", "Sieci wodociągowe i otwarte dane"),
    ("Teaching data literacy", "Nauka czytania danych"),
)
KINDS = ("Workshop", "Panel", "Talk", "Round table")
#: A day: (start, end, what): "slot" is a session in every room, "plenary" one in Hall A.
DAY = (
    ("09:00", "10:00", "plenary"),
    ("10:00", "11:30", "slot"),
    ("11:30", "12:00", "coffee"),
    ("12:00", "13:00", "slot"),
    ("13:00", "14:00", "lunch"),
    ("13:15", "14:00", "posters"),
    ("14:00", "15:30", "slot"),
    ("15:30", "16:00", "coffee"),
    ("16:00", "17:30", "slot"),
    ("17:30", "18:00", "plenary"),
    ("18:30", "21:00", "evening"),
)
BREAKS = {
    "coffee": ("Coffee break", "Przerwa kawowa"),
    "lunch": ("Lunch", "Obiad"),
}
#: Each day's evening, the last day's none.
EVENINGS = (
    ("Reception at the town hall", "Przyjęcie w ratuszu", "reception"),
    ("Conference dinner", "Kolacja konferencyjna", "dinner"),
)
PLENARIES = (
    ("Opening", "Otwarcie"),
    ("Keynote: the budget as a public document", "Wykład: budżet jako dokument publiczny"),
    ("Day in review", "Podsumowanie dnia"),
    ("Closing plenary", "Sesja zamykająca"),
)


def _person(index: int) -> tuple[str, str, str, str]:
    given = GIVEN[index % len(GIVEN)]
    family = FAMILY[(index * 7 + index // len(GIVEN)) % len(FAMILY)]
    organisation = ORGANISATIONS[(index * 5) % len(ORGANISATIONS)]
    country = COUNTRIES[(index * 3) % len(COUNTRIES)]
    return given, family, organisation, country


def _both(en: str, pl: str) -> str:
    return "{en: " + _quoted(en) + ", pl: " + _quoted(pl) + "}"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def people() -> list[str]:
    """The event file's people: organisers, chairs, speakers and staff, each with an id."""
    lines = []
    for index in range(PEOPLE):
        given, family, organisation, country = _person(index)
        role = ROLES[index % len(ROLES)]
        lines.append(
            f"  - {{id: p{index}, name: {_quoted(f'{given} {family}')}, given: {_quoted(given)}, "
            f"family: {_quoted(family)}, organisation: {_quoted(organisation)}, "
            f"country: {country}, role: {role}}}"
        )
    return lines


def programme() -> list[str]:
    """ITEMS programme items over the three days, sessions in every room in parallel."""
    # Registration before the first two days' start.
    items: list[str] = [
        f"  - {{title: {_both('Registration', 'Rejestracja')}, date: {day}, "
        'start: "08:30", end: "09:00", kind: registration}'
        for day in DAYS[:2]
    ]
    speakers = [i for i in range(PEOPLE) if ROLES[i % len(ROLES)] == "speaker"]
    chairs = [i for i in range(PEOPLE) if ROLES[i % len(ROLES)] == "moderator"]
    session = plenary = 0
    for day in DAYS:
        for start, end, what in DAY:
            if len(items) >= ITEMS:
                break
            times = f"date: {day}, start: {_quoted(start)}, end: {_quoted(end)}"
            if what in BREAKS:
                kind = "lunch" if what == "lunch" else "coffee"
                items.append(f"  - {{title: {_both(*BREAKS[what])}, {times}, kind: {kind}}}")
            elif what == "posters":
                items.append(
                    f"  - {{title: {_both('Posters', 'Plakaty')}, {times}, room: Room D, "
                    'kind: "Poster session"}'
                )
            elif what == "evening":
                if day != DAYS[-1]:
                    en, pl, kind = EVENINGS[DAYS.index(day)]
                    items.append(f"  - {{title: {_both(en, pl)}, {times}, kind: {kind}}}")
            elif what == "plenary":
                talk = PLENARIES[plenary % len(PLENARIES)]
                who = f"p{speakers[plenary % len(speakers)]}"
                items.append(
                    f"  - {{title: {_both(*talk)}, {times}, room: Hall A, people: [{who}]}}"
                )
                plenary += 1
            else:
                for room in ROOMS:
                    if len(items) >= ITEMS:
                        break
                    en, pl = TOPICS[session % len(TOPICS)]
                    who = ", ".join(
                        f"p{speakers[(session * 3 + k) % len(speakers)]}" for k in range(3)
                    )
                    chair = f"p{chairs[session % len(chairs)]}"
                    kind = KINDS[session % len(KINDS)]
                    about = _both(
                        f"{en}: what cities have tried, and what residents made of it.",
                        f"{pl}: co miasta wypróbowały i co z tego mają mieszkańcy.",
                    )
                    items.append(
                        f"  - {{title: {_both(en, pl)}, {times}, room: {_quoted(room)}, "
                        f"kind: {kind}, chairs: [{chair}], people: [{who}], "
                        f"description: {about}}}"
                    )
                    session += 1
    return items


def attendees() -> str:
    """The registration export: ATTENDEES people who bought a ticket."""
    rows = ["Given name,Family name,Company,Country,Ticket"]
    for index in range(PEOPLE, PEOPLE + ATTENDEES):
        given, family, organisation, country = _person(index)
        ticket = TICKETS[index % len(TICKETS)]
        rows.append(f'{given},{family},"{organisation}",{country},{ticket}')
    return "\n".join(rows) + "\n"


def write(folder: Path) -> Path:
    """The conference's event file and the files it names, in folder; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("logo.svg", "map.png"):
        shutil.copyfile(SUMMIT / name, folder / name)
    (folder / "registrations.csv").write_text(attendees(), encoding="utf-8")
    text = "\n".join(
        [
            "# Made by benchmarks/conference.py: an invented conference, for `make bench`.",
            "event:",
            f"  title: {_both('Civic Tech Summit 2026', 'Szczyt Technologii Obywatelskich 2026')}",
            "  subtitle: "
            + _both(
                "Three days of tools that cities and residents build together",
                "Trzy dni o narzędziach, które miasta i mieszkańcy tworzą razem",
            ),
            "  kind: Conference",
            "  series: Civic Tech Europe",
            f"  date: {DAYS[0]}",
            f"  end_date: {DAYS[-1]}",
            '  start: "09:00"',
            '  end: "18:00"',
            "  timezone: Europe/Warsaw",
            "  venue:",
            "    name: Centrum Kongresowe Przykład",
            "    address: |",
            "      ul. Przykładowa 1",
            "      30-000 Kraków",
            "    map: map.png",
            "    wifi: {network: Summit-Guest, password: opendata2026}",
            '    contact: "Registration desk, ground floor; +48 12 000 00 00"',
            "    accessibility: "
            + _both(
                "Step-free entrance on the main square; lifts to every floor.",
                "Wejście bez schodów od rynku; windy na każde piętro.",
            ),
            "  city: Kraków",
            "  country: PL",
            "  languages: [en-GB, pl]",
            "  website: https://example.org/civic-tech-summit",
            "summary: "
            + _both(
                "Three days for city officials, civic technologists and residents' groups.",
                "Trzy dni dla urzędników, twórców technologii obywatelskich i grup mieszkańców.",
            ),
            "about: "
            + _both(
                "Cities and residents build more and more of their tools together.",
                "Miasta i mieszkańcy coraz częściej tworzą swoje narzędzia razem.",
            ),
            "organisers:",
            "  - {name: Civic Tech Europe, country: BE, logo: logo.svg}",
            "  - {name: Fundacja Otwarte Miasto, country: PL}",
            "people:",
            *people(),
            "programme:",
            *programme(),
            "attendees:",
            "  file: registrations.csv",
            "  columns: {Ticket: role}",
            "badges:",
            "  layout: a4-8",
            "  blank: 6",
            "  qr: id",
            "  back: programme",
            "",
        ]
    )
    (folder / "event.yaml").write_text(text, encoding="utf-8")
    return folder / "event.yaml"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(write(Path(sys.argv[1])))
