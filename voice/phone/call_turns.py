"""A call's turns: what the caller said or keyed, relayed to the dialogue, answered.

Turns run one at a time (a lock) but as tasks, so audio and keys keep flowing
while Rasa thinks; the gateway tracks them too, to drain them on shutdown.
"""

from __future__ import annotations

import asyncio
import logging

from common.callers import IdentityUnavailableError, UnknownCallerError
from voice.gateway.rasa_client import BotReply, RasaError
from voice.phone import prompts
from voice.phone.call_silence import CallSilence
from voice.phone.call_state import CHANNEL, Since

logger = logging.getLogger(__name__)


class CallTurns(CallSilence):
    """Sending turns to the dialogue and speaking its replies."""

    def _send_turn(self, message: str, since: Since | None = None) -> None:
        """Send a turn; ``since`` is the caller's act its answer is timed from."""
        task = asyncio.create_task(self._turn(message, since))
        self._turns.add(task)
        self.gateway.turn_tasks.add(task)
        task.add_done_callback(self._turn_done)

    def _turn_done(self, task: asyncio.Task[None]) -> None:
        self._turns.discard(task)
        self.gateway.turn_tasks.discard(task)
        self._maybe_waiting()

    async def _turn(self, message: str, since: Since | None) -> None:
        try:
            async with self._turn_lock:
                self._stop_silence_timer()
                reply = await self._post(message)
                if reply is None or self.closed:
                    return
                self.figures.turns += 1
                self.keypad.expect(reply.keypad)
                if reply.language != self.language:
                    self.language = reply.language
                    self._open_stream()
                self._answer_since = since
                await self._speak(reply.texts, reply.slow_speech)
                if reply.end_call:
                    self._hang_up_when_played = True
        except Exception:
            logger.exception("call %s: a turn failed", self.sender)
            if not self.closed:
                await self._say_and_end(prompts.TROUBLE)

    async def _post(self, message: str) -> BotReply | None:
        caller = self._caller
        assert caller is not None and self._identity is not None
        try:
            if self._keyed_number is None:
                caller = await self.gateway.callers.resolve(
                    CHANNEL, self._identity, self.sender
                )
                self._caller = caller
            reply = await self.gateway.rasa.relay(
                CHANNEL,
                self._identity,
                self.sender,
                caller.shop_token,
                message,
                self.language,
            )
        except (RasaError, IdentityUnavailableError, UnknownCallerError) as problem:
            logger.warning("call %s: turn failed: %s", self.sender, problem)
            await self._say_and_end(prompts.TROUBLE)
            return None
        if not reply.identified:
            self.gateway.callers.forget(CHANNEL, self._identity, self.sender)
        return reply
