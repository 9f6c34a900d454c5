"""Open questions, declared by the feature that asks them.

A feature that asks the owner something ("place this order?", "return these
parcels?") declares a :class:`Question` beside its own code: what a yes does, what a
no says, whether a doubtful yes on money is asked again, and how a keypad digit
answers it; a "which one?" question is a :class:`Choice`. An operation that needs
the PIN first declares a :class:`PinStep`: what
to carry on with once the PIN has opened a session. ``actions/open_questions.py``
lists them all, and ``action_answer`` routes every answer through that list, so no
feature reaches into another.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import Turn, latest_text
from actions.numbers import parse_ordinal

Handler = Callable[[Turn, CollectingDispatcher, Tracker], Awaitable[list[EventType]]]
AFFIRM, DENY = "affirm", "deny"
# On the phone: 1 for yes, 2 for no (the fixed menu outside tools rely on).
YES_NO_KEYS: Mapping[str, str] = {"1": AFFIRM, "2": DENY}


@dataclass(frozen=True)
class Question:
    """A yes/no question the bot asked and what each answer does."""

    name: str
    on_yes: Handler
    on_no: str = "utter_anything_else"
    # Instead of ``on_no``: what a no does when it has more to do than answer.
    on_no_do: Handler | None = None
    ask_again: str | None = None
    forget_on_no: tuple[str, ...] = ()
    keypad: Mapping[str, str] = field(default_factory=lambda: dict(YES_NO_KEYS))
    # Asked again after a silence on the phone: short, with the keys to press.
    reask: str = "utter_press_yes_no"
    # The PIN step a yes leads to: the PIN said in place of the yes ("二四六八" to
    # "确认下单吗？") is a yes that brings its PIN, checked before anything moves.
    pin_step: PinStep | None = None
    # What "let me think" (行 我再想想) says instead of ``on_no``: the question closes,
    # nothing in ``forget_on_no`` is forgotten, and asking again picks it up.
    on_wait: str | None = None

    def asked(self) -> list[EventType]:
        """The events that leave this question open."""
        return [SlotSet("confirming", self.name), SlotSet("awaiting", None)]

    def answer_for_key(self, key: str) -> str | None:
        """The answer a keypad digit gives (``affirm``/``deny``), None if none."""
        return self.keypad.get(key)


ChoiceHandler = Callable[
    [Turn, CollectingDispatcher, Tracker], Awaitable[list[EventType] | None]
]
KeyHandler = Callable[
    [Turn, CollectingDispatcher, Tracker, int], Awaitable[list[EventType] | None]
]


@dataclass(frozen=True)
class Choice:
    """A "which one?" question, answered by position, number or name.

    "第二个" and keypad 2 pick the second option read out: ``on_answer`` reads the
    words, ``on_key`` takes the position keyed (1 = the first). Both return None
    when nothing was picked: the owner has moved on, or pressed a key past the end.
    """

    name: str
    on_answer: ChoiceHandler
    on_key: KeyHandler
    reask: str = "utter_press_choice"


async def position_said(
    on_key: KeyHandler,
    turn: Turn,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
) -> list[EventType] | None:
    """A position said to a choice ("第二个", "the second one"), taken as its key.

    None if no position was said.
    """
    position = parse_ordinal(latest_text(tracker))
    if position is None:
        return None
    return await on_key(turn, dispatcher, tracker, position)


@dataclass(frozen=True)
class PinStep:
    """An operation that asks for the PIN, and how it carries on once given."""

    name: str
    resume: Handler


def ask_for_pin(dispatcher: CollectingDispatcher, step: PinStep) -> list[EventType]:
    """Ask for the PIN before ``step`` (PINs are never spoken back or stored)."""
    dispatcher.utter_message(response="utter_ask_pin")
    return [SlotSet("awaiting", "pin"), SlotSet("pin_for", step.name)]
