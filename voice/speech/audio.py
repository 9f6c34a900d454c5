"""Audio conversions: resampling, G.711 μ-law, WAV and MP3, all on mono 16-bit PCM.

Every engine and transport speaks little-endian signed 16-bit mono PCM ("pcm16") at an
explicit sample rate; this module converts to and from everything else with well-kept
libraries (soxr, lameenc, miniaudio, the stdlib's bit-exact G.711).
"""

from __future__ import annotations

import audioop  # Deprecated in 3.11, removed in 3.13; bit-exact G.711 on 3.10.
import io
import wave

import lameenc
import miniaudio
import numpy as np
import soxr

MIN_RATE = 8000
MAX_RATE = 48000


class AudioFormatError(ValueError):
    """Audio that cannot be read or converted; the message says what was wrong."""


def check_rate(rate: int) -> int:
    """Return ``rate`` if it is a sample rate we handle, else raise AudioFormatError."""
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioFormatError(
            f"sample rate {rate} Hz is not supported; send {MIN_RATE}-{MAX_RATE} Hz"
        )
    return rate


def pcm16_resample(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    """Resample mono pcm16 with soxr (band-limited, so no aliasing)."""
    if from_rate == to_rate or not pcm:
        return pcm
    samples = np.frombuffer(_even(pcm), dtype="<i2").astype(np.float32) / 32768
    out = soxr.resample(samples, from_rate, to_rate, quality="HQ")
    return _to_pcm16(out)


class StreamResampler:
    """Resample a stream chunk by chunk without clicks at chunk edges."""

    def __init__(self, from_rate: int, to_rate: int) -> None:
        # Float, not int16: soxr's int16 path dithers, so the same audio came out
        # a step or two different from run to run, and so did what was recognised.
        self._stream = soxr.ResampleStream(
            from_rate, to_rate, 1, dtype="float32", quality="HQ"
        )

    def feed(self, pcm: bytes, last: bool = False) -> bytes:
        """Resample ``pcm`` (whole samples); ``last`` flushes the filter's tail."""
        samples = np.frombuffer(_even(pcm), dtype="<i2").astype(np.float32) / 32768
        out = self._stream.resample_chunk(samples, last=last)
        return _to_pcm16(out)


def _to_pcm16(samples: np.ndarray) -> bytes:
    scaled = np.clip(np.rint(samples * 32768), -32768, 32767)
    return scaled.astype("<i2").tobytes()


def mulaw_encode(pcm16: bytes) -> bytes:
    """Encode pcm16 as G.711 μ-law, one byte per sample."""
    return audioop.lin2ulaw(_even(pcm16), 2)


def mulaw_decode(data: bytes) -> bytes:
    """Decode G.711 μ-law bytes into pcm16."""
    return audioop.ulaw2lin(data, 2)


def wav_bytes(pcm16: bytes, rate: int) -> bytes:
    """Wrap mono pcm16 in a WAV container."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(_even(pcm16))
    return buffer.getvalue()


def read_wav(data: bytes) -> tuple[bytes, int]:
    """Read a PCM WAV file into mono pcm16 and its rate.

    Stereo is averaged to mono; 8-, 24- and 32-bit samples are converted to 16-bit.
    Anything else (compressed WAV, not a WAV at all, no audio) raises AudioFormatError.
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            channels = wav.getnchannels()
            width = wav.getsampwidth()
            rate = wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as error:
        raise AudioFormatError(
            f"not a readable PCM WAV file ({error}); send 16-bit mono WAV"
        ) from error
    if width not in (1, 2, 3, 4):
        raise AudioFormatError(f"unsupported WAV sample width of {width} bytes")
    frames = frames[: len(frames) - len(frames) % (width * channels)]
    if width == 1:
        frames = audioop.bias(frames, 1, -128)  # WAV 8-bit is unsigned.
    if width != 2:
        frames = audioop.lin2lin(frames, width, 2)
    if channels == 2:
        frames = audioop.tomono(frames, 2, 0.5, 0.5)
    elif channels != 1:
        samples = np.frombuffer(frames, dtype="<i2").reshape(-1, channels)
        frames = samples.mean(axis=1).astype("<i2").tobytes()
    return frames, rate


def mp3_bytes(pcm16: bytes, rate: int, kbps: int = 48) -> bytes:
    """Encode mono pcm16 as MP3 with LAME."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    return bytes(encoder.encode(_even(pcm16)) + encoder.flush())


def decode_mp3(data: bytes) -> tuple[bytes, int]:
    """Decode MP3 bytes into mono pcm16 and its rate."""
    try:
        decoded = miniaudio.mp3_read_s16(data)
    except miniaudio.DecodeError as error:
        raise AudioFormatError(f"not a readable MP3 file ({error})") from error
    pcm = decoded.samples.tobytes()
    if decoded.nchannels == 2:
        pcm = audioop.tomono(pcm, 2, 0.5, 0.5)
    elif decoded.nchannels != 1:
        raise AudioFormatError(f"MP3 with {decoded.nchannels} channels")
    if not pcm:
        raise AudioFormatError("the MP3 file holds no audio")
    return pcm, decoded.sample_rate


def duration_s(pcm16: bytes, rate: int) -> float:
    """Return the duration in seconds of mono pcm16 at ``rate``."""
    return len(pcm16) / 2 / rate


def rms(pcm16: bytes) -> float:
    """Return the root-mean-square level of pcm16 (0 for silence)."""
    if len(pcm16) < 2:
        return 0.0
    return float(audioop.rms(_even(pcm16), 2))


def without_leading_silence(
    pcm16: bytes, rate: int, keep_ms: int = 30, level: float = 150.0
) -> bytes:
    """Drop the quiet start of a recording, keeping ``keep_ms`` before the sound.

    Synthesisers lead in with silence; on a call the caller waits through it.
    """
    window = rate * 2 * 10 // 1000  # 10 ms
    start = 0
    while start + window <= len(pcm16) and rms(pcm16[start : start + window]) < level:
        start += window
    if start + window > len(pcm16):
        return pcm16  # All quiet: leave it as it is.
    return pcm16[max(0, start - rate * 2 * keep_ms // 1000) :]


def _even(pcm: bytes) -> bytes:
    # A dangling half sample would shift every later sample by one byte.
    return pcm[: len(pcm) - len(pcm) % 2]
