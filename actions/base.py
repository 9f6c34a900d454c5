"""What every shop action shares: the turn's context and spoken error handling."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.clients.errors import BackendError, Unauthorized, Unavailable
from actions.clients.http import ShopAccess
from actions.numbers import parse_code
from actions.session_start import identity_events, metadata_shop_token
from common.channels import PHONE
from common.languages import language_or_default

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Turn:
    """Who is talking, in which language, in which conversation."""

    language: str
    conversation_id: str
    owner_id: int | None = None
    shop_id: int | None = None
    owner_session: str | None = None
    shop_token: str | None = None

    def with_owner_session(self, token: str) -> Turn:
        """Return the same turn with an owner session."""
        return replace(self, owner_session=token)

    @property
    def shop(self) -> ShopAccess:
        """The shop this conversation may reach, with its token (identified turns)."""
        assert self.shop_id is not None and self.shop_token is not None
        return ShopAccess(self.shop_id, self.shop_token)


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def turn_of(tracker: Tracker, events: list[EventType] | None = None) -> Turn:
    """Read the turn context from slots, overlaid with not-yet-applied events."""
    slots = dict(tracker.slots)
    for event in events or []:
        if event.get("event") == "slot":
            slots[event["name"]] = event.get("value")
    language = slots.get("language")
    return Turn(
        language=language_or_default(language),
        conversation_id=tracker.sender_id,
        owner_id=_int_or_none(slots.get("owner_id")),
        shop_id=_int_or_none(slots.get("shop_id")),
        owner_session=slots.get("owner_session") or None,
        shop_token=metadata_shop_token(tracker),
    )


# Turns the phone gateway sends as intent triggers: keys and silences, no words.
UNSPOKEN_INTENTS = frozenset({"keypad", "silence"})


def latest_text(tracker: Tracker) -> str:
    """Return what the owner just said ("" for a key or a silence).

    A keypad turn's text is its trigger, ``/keypad{"keys": "1"}``: none of the
    word heuristics (amounts, terms, codes, ordinals) may read numbers in it.
    """
    if latest_intent(tracker) in UNSPOKEN_INTENTS:
        return ""
    return str(tracker.latest_message.get("text") or "")


def on_phone(tracker: Tracker) -> bool:
    """Whether the owner is on the phone line, where keys answer too."""
    return bool(tracker.get_latest_input_channel() == PHONE)


def latest_intent(tracker: Tracker) -> str:
    """Return the intent of what the owner just said."""
    intent = tracker.latest_message.get("intent") or {}
    return str(intent.get("name") or "")


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    """Return every value of ``entity`` in the latest message, in order."""
    return [
        str(item.get("value"))
        for item in tracker.latest_message.get("entities") or []
        if item.get("entity") == entity and item.get("value") is not None
    ]


def heard_digits(tracker: Tracker, length: int, entity: str) -> str | None:
    """A digit string of ``length`` the owner said or keyed, or None.

    Looked for in the keys pressed on the phone, the number extractor's ``digits``
    (recogniser spellings included), then NLU's ``entity``, then the text itself.
    """
    for raw in [
        *entity_values(tracker, "keys"),
        *entity_values(tracker, "digits"),
        *entity_values(tracker, entity),
        latest_text(tracker),
    ]:
        digits = parse_code(raw)
        if digits and len(digits) == length:
            return digits
    return None


def clear_context() -> list[EventType]:
    """Forget what was being confirmed or awaited."""
    return [SlotSet("confirming", None), SlotSet("awaiting", None)]


class ShopGuard(ABC):
    """Resolve the shop first; backend failures become spoken apologies.

    Shared by :class:`ShopAction` and the forms' validation actions, which must
    subclass the SDK's ``FormValidationAction`` instead of a plain ``Action``.
    Nothing is stored on ``self``: rasa-sdk shares one instance across requests.
    """

    # The SDK's extract_<slot> methods see only the tracker, not the turn: an
    # action using them has the identity just resolved added to its tracker.
    identity_in_tracker: ClassVar[bool] = False

    @abstractmethod
    def name(self) -> str:
        """Return the action's name."""

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Resolve the shop if needed, then run :meth:`act` with error handling."""
        events: list[EventType] = []
        try:
            if tracker.get_slot("shop_id") is None:
                events = await identity_events(tracker, clients())
                if self.identity_in_tracker:
                    tracker.add_slots(events)
            turn = turn_of(tracker, events)
            if turn.shop_id is None or turn.shop_token is None:
                dispatcher.utter_message(response="utter_unknown_owner")
                return events
            return events + await self.act(turn, dispatcher, tracker, domain)
        except Unavailable as error:
            logger.warning(
                "conversation %s: %s: backend unavailable: %s",
                tracker.sender_id, self.name(), error,
            )  # fmt: skip
            dispatcher.messages.clear()  # only the apology, nothing half-said
            dispatcher.utter_message(response="utter_backend_down")
        except Unauthorized as error:
            # An expired owner session: forget it so the next try asks for the PIN.
            # A dead shop token: forget who is talking; the channel's next token
            # (it renews them) identifies the owner again.
            logger.info(
                "conversation %s: %s: credential refused: %s",
                tracker.sender_id, self.name(), error.code,
            )  # fmt: skip
            dispatcher.messages.clear()
            dispatcher.utter_message(response="utter_backend_error")
            forget = ["owner_session"]
            if error.code.startswith("shop_token") or error.code == "wrong_shop":
                forget += ["shop_id", "owner_id"]
            return [
                *events,
                *(SlotSet(name, None) for name in forget),
                *clear_context(),
                *self.after_failure(),
            ]
        except BackendError as error:
            logger.warning(
                "conversation %s: %s: backend refused: %s",
                tracker.sender_id, self.name(), error,
            )  # fmt: skip
            dispatcher.messages.clear()
            dispatcher.utter_message(response="utter_backend_error")
        return events + clear_context() + self.after_failure()

    def after_failure(self) -> list[EventType]:
        """Return extra events that leave nothing half-done after a failure."""
        return []

    @abstractmethod
    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Do the feature's work for an identified shop; return the events."""


class ShopAction(ShopGuard, Action):
    """An action for an identified shop; backend failures become spoken apologies."""
