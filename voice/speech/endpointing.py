"""End-of-utterance detection: speech was heard, then enough trailing silence.

:class:`Endpointer` is the fixed-silence rule (webrtcvad); the end-of-turn model
(:mod:`voice.speech.turn_endpointing`) implements the same :class:`EndOfTurn`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import webrtcvad

from voice.speech.audio import AudioFormatError

VAD_RATES = (8000, 16000, 32000, 48000)
FRAME_MS = 30


class EndOfTurn(Protocol):
    """Decides, chunk by chunk, when the owner has finished speaking."""

    @property
    def heard_speech(self) -> bool:
        """True once enough speech was heard in this utterance."""
        ...

    @property
    def in_silence(self) -> bool:
        """True when the latest audio was not speech."""
        ...

    def feed(self, pcm16: bytes) -> bool:
        """Feed audio; True once the utterance has ended (until reset)."""
        ...

    def hear_words(self, text: str) -> None:
        """Tell the detector what the recogniser has heard so far in this turn."""
        ...

    def reset(self) -> None:
        """Start listening for the next utterance."""
        ...


EndOfTurnFactory = Callable[[int], EndOfTurn]
"""Makes the end-of-turn detector for one stream at a sample rate."""


class Endpointer:
    """Decide when an owner has stopped talking, with webrtcvad over 30 ms frames.

    ``feed`` returns True once at least ``min_speech_ms`` of speech was heard and then
    ``trailing_silence_ms`` of non-speech followed. Call :meth:`reset` for the next
    utterance. Partial frames and odd byte counts are carried over between calls.
    """

    def __init__(
        self,
        sample_rate: int,
        trailing_silence_ms: int = 600,
        min_speech_ms: int = 120,
        aggressiveness: int = 2,
    ) -> None:
        if sample_rate not in VAD_RATES:
            raise AudioFormatError(
                f"the endpointer needs one of {VAD_RATES} Hz, not {sample_rate}"
            )
        self._vad = webrtcvad.Vad(aggressiveness)
        self.sample_rate = sample_rate
        self._frame_bytes = sample_rate * FRAME_MS // 1000 * 2
        self._silence_frames_needed = max(1, trailing_silence_ms // FRAME_MS)
        self._speech_frames_needed = max(1, min_speech_ms // FRAME_MS)
        self._pending = b""
        self.reset()

    def reset(self) -> None:
        """Forget the current utterance (keeps any partial frame of audio)."""
        self._speech_frames = 0
        self._silence_run = 0
        self._ended = False

    def hear_words(self, text: str) -> None:
        """The fixed-silence rule ends on silence alone; words change nothing."""

    @property
    def heard_speech(self) -> bool:
        """True once enough speech was heard in this utterance."""
        return self._speech_frames >= self._speech_frames_needed

    @property
    def in_silence(self) -> bool:
        """True when the latest frame was not speech."""
        return self._silence_run > 0

    def feed(self, pcm16: bytes) -> bool:
        """Feed audio; True when the utterance has ended (stays True until reset)."""
        data = self._pending + pcm16
        usable = len(data) - len(data) % self._frame_bytes
        self._pending = data[usable:]
        for start in range(0, usable, self._frame_bytes):
            frame = data[start : start + self._frame_bytes]
            if self._vad.is_speech(frame, self.sample_rate):
                self._speech_frames += 1
                self._silence_run = 0
            else:
                self._silence_run += 1
                if (
                    not self.heard_speech
                    and self._silence_run >= self._silence_frames_needed
                ):
                    self._speech_frames = 0  # Scattered clicks are not an utterance.
            if self.heard_speech and self._silence_run >= self._silence_frames_needed:
                self._ended = True
        return self._ended
