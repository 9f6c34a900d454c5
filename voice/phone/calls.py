"""The gateway's book of phone calls: open calls, reconnects, PBX caller numbers."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from typing import Protocol

from voice.metrics import PHONE_CALLS, PHONE_CALLS_OPEN

KEEP_CALL_IDS = 10_000
KEEP_FIGURES = 1_000
PBX_NUMBER_TTL_S = 120.0


class Figures(Protocol):
    """What a call measured (``voice.phone.call_state.CallFigures``)."""

    speech_answer_ms: list[float]


class CallBook:
    """Counts calls and remembers recent call ids, in one gateway process."""

    def __init__(self) -> None:
        self.open = 0
        self.total = 0
        self.connections = 0  # AudioSocket connections, with or without a call yet.
        self.finished: deque[Figures] = deque(maxlen=KEEP_FIGURES)
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._pbx_numbers: dict[str, tuple[str, float]] = {}

    def first_time(self, call_id: str) -> bool:
        """True the first time a call id connects (False: the carrier reconnected)."""
        if call_id in self._seen:
            self._seen.move_to_end(call_id)
            return False
        self._seen[call_id] = None
        while len(self._seen) > KEEP_CALL_IDS:
            self._seen.popitem(last=False)
        return True

    def opened(self, figures: Figures) -> None:
        """A call started."""
        self.open += 1
        self.total += 1
        PHONE_CALLS.inc()
        PHONE_CALLS_OPEN.inc()

    def closed(self, figures: Figures) -> None:
        """A call ended; its figures are kept for benchmarks."""
        self.open -= 1
        PHONE_CALLS_OPEN.dec()
        self.finished.append(figures)

    def note_pbx_caller(self, call_uuid: str, number: str) -> None:
        """The PBX's dialplan says who is on the AudioSocket call ``call_uuid``."""
        now = time.monotonic()
        for key, (_, noted_at) in list(self._pbx_numbers.items()):
            if now - noted_at > PBX_NUMBER_TTL_S:
                del self._pbx_numbers[key]
        self._pbx_numbers[call_uuid] = (number, now)

    def pbx_caller(self, call_uuid: str) -> str | None:
        """The number noted for an AudioSocket call (taken once), if fresh."""
        noted = self._pbx_numbers.pop(call_uuid, None)
        if noted is None or time.monotonic() - noted[1] > PBX_NUMBER_TTL_S:
            return None
        return noted[0]
