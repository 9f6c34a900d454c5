"""The port other code pushes chat messages through (notices, reminders)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class ChatSender(Protocol):
    """A chat bridge that can message an account the owner did not just write from."""

    async def send_texts(
        self, account: str, texts: Sequence[str], language: str
    ) -> None:
        """Send ``texts`` (in ``language``) to ``account``.

        Raises PlatformError when the platform refuses or does not answer.
        """
