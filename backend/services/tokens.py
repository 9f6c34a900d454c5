"""Secrets handed to clients: random tokens out, only their hashes stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping


def new_token() -> str:
    """A fresh, unguessable bearer token."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The stored form of a token: SHA-256 hex (tokens are random: no salt needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_numeric_code(rng: secrets.SystemRandom | None = None) -> str:
    """A random six-digit code (pickup or pairing)."""
    return f"{(rng or secrets.SystemRandom()).randrange(1_000_000):06d}"


class ServiceCredentials:
    """Each service's token hashes; a presented token is checked in constant time.

    Only SHA-256 hashes are kept in memory. Every configured hash is compared, so
    the time taken says nothing about which service (if any) a token belongs to.
    """

    def __init__(self, tokens: Mapping[str, Iterable[str]]) -> None:
        self._hashes: list[tuple[str, bytes]] = []
        for service, listed in tokens.items():
            for token in listed:
                self._hashes.append((service, token_hash(token).encode()))
        digests = [digest for _, digest in self._hashes]
        if len(set(digests)) != len(digests):
            raise ValueError("two services (or two slots) share one token")

    @property
    def services(self) -> frozenset[str]:
        """The services that have a token."""
        return frozenset(service for service, _ in self._hashes)

    def service_of(self, token: str) -> str | None:
        """The service holding ``token``, or None."""
        offered = token_hash(token).encode()
        found: str | None = None
        for service, digest in self._hashes:
            if hmac.compare_digest(offered, digest):
                found = service
        return found
