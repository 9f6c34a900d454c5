"""A kiosk's turns: text to Rasa, the reply back as text and speech, one at a time."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol

from common.callers import IdentityUnavailableError, UnknownCallerError
from common.channels import KIOSK
from voice.gateway import protocol as p
from voice.gateway.rasa_client import RasaError, sender_id
from voice.gateway.replies import speak_reply
from voice.gateway.state import Gateway

logger = logging.getLogger(__name__)

DRAIN_TIMEOUT_S = 40


class TurnPage(Protocol):
    """The kiosk session a turn answers to."""

    language: str

    async def send(self, frame: str | bytes) -> bool:
        """Send one frame; False once the page has gone away."""
        ...

    async def error(self, code: str, message: str) -> None:
        """Send an ``error`` event."""
        ...


class TurnRunner:
    """Runs one kiosk's turns as tasks, answering them in the order they were asked."""

    def __init__(self, gateway: Gateway, page: TurnPage, peer: str) -> None:
        self.gateway = gateway
        self.page = page
        self.peer = peer
        self.count = 0
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    def schedule(self, device_token: str, text: str, language: str) -> None:
        """Start a turn; it runs once the turns before it have been answered."""
        self.count += 1
        task = asyncio.create_task(self._turn(self.count, device_token, text, language))
        self._tasks.add(task)
        self.gateway.turn_tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(self.gateway.turn_tasks.discard)

    async def drain(self) -> None:
        """Let turns already sent to Rasa finish (one may be placing an order)."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=DRAIN_TIMEOUT_S)
        for task in pending:
            task.cancel()

    async def _turn(
        self, number: int, device_token: str, text: str, language: str
    ) -> None:
        try:
            async with self._lock:
                await self._answer(number, device_token, text, language)
        except Exception:
            logger.exception("kiosk %s: turn %d failed", self.peer, number)
            await self.page.error("internal_error", "something went wrong; try again")

    async def _answer(
        self, number: int, device_token: str, text: str, language: str
    ) -> None:
        await self.page.send(p.event("thinking", turn=number))
        started = time.perf_counter()
        try:
            caller = await self.gateway.callers.resolve(
                KIOSK, device_token, sender_id(device_token)
            )
        except UnknownCallerError:
            await self.page.error("not_paired", "pair this kiosk with a code first")
            return
        except IdentityUnavailableError as problem:
            logger.warning("kiosk %s: cannot renew its token: %s", self.peer, problem)
            await self.page.error(
                "backend_unavailable", "the shop system is not answering"
            )
            return
        try:
            reply = await self.gateway.rasa.turn(
                device_token, caller.shop_token, text, language
            )
        except RasaError as problem:
            logger.warning("kiosk %s: turn failed: %s", self.peer, problem)
            await self.page.error(
                "assistant_unavailable", "the assistant is not answering"
            )
            return
        rasa_ms = (time.perf_counter() - started) * 1000
        if not reply.identified:
            # The backend refused the token (revoked): resolve afresh next turn.
            self.gateway.callers.forget(KIOSK, device_token, sender_id(device_token))
        # The owner may have asked the assistant itself to switch language.
        self.page.language = reply.language
        await speak_reply(
            self.page, self.gateway.engines.tts, number, reply, rasa_ms=rasa_ms
        )
