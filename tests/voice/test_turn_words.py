"""End of turn hearing the recogniser's words as well as the voice's melody.

Smart Turn hears 我想订十箱康师傅方便面 end as complete. The same audio with words that
plainly go on (我想订…) must not end before the silence cap; with its own finished
words it ends sooner than on the melody alone.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial

import pytest

from tests.fixtures.turn_clips import COMMITTED_DIR, committed_clip, committed_truth
from voice.speech.audio import read_wav
from voice.speech.corpus import english_seed
from voice.speech.endpointing import EndOfTurn, Endpointer
from voice.speech.settings import TurnSettings
from voice.speech.sphinx_engine import SphinxSpeechToText
from voice.speech.turn_endpointing import TurnEndpointer
from voice.speech.turn_models import TurnModels

SETTINGS = TurnSettings()
NAME = "zh_turn_end-16k.wav"
SPEECH_END_S = float(committed_truth()[NAME]["speech_end_s"])  # type: ignore[arg-type]
STEP = 16000 * 2 * 20 // 1000  # 20 ms chunks: decisions to the nearest 20 ms.


def ended_at(endpointer: EndOfTurn, pcm: bytes, words: str | None) -> float | None:
    for start in range(0, len(pcm), STEP):
        if words is not None:
            endpointer.hear_words(words)
        if endpointer.feed(pcm[start : start + STEP]):
            return (start + STEP) / 2 / 16000
    return None


def delay_ms(
    turn_models: TurnModels, words: str | None, settings: TurnSettings = SETTINGS
) -> float:
    end = ended_at(
        TurnEndpointer(16000, turn_models, settings), committed_clip(NAME), words
    )
    assert end is not None, "the turn never ended"
    return (end - SPEECH_END_S) * 1000


def test_words_that_go_on_hold_the_turn_open_until_the_cap(turn_models):
    held = delay_ms(turn_models, "我想订")
    assert held >= SETTINGS.max_silence_ms - 20


def test_finished_words_end_the_turn_sooner_than_the_melody_alone(turn_models):
    alone = delay_ms(turn_models, None)
    with_words = delay_ms(turn_models, "我想订十箱康师傅方便面")
    assert SETTINGS.words_silence_ms <= with_words < alone
    assert alone >= SETTINGS.min_silence_ms


@pytest.mark.parametrize("words", ["", "안녕하세요"])
def test_no_words_or_unreadable_words_change_nothing(turn_models, words):
    assert delay_ms(turn_models, words) == delay_ms(turn_models, None)


def test_the_words_are_not_read_when_the_setting_is_off(turn_models):
    off = replace(SETTINGS, read_words=False)
    assert delay_ms(turn_models, "我想订", off) == delay_ms(turn_models, None, off)


def test_the_fixed_silence_rule_ignores_words():
    pcm = committed_clip(NAME)
    assert ended_at(Endpointer(16000, 600), pcm, "我想订") == ended_at(
        Endpointer(16000, 600), pcm, None
    )


@pytest.mark.parametrize("name", ["en_what_parcels_are_waiting-16k.wav"])
async def test_english_words_from_pocketsphinx_end_the_turn_sooner(
    turn_models: TurnModels, tmp_path, name: str
) -> None:
    # pocketsphinx gives no partials: the stream has it decode as a pause begins.
    pcm, rate = read_wav((COMMITTED_DIR / name).read_bytes())
    pcm += b"\0\0" * rate * 2  # two seconds of quiet after the question

    async def final_after(settings: TurnSettings) -> tuple[str, float]:
        with ThreadPoolExecutor(max_workers=1) as pool:
            detector = partial(TurnEndpointer, models=turn_models, settings=settings)
            engine = SphinxSpeechToText(
                pool, english_seed(), tmp_path, end_of_turn=detector
            )
            stream = engine.open_stream(rate)
            step = rate * 2 * 20 // 1000
            for start in range(0, len(pcm), step):
                result = await stream.accept(pcm[start : start + step])
                if result is not None and result.final:
                    stream.close()
                    return result.text, start / 2 / rate
            stream.close()
        raise AssertionError("the turn never ended")

    with_words = await final_after(SETTINGS)
    without = await final_after(replace(SETTINGS, read_words=False))
    assert with_words[0] == without[0] == "what parcels are waiting"
    assert with_words[1] <= without[1] - 0.1, (with_words, without)
