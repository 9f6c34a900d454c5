"""One phone call, whatever carries it: listening, keys, turns and paced replies.

A transport (Twilio Media Streams, Asterisk AudioSocket) turns its protocol into
calls of :meth:`CallSession.audio`, :meth:`~CallSession.key`,
:meth:`~CallSession.played` and :meth:`~CallSession.end`, and plays what the session
sends through its :class:`~voice.phone.line.CallLine`. Keys and speech go into the
same dialogue (Rasa's ``phone`` channel); the line itself only identifies callers
that the backend does not know by their number, repeats what was heard (``*``),
and ends calls that went silent.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field

from common.callers import (
    Caller,
    IdentityUnavailableError,
    UnknownCallerError,
    WrongPinError,
)
from common.channels import PHONE
from common.masking import mask_phone
from voice.gateway.rasa_client import BotReply, RasaError
from voice.gateway.state import CountedStream, Gateway
from voice.phone import prompts
from voice.phone.barge_in import interrupts
from voice.phone.keypad import DIGIT_TIMEOUT_S, Keyed, KeypadBuffer
from voice.phone.line import RATE, CallLine
from voice.phone.player import Player
from voice.speech.audio import (
    AudioFormatError,
    pcm16_resample,
    without_leading_silence,
)
from voice.speech.endpointing import Endpointer
from voice.speech.stt import SpeechUnavailable, StreamClosedError

logger = logging.getLogger(__name__)

CHANNEL = PHONE
MAX_SILENCES = 3
MAX_PIN_TRIES_PER_CALL = 3  # Then the call ends; the backend locks after five.
DRAIN_TIMEOUT_S = 40
# Held for a sound, the assistant carries on after this much quiet with no words
# (longer than the end-of-turn model's longest wait, so real words are never lost).
RESUME_AFTER_S = 2.0


@dataclass(frozen=True)
class CallStart:
    """What a transport knows when a call begins."""

    call_id: str  # The carrier's id (Twilio CallSid, AudioSocket UUID).
    caller: str | None  # The caller's number, E.164, when the carrier passed it.
    transport: str


@dataclass
class CallFigures:
    """What a call measured, for benchmarks and tests."""

    # The end of the caller's speech, or their last key, to the first frame of
    # the answer, ms (end-of-turn detection included for speech).
    speech_answer_ms: list[float] = field(default_factory=list)
    key_answer_ms: list[float] = field(default_factory=list)
    turns: int = 0
    barge_ins: int = 0
    silences: int = 0


@dataclass(frozen=True)
class Since:
    """The caller's act an answer is timed from: the end of speech, or a key."""

    kind: str  # "speech" or "key"
    at: float  # time.perf_counter()


def conversation_id(call_id: str) -> str:
    """The Rasa conversation of a call; a carrier reconnect continues it."""
    return "phone-" + hashlib.sha256(call_id.encode()).hexdigest()[:20]


