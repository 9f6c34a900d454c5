"""What one phone call holds: who it is, its recogniser, what was said and played.

The behaviour lives in layers over :class:`CallState` (playback, silence, turns,
identity, keypad), joined in :class:`voice.phone.call.CallSession`; they share this
state because each event of a call touches several of them.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from common.callers import Caller
from common.channels import PHONE
from voice.gateway.state import CountedStream, Gateway
from voice.phone.keypad import KeypadBuffer
from voice.phone.line import RATE, CallLine
from voice.phone.player import Player
from voice.speech.audio import AudioFormatError
from voice.speech.endpointing import Endpointer
from voice.speech.stt import SpeechUnavailable

logger = logging.getLogger(__name__)

CHANNEL = PHONE


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


class CallState:
    """The state of one call, and its speech recogniser."""

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

    if TYPE_CHECKING:  # Given by the layers above, which the player calls back.

        def played(self, mark: str) -> None:
            """The carrier played everything up to ``mark``."""

        def _audio_started(self) -> None: ...

    def _busy(self) -> bool:
        return bool(self._turns) or self.player.busy or bool(self._unplayed)

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
