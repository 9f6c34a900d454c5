"""A call's keypad: keys interrupt the voice, gather into entries, or repeat (``*``).

Keys go into the same dialogue as speech, except before the caller is known, when
they carry the shop's number and PIN.
"""

from __future__ import annotations

import asyncio
import json
import time

from voice.phone.call_identity import CallIdentity
from voice.phone.call_state import Since
from voice.phone.keypad import DIGIT_TIMEOUT_S, Keyed


class CallKeypad(CallIdentity):
    """Keys pressed during a call."""

    async def key(self, key: str) -> None:
        """A keypad key; it interrupts whatever the assistant is saying."""
        if self.closed:
            return
        self._caller_active()
        self._last_key_at = time.perf_counter()
        keyed = self.keypad.press(key)
        if keyed is not None and keyed.repeat:
            await self._repeat()
            return
        if self.player.busy:
            await self._barge_in()
        self._restart_digit_timer()
        if keyed is not None:
            await self._keyed(keyed)

    async def _keyed(self, keyed: Keyed) -> None:
        if not keyed.keys:
            return
        if self._caller is None:
            await self._identify(keyed.keys)
            return
        message = "/keypad" + json.dumps({"keys": keyed.keys})
        self._send_turn(message, Since("key", self._last_key_at))

    def _restart_digit_timer(self) -> None:
        if self._digit_timer is not None:
            self._digit_timer.cancel()
        self._digit_timer = None
        if self.keypad.collecting:
            self._digit_timer = asyncio.create_task(self._digits_after_pause())

    async def _digits_after_pause(self) -> None:
        await asyncio.sleep(DIGIT_TIMEOUT_S)
        keyed = self.keypad.flush()
        if keyed is not None and not self.closed:
            await self._keyed(keyed)
