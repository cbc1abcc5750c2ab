"""Verification codes: ten characters printed on a certificate and listed beside it, so
whoever is shown the certificate can ask the organiser whether it is genuine.

A code is HMAC-SHA256 (RFC 2104) of the event's first day, the kind of certificate and
the person's id, keyed by the organiser's secret (`certificates.secret`); without a
secret, SHA-256 of the same. Either way it is the same in every language pack and every
build, as long as the secret, the event's date and the person's id stay the same. The
organiser answers from certificates.csv: a code that is not there, or that is there with
another name or other hours, is not theirs. Without a secret, anyone who knows a
person's id (most are made from the name) and the event's date can work the code out
and so ask the organiser whether that person came; with one, only the organiser can.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

#: Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Characters per code: 50 bits, printed in two groups of five.
LENGTH = 10
#: The shortest secret taken, in characters: a guessable key is no key.
MIN_SECRET = 16
#: Kept in every message, so a change of scheme gives other codes, never the same ones.
SCHEME = "brochure certificate 1"


def code(secret: bytes | None, first_day: dt.date, kind: str, key: str) -> str:
    """The verification code of the certificate of `kind` (attendance, presentation) of
    the person with id `key`, at the event that starts on first_day: `7Q2MC-X4DKA`."""
    message = "\x1f".join((SCHEME, first_day.isoformat(), kind, key)).encode()
    if secret:
        digest = hmac.new(secret, message, hashlib.sha256).digest()
    else:
        digest = hashlib.sha256(message).digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * LENGTH)
    letters = "".join(ALPHABET[(number >> (5 * n)) & 31] for n in reversed(range(LENGTH)))
    return f"{letters[:5]}-{letters[5:]}"
