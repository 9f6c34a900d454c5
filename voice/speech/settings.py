"""The speech layer's own settings (neural voice, end of turn), read once at start.

``voice.config.VoiceConfig`` holds one :class:`SpeechSettings`, built here from the
same merged settings mapping; every threshold is a setting (docs/contract.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import validator
from pydantic.fields import ModelField

from common.settings import (
    PROJECT_ROOT,
    SettingsModel,
    read_settings,
    resolve_path,
    setting,
)


@dataclass(frozen=True)
class TurnSettings:
    """End of turn: Silero VAD hears speech, Smart Turn decides if a pause ends it."""

    mode: str = "smart-turn"
    vad_threshold: float = 0.5
    min_speech_ms: int = 100
    pause_ms: int = 200
    min_silence_ms: int = 400
    recheck_ms: int = 0
    complete_threshold: float = 0.5
    max_silence_ms: int = 1500
    threads: int = 1
    read_words: bool = True  # The recogniser's words weigh in (unfinished_words).
    words_silence_ms: int = 250


@dataclass(frozen=True)
class SpeechSettings:
    """Neural voice and end-of-turn settings."""

    neural_tts: bool = True
    tts_threads: int = 2
    english_voice: str = "espeak-ng"
    turn: TurnSettings = field(default_factory=TurnSettings)
    models_dir: Path = PROJECT_ROOT / "voice" / "models"  # The packaged models.

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> SpeechSettings:
        """Build from the merged settings mapping (env over the optional YAML file)."""
        declared = read_settings(SpeechEnvironment, settings)
        return cls(
            models_dir=resolve_path(declared.models_dir),
            neural_tts=declared.neural_tts,
            english_voice=declared.english_voice,
            tts_threads=declared.tts_threads,
            turn=TurnSettings(
                mode=declared.end_of_turn,
                vad_threshold=declared.vad_threshold,
                min_speech_ms=declared.min_speech_ms,
                pause_ms=declared.pause_ms,
                min_silence_ms=declared.min_silence_ms,
                recheck_ms=declared.recheck_ms,
                complete_threshold=declared.complete_threshold,
                max_silence_ms=declared.max_silence_ms,
                threads=declared.turn_threads,
                read_words=declared.read_words,
                words_silence_ms=declared.words_silence_ms,
            ),
        )


class SpeechEnvironment(SettingsModel):
    """The speech layer's declared settings (names and defaults: docs/contract.md)."""

    end_of_turn: Literal["smart-turn", "silence"] = setting(
        "ZHANGGUI_END_OF_TURN", "smart-turn"
    )
    vad_threshold: float = setting("ZHANGGUI_VAD_THRESHOLD", 0.5, gt=0, lt=1)
    min_speech_ms: int = setting("ZHANGGUI_VAD_MIN_SPEECH_MS", 100, ge=30, le=2000)
    pause_ms: int = setting("ZHANGGUI_TURN_PAUSE_MS", 200, ge=64, le=3000)
    min_silence_ms: int = setting("ZHANGGUI_TURN_MIN_SILENCE_MS", 400, ge=64, le=3000)
    recheck_ms: int = setting("ZHANGGUI_TURN_RECHECK_MS", 0, ge=0, le=3000)
    complete_threshold: float = setting("ZHANGGUI_TURN_THRESHOLD", 0.5, gt=0, lt=1)
    max_silence_ms: int = setting(
        "ZHANGGUI_TURN_MAX_SILENCE_MS", 1500, ge=300, le=10_000
    )
    turn_threads: int = setting("ZHANGGUI_TURN_THREADS", 1, ge=1, le=16)
    read_words: bool = setting("ZHANGGUI_TURN_READ_WORDS", True)
    words_silence_ms: int = setting(
        "ZHANGGUI_TURN_WORDS_SILENCE_MS", 250, ge=64, le=3000
    )
    english_voice: Literal["espeak-ng", "piper-joe"] = setting(
        "ZHANGGUI_ENGLISH_VOICE", "espeak-ng"
    )
    models_dir: str = setting("ZHANGGUI_PACKAGED_MODELS", "voice/models")
    neural_tts: bool = setting("ZHANGGUI_NEURAL_TTS", True)
    tts_threads: int = setting("ZHANGGUI_TTS_THREADS", 2, ge=1, le=16)

    @validator("neural_tts", "read_words", pre=True)
    def _flag(cls, value: object, field: ModelField) -> object:  # noqa: N805
        # Only the words docs/contract.md names (pydantic would also take y, t...).
        if isinstance(value, str):
            word = value.strip().lower()
            if word in ("1", "true", "yes", "on"):
                return True
            if word in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"{field.alias} must be on or off, not {value!r}")
        return value
