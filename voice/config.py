"""The voice service's settings, read once at start and passed inward."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from common.credentials import token_list
from common.settings import (
    PROJECT_ROOT,
    load_settings,
    port,
    profile_of,
    secret,
    whole_number,
)
from voice.messaging.settings import MessagingSettings
from voice.speech.settings import SpeechSettings

DEFAULT_VOSK_MODELS: Mapping[str, str] = {
    "zh": "vosk-model-small-cn-0.22",
    "en": "vosk-model-small-en-us-0.15",
}


@dataclass(frozen=True)
class VoiceConfig:
    """Everything the voice service needs, resolved from settings at start."""

    profile: str = "demo"
    port: int = 8000
    backend_url: str = "http://127.0.0.1:8080"
    rasa_url: str = "http://127.0.0.1:5005"
    # The channels' token: sent to the backend (the first), accepted on /asr, /tts.
    gateway_tokens: tuple[str, ...] = ("zhanggui-demo-gateway-token",)
    channel_secret: str = "zhanggui-demo-channel-secret"
    models_dir: Path = PROJECT_ROOT / "voice" / "models"
    vosk_models: Mapping[str, str] = field(
        default_factory=lambda: dict(DEFAULT_VOSK_MODELS)
    )
    tts_cache_dir: Path = PROJECT_ROOT / "var" / "tts-cache"
    tts_cache_mb: int = 500
    nlu_dir: Path = PROJECT_ROOT / "data" / "nlu"
    domain_dir: Path = PROJECT_ROOT / "bot" / "domain"
    trailing_silence_ms: int = 600
    max_utterance_ms: int = 20_000
    gtts_timeout_s: float = 4.0
    stt_threads: int = 2
    espeak_path: str = "espeak-ng"
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    # The chat bridges (WeChat, Telegram); off unless configured (or demo/test).
    messaging: MessagingSettings = field(default_factory=MessagingSettings)

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> VoiceConfig:
        """Build the config from the merged settings mapping (see docs/contract.md)."""
        profile = profile_of(settings)
        return cls(
            profile=profile,
            port=port(settings, "VOICE_PORT", 8000),
            backend_url=settings.get("ZHANGGUI_BACKEND_URL", cls.backend_url),
            rasa_url=settings.get("ZHANGGUI_RASA_URL", cls.rasa_url),
            gateway_tokens=token_list(settings, "gateway"),
            channel_secret=secret(
                settings, "ZHANGGUI_CHANNEL_SECRET", cls.channel_secret, profile
            ),
            models_dir=_path(settings, "ZHANGGUI_VOSK_MODELS", "voice/models"),
            tts_cache_dir=_path(settings, "ZHANGGUI_TTS_CACHE", "var/tts-cache"),
            tts_cache_mb=whole_number(
                settings, "ZHANGGUI_TTS_CACHE_MB", 500, 10, 100_000
            ),
            trailing_silence_ms=whole_number(
                settings, "ZHANGGUI_TRAILING_SILENCE_MS", 600, 150, 5000
            ),
            max_utterance_ms=whole_number(
                settings, "ZHANGGUI_MAX_UTTERANCE_MS", 20_000, 2000, 120_000
            ),
            gtts_timeout_s=whole_number(settings, "ZHANGGUI_GTTS_TIMEOUT_S", 4, 1, 30),
            stt_threads=whole_number(
                settings, "ZHANGGUI_STT_THREADS", os.cpu_count() or 2, 1, 64
            ),
            speech=SpeechSettings.from_settings(settings),
            messaging=MessagingSettings.from_settings(settings),
        )

    @classmethod
    def load(cls) -> VoiceConfig:
        """Read the environment (and the optional settings file) once."""
        return cls.from_settings(load_settings())


def _path(settings: Mapping[str, str], name: str, default: str) -> Path:
    path = Path(settings.get(name, default))
    return path if path.is_absolute() else PROJECT_ROOT / path
