"""The voice service's settings, read once at start and passed inward."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, validator

from common.credentials import token_list
from common.settings import (
    DEMO_PROFILES,
    PROJECT_ROOT,
    Profile,
    SettingsError,
    SettingsModel,
    load_settings,
    port_setting,
    read_settings,
    resolve_path,
    secret,
    setting,
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
        declared = read_settings(VoiceEnvironment, settings)
        profile = declared.profile
        twilio = _carrier_secret(
            settings, "ZHANGGUI_TWILIO_AUTH_TOKEN", DEMO_TWILIO, profile
        )
        return cls(
            profile=profile,
            port=declared.port,
            backend_url=declared.backend_url,
            rasa_url=declared.rasa_url,
            gateway_tokens=token_list(settings, "gateway"),
            channel_secret=secret(
                settings, "ZHANGGUI_CHANNEL_SECRET", cls.channel_secret, profile
            ),
            models_dir=resolve_path(declared.models_dir),
            tts_cache_dir=resolve_path(declared.tts_cache_dir),
            tts_cache_mb=declared.tts_cache_mb,
            trailing_silence_ms=declared.trailing_silence_ms,
            max_utterance_ms=declared.max_utterance_ms,
            gtts_timeout_s=declared.gtts_timeout_s,
            stt_threads=declared.stt_threads,
            speech=SpeechSettings.from_settings(settings),
            host=declared.host,
            public_url=declared.public_url,
            twilio_auth_tokens=tuple(
                token for token in (twilio or "").split(",") if token.strip()
            ),
            audiosocket_port=declared.audiosocket_port,
            pbx_secret=_carrier_secret(
                settings, "ZHANGGUI_PBX_SECRET", DEMO_PBX, profile
            ),
            phone_silence_s=declared.phone_silence_s,
            messaging=MessagingSettings.from_settings(settings),
        )

    @classmethod
    def load(cls) -> VoiceConfig:
        """Read the environment (and the optional settings file) once."""
        return cls.from_settings(load_settings())


class VoiceEnvironment(SettingsModel):
    """The gateway's declared settings (names and defaults: docs/contract.md)."""

    profile: Profile = setting("ZHANGGUI_PROFILE", "demo")
    host: str = setting("VOICE_HOST", VoiceConfig.host)
    port: int = port_setting("VOICE_PORT", 8000)
    backend_url: str = setting("ZHANGGUI_BACKEND_URL", VoiceConfig.backend_url)
    rasa_url: str = setting("ZHANGGUI_RASA_URL", VoiceConfig.rasa_url)
    models_dir: str = setting("ZHANGGUI_VOSK_MODELS", "voice/models")
    tts_cache_dir: str = setting("ZHANGGUI_TTS_CACHE", "var/tts-cache")
    tts_cache_mb: int = setting("ZHANGGUI_TTS_CACHE_MB", 500, ge=10, le=100_000)
    trailing_silence_ms: int = setting(
        "ZHANGGUI_TRAILING_SILENCE_MS", 600, ge=150, le=5000
    )
    max_utterance_ms: int = setting(
        "ZHANGGUI_MAX_UTTERANCE_MS", 20_000, ge=2000, le=120_000
    )
    gtts_timeout_s: int = setting("ZHANGGUI_GTTS_TIMEOUT_S", 4, ge=1, le=30)
    stt_threads: int = Field(
        default_factory=lambda: os.cpu_count() or 2,
        alias="ZHANGGUI_STT_THREADS",
        ge=1,
        le=64,
    )
    public_url: str | None = setting("ZHANGGUI_PUBLIC_URL")
    audiosocket_port: int = port_setting("ZHANGGUI_AUDIOSOCKET_PORT", 9092)
    phone_silence_s: float = setting(
        "ZHANGGUI_PHONE_SILENCE_S", 6.0, ge=1.0, le=60.0
    )

    @validator("public_url")
    def _public_url(cls, value: str | None) -> str | None:  # noqa: N805
        url = (value or "").strip().rstrip("/")
        if url and not url.startswith(("https://", "http://")):
            raise SettingsError(
                f"ZHANGGUI_PUBLIC_URL must start with https:// or http://, not {url!r}"
            )
        return url or None


def _carrier_secret(
    settings: Mapping[str, str], name: str, demo_value: str, profile: str
) -> str | None:
    """A carrier's secret: the demo value in the demo profiles, else set or absent."""
    value = settings.get(name)
    if value is None:
        return demo_value if profile in DEMO_PROFILES else None
    return secret(settings, name, demo_value, profile)
