"""The one clock of a build: reproducible when SOURCE_DATE_EPOCH is set."""

from __future__ import annotations

import datetime as dt
import os


def build_time() -> dt.datetime:
    """The time a build is stamped with: SOURCE_DATE_EPOCH if set, else now (UTC).

    https://reproducible-builds.org/specs/source-date-epoch/ : two builds of the same
    YAML with the same epoch give the same dates in every file's metadata.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
