"""When a call waits: the silence clock, and hanging up once the goodbye played."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

from voice.phone import prompts
from voice.phone.call_playback import CallPlayback
from voice.phone.call_state import Since

MAX_SILENCES = 3


class CallSilence(CallPlayback):
    """Prompting a quiet caller, and ending calls that went silent or were ended."""

    if TYPE_CHECKING:  # Given by the turn layer and the session.

        def _send_turn(self, message: str, since: Since | None = None) -> None: ...

        async def end(self) -> None:
            """The call is over."""

    def _maybe_waiting(self) -> None:
        """Once everything said was played and no turn runs: hang up, or wait."""
        if self.closed or self._unplayed or self.player.busy:
            return
        if self._hang_up_when_played:
            if self._ending is None:
                self._ending = asyncio.create_task(self._hang_up())
        elif not self._turns:
            self._bot_waiting()

    async def _say_and_end(self, prompt: prompts.Prompt) -> None:
        self.keypad.expect("menu")
        await self._speak((prompts.say(prompt, self.language),))
        self._hang_up_when_played = True
        self._maybe_waiting()

    def _bot_waiting(self) -> None:
        """The assistant has finished speaking and waits: start the silence clock."""
        self._stop_silence_timer()
        if not self.closed:
            self._silence = asyncio.create_task(self._silence_after())

    def _caller_active(self) -> None:
        self._stop_silence_timer()
        self.figures.silences = 0

    def _stop_silence_timer(self) -> None:
        if self._silence is not None and self._silence is not asyncio.current_task():
            self._silence.cancel()
        self._silence = None

    async def _silence_after(self) -> None:
        await asyncio.sleep(self.gateway.config.phone_silence_s)
        if self.closed or self._busy() or self.keypad.collecting:
            return
        self.figures.silences += 1
        if self.figures.silences >= MAX_SILENCES:
            await self._say_and_end(prompts.GOODBYE_AFTER_SILENCE)
        elif self._caller is None:
            asked = prompts.UNKNOWN_CALLER if self._keyed_number is None else None
            await self._say(prompts.say(asked or prompts.ASK_PIN, self.language))
        else:
            count = json.dumps({"count": self.figures.silences})
            self._send_turn("/silence" + count)

    async def _hang_up(self) -> None:
        if not self.closed:
            await self.line.hang_up()
            await self.end()
