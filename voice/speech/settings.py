"""The speech layer's own settings (neural voice, end of turn), read once at start.

``voice.config.VoiceConfig`` holds one :class:`SpeechSettings`, built here from the
same merged settings mapping; every threshold is a setting (docs/contract.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from common.settings import PROJECT_ROOT, SettingsError, whole_number

END_OF_TURN_MODES = ("smart-turn", "silence")
ENGLISH_VOICES = ("espeak-ng", "piper-joe")


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
        mode = settings.get("ZHANGGUI_END_OF_TURN", TurnSettings.mode)
        if mode not in END_OF_TURN_MODES:
            raise SettingsError(
                f"ZHANGGUI_END_OF_TURN must be one of {END_OF_TURN_MODES}, not {mode!r}"
            )
        turn = TurnSettings(
            mode=mode,
            vad_threshold=_fraction(settings, "ZHANGGUI_VAD_THRESHOLD", 0.5),
            min_speech_ms=whole_number(
                settings, "ZHANGGUI_VAD_MIN_SPEECH_MS", 100, 30, 2000
            ),
            pause_ms=whole_number(settings, "ZHANGGUI_TURN_PAUSE_MS", 200, 64, 3000),
            min_silence_ms=whole_number(
                settings, "ZHANGGUI_TURN_MIN_SILENCE_MS", 400, 64, 3000
            ),
            recheck_ms=whole_number(settings, "ZHANGGUI_TURN_RECHECK_MS", 0, 0, 3000),
            complete_threshold=_fraction(settings, "ZHANGGUI_TURN_THRESHOLD", 0.5),
            max_silence_ms=whole_number(
                settings, "ZHANGGUI_TURN_MAX_SILENCE_MS", 1500, 300, 10_000
            ),
            threads=whole_number(settings, "ZHANGGUI_TURN_THREADS", 1, 1, 16),
            read_words=_flag(settings, "ZHANGGUI_TURN_READ_WORDS", True),
            words_silence_ms=whole_number(
                settings, "ZHANGGUI_TURN_WORDS_SILENCE_MS", 250, 64, 3000
            ),
        )
        english = settings.get("ZHANGGUI_ENGLISH_VOICE", "espeak-ng")
        if english not in ENGLISH_VOICES:
            raise SettingsError(
                f"ZHANGGUI_ENGLISH_VOICE must be one of {ENGLISH_VOICES}, "
                f"not {english!r}"
            )
        models_dir = Path(settings.get("ZHANGGUI_PACKAGED_MODELS", "voice/models"))
        return cls(
            models_dir=models_dir
            if models_dir.is_absolute()
            else PROJECT_ROOT / models_dir,
            neural_tts=_flag(settings, "ZHANGGUI_NEURAL_TTS", True),
            english_voice=english,
            tts_threads=whole_number(settings, "ZHANGGUI_TTS_THREADS", 2, 1, 16),
            turn=turn,
        )


def _fraction(settings: Mapping[str, str], name: str, default: float) -> float:
    raw = settings.get(name, str(default))
    try:
        value = float(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from error
    if not 0.0 < value < 1.0:
        raise SettingsError(f"{name} must be between 0 and 1, not {value}")
    return value


def _flag(settings: Mapping[str, str], name: str, default: bool) -> bool:
    raw = settings.get(name, "1" if default else "0").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be on or off, not {raw!r}")
