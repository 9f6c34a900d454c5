"""The stream machinery shared by every recognition engine.

An engine supplies a :class:`Decoder` (blocking calls into its native library); the
:class:`DecoderStream` around it does what every stream needs: carry odd bytes,
resample to the decoder's rate, find the end of each utterance, skip decoding while
nobody speaks, cap runaway utterances, and run blocking calls on a bounded pool.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Protocol

from voice.metrics import ASR_AUDIO_SECONDS, ASR_DECODE_SECONDS
from voice.speech.audio import StreamResampler, check_rate
from voice.speech.endpointing import EndOfTurn, EndOfTurnFactory, Endpointer
from voice.speech.stt import StreamClosedError, Transcript

PRE_ROLL_MS = 300  # Audio kept from before speech starts, so onsets aren't clipped.
# Silence after which the words so far are asked for: longer than the gaps between
# words, short enough that they reach the end-of-turn detector before it decides.
PAUSE_WORDS_MS = 96


class Decoder(Protocol):
    """Blocking access to one native recognizer, used by one thread at a time."""

    def feed(self, pcm16: bytes) -> str:
        """Decode audio; return the partial text so far."""
        ...

    def final(self) -> tuple[str, float | None]:
        """End the utterance; return its text and confidence, ready for the next."""
        ...

    def words_so_far(self) -> str:
        """The words heard so far, asked once as a pause begins (for end of turn).

        A decoder with live partials returns its latest; one that decodes only at
        the end decodes what it has, without ending the utterance.
        """
        ...

    def free(self) -> None:
        """Release the native recognizer."""
        ...


class DecoderStream:
    """A :class:`~voice.speech.stt.RecognitionStream` over a :class:`Decoder`."""

    def __init__(
        self,
        make_decoder: Callable[[], Decoder],
        *,
        input_rate: int,
        decoder_rate: int,
        executor: Executor,
        trailing_silence_ms: int,
        max_utterance_ms: int,
        end_of_turn: EndOfTurnFactory | None = None,
        engine: str = "unknown",
    ) -> None:
        check_rate(input_rate)
        # Real-time factor, as counters: audio in (seconds) and work on it (seconds).
        self._audio_seconds = ASR_AUDIO_SECONDS.labels(engine)
        self._decode_seconds = ASR_DECODE_SECONDS.labels(engine)
        self._input_bytes_per_s = input_rate * 2
        self._make_decoder = make_decoder
        self._executor = executor
        self._rate = decoder_rate
        self._rates = (input_rate, decoder_rate)
        self._resampler = (
            StreamResampler(input_rate, decoder_rate)
            if input_rate != decoder_rate
            else None
        )
        self._endpointer: EndOfTurn = (
            end_of_turn(decoder_rate)
            if end_of_turn is not None
            else Endpointer(decoder_rate, trailing_silence_ms)
        )
        self._max_bytes = decoder_rate * 2 * max_utterance_ms // 1000
        self._pre_roll: deque[bytes] = deque()
        self._pre_roll_bytes = 0
        self._pre_roll_limit = decoder_rate * 2 * PRE_ROLL_MS // 1000
        self._odd = b""
        self._decoder: Decoder | None = None
        self._active = False  # Speech started in the current utterance.
        self._utterance_bytes = 0
        self._last_partial = ""
        self._pause_words_bytes = decoder_rate * 2 * PAUSE_WORDS_MS // 1000
        self._silent_bytes = 0  # Silence since the last speech, once speech began.
        self._lock = asyncio.Lock()
        # A cancelled await leaves its job running in the pool: jobs of one stream
        # take turns on the decoder, and close() frees it only when none is pending.
        self._decoding = threading.Lock()
        self._guard = threading.Lock()
        self._pending = 0
        self._closed = False

    async def accept(self, pcm16: bytes) -> Transcript | None:
        """Feed audio; return a new partial, a final at the utterance's end, or None."""
        self._audio_seconds.inc(len(pcm16) / self._input_bytes_per_s)
        return await self._run(self._accept_blocking, pcm16)

    async def finish(self) -> Transcript:
        """Flush the resampler and decoder; return the final transcript."""
        result = await self._run(self._finish_blocking)
        if result is None:
            raise StreamClosedError("the recognition stream was closed")
        return result

    def close(self) -> None:
        """Free the decoder now, or as soon as the running job ends."""
        with self._guard:
            self._closed = True
            if self._pending == 0:
                self._free()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._closed

    @property
    def has_decoder(self) -> bool:
        """True while a native recognizer is held (for tests and metrics)."""
        return self._decoder is not None

    async def _run(
        self, job: Callable[..., Transcript | None], *args: bytes
    ) -> Transcript | None:
        async with self._lock:
            with self._guard:
                if self._closed:
                    raise StreamClosedError("the recognition stream is closed")
                self._pending += 1
            loop = asyncio.get_running_loop()
            try:
                future = loop.run_in_executor(self._executor, self._guarded, job, args)
            except RuntimeError:  # The pool is shut down: the service is stopping.
                with self._guard:
                    self._pending -= 1
                raise
            # Shielded: a cancelled caller must not unschedule the job, or the
            # pending count would never come down and close() never free.
            return await asyncio.shield(future)

    def _guarded(
        self, job: Callable[..., Transcript | None], args: tuple[bytes, ...]
    ) -> Transcript | None:
        try:
            with self._decoding:
                if self._closed:
                    return None  # Closed while queued: the audio has no listener.
                started = time.perf_counter()
                try:
                    return job(*args)
                finally:
                    self._decode_seconds.inc(time.perf_counter() - started)
        finally:
            with self._guard:
                self._pending -= 1
                if self._closed and self._pending == 0:
                    self._free()

    def _free(self) -> None:
        if self._decoder is not None:
            self._decoder.free()
            self._decoder = None

    def _accept_blocking(self, pcm16: bytes) -> Transcript | None:
        data = self._odd + pcm16
        self._odd = data[len(data) - len(data) % 2 :]
        data = data[: len(data) - len(self._odd)]
        if self._resampler is not None:
            data = self._resampler.feed(data)
        if not data:
            return None
        ended = self._endpointer.feed(data)
        if not self._active:
            if not self._endpointer.heard_speech:
                self._keep_pre_roll(data)  # Nobody talks: don't spend CPU decoding.
                return None
            self._active = True
            data = b"".join(self._pre_roll) + data
            self._pre_roll.clear()
            self._pre_roll_bytes = 0
        if self._decoder is None:
            self._decoder = self._make_decoder()
        partial = self._decoder.feed(data)
        self._tell_words(partial, len(data))
        self._utterance_bytes += len(data)
        if ended or self._utterance_bytes >= self._max_bytes:
            return self._end_utterance()
        if partial != self._last_partial:
            self._last_partial = partial
            return Transcript(partial, final=False)
        return None

    def _tell_words(self, partial: str, size: int) -> None:
        """Give the end-of-turn detector the words so far (they weigh in next chunk)."""
        if partial:
            self._endpointer.hear_words(partial)
        if not self._endpointer.in_silence:
            self._silent_bytes = 0
            return
        before, self._silent_bytes = self._silent_bytes, self._silent_bytes + size
        if before < self._pause_words_bytes <= self._silent_bytes:
            assert self._decoder is not None
            self._endpointer.hear_words(self._decoder.words_so_far())

    def _finish_blocking(self) -> Transcript:
        if self._resampler is not None:
            tail = self._resampler.feed(b"", last=True)
            if tail and self._active and self._decoder is not None:
                self._decoder.feed(tail)
            self._resampler = StreamResampler(*self._rates)  # Ready for more audio.
        self._odd = b""
        if not self._active or self._decoder is None:
            self._pre_roll.clear()
            self._pre_roll_bytes = 0
            self._endpointer.reset()
            return Transcript("", final=True)
        return self._end_utterance()

    def _end_utterance(self) -> Transcript:
        assert self._decoder is not None
        text, confidence = self._decoder.final()
        self._endpointer.reset()
        self._active = False
        self._utterance_bytes = 0
        self._silent_bytes = 0
        self._last_partial = ""
        return Transcript(text, final=True, confidence=confidence)

    def _keep_pre_roll(self, data: bytes) -> None:
        self._pre_roll.append(data)
        self._pre_roll_bytes += len(data)
        while self._pre_roll_bytes - len(self._pre_roll[0]) >= self._pre_roll_limit:
            self._pre_roll_bytes -= len(self._pre_roll.popleft())
