"""Phone line latency, capacity and memory, per transport (Twilio, AudioSocket).

    python benchmarks/phone_latency.py [--turns 8] [--calls 1,2,4,6]
        [--end-of-turn smart-turn|silence]

Starts a seeded backend, the action server and ``rasa run`` on free ports (the
helpers the tests use), then the gateway in this process with the real speech
engines, and calls it with the simulated carriers of ``tests/fixtures/phone.py``
(audio sent and played in real time). The English demo owner asks "what parcels
are waiting" (the committed recording, resampled to 8 kHz), then keys a wrong
pickup code and ``#``, in turn.

Prints, per transport, p50/p95 of:

* speech → answer: the end of the caller's words → the first frame of the answer
  (end-of-turn detection, recognition, Rasa, actions, backend, synthesis, pacing),
  as the gateway measures it, and as the caller hears it;
* key → answer: the key press → the first frame of the answer;

then the capacity: N calls at once, each asking in turn; how late the answers get
and whether the gateway kept every call's audio at real time (gaps between frames
of one answer over 100 ms are counted as underruns); and resident memory per
open call. Leaves out: the carrier's own network and jitter buffer (tens of ms
on Twilio), and a Mandarin recogniser (none can be installed here).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from aiohttp.test_utils import TestClient, TestServer

from benchmarks.services import run_with_services
from tests.fixtures.phone import AudioSocketCaller, TwilioCaller
from tests.fixtures.voice import fixture_pcm, without_trailing_silence
from voice.config import VoiceConfig
from voice.gateway.app import AUDIOSOCKET_PORT, init_app
from voice.gateway.state import GATEWAY
from voice.speech.audio import pcm16_resample, rms
from voice.speech.registry import SpeechEngines
from voice.speech.settings import SpeechSettings, TurnSettings

DAVID = "+8613800000002"
KEY_GAP_S = 0.15  # press() waits this long after each key
QUESTION = "en_what_parcels_are_waiting-16k.wav"
Caller = TwilioCaller | AudioSocketCaller


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def show(label: str, values: list[float]) -> None:
    if not values:
        print(f"  {label:<34} (no samples)")
        return
    print(
        f"  {label:<34} p50 {percentile(values, 0.5):7.0f} ms   "
        f"p95 {percentile(values, 0.95):7.0f} ms   n={len(values)}"
    )


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def first_loud_after(caller: Caller, moment: float) -> float | None:
    for at, frame in caller.heard.frames:
        if at > moment and rms(frame) > 200:
            return at
    return None


def underruns(caller: Caller, since: float) -> int:
    """Gaps of 100 ms to 2 s between audio frames arriving within an answer.

    The gateway sends 60 ms ahead; a longer gap means the caller heard a hole
    (the next piece not synthesised in time, or the process falling behind).
    """
    if isinstance(caller, TwilioCaller):
        times = [at for at, m in caller.received if m.get("event") == "media"]
    else:
        times = [at for at, _ in caller.heard.frames]
    times = [at for at in times if at > since]
    return sum(1 for a, b in itertools.pairwise(times) if 0.1 < b - a < 2.0)


async def one_call(
    make: Callable[[], Any], speech: bytes, turns: int
) -> dict[str, list[float]]:
    caller = make()
    heard: dict[str, list[float]] = {"speech": [], "key": [], "underruns": []}
    await (caller.dial() if isinstance(caller, TwilioCaller) else caller.connect())
    await caller.until_quiet()
    for turn in range(turns):
        if turn % 2 == 0:
            await caller.say(speech)
            kind = "speech"
        else:
            # The parcels were read out and a code is awaited: a wrong one, keyed.
            await caller.press("000000#")
            kind = "key"
        ended = time.monotonic() - (KEY_GAP_S if kind == "key" else 0.0)
        await caller.until_quiet()
        first = first_loud_after(caller, ended)
        if first is not None:
            heard[kind].append((first - ended) * 1000)
        heard["underruns"].append(float(underruns(caller, ended)))
    await caller.hang_up()
    return heard


async def measure(args: argparse.Namespace, backend_url: str, rasa_url: str) -> None:
    speech_settings = SpeechSettings(turn=TurnSettings(mode=args.end_of_turn))
    config = VoiceConfig(
        profile="test", backend_url=backend_url, rasa_url=rasa_url,
        tts_cache_dir=Path(tempfile.mkdtemp(prefix="tts-phone-")),
        speech=speech_settings, audiosocket_port=0,
    )  # fmt: skip
    engines = SpeechEngines.load(config, languages=("en",))
    app = init_app(config, engines)
    client = TestClient(TestServer(app, host="127.0.0.1", port=0))
    await client.start_server()
    pcm, rate = fixture_pcm(QUESTION)
    speech = pcm16_resample(without_trailing_silence(pcm), rate, 8000)
    book = app[GATEWAY].phone_calls
    makers: dict[str, Callable[[], Any]] = {
        "twilio": lambda: TwilioCaller(client, DAVID),
        "audiosocket": lambda: _audiosocket(client),
    }
    try:
        for transport, make in makers.items():
            print(f"\n{transport}: one call, {args.turns} turns (speech and keys)")
            seen = len(book.finished)
            heard = await one_call(make, speech, args.turns)
            for _ in range(100):  # The gateway closes the call just after hang-up.
                if len(book.finished) > seen:
                    break
                await asyncio.sleep(0.1)
            finished = list(book.finished)[seen:]
            show("speech → answer (gateway)", [
                ms for f in finished for ms in f.speech_answer_ms
            ])  # fmt: skip
            show("key → answer (gateway)", [
                ms for f in finished for ms in f.key_answer_ms
            ])  # fmt: skip
            show("speech → answer (caller hears)", heard["speech"])
            show("key → answer (caller hears)", heard["key"])
        print("\ncapacity (Twilio): calls at once, each asking in turn")
        for count in args.calls:
            before = rss_mb()
            started = time.monotonic()
            results = await asyncio.gather(
                *(one_call(makers["twilio"], speech, 2) for _ in range(count))
            )
            spoken = [ms for r in results for ms in r["speech"]]
            keyed = [ms for r in results for ms in r["key"]]
            gaps = sum(int(sum(r["underruns"])) for r in results)
            print(
                f"  {count} calls: speech → answer p50 {percentile(spoken, 0.5):5.0f} "
                f"p95 {percentile(spoken, 0.95):5.0f} ms; key → answer p50 "
                f"{percentile(keyed, 0.5):4.0f} p95 {percentile(keyed, 0.95):4.0f} ms; "
                f"underruns {gaps}; {time.monotonic() - started:4.0f} s wall; "
                f"RSS {before:.0f} → {rss_mb():.0f} MB"
            )
        await _memory_per_call(client, args.calls[-1])
    finally:
        await client.close()
        engines.close()


def _audiosocket(client: TestClient) -> AudioSocketCaller:
    """An AudioSocket call whose number the dialplan lookup would have noted."""
    caller = AudioSocketCaller(client.app[AUDIOSOCKET_PORT])
    book = client.app[GATEWAY].phone_calls
    book.note_pbx_caller(str(caller.call_uuid), DAVID)
    return caller


async def _memory_per_call(client: TestClient, count: int) -> None:
    before = rss_mb()
    callers = [TwilioCaller(client, DAVID) for _ in range(count)]
    await asyncio.gather(*(c.dial() for c in callers))
    await asyncio.gather(*(c.until_quiet() for c in callers))
    during = rss_mb()
    await asyncio.gather(*(c.hang_up() for c in callers))
    print(
        f"\nmemory: {count} open calls (greeted, listening): "
        f"{(during - before) / count:.1f} MB each "
        f"({before:.0f} → {during:.0f} MB; recognisers are per call, models shared)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="phone_latency")
    parser.add_argument("--turns", type=int, default=8)
    parser.add_argument(
        "--calls", type=lambda s: [int(n) for n in s.split(",")], default=[1, 2, 4]
    )
    parser.add_argument(
        "--end-of-turn", choices=("smart-turn", "silence"), default="smart-turn"
    )
    args = parser.parse_args()
    run_with_services(lambda backend, rasa: measure(args, backend, rasa))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
