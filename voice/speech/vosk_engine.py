"""Vosk (Kaldi) recognition: one model per process, one recognizer per stream."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from concurrent.futures import Executor
from functools import lru_cache
from pathlib import Path

import vosk

from common.languages import is_chinese
from voice.speech.endpointing import EndOfTurnFactory
from voice.speech.streaming import DecoderStream
from voice.speech.stt import RecognitionStream, SpeechUnavailable

REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def missing_model_files(model_dir: Path) -> list[str]:
    """Return the required files a Vosk model directory lacks (empty when complete)."""
    missing = [name for name in REQUIRED_FILES if not (model_dir / name).is_file()]
    graph = model_dir / "graph"
    has_static = (graph / "HCLG.fst").is_file()
    has_dynamic = (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()
    if not (has_static or has_dynamic):
        missing.append("graph/HCLG.fst or graph/HCLr.fst + graph/Gr.fst")
    return missing


def supports_grammar(model_dir: Path) -> bool:
    """True for models with a dynamic graph (small ones) where runtime grammars work.

    Big models compile the language model into a static HCLG graph; Vosk cannot
    restrict those to a word list, so they get free recognition.
    """
    graph = model_dir / "graph"
    return (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()


class VoskSpeechToText:
    """Recognise one language with a Vosk model loaded once (blocking; seconds)."""

    engine = "vosk"

    def __init__(
        self,
        language: str,
        model_dir: Path,
        executor: Executor,
        *,
        trailing_silence_ms: int = 600,
        max_utterance_ms: int = 20_000,
        end_of_turn: EndOfTurnFactory | None = None,
    ) -> None:
        missing = missing_model_files(model_dir)
        if missing:
            raise SpeechUnavailable(
                f"the Vosk model in {model_dir} is incomplete (missing "
                f"{', '.join(missing)}); fetch it again with "
                f"`python -m voice.fetch_models {language}`"
            )
        vosk.SetLogLevel(-1)
        self.language = language
        self.model_dir = model_dir
        self.grammar_capable = supports_grammar(model_dir)
        self._model = vosk.Model(str(model_dir))
        self._executor = executor
        self._trailing_silence_ms = trailing_silence_ms
        self._max_utterance_ms = max_utterance_ms
        self._end_of_turn = end_of_turn
        self._grammar = lru_cache(maxsize=32)(self._grammar_json)

    def open_stream(
        self, sample_rate: int, phrase_hints: Sequence[str] | None = None
    ) -> RecognitionStream:
        """Open a stream; with hints and a small model, restrict it to their words."""
        decoder_rate = sample_rate if sample_rate in (8000, 16000) else 16000
        grammar = None
        if phrase_hints and self.grammar_capable:
            grammar = self._grammar(tuple(phrase_hints))

        def make_decoder() -> _VoskDecoder:
            return _VoskDecoder(self._model, decoder_rate, grammar, self.language)

        return DecoderStream(
            make_decoder,
            input_rate=sample_rate,
            decoder_rate=decoder_rate,
            executor=self._executor,
            trailing_silence_ms=self._trailing_silence_ms,
            max_utterance_ms=self._max_utterance_ms,
            end_of_turn=self._end_of_turn,
            engine=self.engine,
        )

    def known_words(self, words: Sequence[str]) -> list[str]:
        """Return those of ``words`` the model's vocabulary holds, in order."""
        return [w for w in words if self._model.vosk_model_find_word(w) >= 0]

    def _grammar_json(self, hints: tuple[str, ...]) -> str | None:
        words = self.known_words(grammar_words(hints, self.language))
        if not words:
            return None  # Nothing usable: free recognition beats hearing only [unk].
        # "[unk]" lets off-list speech come out as unknown instead of a forced match.
        return json.dumps([*words, *self.known_words(["[unk]"])], ensure_ascii=False)


def grammar_words(hints: Sequence[str], language: str) -> list[str]:
    """Split hint phrases into the distinct words a Vosk grammar lists.

    Vosk grammars accept any sequence of their entries, so single words keep the
    owner free to combine them ("twenty" "cases" "of" "coke"). Chinese hints are cut
    with jieba and also into single characters, since small Chinese models know many
    characters but not every compound.
    """
    seen: dict[str, None] = {}
    for hint in hints:
        text = hint.lower()
        if is_chinese(language):
            import jieba  # Imported on first use: it builds its dictionary lazily.

            tokens = [t.strip() for t in jieba.lcut(text)]
            tokens += [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
        else:
            tokens = re.findall(r"[\w']+", text)
        for token in tokens:
            if token:
                seen.setdefault(token)
    return list(seen)


class _VoskDecoder:
    def __init__(
        self, model: vosk.Model, rate: int, grammar: str | None, language: str
    ) -> None:
        if grammar is None:
            self._rec = vosk.KaldiRecognizer(model, rate)
        else:
            self._rec = vosk.KaldiRecognizer(model, rate, grammar)
        self._rec.SetWords(True)
        self._language = language
        self._segments: list[dict[str, object]] = []
        self._partial = ""

    def feed(self, pcm16: bytes) -> str:
        if self._rec.AcceptWaveform(pcm16):
            # Vosk's own endpointer closed a segment; keep it for our final.
            self._segments.append(json.loads(self._rec.Result()))
            self._partial = join_words(
                self._language, [s.get("text", "") for s in self._segments]
            )
            return self._partial
        partial = json.loads(self._rec.PartialResult()).get("partial", "")
        self._partial = join_words(
            self._language, [s.get("text", "") for s in self._segments] + [partial]
        )
        return self._partial

    def words_so_far(self) -> str:
        return self._partial  # Vosk's live partial is already up to date.

    def final(self) -> tuple[str, float | None]:
        self._segments.append(json.loads(self._rec.FinalResult()))
        self._rec.Reset()
        self._partial = ""
        segments, self._segments = self._segments, []
        text = join_words(self._language, [s.get("text", "") for s in segments])
        confidences = [
            float(word["conf"])
            for segment in segments
            for word in segment.get("result", [])  # type: ignore[attr-defined]
            if word.get("word") != "[unk]"
        ]
        confidence = sum(confidences) / len(confidences) if confidences else None
        return text, confidence

    def free(self) -> None:
        del self._rec

    def _join(self, texts: list[object]) -> str:
        words = " ".join(str(t) for t in texts if t).replace("[unk]", "").split()
        text = " ".join(words)
        return _CJK_GAP.sub("", text) if is_chinese(self._language) else text


def join_words(language: str, texts: Sequence[object]) -> str:
    """Join Vosk segment texts without ``[unk]``; Chinese words join without spaces."""
    words = " ".join(str(t) for t in texts if t).replace("[unk]", "").split()
    text = " ".join(words)
    return _CJK_GAP.sub("", text) if is_chinese(language) else text
