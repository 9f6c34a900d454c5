"""The voice service's settings, read once at start and passed inward."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from common.credentials import token_list
from common.settings import (
    DEMO_PROFILES,
    PROJECT_ROOT,
    SettingsError,
    decimal_number,
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


DEMO_TWILIO = "zhanggui-demo-twilio-token"
DEMO_PBX = "zhanggui-demo-pbx-secret"


@dataclass(frozen=True)
class VoiceConfig:
    """Everything the voice service needs, resolved from settings at start."""

    profile: str = "demo"
    # Loopback unless told otherwise: the tablet and the carriers reach the gateway
    # through the shop's own reverse proxy, or an explicit VOICE_HOST.
    host: str = "127.0.0.1"
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
    # The phone line.
    public_url: str | None = None  # What carriers call, e.g. https://shop-line.example
    # Empty/None: that carrier is not connected (its routes answer 503).
    twilio_auth_tokens: tuple[str, ...] = (DEMO_TWILIO,)
    audiosocket_port: int = 9092
    pbx_secret: str | None = DEMO_PBX
    phone_silence_s: float = 6.0
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
            host=settings.get("VOICE_HOST", cls.host),
            public_url=_public_url(settings),
            twilio_auth_tokens=tuple(
                token
                for token in (
                    _carrier_secret(
                        settings, "ZHANGGUI_TWILIO_AUTH_TOKEN", DEMO_TWILIO, profile
                    )
                    or ""
                ).split(",")
                if token.strip()
            ),
            audiosocket_port=port(settings, "ZHANGGUI_AUDIOSOCKET_PORT", 9092),
            pbx_secret=_carrier_secret(
                settings, "ZHANGGUI_PBX_SECRET", DEMO_PBX, profile
            ),
            phone_silence_s=decimal_number(
                settings, "ZHANGGUI_PHONE_SILENCE_S", 6.0, 1.0, 60.0
            ),
            messaging=MessagingSettings.from_settings(settings),
        )

    @classmethod
    def load(cls) -> VoiceConfig:
        """Read the environment (and the optional settings file) once."""
        return cls.from_settings(load_settings())


def _carrier_secret(
    settings: Mapping[str, str], name: str, demo_value: str, profile: str
) -> str | None:
    """A carrier's secret: the demo value in the demo profiles, else set or absent."""
    value = settings.get(name)
    if value is None:
        return demo_value if profile in DEMO_PROFILES else None
    return secret(settings, name, demo_value, profile)


def _public_url(settings: Mapping[str, str]) -> str | None:
    url = settings.get("ZHANGGUI_PUBLIC_URL", "").strip().rstrip("/")
    if url and not url.startswith(("https://", "http://")):
        raise SettingsError(
            f"ZHANGGUI_PUBLIC_URL must start with https:// or http://, not {url!r}"
        )
    return url or None


def _path(settings: Mapping[str, str], name: str, default: str) -> Path:
    path = Path(settings.get(name, default))
    return path if path.is_absolute() else PROJECT_ROOT / path
