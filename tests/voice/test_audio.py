"""Codecs and resampling on real signals."""

from __future__ import annotations

import io
import math
import wave

import numpy as np
import pytest

from voice.speech.audio import (
    AudioFormatError,
    StreamResampler,
    decode_mp3,
    mp3_bytes,
    mulaw_decode,
    mulaw_encode,
    pcm16_resample,
    read_wav,
    wav_bytes,
)


def tone(
    rate: int, seconds: float = 1.0, hz: float = 440.0, amp: float = 8000.0
) -> bytes:
    t = np.arange(int(rate * seconds)) / rate
    return (amp * np.sin(2 * np.pi * hz * t)).astype("<i2").tobytes()


def snr_db(reference: bytes, test: bytes) -> float:
    a = np.frombuffer(reference, "<i2").astype(float)
    b = np.frombuffer(test, "<i2").astype(float)
    n = min(len(a), len(b))
    a, b = a[200 : n - 200], b[200 : n - 200]  # Ignore filter edges.
    noise = np.sum((a - b) ** 2)
    if noise == 0:  # identical: no noise at all
        return math.inf
    return float(10 * np.log10(np.sum(a**2) / noise))


def test_resample_changes_length_by_the_rate_ratio():
    pcm = tone(16000)
    assert len(pcm16_resample(pcm, 16000, 8000)) == len(pcm) // 2
    assert len(pcm16_resample(pcm, 16000, 44100)) == 44100 * 2
    assert pcm16_resample(pcm, 16000, 16000) == pcm


def test_phone_round_trip_keeps_speech_band_clean():
    pcm = tone(16000, hz=1000)
    narrow = pcm16_resample(pcm, 16000, 8000)
    assert snr_db(pcm, pcm16_resample(narrow, 8000, 16000)) > 35
    via_mulaw = mulaw_decode(mulaw_encode(narrow))
    assert snr_db(pcm, pcm16_resample(via_mulaw, 8000, 16000)) > 30


def test_resampling_removes_energy_above_the_new_nyquist():
    high = tone(16000, hz=6000)  # Above 4 kHz: must not alias into the phone band.
    down = np.frombuffer(pcm16_resample(high, 16000, 8000), "<i2").astype(float)
    assert np.sqrt(np.mean(down[100:-100] ** 2)) < 50


def test_stream_resampler_matches_whole_signal_resampling():
    pcm = tone(44100, seconds=0.5)
    stream = StreamResampler(44100, 16000)
    pieces = [stream.feed(pcm[i : i + 882]) for i in range(0, len(pcm), 882)]
    pieces.append(stream.feed(b"", last=True))
    streamed = b"".join(pieces)
    assert abs(len(streamed) // 2 - 8000) <= 2
    assert snr_db(pcm16_resample(pcm, 44100, 16000), streamed) > 30


def test_mulaw_matches_g711_bit_for_bit():
    samples = np.array([0, 32767, -32768, 1000, -1000, 8], dtype="<i2").tobytes()
    assert mulaw_encode(samples) == bytes([0xFF, 0x80, 0x00, 0xCE, 0x4E, 0xFE])
    decoded = np.frombuffer(mulaw_decode(bytes([0x00, 0x80, 0xFF, 0x7F])), "<i2")
    assert decoded.tolist() == [-32124, 32124, 0, 0]


def test_odd_byte_counts_are_trimmed_not_shifted():
    pcm = tone(8000, 0.01) + b"\x01"
    assert len(mulaw_encode(pcm)) == 80
    pcm_back, rate = read_wav(wav_bytes(pcm, 8000))
    assert rate == 8000 and len(pcm_back) == 160


def _wav(frames: bytes, rate: int, channels: int, width: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(frames)
    return buffer.getvalue()


def test_read_wav_converts_stereo_8bit_and_24bit():
    left = np.full(100, 1000, "<i2")
    right = np.full(100, 3000, "<i2")
    stereo = np.column_stack([left, right]).astype("<i2").tobytes()
    pcm, rate = read_wav(_wav(stereo, 22050, 2, 2))
    assert rate == 22050 and set(np.frombuffer(pcm, "<i2")) == {2000}

    eight = bytes([128 + 64] * 50)  # Unsigned 8-bit, half-scale positive.
    pcm, _ = read_wav(_wav(eight, 8000, 1, 1))
    assert set(np.frombuffer(pcm, "<i2")) == {64 * 256}

    value = 0x123456  # 24-bit little endian; top 16 bits are 0x1234.
    frames = value.to_bytes(3, "little") * 10
    pcm, _ = read_wav(_wav(frames, 16000, 1, 3))
    assert set(np.frombuffer(pcm, "<i2")) == {0x1234}


@pytest.mark.parametrize(
    "data", [b"", b"RIFF", b"not audio at all" * 10, b"ID3\x03\x00" + b"\x00" * 100]
)
def test_unreadable_wav_raises_a_clear_error(data):
    with pytest.raises(AudioFormatError, match="WAV"):
        read_wav(data)


def test_mp3_round_trip():
    pcm = tone(16000, seconds=1.0)
    mp3 = mp3_bytes(pcm, 16000)
    assert mp3[:3] == b"ID3" or mp3[0] == 0xFF
    decoded, rate = decode_mp3(mp3)
    assert rate == 16000
    assert abs(len(decoded) / 2 / rate - 1.0) < 0.15  # Encoder padding only.


def test_garbage_mp3_raises_a_clear_error():
    with pytest.raises(AudioFormatError, match="MP3"):
        decode_mp3(b"\x00" * 64)


def test_leading_silence_is_dropped_but_a_breath_kept() -> None:
    from voice.speech.audio import without_leading_silence

    sound = b"\x00\x10" * 800  # 100 ms at 8 kHz, loud
    trimmed = without_leading_silence(b"\0\0" * 4000 + sound, 8000)  # 500 ms lead
    assert trimmed.endswith(sound)
    assert len(trimmed) - len(sound) == 8000 * 2 * 30 // 1000  # 30 ms kept
    quiet = b"\0\0" * 800
    assert without_leading_silence(quiet, 8000) == quiet
