"""A whole recording to text: for ``POST /asr`` and for chat voice messages."""

from __future__ import annotations

from common.languages import is_chinese
from voice.gateway.state import Gateway
from voice.speech.stt import SpeechToText

CHUNK_MS = 200


async def transcribe(
    gateway: Gateway, stt: SpeechToText, pcm: bytes, rate: int, language: str
) -> str:
    """Feed the recording to a counted stream in chunks; join what was heard."""
    texts: list[str] = []
    stream = gateway.streams.open_stream(stt, rate, gateway.phrase_hints.get(language))
    try:
        step = rate * 2 * CHUNK_MS // 1000
        for start in range(0, len(pcm), step):
            heard = await stream.accept(pcm[start : start + step])
            if heard is not None and heard.final and heard.text:
                texts.append(heard.text)
        last = await stream.finish()
        if last.text:
            texts.append(last.text)
    finally:
        stream.close()
    return ("" if is_chinese(language) else " ").join(texts)
