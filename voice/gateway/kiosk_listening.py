"""A kiosk listening: recognition streams fed from the page's audio frames.

The utterance ends when the endpointer hears trailing silence, when the button is
released (``stop``) or when it runs too long; its text then becomes a turn.
"""

from __future__ import annotations

import logging
import time

from voice.gateway import protocol as p
from voice.gateway.kiosk_connection import KioskConnection
from voice.gateway.kiosk_utterance import Utterance
from voice.speech.audio import AudioFormatError
from voice.speech.stt import SpeechUnavailable, StreamClosedError, Transcript

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 256 * 1024


class KioskListening(KioskConnection):
    """Utterances: ``start``, audio frames, ``stop``, and what was heard."""

    async def _start(self, start: p.Start) -> None:
        self._drop_utterance()
        self.language = start.language
        try:
            stt = self.gateway.engines.stt_for(start.language)
            stream = self.gateway.streams.open_stream(
                stt, start.sample_rate, self.gateway.phrase_hints.get(start.language)
            )
        except (SpeechUnavailable, AudioFormatError) as problem:
            logger.warning("kiosk %s: no recogniser: %s", self.peer, problem)
            await self.error("speech_unavailable", str(problem))
            return
        self.utterance = Utterance(stream, start.language, start.sample_rate)
        await self.send(p.event("listening", language=start.language))

    async def _on_audio(self, data: bytes) -> None:
        utterance = self.utterance
        if utterance is None:
            return  # Frames still in flight after the utterance ended.
        if len(data) % 2:
            await self.error("bad_audio_frame", "audio frames are 16-bit samples")
            return
        if len(data) > MAX_FRAME_BYTES:
            await self.error("bad_audio_frame", "audio frames must be under 256 KiB")
            return
        utterance.received_ms += len(data) / 2 / utterance.sample_rate * 1000
        if utterance.received_ms > self.gateway.config.max_utterance_ms:
            self._drop_utterance()
            seconds = self.gateway.config.max_utterance_ms // 1000
            await self.send(p.event("end", reason="too_long"))
            await self.error(
                "utterance_too_long", f"speak at most {seconds} seconds at a time"
            )
            return
        started = time.perf_counter()
        try:
            heard = await utterance.stream.accept(data)
        except StreamClosedError:
            return  # Cancelled while decoding.
        if heard is None or self.utterance is not utterance:
            return
        if not heard.final:
            await self.send(p.event("partial", text=heard.text))
            return
        self._drop_utterance()
        await self.send(p.event("end", reason="silence"))
        await self._heard(heard, utterance.language, _ms_since(started))

    async def _stop(self) -> None:
        utterance = self.utterance
        if utterance is None:
            return
        started = time.perf_counter()
        try:
            heard = await utterance.stream.finish()
        except StreamClosedError:
            return
        finally:
            self._drop_utterance()
        await self.send(p.event("end", reason="stop"))
        await self._heard(heard, utterance.language, _ms_since(started))

    async def _heard(self, heard: Transcript, language: str, asr_ms: float) -> None:
        text = heard.text.strip()
        await self.send(
            p.event(
                "final",
                text=text,
                language=language,
                confidence=heard.confidence,
                asr_ms=round(asr_ms, 1),
            )
        )
        if not text:
            await self.error(
                "no_speech", "nothing was heard; hold the button and speak"
            )
            return
        self._ask(text)


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
