"""What can go wrong talking to a chat platform's API, shared by both bridges."""

from __future__ import annotations


class PlatformError(Exception):
    """The platform refused a call (an error code) or did not answer."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class TokenRefusedError(PlatformError):
    """The access token was refused (expired, or replaced by a fresh fetch)."""
