"""Speech synthesis with the real espeak-ng, the disk cache and a hung gTTS."""

from __future__ import annotations

import asyncio
import re
import socket

import pytest

from voice.speech.audio import decode_mp3, read_wav
from voice.speech.tts import Speech, TextToSpeech, render
from voice.speech.tts_engines import EspeakEngine, GttsEngine, SynthesisError, to_pinyin


class CountingEspeak(EspeakEngine):
    """The real espeak-ng, counting how often it is asked to speak."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    async def synthesize(self, text, language, slow):
        self.calls += 1
        return await super().synthesize(text, language, slow)


class SilentEngine:
    """Behaves like gTTS when it "succeeds" with a 0-byte file."""

    name = "silent"

    def voice(self, language):
        return language

    def available(self):
        return True

    async def synthesize(self, text, language, slow):
        return b"", 16000


@pytest.fixture
def espeak():
    return CountingEspeak()


@pytest.fixture
def tts(tmp_path, espeak):
    return TextToSpeech(tmp_path / "cache", engines=[espeak])


def seconds(speech: Speech) -> float:
    return len(speech.pcm16) / 2 / speech.sample_rate


@pytest.mark.parametrize(
    ("text", "language"),
    [("你好，我要二十箱可乐。", "zh"), ("Hello, twenty cases of coke.", "en")],
)
async def test_espeak_speaks_both_languages_at_16k(tts, text, language):
    speech = await tts.synthesize(text, language)
    assert speech is not None
    assert speech.sample_rate == 16000 and speech.engine == "espeak-ng"
    assert 0.8 < seconds(speech) < 6.0


def test_pinyin_has_tone_numbers_and_no_arabic_numerals():
    spoken = to_pinyin("我要288元的货，20箱！")
    assert "er4 bai3 ba1 shi2 ba1 yuan2" in spoken
    assert not re.search(r"\d{2,}", spoken)
    assert "，" not in spoken and "！" not in spoken


async def test_mandarin_voice_does_not_read_tone_digits_aloud():
    # Reading "ni3" as "ni three" would make the toned version much longer.
    engine = EspeakEngine()
    toned, rate = await engine.synthesize("你好，我要二十箱可乐", "zh", False)
    plain_text = re.sub(r"\d", "", to_pinyin("你好，我要二十箱可乐"))
    plain = await asyncio.create_subprocess_exec(
        "espeak-ng",
        "-v",
        "cmn-latn-pinyin",
        "-s",
        "160",
        "--stdout",
        plain_text,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await plain.communicate()
    plain_pcm, plain_rate = read_wav(out)
    assert len(toned) / rate < 1.3 * len(plain_pcm) / plain_rate


async def test_slow_speech_is_slower(tts):
    normal = await tts.synthesize("What parcels are waiting?", "en")
    slow = await tts.synthesize("What parcels are waiting?", "en", slow=True)
    assert normal is not None and slow is not None
    assert seconds(slow) > 1.2 * seconds(normal)


async def test_a_repeated_answer_comes_from_the_cache(tts, espeak):
    first = await tts.synthesize("您有三个包裹等待取件。", "zh")
    again = await tts.synthesize("您有三个包裹等待取件。", "zh")
    assert first is not None and again is not None
    assert (first.cached, again.cached) == (False, True)
    assert again.pcm16 == first.pcm16
    assert espeak.calls == 1
    await tts.synthesize("您有三个包裹等待取件。", "zh", slow=True)
    assert espeak.calls == 2  # The rate is part of the key.


async def test_a_corrupt_or_empty_cache_entry_is_ignored(tts, espeak):
    text = "Your order is placed."
    key = tts.cache.key("espeak-ng", "en-us", "normal", text)
    path = tts.cache.path(key)
    for damage in (b"RIFF garbage that is not a wav", b""):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(damage)
        speech = await tts.synthesize(text, "en")
        assert speech is not None and not speech.cached and speech.pcm16
        assert read_wav(path.read_bytes())[0] == speech.pcm16
    assert espeak.calls == 2


async def test_an_empty_answer_is_never_served_or_cached(tmp_path, espeak):
    tts = TextToSpeech(tmp_path, engines=[SilentEngine(), espeak])
    speech = await tts.synthesize("Goodbye.", "en")
    assert speech is not None and speech.engine == "espeak-ng" and speech.pcm16
    silent_key = tts.cache.key("silent", "en", "normal", "Goodbye.")
    assert not tts.cache.path(silent_key).exists()


async def test_when_every_engine_fails_the_answer_is_none(tmp_path):
    tts = TextToSpeech(tmp_path, engines=[EspeakEngine("/nonexistent/espeak-ng")])
    assert await tts.synthesize("Hello", "en") is None


async def test_empty_text_and_unknown_languages_give_none(tts, espeak):
    assert await tts.synthesize("   ", "en") is None
    assert await tts.synthesize("Bonjour", "fr") is None
    assert espeak.calls == 0


@pytest.fixture
def black_hole_proxy(monkeypatch):
    """A proxy that accepts connections and never answers: a hung network."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    yield
    server.close()


