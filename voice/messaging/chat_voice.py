"""A chat voice message heard, and a reply spoken, with the gateway's speech layer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from voice.gateway.state import Gateway
from voice.gateway.transcribe import transcribe
from voice.messaging.platform_errors import PlatformError
from voice.messaging.voice_notes import RATE, VoiceTooLongError, decode_voice
from voice.messaging.wording import Key
from voice.speech.audio import AudioFormatError
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


async def hear_message(
    gateway: Gateway,
    download: Callable[[], Awaitable[bytes]],
    language: str,
    fallback: str = "",
) -> tuple[str, Key | None]:
    """What a chat voice message said, or the words that tell the owner why not.

    ``fallback`` is the platform's own transcript, used only when ours heard nothing.
    """
    try:
        heard = await hear(gateway, await download(), language)
    except VoiceTooLongError:
        return "", "voice_too_long"
    except (AudioFormatError, PlatformError) as problem:
        logger.info("a voice message is unusable: %s", problem)
        return "", "voice_unreadable"
    except SpeechUnavailable as problem:
        logger.warning("no recogniser for a voice message: %s", problem)
        heard = ""
    heard = heard or fallback.strip()
    return heard, None if heard else "voice_not_heard"


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


__all__ = ["SpeechUnavailable", "hear", "hear_message", "speak"]
