"""Offline English recognition with pocketsphinx and a small domain language model.

Used only when no Vosk model for English is present. pocketsphinx's general English
model recognises synthetic or accented speech poorly; a 3-gram model built from what
owners say (voice.speech.corpus) and the stream's phrase hints makes it usable.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import Executor
from io import StringIO
from pathlib import Path

import pocketsphinx
from pocketsphinx.lm import ArpaBoLM

from voice.speech.streaming import DecoderStream
from voice.speech.stt import RecognitionStream

RATE = 16000  # The bundled en-us acoustic model is wideband.
HINT_WEIGHT = 10  # A stream's hints count as this many corpus sentences.
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


class SphinxSpeechToText:
    """English speech-to-text with pocketsphinx; a fresh decoder per utterance."""

    engine = "pocketsphinx"

    def __init__(
        self,
        executor: Executor,
        corpus: Sequence[str],
        lm_dir: Path | None = None,
        *,
        trailing_silence_ms: int = 600,
        max_utterance_ms: int = 20_000,
    ) -> None:
        self.language = "en"
        self._executor = executor
        self._corpus = list(corpus)
        self._dict_path = Path(pocketsphinx.get_model_path("en-us/cmudict-en-us.dict"))
        self._vocabulary = _dictionary_words(self._dict_path)
        self._lm_dir = lm_dir or Path(tempfile.mkdtemp(prefix="zhanggui-lm-"))
        self._lm_lock = threading.Lock()
        self._trailing_silence_ms = trailing_silence_ms
        self._max_utterance_ms = max_utterance_ms
        self.default_lm = self.language_model(())

    def language_model(self, phrase_hints: Sequence[str]) -> Path:
        """Return (built once) the ARPA model of the corpus plus ``phrase_hints``."""
        sentences = [
            " ".join(w for w in _WORD.findall(s.lower()) if w in self._vocabulary)
            for s in [*self._corpus, *list(phrase_hints) * HINT_WEIGHT]
        ]
        text = "\n".join(s for s in sentences if s)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        path = self._lm_dir / f"domain-{digest}.arpa"
        with self._lm_lock:
            if not path.exists():
                model = ArpaBoLM(text=text, add_start=True)
                model.compute()
                buffer = StringIO()
                model.write(buffer)
                partial = path.with_suffix(".tmp")
                partial.write_text(buffer.getvalue(), encoding="utf-8")
                partial.replace(path)
        return path

    def open_stream(
        self, sample_rate: int, phrase_hints: Sequence[str] | None = None
    ) -> RecognitionStream:
        """Open a stream; hints are added to the domain language model."""
        lm = self.language_model(phrase_hints) if phrase_hints else self.default_lm
        return DecoderStream(
            lambda: _SphinxDecoder(lm, self._dict_path),
            input_rate=sample_rate,
            decoder_rate=RATE,
            executor=self._executor,
            trailing_silence_ms=self._trailing_silence_ms,
            max_utterance_ms=self._max_utterance_ms,
        )


class _SphinxDecoder:
    """Buffers the utterance and decodes it whole at its end.

    Decoding whole utterances lets pocketsphinx normalise over all of the audio, which
    measured far more accurate than live decoding here (see the module tests), at the
    cost of partial results: this engine gives none.
    """

    def __init__(self, lm: Path, dictionary: Path) -> None:
        self._lm = lm
        self._dictionary = dictionary
        self._audio: list[bytes] = []

    def feed(self, pcm16: bytes) -> str:
        self._audio.append(pcm16)
        return ""

    def final(self) -> tuple[str, float | None]:
        audio, self._audio = b"".join(self._audio), []
        if not audio:
            return "", None
        # A fresh decoder per utterance: normalisation state carries over otherwise.
        decoder = pocketsphinx.Decoder(
            lm=str(self._lm), dict=str(self._dictionary), loglevel="FATAL"
        )
        decoder.start_utt()
        decoder.process_raw(audio, False, True)
        decoder.end_utt()
        hyp = decoder.hyp()
        return (hyp.hypstr if hyp is not None else ""), None

    def free(self) -> None:
        self._audio = []


def _dictionary_words(path: Path) -> frozenset[str]:
    words = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word = line.split(" ", 1)[0]
            words.add(word.split("(", 1)[0])
    return frozenset(words)
