"""Paced playback: the assistant's audio sent as 20 ms frames at the pace it plays.

Sending at real time (plus a small lead) keeps the carrier's queue short, so that
stopping is immediate on every transport: on AudioSocket, which has no flush,
barge-in is simply "stop sending". After each piece a mark is placed; carriers that
echo marks (Twilio) say when it was played, for the others the last frame sent is
when it is heard.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from voice.phone.line import FRAME_BYTES, FRAME_MS, CallLine

logger = logging.getLogger(__name__)

LEAD_FRAMES = 3  # Sent ahead of real time, so network jitter never starves the line.


@dataclass
class _Piece:
    pcm16: bytes
    mark: str | None
    sent: int = 0


class Player:
    """Plays queued pieces on a call line; can hold, resume and stop at once."""

    def __init__(
        self,
        line: CallLine,
        on_played: Callable[[str], None],
        on_audio_start: Callable[[], None],
    ) -> None:
        self._line = line
        self._on_played = on_played
        self._on_audio_start = on_audio_start
        self._starting = False
        self._queue: deque[_Piece] = deque()
        self._wake = asyncio.Event()
        self._held = False
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self.frames_sent = 0

    def start(self) -> None:
        """Start the pacing task."""
        self._task = asyncio.create_task(self._run())

    @property
    def busy(self) -> bool:
        """True while audio is queued or being held."""
        return bool(self._queue)

    def play(self, pcm16: bytes, mark: str | None = None) -> None:
        """Queue 8 kHz pcm16; ``mark`` is reported once it has been played."""
        if not self._queue:
            self._starting = True
        self._queue.append(_Piece(pcm16, mark))
        self._wake.set()

    def hold(self) -> None:
        """Pause (the caller may be starting to talk); :meth:`resume` carries on."""
        self._held = True

    def resume(self) -> None:
        """Carry on after :meth:`hold`."""
        self._held = False
        self._wake.set()

    async def stop(self) -> None:
        """Drop everything queued and what the carrier still holds (barge-in)."""
        had_audio = bool(self._queue) or self._held
        self._queue.clear()
        self._held = False
        if had_audio:
            await self._line.clear()

    async def close(self) -> None:
        """Stop the pacing task for good."""
        self._closed = True
        self._queue.clear()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time()
        frame_s = FRAME_MS / 1000
        while not self._closed:
            if not self._queue or self._held:
                self._wake.clear()
                await self._wake.wait()
                due = max(due, loop.time())
                continue
            piece = self._queue[0]
            frame = piece.pcm16[piece.sent : piece.sent + FRAME_BYTES]
            if frame:
                frame = frame.ljust(FRAME_BYTES, b"\0")
                wait = due - LEAD_FRAMES * frame_s - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if self._held or not self._queue or self._queue[0] is not piece:
                    continue  # Held or stopped while waiting: send nothing more.
                if not await self._line.send_frame(frame):
                    self._closed = True
                    return
                if self._starting:
                    self._starting = False
                    self._on_audio_start()
                self.frames_sent += 1
                piece.sent += FRAME_BYTES
                due = max(due + frame_s, loop.time() - LEAD_FRAMES * frame_s)
                continue
            self._queue.popleft()
            if piece.mark is not None:
                await self._played(piece.mark, due - loop.time())

    async def _played(self, mark: str, remaining_s: float) -> None:
        if self._line.echoes_marks:
            await self._line.mark(mark)
            return
        # Heard once the frames sent ahead have played out.
        loop = asyncio.get_running_loop()
        loop.call_later(max(0.0, remaining_s), self._on_played, mark)