class CallSession:
    """The state of one call."""

    def __init__(self, gateway: Gateway, line: CallLine, start: CallStart) -> None:
        self.gateway = gateway
        self.line = line
        self.start_info = start
        self.sender = conversation_id(start.call_id)
        self.language = "zh"
        self.figures = CallFigures()
        self.keypad = KeypadBuffer()
        self.player = Player(line, self.played, self._audio_started)
        self.gateway.phone_calls.opened(self.figures)
        self._caller: Caller | None = None
        self._identity: str | None = None  # The number the dialogue knows them by.
        self._keyed_number: str | None = None
        self._pin_tries = 0
        self._stream: CountedStream | None = None
        self._vad = Endpointer(RATE, trailing_silence_ms=300, min_speech_ms=120)
        self._holding = False  # Playback paused: the caller may be talking.
        self._speech_ended_at: float | None = None
        self._reply_no = 0
        self._pieces: dict[str, tuple[int, bytes]] = {}
        self._unplayed: set[str] = set()
        self._cleared: set[str] = set()
        self._heard_reply = 0
        self._answer_since: Since | None = None
        self._last_key_at = 0.0
        self._turn_lock = asyncio.Lock()
        self._turns: set[asyncio.Task[None]] = set()
        self._silence: asyncio.Task[None] | None = None
        self._digit_timer: asyncio.Task[None] | None = None
        self._hang_up_when_played = False
        self._ending: asyncio.Task[None] | None = None
        self.closed = False

    # Events from the transport.

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

    def played(self, mark: str) -> None:
        """The carrier played everything up to ``mark``."""
        piece = self._pieces.get(mark)
        if piece is not None and mark not in self._cleared:
            self._heard_reply = max(self._heard_reply, piece[0])
        self._unplayed.discard(mark)
        self._maybe_waiting()

    def _maybe_waiting(self) -> None:
        """Once everything said was played and no turn runs: hang up, or wait."""
        if self.closed or self._unplayed or self.player.busy:
            return
        if self._hang_up_when_played:
            if self._ending is None:
                self._ending = asyncio.create_task(self._hang_up())
        elif not self._turns:
            self._bot_waiting()

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

    # Identifying a caller the backend does not know by their number.

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

    # Turns.

    async def _keyed(self, keyed: Keyed) -> None:
        if not keyed.keys:
            return
        if self._caller is None:
            await self._identify(keyed.keys)
            return
        message = "/keypad" + json.dumps({"keys": keyed.keys})
        self._send_turn(message, Since("key", self._last_key_at))

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

    # Speaking.

    async def _speak(self, texts: tuple[str, ...], slow: bool = False) -> None:
        """Synthesise and queue a reply piece by piece (the first plays at once)."""
        self._reply_no += 1
        reply_no = self._reply_no
        tts = self.gateway.engines.tts
        part = 0
        for text in texts:
            async for speech in tts.stream(text, self.language, slow=slow):
                if self.closed or reply_no != self._reply_no:
                    return  # Barged in: the rest of this reply is not wanted.
                if speech is None:
                    continue
                pcm = await asyncio.to_thread(
                    pcm16_resample, speech.pcm16, speech.sample_rate, RATE
                )
                if part == 0:
                    pcm = without_leading_silence(pcm, RATE)  # answer at once
                mark = f"r{reply_no}p{part}"
                part += 1
                self._pieces[mark] = (reply_no, pcm)
                self._unplayed.add(mark)
                self.player.play(pcm, mark)
        self._forget_old_pieces()

    async def _say(self, text: str) -> None:
        await self._speak((text,))

    async def _say_and_end(self, prompt: prompts.Prompt) -> None:
        self.keypad.expect("menu")
        await self._speak((prompts.say(prompt, self.language),))
        self._hang_up_when_played = True
        self._maybe_waiting()

    async def _repeat(self) -> None:
        """``*``: say again the last answer the caller actually heard (marks say)."""
        heard = self._heard_reply or self._reply_no
        pieces = [pcm for number, pcm in self._pieces.values() if number == heard]
        await self._drop_playback()
        self._reply_no += 1  # What was still being synthesised is not wanted now.
        for index, pcm in enumerate(pieces):
            mark = f"r{heard}again{self._reply_no}p{index}"
            self._pieces[mark] = (heard, pcm)
            self._unplayed.add(mark)
            self.player.play(pcm, mark)

    async def _barge_in(self) -> None:
        self.figures.barge_ins += 1
        self._holding = False
        self._reply_no += 1
        await self._drop_playback()

    async def _drop_playback(self) -> None:
        # A carrier echoes the marks of cleared audio: they were not heard.
        self._cleared |= self._unplayed
        self._unplayed.clear()
        await self.player.stop()

    def _audio_started(self) -> None:
        since, self._answer_since = self._answer_since, None
        if since is not None:
            waited = (time.perf_counter() - since.at) * 1000
            if since.kind == "speech":
                self.figures.speech_answer_ms.append(waited)
            else:
                self.figures.key_answer_ms.append(waited)

    def _forget_old_pieces(self) -> None:
        keep_from = min(self._heard_reply or self._reply_no, self._reply_no)
        for mark in [m for m, (n, _) in self._pieces.items() if n < keep_from]:
            del self._pieces[mark]

    def _quiet_since_hold(self) -> bool:
        """True once the line has been quiet for a while after holding the voice."""
        ended = self._speech_ended_at
        return ended is not None and time.perf_counter() - ended > RESUME_AFTER_S

    # Silence, digits left hanging, and ending.

    def _busy(self) -> bool:
        return bool(self._turns) or self.player.busy or bool(self._unplayed)

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

    async def _hang_up(self) -> None:
        if not self.closed:
            await self.line.hang_up()
            await self.end()

    # Recognition.

    def _open_stream(self) -> None:
        self._close_stream()
        try:
            stt = self.gateway.engines.stt_for(self.language)
            self._stream = self.gateway.streams.open_stream(
                stt, RATE, self.gateway.phrase_hints.get(self.language)
            )
        except (SpeechUnavailable, AudioFormatError) as problem:
            # The keypad carries every job: the call goes on without speech.
            logger.warning("call %s: no recogniser: %s", self.sender, problem)

    def _close_stream(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
