"""The audio of one kiosk utterance, while it is being recognised."""

from __future__ import annotations

from dataclasses import dataclass

from voice.gateway.state import CountedStream


@dataclass
class Utterance:
    """The audio of one utterance being recognised."""

    stream: CountedStream
    language: str
    sample_rate: int
    received_ms: float = 0.0
