"""The speech-to-text interface every engine implements and every transport uses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class SpeechUnavailable(RuntimeError):  # noqa: N818 (the published name)
    """No speech engine can serve a language; the message says how to fix it."""


class StreamClosedError(RuntimeError):
    """Audio was sent to a recognition stream after it was closed."""


@dataclass(frozen=True)
class Transcript:
    """What was heard: a partial while the owner speaks, a final at the end."""

    text: str
    final: bool
    confidence: float | None = None


class RecognitionStream(Protocol):
    """One owner's audio, fed chunk by chunk; decoding runs off the event loop."""

    async def accept(self, pcm16: bytes) -> Transcript | None:
        """Feed mono pcm16 and return a partial, a final at an utterance's end, or None.

        After a final the stream is ready for the next utterance.
        """
        ...

    async def finish(self) -> Transcript:
        """Flush what is left and return the final transcript (text may be empty).

        The stream stays usable for a next utterance until it is closed.
        """
        ...

    def close(self) -> None:
        """Free the recognizer; safe to call twice and while a decode is running."""
        ...


class SpeechToText(Protocol):
    """A loaded recognition engine for one language."""

    language: str
    engine: str

    def open_stream(
        self, sample_rate: int, phrase_hints: Sequence[str] | None = None
    ) -> RecognitionStream:
        """Open a stream for audio at ``sample_rate``.

        ``phrase_hints`` are the words and phrases this conversation expects (product
        names, numbers, the bot's vocabulary); engines that can, restrict or bias
        recognition towards them.
        """
        ...
