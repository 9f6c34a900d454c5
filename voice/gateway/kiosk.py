"""One kiosk WebSocket connection: pairing, listening, turns and spoken replies.

The page sends ``hello`` first; until the kiosk is paired it may only ``pair``. While
listening, binary frames are PCM that goes to a recognition stream; the utterance ends
when the endpointer hears trailing silence, when the button is released (``stop``) or
when it runs too long. The text then goes to Rasa in a turn task, and the reply comes
back as text first, then as audio, one bubble at a time.
"""

from __future__ import annotations

import logging

from aiohttp import WSMsgType, web

from voice.gateway import protocol as p
from voice.gateway.kiosk_listening import MAX_FRAME_BYTES, KioskListening
from voice.gateway.kiosk_pairing import KioskPairing
from voice.gateway.state import GATEWAY

logger = logging.getLogger(__name__)


class KioskSession(KioskPairing, KioskListening):
    """One connected kiosk page: its messages routed to pairing, listening, turns."""

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
