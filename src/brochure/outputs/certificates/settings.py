"""How certificates are made, settled: `--split` over `certificates:` over defaults."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pydantic

from brochure.errors import Problem
from brochure.model import CertificateOptions

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.outputs.base import Settling

log = logging.getLogger(__name__)

NAME = "certificates"
"""The output's name: its settings are `config.settings_of(NAME, CertificateSettings)`."""


@dataclass(frozen=True)
class CertificateSettings:
    """How certificates are made, settled: the command line over `certificates:`."""

    asked: bool
    """Whether the event file asks for certificates (it has a `certificates:` section)."""
    options: CertificateOptions
    """The section as written (its defaults where it is wrong: the loader says so)."""
    split: bool = False
    """Also one PDF per person, in the folder `certificates/`."""

    @classmethod
    def of(cls, config: BuildConfig) -> CertificateSettings:
        """The certificates' settings of a build (LookupError when not settled)."""
        return config.settings_of(NAME, cls)


def settle(settling: Settling) -> tuple[CertificateSettings, list[Problem]]:
    """`certificates:` from the file (its wrong values are the loader's to report), with
    `--split` over its `split`. Says once, for the whole build, when no check-in export
    is named: then only the presentation certificates are made."""
    options = CertificateOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = CertificateOptions.model_validate(settling.section or {})
    asked = settling.section is not None
    if asked and options.attended is None:
        log.info(
            "note: certificates: the event file names no check-in export "
            "(certificates.attended), so no certificates of attendance are made; speakers "
            "and chairs get theirs"
        )
    if asked and options.secret is None:
        log.info(
            "note: certificates: no secret (certificates.secret): the verification codes "
            "are a plain hash of the event's date and each person's id, which anyone can "
            "work out; name a file holding a secret to make them the organiser's alone"
        )
    split = bool(settling.given("split")) or options.split
    return CertificateSettings(asked, options, split), []
