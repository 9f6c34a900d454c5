"""Session start: who is talking, resolved from the channel identity in metadata."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients.errors import BackendError, NotFound
from actions.services import Services, services
from common.masking import mask_phone

logger = logging.getLogger(__name__)
CHANNELS = frozenset({"phone", "wechat", "telegram", "kiosk"})
# Slots that survive a session restart (the owner's choices, not their identity).
CARRIED_SLOTS = ("language", "slow_speech")


def metadata_identity(tracker: Tracker) -> tuple[str, str] | None:
    """Return ``(channel, id)`` from the latest message metadata, if well formed."""
    candidates: list[Any] = [tracker.get_slot("session_started_metadata")]
    candidates += [
        event.get("metadata")
        for event in reversed(tracker.events)
        if event.get("event") == "user"
    ][:1]
    for metadata in candidates:
        if not isinstance(metadata, dict):
            continue
        channel, identity = metadata.get("channel"), metadata.get("id")
        if channel in CHANNELS and isinstance(identity, str) and identity:
            return channel, identity
    return None


def identity_trusted(input_channel: str | None, trusts_rest: bool) -> bool:
    """Whether metadata identity may be believed for this input channel.

    The plain ``rest`` channel lets anyone write any metadata, so outside the demo
    and test profiles only dedicated channels (kiosk, phone gateways) are believed.
    An unknown channel (the very first message) is decided later, once it is known.
    """
    if trusts_rest:
        return True
    return input_channel is not None and input_channel != "rest"


async def identity_events(tracker: Tracker, wired: Services) -> list[EventType]:
    """Resolve the talking owner; return the slot events (empty when unknown)."""
    found = metadata_identity(tracker)
    if found is None:
        return []
    if not identity_trusted(
        tracker.get_latest_input_channel(), wired.config.trusts_rest_identity
    ):
        return []
    channel, raw_id = found
    try:
        identity = await wired.identity.resolve(channel, raw_id)
    except NotFound:
        logger.info("unknown identity %s:%s", channel, mask_phone(raw_id))
        return []
    return [
        SlotSet("owner_id", identity.owner_id),
        SlotSet("shop_id", identity.shop_id),
        SlotSet("display_name", identity.display_name),
        SlotSet("language", identity.language),
    ]


class ActionSessionStart(Action):
    """Start a session: carry the owner's choices over, resolve who is talking."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_session_start"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Emit SessionStarted, carried slots, identity slots, then listen."""
        events: list[EventType] = [SessionStarted()]
        events += [
            SlotSet(name, tracker.get_slot(name))
            for name in CARRIED_SLOTS
            if tracker.get_slot(name) is not None
        ]
        try:
            events += await identity_events(tracker, services())
        except BackendError as error:
            # Resolved again lazily by the first shop action; never fail the session.
            logger.warning("identity not resolved at session start: %s", error)
        events.append(ActionExecuted("action_listen"))
        return events
