"""Identifying a caller the backend does not know by their number: number, then PIN."""

from __future__ import annotations

import logging

from common.callers import (
    IdentityUnavailableError,
    UnknownCallerError,
    WrongPinError,
)
from voice.phone import prompts
from voice.phone.call_state import CHANNEL
from voice.phone.call_turns import CallTurns

logger = logging.getLogger(__name__)

MAX_PIN_TRIES_PER_CALL = 3  # Then the call ends; the backend locks after five.


class CallIdentity(CallTurns):
    """Asking an unknown caller for their shop's number and PIN on the keypad."""

    async def _ask_who(self) -> None:
        self._keyed_number = None
        self.keypad.expect("digits")
        await self._say(prompts.say(prompts.UNKNOWN_CALLER, self.language))

    async def _identify(self, keys: str) -> None:
        if self._keyed_number is None:
            self._keyed_number = keys
            self.keypad.expect("digits")
            await self._say(prompts.say(prompts.ASK_PIN, self.language))
            return
        try:
            caller = await self.gateway.callers.resolve_with_pin(
                CHANNEL, self._keyed_number, keys, self.sender
            )
        except (UnknownCallerError, WrongPinError) as refused:
            self._pin_tries += 1
            locked = isinstance(refused, WrongPinError) and refused.locked
            if locked:
                await self._say_and_end(prompts.PIN_LOCKED)
            elif self._pin_tries >= MAX_PIN_TRIES_PER_CALL:
                await self._say_and_end(prompts.NOT_RECOGNISED_GOODBYE)
            else:
                self._keyed_number = None
                self.keypad.expect("digits")
                await self._say(prompts.say(prompts.NOT_RECOGNISED, self.language))
            return
        except IdentityUnavailableError as problem:
            logger.warning("call: cannot check a keyed identity: %s", problem)
            await self._say_and_end(prompts.TROUBLE)
            return
        self._caller = caller
        self._identity = self._keyed_number
        self._connected()
        self._send_turn("/greet")

    def _connected(self) -> None:
        assert self._caller is not None
        self.language = self._caller.language
        self.keypad.expect("menu")
        self._open_stream()
