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

from voice.speech.endpointing import EndOfTurnFactory
from voice.speech.streaming import DecoderStream
from voice.speech.stt import RecognitionStream

RATE = 16000  # The bundled en-us acoustic model is wideband.
HINT_WEIGHT = 10  # A stream's hints count as this many corpus sentences.
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


class SphinxSpeechToText:
    """English speech-to-text with pocketsphinx, decoding each utterance whole."""

    engine = "pocketsphinx"

    def __init__(
        self,
        executor: Executor,
        corpus: Sequence[str],
        lm_dir: Path | None = None,
        *,
        trailing_silence_ms: int = 600,
        max_utterance_ms: int = 20_000,
        end_of_turn: EndOfTurnFactory | None = None,
    ) -> None:
        self.language = "en"
        self._executor = executor
        self._corpus = list(corpus)
        self._pronunciations = _read_dictionary(
            Path(pocketsphinx.get_model_path("en-us/cmudict-en-us.dict"))
        )
        self._lm_dir = lm_dir or Path(tempfile.mkdtemp(prefix="zhanggui-lm-"))
        self._lock = threading.Lock()
        self._models: dict[tuple[str, ...], Path] = {}
        self._trailing_silence_ms = trailing_silence_ms
        self._max_utterance_ms = max_utterance_ms
        self._end_of_turn = end_of_turn
        self.default_lm = self.language_model(())
        self.decoder(self.default_lm)  # Warm up: the files are read once from disk.

    def language_model(self, phrase_hints: Sequence[str]) -> Path:
        """Return (built once) the ARPA model of the corpus plus ``phrase_hints``.

        A pronunciation dictionary holding just its words is written beside it:
        loading the whole CMU dictionary makes each decoder slow to build.
        Blocking (a fraction of a second the first time for each set of hints).
        """
        key = tuple(phrase_hints)
        with self._lock:
            if key in self._models:
                return self._models[key]
        sentences = [
            " ".join(w for w in _WORD.findall(s.lower()) if w in self._pronunciations)
            for s in [*self._corpus, *list(phrase_hints) * HINT_WEIGHT]
        ]
        text = "\n".join(s for s in sentences if s)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        path = self._lm_dir / f"domain-{digest}.arpa"
        with self._lock:
            if not path.exists():
                words = sorted(set(text.split()))
                lines = [line for w in words for line in self._pronunciations[w]]
                _write_atomically(path.with_suffix(".dict"), "\n".join(lines) + "\n")
                model = ArpaBoLM(text=text, add_start=True)
                model.compute()
                buffer = StringIO()
                model.write(buffer)
                _write_atomically(path, buffer.getvalue())
            self._models[key] = path
        return path

    def decoder(self, lm: Path) -> pocketsphinx.Decoder:
        """A new decoder for ``lm`` (blocking, ~20 ms with the small dictionary).

        Never reused: a decoder carries state from one utterance into the next
        (measured: the same audio came out differently after another caller's),
        so every utterance gets its own.
        """
        return pocketsphinx.Decoder(
            lm=str(lm), dict=str(lm.with_suffix(".dict")), loglevel="FATAL"
        )

    def open_stream(
        self, sample_rate: int, phrase_hints: Sequence[str] | None = None
    ) -> RecognitionStream:
        """Open a stream; hints are added to the domain language model."""
        hints = tuple(phrase_hints or ())
        return DecoderStream(
            lambda: _SphinxDecoder(self, hints),
            input_rate=sample_rate,
            decoder_rate=RATE,
            executor=self._executor,
            trailing_silence_ms=self._trailing_silence_ms,
            max_utterance_ms=self._max_utterance_ms,
            end_of_turn=self._end_of_turn,
            engine=self.engine,
        )


class _SphinxDecoder:
    """Buffers the utterance and decodes it whole at its end.

    Whole-utterance decoding normalises over all of the audio, which measured far
    more accurate here than live decoding (which got 2 of 5 test sentences wrong), at
    the cost of partial results: this engine gives none, but decodes what it has
    when a pause begins, so end of turn can read the words (one more decode a pause).
    """

    def __init__(self, engine: SphinxSpeechToText, hints: tuple[str, ...]) -> None:
        self._engine = engine
        self._hints = hints
        self._audio: list[bytes] = []

    def feed(self, pcm16: bytes) -> str:
        self._audio.append(pcm16)
        return ""

    def final(self) -> tuple[str, float | None]:
        audio, self._audio = b"".join(self._audio), []
        return self._decode(audio), None

    def words_so_far(self) -> str:
        return self._decode(b"".join(self._audio))

    def _decode(self, audio: bytes) -> str:
        if not audio:
            return ""
        lm = self._engine.language_model(self._hints)  # Off the event loop, here.
        decoder = self._engine.decoder(lm)
        try:
            decoder.start_utt()
            decoder.process_raw(audio, False, True)
            decoder.end_utt()
            hyp = decoder.hyp()
        except RuntimeError:
            return ""
        return hyp.hypstr if hyp is not None else ""

    def free(self) -> None:
        self._audio = []


def _read_dictionary(path: Path) -> dict[str, list[str]]:
    """Map each word to its dictionary lines (alternates are ``word(2) ...``)."""
    entries: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word = line.split(" ", 1)[0].split("(", 1)[0]
            entries.setdefault(word, []).append(line.rstrip("\n"))
    return entries


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