async def test_gtts_gives_up_at_its_timeout_and_rests(black_hole_proxy):
    engine = GttsEngine(timeout_s=1, retry_after_s=60)
    with pytest.raises(SynthesisError):
        await engine.synthesize("你好", "zh", False)
    assert not engine.available()


async def test_a_hung_gtts_falls_back_to_espeak(tmp_path, black_hole_proxy, espeak):
    gtts = GttsEngine(timeout_s=1)
    tts = TextToSpeech(tmp_path, engines=[gtts, espeak])
    first = await tts.synthesize("Twenty cases of coke.", "en")
    assert first is not None and first.engine == "espeak-ng"
    # gTTS is resting now: the next new answer goes straight to espeak-ng.
    second = await tts.synthesize("Thirty cases of coke.", "en")
    assert second is not None and second.engine == "espeak-ng"
    assert not gtts.available()


async def test_render_formats(tts):
    speech = await tts.synthesize("Hello", "en")
    assert speech is not None
    pcm, rate = read_wav(render(speech, "wav"))
    assert (pcm, rate) == (speech.pcm16, 16000)
    mp3_pcm, mp3_rate = decode_mp3(render(speech, "mp3"))
    assert mp3_rate == 16000 and abs(len(mp3_pcm) - len(pcm)) < 16000
    mulaw = render(speech, "mulaw8k")
    assert abs(len(mulaw) - len(pcm) // 4) <= 2  # 8 kHz, one byte a sample.
    with pytest.raises(ValueError, match="unknown audio format"):
        render(speech, "ogg")  # type: ignore[arg-type]


async def test_concurrent_requests_for_one_answer_share_one_synthesis(tts, espeak):
    results = await asyncio.gather(
        *(tts.synthesize("Please hold on.", "en") for _ in range(4))
    )
    assert all(r is not None and r.pcm16 for r in results)
    assert espeak.calls == 1
    key = tts.cache.key("espeak-ng", "en-us", "normal", "Please hold on.")
    assert read_wav(tts.cache.path(key).read_bytes())[0]
    assert not list(tts.cache.path(key).parent.glob("*.part"))


async def test_text_that_looks_like_an_option_is_still_spoken(tts):
    speech = await tts.synthesize("-5 is not an option", "en")
    assert speech is not None and seconds(speech) > 0.5


async def test_one_caller_hanging_up_does_not_cancel_the_others(tts):
    first = asyncio.ensure_future(tts.synthesize("Your parcel is on shelf A3.", "en"))
    second = asyncio.ensure_future(tts.synthesize("Your parcel is on shelf A3.", "en"))
    await asyncio.sleep(0)
    first.cancel()
    speech = await second
    assert speech is not None and speech.pcm16


async def test_codes_and_phone_numbers_are_not_kept_on_disk(tts, espeak):
    text = "Pickup code 357246 is wrong."
    assert await tts.synthesize(text, "en") is not None
    assert await tts.synthesize(text, "en") is not None
    assert espeak.calls == 2
    assert not list(tts.cache.directory.glob("*/*.wav"))


async def test_pruning_removes_the_least_recently_used(tts):
    import os

    for i, word in enumerate(["one", "two", "three"]):
        await tts.synthesize(f"Answer {word}.", "en")
        key = tts.cache.key("espeak-ng", "en-us", "normal", f"Answer {word}.")
        os.utime(tts.cache.path(key), (1000 + i, 1000 + i))
    await tts.synthesize("Answer one.", "en")  # A hit: now the most recent.
    sizes = sorted(p.stat().st_size for p in tts.cache.directory.glob("*/*.wav"))
    assert tts.cache.prune(sum(sizes) - 1) == 1
    remaining = await asyncio.gather(
        *(tts.synthesize(f"Answer {w}.", "en") for w in ("one", "two", "three"))
    )
    assert [s.cached for s in remaining if s] == [True, False, True]
