"""Speak a bot reply to the kiosk: all the text first, then each bubble's audio."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol

from voice.gateway import protocol as p
from voice.gateway.rasa_client import BotReply
from voice.gateway.services import Synthesizer
from voice.speech.audio import wav_bytes
from voice.speech.tts import Speech

logger = logging.getLogger(__name__)


class Page(Protocol):
    """Where frames go (the kiosk session)."""

    async def send(self, frame: str | bytes) -> bool:
        """Send one frame; False once the page has gone away."""
        ...


async def _timed_speech(
    tts: Synthesizer, text: str, language: str, slow: bool
) -> tuple[Speech | None, float]:
    started = time.perf_counter()
    try:
        speech = await tts.synthesize(text, language, slow=slow)
    except Exception:
        # Speech is a courtesy on top of the text; never lose the turn over it.
        logger.exception("speech synthesis failed")
        speech = None
    return speech, round((time.perf_counter() - started) * 1000, 1)


async def speak_reply(
    page: Page, tts: Synthesizer, turn: int, reply: BotReply, rasa_ms: float = 0.0
) -> None:
    """Send the reply's text, then a WAV per bubble (an ``audio`` header, then bytes).

    Text goes first so the owner can read while the audio is made. Every bubble is
    synthesised at once and sent in order as it is ready. A bubble whose speech
    failed gets ``audio_unavailable``: the words are on screen anyway.
    """
    speaking = [
        asyncio.create_task(_timed_speech(tts, text, reply.language, reply.slow_speech))
        for text in reply.texts
    ]
    try:
        sent = await page.send(
            p.event(
                "reply",
                turn=turn,
                texts=list(reply.texts),
                language=reply.language,
                slow_speech=reply.slow_speech,
                rasa_ms=round(rasa_ms, 1),
            )
        )
        for index, task in enumerate(speaking):
            if not sent:
                return
            speech, tts_ms = await task
            if speech is None:
                sent = await page.send(
                    p.event("audio_unavailable", turn=turn, index=index, tts_ms=tts_ms)
                )
                continue
            audio = wav_bytes(speech.pcm16, speech.sample_rate)
            header = p.event(
                "audio",
                turn=turn,
                index=index,
                last=index == len(speaking) - 1,
                format="wav",
                bytes=len(audio),
                engine=speech.engine,
                cached=speech.cached,
                tts_ms=tts_ms,
            )
            sent = await page.send(header) and await page.send(audio)
        if sent:
            await page.send(p.event("done", turn=turn))
    finally:
        for task in speaking:
            task.cancel()
