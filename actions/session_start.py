"""Session start: who is talking, resolved from the channel identity in metadata."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import Clients, clients
from actions.clients.errors import BackendError, Unauthorized

logger = logging.getLogger(__name__)
# Slots that survive a session restart (the owner's choices, not their identity).
CARRIED_SLOTS = ("language", "slow_speech")
MAX_TOKEN_CHARS = 200


def metadata_shop_token(tracker: Tracker) -> str | None:
    """The conversation's shop token, as the channel handed it with the latest turn.

    Only a channel that knows who is talking (the voice gateway, the phone and chat
    bridges, the demo REST channel) resolves the caller and puts the token in the
    message metadata; the backend decides what it opens. The newest message wins,
    so a channel can renew a token that is about to expire.
    """
    candidates: list[Any] = [
        event.get("metadata")
        for event in reversed(tracker.events)
        if event.get("event") == "user"
    ][:1]
    candidates.append(tracker.get_slot("session_started_metadata"))
    for metadata in candidates:
        if isinstance(metadata, dict):
            token = metadata.get("shop_token")
            if isinstance(token, str) and 0 < len(token) <= MAX_TOKEN_CHARS:
                return token
    return None


async def identity_events(tracker: Tracker, wired: Clients) -> list[EventType]:
    """Learn who is talking from the turn's shop token; empty when unknown."""
    token = metadata_shop_token(tracker)
    if token is None:
        return []
    try:
        identity = await wired.identity.describe(token)
    except Unauthorized:
        logger.info("conversation %s: the shop token is not valid", tracker.sender_id)
        return []
    return [
        SlotSet("owner_id", identity.owner_id),
        SlotSet("shop_id", identity.shop_id),
        SlotSet("display_name", identity.display_name),
        SlotSet("shop_name", identity.shop_name),
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
            events += await identity_events(tracker, clients())
        except BackendError as error:
            # Resolved again lazily by the first shop action; never fail the session.
            logger.warning("identity not resolved at session start: %s", error)
        events.append(ActionExecuted("action_listen"))
        return events
