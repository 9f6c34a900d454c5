"""Speak a bot reply to the kiosk: all the text first, then each piece's audio."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol

from voice.gateway import protocol as p
from voice.gateway.rasa_client import BotReply
from voice.gateway.state import Synthesizer
from voice.speech.audio import wav_bytes
from voice.speech.pieces import speech_pieces
from voice.speech.tts import Speech

logger = logging.getLogger(__name__)


class Page(Protocol):
    """Where frames go (the kiosk session)."""

    async def send(self, frame: str | bytes) -> bool:
        """Send one frame; False once the page has gone away."""
        ...


_DONE = None


async def _speak_bubble(
    tts: Synthesizer,
    text: str,
    language: str,
    slow: bool,
    queue: asyncio.Queue[tuple[Speech | None, float] | None],
) -> None:
    """Put each sentence's speech on ``queue`` as soon as it is made, then _DONE."""
    started = time.perf_counter()
    try:
        async for speech in tts.stream(text, language, slow=slow):
            elapsed = round((time.perf_counter() - started) * 1000, 1)
            await queue.put((speech, elapsed))
            started = time.perf_counter()
    except Exception:
        # Speech is a courtesy on top of the text; never lose the turn over it.
        logger.exception("speech synthesis failed")
        await queue.put((None, round((time.perf_counter() - started) * 1000, 1)))
    finally:
        await queue.put(_DONE)


async def speak_reply(
    page: Page, tts: Synthesizer, turn: int, reply: BotReply, rasa_ms: float = 0.0
) -> None:
    """Send the reply's text, then each bubble's speech piece by piece.

    Text goes first so the owner can read while the audio is made. Every bubble is
    synthesised at once, a piece (a Mandarin clause, an English sentence) at a time,
    and sent in order as it is ready: the first piece plays while the rest is made.
    Each piece is an ``audio`` header (bubble ``index``, piece ``part``) then the WAV
    bytes; a piece whose speech failed gets ``audio_unavailable``: the words are on
    screen anyway.
    """
    queues: list[asyncio.Queue[tuple[Speech | None, float] | None]] = [
        asyncio.Queue() for _ in reply.texts
    ]
    speaking = [
        asyncio.create_task(
            _speak_bubble(tts, text, reply.language, reply.slow_speech, queue)
        )
        for text, queue in zip(reply.texts, queues, strict=True)
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
        for index, (text, queue) in enumerate(zip(reply.texts, queues, strict=True)):
            parts = max(1, len(speech_pieces(text)))
            part = 0
            while sent and (item := await queue.get()) is not _DONE:
                speech, tts_ms = item
                last = index == len(queues) - 1 and part >= parts - 1
                sent = await _send_piece(page, turn, index, part, last, speech, tts_ms)
                part += 1
        if sent:
            await page.send(p.event("done", turn=turn))
    finally:
        for task in speaking:
            task.cancel()


async def _send_piece(
    page: Page,
    turn: int,
    index: int,
    part: int,
    last: bool,
    speech: Speech | None,
    tts_ms: float,
) -> bool:
    if speech is None:
        return await page.send(
            p.event(
                "audio_unavailable", turn=turn, index=index, part=part, tts_ms=tts_ms
            )
        )
    audio = wav_bytes(speech.pcm16, speech.sample_rate)
    header = p.event(
        "audio",
        turn=turn,
        index=index,
        part=part,
        last=last,
        format="wav",
        bytes=len(audio),
        engine=speech.engine,
        cached=speech.cached,
        tts_ms=tts_ms,
    )
    return await page.send(header) and await page.send(audio)
