"""Certificates of attendance and of presentation: a landscape page per certificate,
PDF/A-2b, each with a verification code listed in certificates.csv beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochure.outputs.base import SCHEDULE, File, Flag, Output, entries
from brochure.outputs.certificates.settings import NAME, CertificateSettings, settle

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event


def applies(event: Event, config: BuildConfig) -> bool:
    """Only when the event file asks for certificates (`certificates:`) and someone may
    get one: a check-in export is named, or the programme has speakers or chairs."""
    settings = CertificateSettings.of(config)
    presenters = any(item.people or item.chairs for item in event.programme)
    return settings.asked and (settings.options.attended is not None or presenters)


def split(config: BuildConfig) -> bool:
    """Whether the build makes certificates/, a file per person (--split)."""
    return CertificateSettings.of(config).split


OUTPUT = Output(
    NAME,
    "certificates of attendance and of presentation, PDF/A (with `certificates:`)",
    (
        File("certificates.pdf", finish="sheets"),
        File("certificates.csv", preview="table"),
        # With --split: one PDF per person, named by their id, for sending by e-mail.
        File("certificates", folder=True, finish="sheets", preview="file", made_when=split),
    ),
    "brochure.outputs.certificates.render",
    reads=frozenset({"event", "organisers", "people", "programme", "attendees", "certificates"}),
    # Who chaired or presented what, and when; the programme's hours.
    fields=entries(
        "programme",
        *SCHEDULE,
    ),
    section="certificates",
    flags=(
        Flag(
            "--split",
            "also one certificate file per person, named by their id, in certificates/ "
            "(default: the event file's certificates.split, or none)",
            switch=True,
        ),
    ),
    settle=settle,
    checked=True,
    layouts=("certificates",),
    assets=True,
    applies=applies,
    not_applying="the event file asks for none (no `certificates:` section), or nobody "
    "presents, chairs or checked in",
)
