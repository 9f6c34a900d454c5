"""End-of-utterance detection on real speech (espeak-ng fixtures) and silence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voice.speech.audio import AudioFormatError, read_wav
from voice.speech.endpointing import Endpointer

AUDIO = Path(__file__).parent / "audio"


def speech(name: str) -> tuple[bytes, int]:
    return read_wav((AUDIO / name).read_bytes())


def silence(rate: int, ms: int) -> bytes:
    return bytes(rate * ms // 1000 * 2)


def trimmed_speech(name: str) -> tuple[bytes, int]:
    """The fixture without its trailing pad, so tests control the silence after it."""
    pcm, rate = speech(name)
    samples = np.frombuffer(pcm, "<i2")
    last = int(np.nonzero(np.abs(samples) > 300)[0][-1])
    return samples[: last + 1].tobytes(), rate


@pytest.mark.parametrize("name", ["ko_annyeong-16k.wav", "ko_annyeong-8k.wav"])
def test_speech_then_trailing_silence_ends_the_utterance(name):
    pcm, rate = trimmed_speech(name)
    endpointer = Endpointer(rate, trailing_silence_ms=600)
    assert endpointer.feed(pcm) is False
    assert endpointer.heard_speech
    assert endpointer.feed(silence(rate, 300)) is False
    # webrtcvad keeps calling a few frames "speech" after it stops (its hangover).
    assert endpointer.feed(silence(rate, 500)) is True


def test_silence_alone_never_ends_an_utterance():
    endpointer = Endpointer(16000)
    assert endpointer.feed(silence(16000, 5000)) is False
    assert not endpointer.heard_speech


def test_longer_setting_waits_longer():
    pcm, rate = trimmed_speech("ko_gamsa-16k.wav")
    quick = Endpointer(rate, trailing_silence_ms=600)
    patient = Endpointer(rate, trailing_silence_ms=1500)
    assert quick.feed(pcm + silence(rate, 1000)) is True
    assert patient.feed(pcm + silence(rate, 1000)) is False
    assert patient.feed(silence(rate, 800)) is True


def test_odd_sized_chunks_give_the_same_answer():
    pcm, rate = trimmed_speech("ko_gamsa-16k.wav")
    audio = pcm + silence(rate, 800)
    whole = Endpointer(rate)
    pieces = Endpointer(rate)
    ended_whole = whole.feed(audio)
    ended_pieces = [pieces.feed(audio[i : i + 333]) for i in range(0, len(audio), 333)]
    assert ended_whole is True and ended_pieces[-1] is True
    assert ended_pieces.index(True) > 0


def test_reset_starts_a_new_utterance():
    pcm, rate = trimmed_speech("ko_gamsa-16k.wav")
    endpointer = Endpointer(rate)
    assert endpointer.feed(pcm + silence(rate, 800))
    endpointer.reset()
    assert endpointer.feed(silence(rate, 800)) is False


def test_unsupported_rate_is_a_clear_error():
    with pytest.raises(AudioFormatError, match="44100"):
        Endpointer(44100)
