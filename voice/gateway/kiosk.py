"""One kiosk WebSocket connection: pairing, listening, turns and spoken replies.

The page sends ``hello`` first; until the kiosk is paired it may only ``pair``. While
listening, binary frames are PCM that goes to a recognition stream; the utterance ends
when the endpointer hears trailing silence, when the button is released (``stop``) or
when it runs too long. The text then goes to Rasa in a turn task, and the reply comes
back as text first, then as audio, one bubble at a time.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from aiohttp import WSMsgType, web

from common.callers import IdentityUnavailableError, UnknownCallerError
from common.channels import KIOSK
from voice.gateway import protocol as p
from voice.gateway.backend_client import (
    BackendError,
    KioskShop,
    PairingRefusedError,
)
from voice.gateway.rasa_client import sender_id
from voice.gateway.state import GATEWAY, CountedStream, Gateway
from voice.gateway.turns import TurnRunner
from voice.speech.audio import AudioFormatError
from voice.speech.stt import SpeechUnavailable, StreamClosedError, Transcript

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 256 * 1024
MAX_PAIR_TRIES = 5


@dataclass
class Utterance:
    """The audio of one utterance being recognised."""

    stream: CountedStream
    language: str
    sample_rate: int
    received_ms: float = 0.0


async def kiosk_shop(gateway: Gateway, device_token: str) -> KioskShop | None:
    """The shop a device token is paired with (None if it is not), and its token.

    Resolving the kiosk also gets the conversation's shop token, which the turns
    hand to Rasa; the resolver keeps it until shortly before it expires.
    """
    try:
        caller = await gateway.callers.resolve(
            KIOSK, device_token, sender_id(device_token)
        )
    except UnknownCallerError:
        return None
    return KioskShop(caller.shop_id, caller.shop_name, caller.language)


class KioskSession:
    """The state of one connected kiosk page."""

    def __init__(self, gateway: Gateway, ws: web.WebSocketResponse, peer: str) -> None:
        self.gateway = gateway
        self.ws = ws
        self.peer = peer
        self.device_token: str | None = None
        self.shop: KioskShop | None = None
        self.language = "zh"
        self.greeted = False
        self.utterance: Utterance | None = None
        self.pair_failures = 0
        self.turns = TurnRunner(gateway, self, peer)

    async def run(self) -> None:
        """Serve the connection until the page goes away."""
        try:
            async for message in self.ws:
                if message.type == WSMsgType.ERROR:
                    logger.info("kiosk %s socket error: %s", self.peer, message.data)
                    break
                try:
                    if message.type == WSMsgType.TEXT:
                        await self._on_text(message.data)
                    elif message.type == WSMsgType.BINARY:
                        await self._on_audio(message.data)
                except Exception:
                    # A bug must not take the kiosk down: drop the utterance, say so.
                    logger.exception("kiosk %s: message handling failed", self.peer)
                    self._drop_utterance()
                    await self.error(
                        "internal_error", "something went wrong; try again"
                    )
        finally:
            if self.utterance is not None:
                logger.info("kiosk %s disconnected mid-utterance", self.peer)
            self._drop_utterance()
            await self.turns.drain()

    async def send(self, frame: str | bytes) -> bool:
        """Send a frame; False if the page has gone away."""
        if self.ws.closed:
            return False
        try:
            if isinstance(frame, bytes):
                await self.ws.send_bytes(frame)
            else:
                await self.ws.send_str(frame)
        except (ConnectionError, RuntimeError):
            return False
        return True

    async def error(self, code: str, message: str) -> None:
        """Tell the page what went wrong; it shows its own words for ``code``."""
        await self.send(p.error_event(code, message))

    # Control messages.

    async def _on_text(self, raw: str) -> None:
        try:
            message = p.parse_client_message(raw)
        except p.ProtocolError as problem:
            await self.error(problem.code, problem.message)
            return
        if isinstance(message, p.Ping):
            await self.send(p.event("pong"))
        elif isinstance(message, p.Hello):
            await self._hello(message)
        elif not self.greeted:
            await self.error("hello_first", "send 'hello' first")
        elif isinstance(message, p.Pair):
            await self._pair(message)
        elif self.shop is None or self.device_token is None:
            await self.error("not_paired", "pair this kiosk with a code first")
        elif isinstance(message, p.Start):
            await self._start(message)
        elif isinstance(message, p.Stop):
            await self._stop()
        elif isinstance(message, p.Cancel):
            self._drop_utterance()
        elif isinstance(message, p.SetLanguage):
            self.language = message.language
            self._ask(f'/switch_language{{"language": "{message.language}"}}')
        elif isinstance(message, p.Text):
            self._ask(message.text)

    async def _hello(self, hello: p.Hello) -> None:
        self.greeted = True
        self.shop = None
        self.device_token = None
        if hello.device_token is not None:
            try:
                shop = await kiosk_shop(self.gateway, hello.device_token)
            except IdentityUnavailableError as problem:
                logger.warning(
                    "kiosk %s: cannot check its token: %s", self.peer, problem
                )
                await self.error(
                    "backend_unavailable", "the shop system is not answering"
                )
                return
            if shop is not None:
                self._paired(hello.device_token, shop)
                await self.send(self._ready_event())
                return
        await self.send(
            p.event(
                "ready",
                paired=False,
                forget_token=hello.device_token is not None,
                language=self.language,
            )
        )

    async def _pair(self, pair: p.Pair) -> None:
        if self.pair_failures >= MAX_PAIR_TRIES or not self.gateway.pair_limiter.allow(
            self.peer
        ):
            await self.error("too_many_pairing_tries", "too many tries; wait and retry")
            return
        try:
            pairing = await self.gateway.backend.pair(pair.code, pair.device_name)
        except PairingRefusedError as refused:
            self.pair_failures += 1
            await self.error(refused.code, refused.message)
            return
        except BackendError as problem:
            logger.warning("kiosk %s: pairing failed: %s", self.peer, problem)
            await self.error("backend_unavailable", "the shop system is not answering")
            return
        self._paired(pairing.device_token, pairing.shop)
        await self.send(p.event("paired", device_token=pairing.device_token))
        await self.send(self._ready_event())

    def _paired(self, device_token: str, shop: KioskShop) -> None:
        self.device_token = device_token
        self.shop = shop
        self.language = shop.language

    def _ready_event(self) -> str:
        assert self.shop is not None
        return p.event(
            "ready", paired=True, shop_name=self.shop.shop_name, language=self.language
        )

    # Audio.

    async def _start(self, start: p.Start) -> None:
        self._drop_utterance()
        self.language = start.language
        try:
            stt = self.gateway.engines.stt_for(start.language)
            stream = self.gateway.streams.open_stream(
                stt, start.sample_rate, self.gateway.phrase_hints.get(start.language)
            )
        except (SpeechUnavailable, AudioFormatError) as problem:
            logger.warning("kiosk %s: no recogniser: %s", self.peer, problem)
            await self.error("speech_unavailable", str(problem))
            return
        self.utterance = Utterance(stream, start.language, start.sample_rate)
        await self.send(p.event("listening", language=start.language))

    async def _on_audio(self, data: bytes) -> None:
        utterance = self.utterance
        if utterance is None:
            return  # Frames still in flight after the utterance ended.
        if len(data) % 2:
            await self.error("bad_audio_frame", "audio frames are 16-bit samples")
            return
        if len(data) > MAX_FRAME_BYTES:
            await self.error("bad_audio_frame", "audio frames must be under 256 KiB")
            return
        utterance.received_ms += len(data) / 2 / utterance.sample_rate * 1000
        if utterance.received_ms > self.gateway.config.max_utterance_ms:
            self._drop_utterance()
            seconds = self.gateway.config.max_utterance_ms // 1000
            await self.send(p.event("end", reason="too_long"))
            await self.error(
                "utterance_too_long", f"speak at most {seconds} seconds at a time"
            )
            return
        started = time.perf_counter()
        try:
            heard = await utterance.stream.accept(data)
        except StreamClosedError:
            return  # Cancelled while decoding.
        if heard is None or self.utterance is not utterance:
            return
        if not heard.final:
            await self.send(p.event("partial", text=heard.text))
            return
        self._drop_utterance()
        await self.send(p.event("end", reason="silence"))
        await self._heard(heard, utterance.language, _ms_since(started))

    async def _stop(self) -> None:
        utterance = self.utterance
        if utterance is None:
            return
        started = time.perf_counter()
        try:
            heard = await utterance.stream.finish()
        except StreamClosedError:
            return
        finally:
            self._drop_utterance()
        await self.send(p.event("end", reason="stop"))
        await self._heard(heard, utterance.language, _ms_since(started))

    async def _heard(self, heard: Transcript, language: str, asr_ms: float) -> None:
        text = heard.text.strip()
        await self.send(
            p.event(
                "final",
                text=text,
                language=language,
                confidence=heard.confidence,
                asr_ms=round(asr_ms, 1),
            )
        )
        if not text:
            await self.error(
                "no_speech", "nothing was heard; hold the button and speak"
            )
            return
        self._ask(text)

    def _ask(self, text: str) -> None:
        assert self.device_token is not None
        self.turns.schedule(self.device_token, text, self.language)

    def _drop_utterance(self) -> None:
        if self.utterance is not None:
            self.utterance.stream.close()
            self.utterance = None


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


async def kiosk_socket(request: web.Request) -> web.WebSocketResponse:
    """``GET /ws/kiosk``: the kiosk page's WebSocket."""
    gateway = request.app[GATEWAY]
    ws = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_FRAME_BYTES * 2)
    await ws.prepare(request)
    session = KioskSession(gateway, ws, request.remote or "unknown")
    gateway.sessions += 1
    try:
        await session.run()
    finally:
        gateway.sessions -= 1
    return ws
