"""Speech synthesis engines: gTTS (online, natural) and espeak-ng (offline, always).

Each engine turns text into mono pcm16 or raises :class:`SynthesisError`; choosing,
caching and converting happen in :mod:`voice.speech.tts`.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import time
from typing import ClassVar, Protocol

from common.languages import LANGUAGES, is_chinese
from voice.speech.audio import AudioFormatError, decode_mp3, read_wav

log = logging.getLogger(__name__)

_CHINESE_PUNCTUATION = str.maketrans(
    {"，": ", ", "。": ". ", "！": "! ", "？": "? ", "、": ", ", "；": "; ", "：": ": "}
)


class SynthesisError(RuntimeError):
    """One engine could not speak this text; the next engine is tried."""


class SpeechEngine(Protocol):
    """A text-to-speech engine."""

    name: str

    def voice(self, language: str) -> str:
        """Return the engine's voice name for ``language`` (part of the cache key)."""
        ...

    def available(self) -> bool:
        """False while the engine is known to be failing (skip it for now)."""
        ...

    async def synthesize(
        self, text: str, language: str, slow: bool
    ) -> tuple[bytes, int]:
        """Return mono pcm16 and its rate, or raise SynthesisError."""
        ...


class GttsEngine:
    """Google Translate's voices over the network, always with a timeout.

    After a failure the engine rests for ``retry_after_s`` so an offline shop does not
    wait for a timeout on every answer.
    """

    name = "gtts"
    languages: ClassVar[tuple[str, ...]] = LANGUAGES
    _VOICES: ClassVar[dict[str, str]] = {"zh": "zh-CN", "en": "en"}

    def __init__(self, timeout_s: float, retry_after_s: float = 60.0) -> None:
        self._timeout_s = timeout_s
        self._retry_after_s = retry_after_s
        self._resting_until = 0.0

    def voice(self, language: str) -> str:
        """Return gTTS's language code for ``language``."""
        return self._VOICES.get(language, language)

    def available(self) -> bool:
        """False for a while after a failure."""
        return time.monotonic() >= self._resting_until

    async def synthesize(
        self, text: str, language: str, slow: bool
    ) -> tuple[bytes, int]:
        """Fetch MP3 from gTTS and decode it; never accept an empty answer."""
        try:
            mp3 = await asyncio.wait_for(
                asyncio.to_thread(self._fetch, text, self.voice(language), slow),
                timeout=self._timeout_s + 1,
            )
            if not mp3:
                raise SynthesisError("gTTS returned no audio")
            return decode_mp3(mp3)
        except (Exception, asyncio.TimeoutError) as error:
            self._resting_until = time.monotonic() + self._retry_after_s
            raise SynthesisError(f"gTTS failed: {error!r}") from error

    def _fetch(self, text: str, lang: str, slow: bool) -> bytes:
        from gtts import gTTS  # Imported here: it pulls in requests and its certs.

        buffer = io.BytesIO()
        gTTS(
            text, lang=lang, slow=slow, timeout=self._timeout_s, lang_check=False
        ).write_to_fp(buffer)
        return buffer.getvalue()


class EspeakEngine:
    """espeak-ng in a subprocess: robotic but offline and fast (~20 ms a sentence)."""

    name = "espeak-ng"
    languages: ClassVar[tuple[str, ...]] = LANGUAGES
    _VOICES: ClassVar[dict[str, str]] = {"zh": "cmn-latn-pinyin", "en": "en-us"}
    _WPM: ClassVar[dict[bool, int]] = {False: 160, True: 115}

    def __init__(self, executable: str = "espeak-ng", timeout_s: float = 10.0) -> None:
        self._executable = executable
        self._timeout_s = timeout_s

    def voice(self, language: str) -> str:
        """Return the espeak-ng voice for ``language``."""
        return self._VOICES.get(language, "en-us")

    def available(self) -> bool:
        """Always worth a try."""
        return True

    async def synthesize(
        self, text: str, language: str, slow: bool
    ) -> tuple[bytes, int]:
        """Run espeak-ng and read its WAV output."""
        spoken = to_pinyin(text) if is_chinese(language) else text
        try:
            process = await asyncio.create_subprocess_exec(
                self._executable,
                "-v",
                self.voice(language),
                "-s",
                str(self._WPM[slow]),
                "--stdout",
                "--stdin",  # Text on stdin: a leading "-" is never taken for an option.
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
        except OSError as error:
            raise SynthesisError(f"cannot run {self._executable}: {error}") from error
        try:
            out, err = await asyncio.wait_for(
                process.communicate(spoken.encode("utf-8")), timeout=self._timeout_s
            )
        except asyncio.TimeoutError as error:
            process.kill()
            await process.wait()
            raise SynthesisError("espeak-ng timed out") from error
        if process.returncode != 0:
            raise SynthesisError(f"espeak-ng failed: {err.decode(errors='replace')}")
        try:
            return read_wav(out)
        except AudioFormatError as error:
            raise SynthesisError(f"espeak-ng gave unreadable audio: {error}") from error


def to_pinyin(text: str) -> str:
    """Turn Chinese text into tone-numbered pinyin for espeak's cmn-latn-pinyin voice.

    Numerals become Chinese words first ("288" → 二百八十八), so nothing is read out
    digit by digit or in English.
    """
    import cn2an
    from pypinyin import Style, lazy_pinyin

    try:
        text = cn2an.transform(text, "an2cn")
    except Exception:  # cn2an rejects some odd numerals; read the rest anyway.
        log.debug("cn2an could not convert %r", text)
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    joined = " ".join(s.translate(_CHINESE_PUNCTUATION) for s in syllables)
    return re.sub(r"\s+", " ", joined).strip()
