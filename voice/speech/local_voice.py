"""An in-process voice model as a speech engine, synthesising on a thread of its own.

The model interpreters are not thread-safe, so each engine has one synthesis thread:
callers queue in order and the event loop never blocks. A model failure becomes a
:class:`~voice.speech.tts_engines.SynthesisError`, so the next engine speaks instead.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar, Protocol

from voice.speech.tts_engines import SynthesisError


class Speaker(Protocol):
    """A loaded voice model: text in, 16-bit mono PCM out (blocking)."""

    def speak(self, text: str, slow: bool) -> bytes:
        """Synthesise ``text``; empty when there is nothing to say."""
        ...


class LocalVoiceEngine:
    """Shared body of the neural Mandarin and the Piper English engines."""

    name: str
    languages: ClassVar[tuple[str, ...]]
    described: str  # "the neural voice", for error messages

    def __init__(self, speaker: Speaker, sample_rate: int, thread: str) -> None:
        self._voice = speaker
        self._rate = sample_rate
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=thread)

    def available(self) -> bool:
        """Always ready once loaded."""
        return True

    async def synthesize(
        self, text: str, language: str, slow: bool
    ) -> tuple[bytes, int]:
        """Speak ``text`` in one of this voice's languages, or raise SynthesisError."""
        if language not in self.languages:
            raise SynthesisError(f"{self.described} cannot speak {language!r}")
        loop = asyncio.get_running_loop()
        try:
            pcm = await loop.run_in_executor(
                self._executor, self._voice.speak, text, slow
            )
        except SynthesisError:
            raise
        except Exception as error:  # A model failure must not lose the answer.
            raise SynthesisError(f"{self.described} failed: {error!r}") from error
        if not pcm:
            raise SynthesisError(f"nothing in the text for {self.described} to say")
        return pcm, self._rate

    def close(self) -> None:
        """Stop the synthesis thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)
