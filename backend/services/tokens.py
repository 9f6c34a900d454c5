"""Secrets handed to clients: random tokens out, only their hashes stored."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """A fresh, unguessable bearer token."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The stored form of a token: SHA-256 hex (tokens are random: no salt needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_numeric_code(rng: secrets.SystemRandom | None = None) -> str:
    """A random six-digit code (pickup or pairing)."""
    return f"{(rng or secrets.SystemRandom()).randrange(1_000_000):06d}"
