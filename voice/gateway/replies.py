"""Speak a bot reply to the kiosk: all the text first, then each bubble's audio."""

from __future__ import annotations

import logging
import time
from typing import Protocol

from voice.gateway import protocol as p
from voice.gateway.rasa_client import BotReply
from voice.gateway.services import Synthesizer
from voice.speech.audio import wav_bytes

logger = logging.getLogger(__name__)


class Page(Protocol):
    """Where frames go (the kiosk session)."""

    async def send(self, frame: str | bytes) -> bool:
        """Send one frame; False once the page has gone away."""
        ...


async def speak_reply(
    page: Page, tts: Synthesizer, turn: int, reply: BotReply, rasa_ms: float = 0.0
) -> None:
    """Send the reply's text, then a WAV per bubble (an ``audio`` header, then bytes).

    Text goes first so the owner can read while the audio is made. A bubble whose
    speech failed gets ``audio_unavailable``: the words are on screen anyway.
    """
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
    for index, text in enumerate(reply.texts):
        if not sent:
            return
        started = time.perf_counter()
        try:
            speech = await tts.synthesize(text, reply.language, slow=reply.slow_speech)
        except Exception:
            # Speech is a courtesy on top of the text; never lose the turn over it.
            logger.exception("speech synthesis failed")
            speech = None
        tts_ms = round((time.perf_counter() - started) * 1000, 1)
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
            last=index == len(reply.texts) - 1,
            format="wav",
            bytes=len(audio),
            engine=speech.engine,
            cached=speech.cached,
            tts_ms=tts_ms,
        )
        sent = await page.send(header) and await page.send(audio)
    if sent:
        await page.send(p.event("done", turn=turn))
