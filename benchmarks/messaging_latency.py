"""WeChat message → reply latency, text and voice, and the share answered passively.

    python benchmarks/messaging_latency.py [--turns 12] [--passive-ms 4000]

Starts a seeded backend, the action server and ``rasa run`` on free ports (the
helpers the tests use), the voice gateway in this process with the real speech
engines, and the WeChat API stand-in of ``tests/fixtures/wechat_standin.py``.
Each turn is a signed, AES-encrypted message from the English demo owner's linked
account, as WeChat's servers post it; a new account every few turns keeps the
conversations short like an owner's.

Prints p50/p95 of:

* text → reply: the POST arriving → the reply, whether it came back in the HTTP
  answer (passive) or through ``message/custom/send`` after a ``success``;
* voice → text reply: the same for a voice message (the committed recording of
  "what parcels are waiting" as AMR-NB): download, decode, recognition, Rasa;
* voice → voice reply: → the voice message (synthesis, MP3, upload, send);

and the share of text and voice replies that went back passively within
WeChat's 5 s. Leaves out: WeChat's own network (the stand-in is on 127.0.0.1),
the owner's phone, and a Mandarin recogniser (none can be installed here).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import subprocess
import time
import uuid
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from benchmarks.phone_latency import percentile
from benchmarks.services import run_with_services
from tests.fixtures.voice import fixture_pcm
from tests.fixtures.wechat_standin import APP_ID, APP_SECRET, WeChatStandIn
from tests.messaging.wechat_client import WeChatServer, text_xml, voice_xml
from voice.config import VoiceConfig
from voice.gateway.app import init_app
from voice.messaging.settings import (
    DEMO_WECHAT_AES_KEY,
    DEMO_WECHAT_TOKEN,
    MessagingSettings,
    WeChatSettings,
)
from voice.speech.audio import wav_bytes
from voice.speech.registry import SpeechEngines

DAVID_OWNER = 2
TEXTS = ("what parcels are waiting", "twenty cases of coke", "no",
         "how much can I borrow", "where is my order")  # fmt: skip
VOICE_CLIP = "en_what_parcels_are_waiting-16k.wav"


def link_account(database_url: str) -> str:
    """A fresh WeChat account linked to David, as linking leaves it."""
    account = f"wx-bench-{uuid.uuid4().hex[:10]}"
    with sqlite3.connect(database_url.split(":///", 1)[1], timeout=30) as db:
        db.execute(
            "INSERT INTO messaging_accounts (owner_id, channel, account_id) "
            "VALUES (?, 'wechat', ?)", (DAVID_OWNER, account),
        )  # fmt: skip
    return account


def amr_of(pcm: bytes, rate: int) -> bytes:
    done = subprocess.run(
        ["sox", "-t", "wav", "-", "-r", "8000", "-t", "amr-nb", "-C", "7", "-"],
        input=wav_bytes(pcm, rate), capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout


async def one_message(
    wechat: WeChatServer, api: WeChatStandIn, xml: str, voice: bool
) -> dict[str, Any]:
    """Post one message; when its text (and voice) reply arrived, and how."""
    pushed_before = len(api.sent)
    started = time.perf_counter()
    answer = await wechat.post(xml)
    answered = time.perf_counter()
    text_ms: float | None = None
    passive = answer.reply is not None
    if passive:
        text_ms = (answered - started) * 1000
    waiting_for = (0 if passive else 1) + (1 if voice else 0)
    voice_ms: float | None = None
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        arrived = api.sent[pushed_before:]
        texts = [m for m in arrived if m["msgtype"] == "text"]
        voices = [m for m in arrived if m["msgtype"] == "voice"]
        if text_ms is None and texts:
            text_ms = (time.perf_counter() - started) * 1000
        if voice and voice_ms is None and voices:
            voice_ms = (time.perf_counter() - started) * 1000
        if len(arrived) >= waiting_for:
            break
        await asyncio.sleep(0.01)
    return {"text_ms": text_ms, "voice_ms": voice_ms, "passive": passive}


def show(label: str, values: list[float]) -> None:
    if not values:
        print(f"  {label:<26} (no samples)")
        return
    print(f"  {label:<26} p50 {percentile(values, 0.5):7.0f} ms   "
          f"p95 {percentile(values, 0.95):7.0f} ms   n={len(values)}")  # fmt: skip


async def measure(args: argparse.Namespace, backend_url: str, rasa_url: str,
                  database_url: str) -> None:  # fmt: skip
    api = WeChatStandIn()
    api_server = TestServer(api.app(), host="127.0.0.1", port=0)
    await api_server.start_server()
    api.url = str(api_server.make_url("")).rstrip("/")
    settings = WeChatSettings(
        token=DEMO_WECHAT_TOKEN, aes_key=DEMO_WECHAT_AES_KEY, app_id=APP_ID,
        app_secret=APP_SECRET, api_base=api.url, passive_ms=args.passive_ms,
    )  # fmt: skip
    config = VoiceConfig(
        profile="test",
        backend_url=backend_url,
        rasa_url=rasa_url,
        audiosocket_port=0,
        messaging=MessagingSettings(wechat=settings),
    )
    engines = SpeechEngines.load(config, languages=("en",))
    client = TestClient(TestServer(init_app(config, engines), host="127.0.0.1", port=0))
    await client.start_server()
    wechat = WeChatServer(client, settings, encrypted=True)
    pcm, rate = fixture_pcm(VOICE_CLIP)
    clip = amr_of(pcm, rate)
    results: dict[str, list[dict[str, Any]]] = {"text": [], "voice": []}
    try:
        account = link_account(database_url)
        # Warm-up: the token fetch and the first Rasa turn.
        hello = text_xml(account, "hello", wechat.new_msg_id())
        await one_message(wechat, api, hello, voice=False)
        for turn in range(args.turns):
            if turn % len(TEXTS) == 0:
                account = link_account(database_url)
            text = TEXTS[turn % len(TEXTS)]
            xml = text_xml(account, text, wechat.new_msg_id())
            results["text"].append(await one_message(wechat, api, xml, voice=False))
            media_id = api.add_media(clip)
            xml = voice_xml(account, media_id, wechat.new_msg_id())
            results["voice"].append(await one_message(wechat, api, xml, voice=True))
    finally:
        await client.close()
        await api_server.close()
    print(f"WeChat, {args.turns} text and {args.turns} voice messages, "
          f"passive up to {args.passive_ms} ms:")  # fmt: skip
    show("text → reply", [r["text_ms"] for r in results["text"] if r["text_ms"]])
    show("voice → text reply", [r["text_ms"] for r in results["voice"] if r["text_ms"]])
    show("voice → voice reply", [r["voice_ms"] for r in results["voice"]
                                 if r["voice_ms"]])  # fmt: skip
    for kind in ("text", "voice"):
        done = results[kind]
        share = sum(r["passive"] for r in done) / max(1, len(done))
        print(f"  {kind} replies passive within 5 s: {share:.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--passive-ms", type=int, default=4000)
    args = parser.parse_args()
    run_with_services(
        lambda backend_url, rasa_url, database_url: measure(
            args, backend_url, rasa_url, database_url
        ),
        with_database_url=True,
    )


if __name__ == "__main__":
    main()
