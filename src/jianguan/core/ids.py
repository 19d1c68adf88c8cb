"""Identifiers: sortable random ids for rows, and opaque secrets for tokens and keys."""

from __future__ import annotations

import os
import secrets
import time


def new_id() -> str:
    """A 26-character ULID-like id: time-ordered (good for B-tree inserts), collision-safe."""
    millis = int(time.time() * 1000)
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    chars = []
    for _ in range(26):
        value, index = divmod(value, 32)
        chars.append(alphabet[index])
    return "".join(reversed(chars))


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def new_password() -> str:
    """A human-typable generated password (no ambiguous characters)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(16))
        # The password policy wants letters and digits both.
        if not password.isalpha() and not password.isdigit():
            return password
