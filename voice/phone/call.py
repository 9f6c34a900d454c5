"""One phone call, whatever carries it: listening, keys, turns and paced replies.

A transport (Twilio Media Streams, Asterisk AudioSocket) turns its protocol into
calls of :meth:`CallSession.audio`, :meth:`~CallSession.key`,
:meth:`~CallSession.played` and :meth:`~CallSession.end`, and plays what the session
sends through its :class:`~voice.phone.line.CallLine`. Keys and speech go into the
same dialogue (Rasa's ``phone`` channel); the line itself only identifies callers
that the backend does not know by their number, repeats what was heard (``*``),
and ends calls that went silent.

The session is built in layers, one concept each: its state (``call_state``),
its voice (``call_playback``), silence and hanging up (``call_silence``), turns
(``call_turns``), identifying unknown callers (``call_identity``) and the keypad
(``call_keypad``). This module adds the transport's events.
"""

from __future__ import annotations

import asyncio
import logging
import time

from common.callers import IdentityUnavailableError, UnknownCallerError
from common.masking import mask_phone
from voice.phone import prompts
from voice.phone.barge_in import interrupts
from voice.phone.call_keypad import CallKeypad
from voice.phone.call_state import CHANNEL, CallStart, Since, conversation_id
from voice.speech.stt import StreamClosedError

__all__ = ["CallSession", "CallStart", "conversation_id"]

logger = logging.getLogger(__name__)

DRAIN_TIMEOUT_S = 40


class CallSession(CallKeypad):
    """One call, driven by its transport's events."""

    async def begin(self) -> None:
        """Answer the call: greet a known caller, or ask who is calling."""
        self.player.start()
        first_time = self.gateway.phone_calls.first_time(self.start_info.call_id)
        number = self.start_info.caller
        if number:
            try:
                self._caller = await self.gateway.callers.resolve(
                    CHANNEL, number, self.sender
                )
                self._identity = number
            except UnknownCallerError:
                logger.info("call from unknown number %s", mask_phone(number))
            except IdentityUnavailableError as problem:
                logger.warning("call: cannot identify the caller: %s", problem)
                await self._say_and_end(prompts.TROUBLE)
                return
        if self._caller is None:
            await self._ask_who()
            return
        self._connected()
        if first_time:
            self._send_turn("/greet")
        else:
            await self._say(prompts.say(prompts.RECONNECTED, self.language))

    async def audio(self, pcm16: bytes) -> None:
        """20 ms (or so) of the caller's 8 kHz audio."""
        if self.closed or self._caller is None:
            return
        stream = self._stream
        if stream is None:
            return  # No recogniser for this language: keys only.
        self._vad.feed(pcm16)
        if self._vad.heard_speech:
            self._caller_active()
            if not self._vad.in_silence:
                self._speech_ended_at = time.perf_counter()
            if self.player.busy and not self._holding:
                self._holding = True
                self.player.hold()
        if self._holding and self._quiet_since_hold():
            # A noise the recogniser never took for speech: no words will come.
            self._holding = False
            self._vad.reset()
            self.player.resume()
        try:
            heard = await stream.accept(pcm16)
        except StreamClosedError:
            return
        if heard is None or self.closed:
            return
        text = heard.text.strip()
        if not heard.final:
            if self._holding and interrupts(text):
                await self._barge_in()
            return
        self._vad.reset()
        spoken_over = self._holding
        if self._holding and not interrupts(text):
            self._holding = False
            self.player.resume()  # A cough, or "嗯": carry on speaking.
            return
        if spoken_over:
            await self._barge_in()
        if text:
            ended = self._speech_ended_at or time.perf_counter()
            self._send_turn(text, Since("speech", ended))
        elif not self._busy():
            self._bot_waiting()

    def played(self, mark: str) -> None:
        """The carrier played everything up to ``mark``."""
        piece = self._pieces.get(mark)
        if piece is not None and mark not in self._cleared:
            self._heard_reply = max(self._heard_reply, piece[0])
        self._unplayed.discard(mark)
        self._maybe_waiting()

    async def end(self) -> None:
        """The call is over (hung up, or the transport went away)."""
        if self.closed:
            return
        self.closed = True
        self.gateway.phone_calls.closed(self.figures)
        for task in (self._silence, self._digit_timer):
            if task is not None and task is not asyncio.current_task():
                task.cancel()
        await self.player.close()
        self._close_stream()
        # A turn already with Rasa may be placing an order: let it finish.
        if self._turns:
            _, pending = await asyncio.wait(set(self._turns), timeout=DRAIN_TIMEOUT_S)
            for task in pending:
                task.cancel()
        if self._caller is not None:
            await self.gateway.callers.release(self._caller)
