"""End of turn by Silero VAD + Smart Turn on committed clips of the neural voice.

A pause after 取件码是 is not an end; a finished sentence is, in quiet and in 10 dB of
shop noise; shop noise alone is nothing. Clips: ``python -m tests.fixtures.turn_clips``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from voice.speech.audio import pcm16_resample, read_wav
from voice.speech.endpointing import Endpointer
from voice.speech.settings import SpeechSettings, TurnSettings
from voice.speech.turn_endpointing import TurnEndpointer
from voice.speech.turn_models import TurnModels

AUDIO = Path(__file__).parent / "audio"
TRUTH = json.loads((AUDIO / "zh_turn_clips.json").read_text())
SETTINGS = TurnSettings()
CHUNK_MS = 100  # The kiosk page's frame size.


@pytest.fixture(scope="module")
def models() -> TurnModels:
    return TurnModels(SpeechSettings().models_dir / "pipecat-ai-1.14.0")


def clip(name: str) -> bytes:
    pcm, rate = read_wav((AUDIO / name).read_bytes())
    assert rate == 16000
    return pcm


def ended_at(endpointer, pcm: bytes, rate: int = 16000) -> float | None:
    """Feed page-sized chunks; the audio time (s) at which the turn ended."""
    step = rate * 2 * CHUNK_MS // 1000
    for start in range(0, len(pcm), step):
        if endpointer.feed(pcm[start : start + step]):
            return (start + step) / 2 / rate
    return None


def test_a_pause_inside_a_sentence_is_not_the_end(models):
    name = "zh_turn_pause800-16k.wav"
    endpointer = TurnEndpointer(16000, models, SETTINGS)
    end = ended_at(endpointer, clip(name))
    assert end is not None, "the turn never ended"
    assert end > TRUTH[name]["speech_end_s"], f"cut off at {end:.2f} s in the pause"
    assert endpointer.decisions[0] < SETTINGS.complete_threshold


def test_the_same_pause_cuts_off_the_fixed_silence_rule():
    # What the end-of-turn model is for: 600 ms of silence ends inside the pause.
    name = "zh_turn_pause800-16k.wav"
    end = ended_at(Endpointer(16000, trailing_silence_ms=600), clip(name))
    assert end is not None and end < TRUTH[name]["pause"][1]


@pytest.mark.parametrize("name", ["zh_turn_end-16k.wav", "zh_turn_end_snr10-16k.wav"])
def test_a_finished_sentence_ends_the_turn_before_the_silence_cap(models, name):
    endpointer = TurnEndpointer(16000, models, SETTINGS)
    end = ended_at(endpointer, clip(name))
    speech_end = TRUTH[name]["speech_end_s"]
    assert end is not None
    assert speech_end < end < speech_end + SETTINGS.max_silence_ms / 1000
    assert endpointer.decisions[-1] >= SETTINGS.complete_threshold


def test_phone_audio_at_8k_ends_the_turn_too(models):
    name = "zh_turn_end-16k.wav"
    pcm = pcm16_resample(clip(name), 16000, 8000)
    end = ended_at(TurnEndpointer(8000, models, SETTINGS), pcm, rate=8000)
    assert end is not None and end > TRUTH[name]["speech_end_s"]


def test_shop_noise_alone_is_no_turn(models):
    endpointer = TurnEndpointer(16000, models, SETTINGS)
    assert ended_at(endpointer, clip("zh_turn_noise-16k.wav")) is None
    assert not endpointer.heard_speech
    assert endpointer.decisions == []


def test_the_silence_cap_always_ends_a_turn(models):
    # A verdict threshold nothing reaches: only the cap can end the turn.
    never = replace(SETTINGS, complete_threshold=0.999999, max_silence_ms=700)
    name = "zh_turn_end-16k.wav"
    endpointer = TurnEndpointer(16000, models, never)
    end = ended_at(endpointer, clip(name))
    speech_end = TRUTH[name]["speech_end_s"]
    assert end is not None and speech_end + 0.6 < end < speech_end + 1.2


def test_reset_starts_the_next_turn(models):
    endpointer = TurnEndpointer(16000, models, SETTINGS)
    assert ended_at(endpointer, clip("zh_turn_end-16k.wav")) is not None
    endpointer.reset()
    assert not endpointer.heard_speech
    assert ended_at(endpointer, clip("zh_turn_end-16k.wav")) is not None
