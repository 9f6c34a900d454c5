"""Keypad digits as the dialogue wants them: one key at once, or digits up to ``#``.

In ``menu`` mode a key acts as soon as it is pressed. While the assistant waits for
a PIN or a pickup code (``digits`` mode, from the last reply) keys are collected
until ``#``; a pause of ``DIGIT_TIMEOUT_S`` after the last key sends what was keyed.
``*`` is never sent: it asks the line to say the last thing again.
"""

from __future__ import annotations

from dataclasses import dataclass

KEYS = frozenset("0123456789*#")
MAX_DIGITS = 20
DIGIT_TIMEOUT_S = 5.0
REPEAT = "*"


@dataclass(frozen=True)
class Keyed:
    """What a key press amounts to: keys for the dialogue, or a repeat request."""

    keys: str = ""
    repeat: bool = False


class KeypadBuffer:
    """Collects one call's key presses according to what the assistant waits for."""

    def __init__(self) -> None:
        self.mode = "menu"
        self._digits = ""

    @property
    def collecting(self) -> bool:
        """True while digits have been keyed but not yet ended with ``#``."""
        return bool(self._digits)

    def expect(self, mode: str) -> None:
        """Switch to ``menu`` or ``digits`` for the next keys (drops a half entry)."""
        self.mode = "digits" if mode == "digits" else "menu"
        self._digits = ""

    def press(self, key: str) -> Keyed | None:
        """Take one key; return what to do now, or None to wait for more."""
        if key not in KEYS:
            return None
        if key == REPEAT:
            self._digits = ""
            return Keyed(repeat=True)
        if self.mode == "menu":
            return Keyed(keys=key)
        if key == "#":
            return self.flush()
        if len(self._digits) < MAX_DIGITS:
            self._digits += key
        return None

    def flush(self) -> Keyed | None:
        """End the entry now (``#`` or the pause after the last key)."""
        keyed, self._digits = self._digits, ""
        return Keyed(keys=keyed) if keyed else None
