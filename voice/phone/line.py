"""What a carrier transport does for a call: the only part that knows the carrier."""

from __future__ import annotations

from typing import Protocol

RATE = 8000
FRAME_MS = 20
FRAME_BYTES = RATE * FRAME_MS // 1000 * 2  # pcm16: 320 bytes per 20 ms


class CallLine(Protocol):
    """A call's audio path back to the caller (Twilio Media Streams, AudioSocket)."""

    @property
    def echoes_marks(self) -> bool:
        """True if the carrier reports when audio before a mark has been played."""
        ...

    async def send_frame(self, pcm16: bytes) -> bool:
        """Send 20 ms of 8 kHz pcm16; False once the call is gone."""
        ...

    async def mark(self, name: str) -> None:
        """Ask to be told when everything sent so far has been played."""
        ...

    async def clear(self) -> None:
        """Drop audio the carrier has queued but not yet played (barge-in)."""
        ...

    async def hang_up(self) -> None:
        """End the call from our side."""
        ...
