"""A chat voice message heard, and a reply spoken, with the gateway's speech layer."""

from __future__ import annotations

import asyncio
import logging

from voice.gateway.services import Gateway
from voice.gateway.transcribe import transcribe
from voice.messaging.voice_notes import RATE, decode_voice
from voice.speech.stt import SpeechUnavailable
from voice.speech.tts import Speech

logger = logging.getLogger(__name__)

MAX_SPOKEN_CHARS = 300  # a voice reply stays well under WeChat's minute


async def hear(gateway: Gateway, audio: bytes, language: str) -> str:
    """What the owner said (empty when nothing was heard).

    Raises AudioFormatError (and VoiceTooLongError) for audio that cannot be used,
    SpeechUnavailable when no recogniser serves the language.
    """
    pcm = await asyncio.to_thread(decode_voice, audio)
    stt = gateway.engines.stt_for(language)
    return (await transcribe(gateway, stt, pcm, RATE, language)).strip()


async def speak(
    gateway: Gateway, texts: tuple[str, ...], language: str, slow: bool
) -> Speech | None:
    """The reply as speech; None when no voice could say it (the text went anyway)."""
    text = " ".join(texts)[:MAX_SPOKEN_CHARS]
    if not text.strip():
        return None
    try:
        return await gateway.engines.tts.synthesize(text, language, slow=slow)
    except Exception:
        # Speech is a courtesy on top of the text; never lose the turn over it.
        logger.exception("speaking a chat reply failed")
        return None


__all__ = ["SpeechUnavailable", "hear", "speak"]
