"""The two end-of-turn models, loaded once per process on onnxruntime.

* Silero VAD (MIT): the probability that a 32 ms window at 16 kHz is speech. Its
  recurrent state belongs to one stream (:class:`SileroState`); the session is shared.
* Smart Turn v3.2 (BSD-2-Clause, from pipecat): given up to 8 s of the owner's
  audio ending now, the probability that the turn is complete — judged from the
  words' melody and rhythm, so "再来……" trailing off is not an end.

Both files come from the ``pipecat-ai`` wheel (see :mod:`voice.packaged_models`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

RATE = 16000
WINDOW = 512  # Silero's window at 16 kHz (32 ms).
CONTEXT = 64  # Samples of the previous window Silero sees before each window.
TURN_SECONDS = 8
SILERO_FILE = "silero_vad.onnx"
SMART_TURN_FILE = "smart-turn-v3.2-cpu.onnx"

_N_FFT = 400
_HOP = 160
_N_MELS = 80


class TurnModelsMissing(RuntimeError):  # noqa: N818 (reads as a sentence)
    """The model files are not in place; the message says how to fetch them."""


def _session(path: Path, threads: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.inter_op_num_threads = 1
    options.intra_op_num_threads = threads
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )


class SileroState:
    """One stream's recurrent state and audio context for Silero VAD."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything heard (start of a new stream or after long quiet)."""
        self.state = np.zeros((2, 1, 128), dtype=np.float32)
        self.context = np.zeros((1, CONTEXT), dtype=np.float32)


class TurnModels:
    """Silero VAD and Smart Turn sessions (thread-safe to run; state is per stream)."""

    def __init__(self, model_dir: Path, threads: int = 1) -> None:
        missing = [
            name
            for name in (SILERO_FILE, SMART_TURN_FILE)
            if not (model_dir / name).is_file()
        ]
        if missing:
            raise TurnModelsMissing(
                f"end-of-turn models missing in {model_dir}: {', '.join(missing)}; "
                "run `python -m voice.packaged_models`"
            )
        self._vad = _session(model_dir / SILERO_FILE, 1)
        self._turn = _session(model_dir / SMART_TURN_FILE, threads)
        self._rate = np.array(RATE, dtype=np.int64)

    def speech_probability(self, window: np.ndarray, state: SileroState) -> float:
        """Score one window of 512 float32 samples in [-1, 1] at 16 kHz."""
        audio = np.concatenate((state.context, window.reshape(1, -1)), axis=1)
        outputs: Any = self._vad.run(
            None, {"input": audio, "state": state.state, "sr": self._rate}
        )
        state.state = outputs[1]
        state.context = audio[:, -CONTEXT:]
        return float(outputs[0][0][0])

    def turn_complete_probability(self, audio: np.ndarray) -> float:
        """The probability that the turn ending with ``audio`` (16 kHz) is complete."""
        features = log_mel(fit_to_window(audio))
        outputs: Any = self._turn.run(None, {"input_features": features[None]})
        return float(outputs[0][0].item())


def fit_to_window(audio: np.ndarray) -> np.ndarray:
    """Keep the last 8 s, or pad silence in front up to 8 s (as the model was fed)."""
    size = RATE * TURN_SECONDS
    audio = np.asarray(audio, dtype=np.float32)
    if audio.size >= size:
        return audio[-size:]
    return np.concatenate((np.zeros(size - audio.size, dtype=np.float32), audio))


def _slaney_mel(hz: np.ndarray) -> np.ndarray:
    linear = 3.0 * hz / 200.0
    log = 15.0 + np.log(np.maximum(hz, 1e-9) / 1000.0) * (27.0 / np.log(6.4))
    return np.where(hz >= 1000.0, log, linear)


def _slaney_hz(mel: np.ndarray) -> np.ndarray:
    linear = 200.0 * mel / 3.0
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
    return np.where(mel >= 15.0, log, linear)


def _mel_filters() -> np.ndarray:
    """Triangular filters on the Slaney mel scale, area-normalised: (bins, mels)."""
    edges = _slaney_hz(np.linspace(0.0, _slaney_mel(np.array(RATE / 2.0)), _N_MELS + 2))
    bins = np.linspace(0, RATE // 2, _N_FFT // 2 + 1)
    rising = (bins[:, None] - edges[None, :-2]) / (edges[1:-1] - edges[:-2])
    falling = (edges[None, 2:] - bins[:, None]) / (edges[2:] - edges[1:-1])
    filters = np.maximum(0.0, np.minimum(rising, falling))
    return filters * (2.0 / (edges[2:] - edges[:-2]))[None, :]


_FILTERS = _mel_filters()
_HANN = np.hanning(_N_FFT + 1)[:-1]  # Periodic Hann window.


def log_mel(audio: np.ndarray) -> np.ndarray:
    """Whisper-style log-mel features of 8 s at 16 kHz: float32 (80, 800).

    The waveform is normalised to zero mean and unit variance, framed with a centred
    400-sample periodic Hann window every 160 samples, projected on 80 Slaney mel
    filters, log10-compressed, floored 8 below its peak and scaled by (x + 4) / 4.
    """
    x = audio.astype(np.float32)
    x = (x - x.mean()) / np.sqrt(x.var() + 1e-7)
    padded = np.pad(x.astype(np.float64), _N_FFT // 2, mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, _N_FFT)[::_HOP]
    power = np.abs(np.fft.rfft(frames * _HANN, axis=-1)) ** 2
    mel = np.log10(np.maximum(power @ _FILTERS, 1e-10)).T[:, :-1]
    mel = np.maximum(mel, mel.max() - 8.0)
    return ((mel + 4.0) / 4.0).astype(np.float32)
