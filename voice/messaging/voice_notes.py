"""Chat voice messages in and out: AMR, Speex and OGG/Opus via FFmpeg (PyAV).

WeChat sends AMR-NB (sometimes Speex) and takes MP3 or AMR back; Telegram sends and
takes OGG/Opus. Everything becomes mono 16-bit PCM at 16 kHz for the recogniser.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import av
import numpy as np

from voice.speech.audio import AudioFormatError

RATE = 16000
# WeChat and Telegram cap a voice message at 60 s; a little slack for the codec.
MAX_SECONDS = 62.0


class VoiceTooLongError(AudioFormatError):
    """The voice message runs past a minute."""


def decode_voice(data: bytes) -> bytes:
    """Decode a voice message (any container FFmpeg knows) into 16 kHz pcm16.

    Raises AudioFormatError when it is empty or unreadable, VoiceTooLongError when
    it is longer than a minute.
    """
    if not data:
        raise AudioFormatError("the voice message is empty")
    limit = int(MAX_SECONDS * RATE * 2)
    pieces: list[bytes] = []
    size = 0
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            streams = list(container.streams.audio)
            if not streams:
                raise AudioFormatError("the message holds no audio")
            resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
            for frame in _frames(container, streams[0]):
                for out in resampler.resample(frame):
                    piece = out.to_ndarray().tobytes()
                    size += len(piece)
                    if size > limit:
                        raise VoiceTooLongError("the voice message is over a minute")
                    pieces.append(piece)
            for out in resampler.resample(None):
                pieces.append(out.to_ndarray().tobytes())
    except AudioFormatError:
        raise
    except (av.error.FFmpegError, ValueError, IndexError) as error:
        raise AudioFormatError(f"unreadable voice message: {error}") from error
    pcm = b"".join(pieces)
    if not pcm:
        raise AudioFormatError("the voice message holds no sound")
    return pcm


def _frames(
    container: av.container.InputContainer, stream: av.audio.AudioStream
) -> Iterator[av.AudioFrame]:
    # FFmpeg's own AMR-NB decoder stops at the comfort-noise (SID) frames phones
    # send in pauses; OpenCORE's decodes them.
    decoder: av.AudioCodecContext | None = None
    if stream.codec_context.name == "amrnb":
        created = av.CodecContext.create("libopencore_amrnb", "r")
        assert isinstance(created, av.AudioCodecContext)
        decoder = created
    for packet in container.demux(stream):
        frames = decoder.decode(packet) if decoder else packet.decode()
        for frame in frames:
            if isinstance(frame, av.AudioFrame):
                yield frame


def encode_ogg_opus(pcm16: bytes, rate: int) -> bytes:
    """Encode mono pcm16 as OGG/Opus, the form Telegram plays as a voice note."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=48000)
        stream.layout = "mono"
        stream.bit_rate = 24000
        samples = np.frombuffer(pcm16[: len(pcm16) - len(pcm16) % 2], dtype="<i2")
        frame = av.AudioFrame.from_ndarray(
            samples.reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()
