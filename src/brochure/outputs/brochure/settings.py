"""How the brochure is printed: `brochure:` in the event file, `--print-shop`,
`--pdf-variant` and `--bilingual` over it, settled once (commands/prepare.resolve calls
settle)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pydantic

from brochure.errors import Problem, UsageError
from brochure.model import BrochureOptions, language_tag
from brochure.reading.load import pack_languages

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.outputs.base import Settling

NAME = "brochure"
"""The output's name: its settings are `config.settings_of(NAME, BrochureSettings)`."""
#: The brochure's PDF standard unless asked otherwise: accessible (ISO 14289-1).
ACCESSIBLE = "pdf/ua-1"
#: The print shop's: PDF/X-4 (ISO 15930-7), which keeps transparency live.
PRINT_SHOP = "pdf/x-4"


@dataclass(frozen=True)
class BrochureSettings:
    """How the brochure is printed, settled: the command line over `brochure:` over
    defaults."""

    print_shop: bool = False
    """For a print shop: 3 mm bleed, crop marks, trim and bleed boxes, PDF/X-4, images
    checked at 300 dpi."""
    pdf_variant: str = ACCESSIBLE
    """The PDF standard it is written to (model.PDF_VARIANTS): PDF/UA-1 by default,
    PDF/X-4 for a print shop, PDF/A on request; always tagged."""
    bilingual: tuple[str, str] | None = None
    """The two languages of the bilingual edition, first first, as the event's
    `languages` write them (`[fr, en]` of an event in fr-CA and en-CA: fr-CA, en-CA);
    None: no bilingual edition. Its pack (commands/prepare) is printed by every output
    that has a bilingual edition (Output.bilingual): the brochure, the badges, the
    concept note."""

    @property
    def for_press(self) -> bool:
        """Whether the file is a print shop's (asked for, or a PDF/X variant): it then
        declares a CMYK output intent and carries trim and bleed boxes."""
        return self.print_shop or self.pdf_variant.startswith("pdf/x")

    @classmethod
    def of(cls, config: BuildConfig) -> BrochureSettings:
        """The brochure's settings of a build (LookupError when not settled)."""
        return config.settings_of(NAME, cls)


def settle(settling: Settling) -> tuple[BrochureSettings, list[Problem]]:
    """print_shop, pdf_variant and bilingual: the command line over `brochure:` in the
    file (whose invalid values are the loader's to report) over the defaults. A bilingual
    edition's languages must both be among the event's (a located problem otherwise).

    Raises UsageError for a --bilingual that does not name two languages."""
    options = BrochureOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = BrochureOptions.model_validate(settling.section or {})
    flag = settling.given("print_shop")
    print_shop = flag if flag is not None else options.print_shop
    variant = settling.given("pdf_variant") or options.pdf_variant
    asked = settling.given("bilingual")
    pair = _flag_pair(asked) if asked is not None else options.bilingual
    bilingual, problems = _of_the_event(pair, settling, asked is not None)
    settled = BrochureSettings(
        print_shop, variant or (PRINT_SHOP if print_shop else ACCESSIBLE), bilingual
    )
    return settled, problems


def _flag_pair(value: str) -> tuple[str, str]:
    """`--bilingual fr,en` as two language tags; UsageError when it is not two."""
    parts = [part.strip() for part in value.split(",")]
    try:
        first, second = (language_tag(part) for part in parts)
    except ValueError as error:
        problem = str(error) if len(parts) == 2 else f"'{value}' is not two languages"
        raise UsageError(f"--bilingual: {problem}; write the two, first first: fr,en") from None
    if first.lower() == second.lower():
        raise UsageError(f"--bilingual: {first} twice; a bilingual edition has two languages")
    return first, second


def _of_the_event(
    pair: tuple[str, str] | None, settling: Settling, from_flag: bool
) -> tuple[tuple[str, str] | None, list[Problem]]:
    """The pair as the event's `languages` write them, each matched as every request for
    a language is (i18n.matching_languages: `fr` names fr-CA, en-GB is served by en,
    sr-Cyrl never by sr-Latn), and a problem for each that names none, several, or the
    other's (located at the setting, or at the event's languages for the flag's)."""
    from brochure.i18n import matching_languages

    if pair is None:
        return None, []
    data = settling.source.data if isinstance(settling.source.data, dict) else {}
    languages = pack_languages(data)
    found: list[str] = []
    problems: list[Problem] = []
    matched = [matching_languages(languages, tag) for tag in pair]
    # The advice keeps the event's languages, in their order, and adds those missing.
    missing = [tag for tag, keys in zip(pair, matched, strict=True) if not keys]
    advice = ", ".join([*languages, *dict.fromkeys(missing)])
    info = data.get("event")
    written = "languages" if isinstance(info, dict) and "languages" in info else "language"
    said = f"--bilingual {','.join(pair)}: " if from_flag else ""
    for index, (tag, keys) in enumerate(zip(pair, matched, strict=True)):
        where = ("event", written) if from_flag else ("brochure", "bilingual", index)
        if len(keys) == 1 and keys[0] not in found:
            found.append(keys[0])
            continue
        if len(keys) == 1:
            what = (
                f"{pair[0]} and {tag} both name {keys[0]}, one of the event's languages: a "
                f"bilingual edition prints two different ones ({', '.join(languages)})"
            )
        elif keys:
            what = f"{tag} names {' and '.join(keys)}: write the one meant"
        else:
            what = (
                f"{tag} is not one of the event's languages ({', '.join(languages)}): a "
                "bilingual edition prints two of them; write both in event.languages "
                f"(languages: [{advice}])"
            )
        problems.append(settling.source.problem(where, said + what))
    if problems:
        return None, problems
    return (found[0], found[1]), []
