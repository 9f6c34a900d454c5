"""What one kiosk WebSocket connection holds, and how it talks back to the page.

Pairing (``kiosk_pairing``) and listening (``kiosk_listening``) build on it; the
session in ``kiosk`` joins them and routes the page's messages.
"""

from __future__ import annotations

from aiohttp import web

from voice.gateway import protocol as p
from voice.gateway.backend_client import KioskShop
from voice.gateway.kiosk_utterance import Utterance
from voice.gateway.state import Gateway
from voice.gateway.turns import TurnRunner


class KioskConnection:
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

    def _ask(self, text: str) -> None:
        assert self.device_token is not None
        self.turns.schedule(self.device_token, text, self.language)

    def _drop_utterance(self) -> None:
        if self.utterance is not None:
            self.utterance.stream.close()
            self.utterance = None
