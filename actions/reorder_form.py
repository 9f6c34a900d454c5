"""The reorder form: turn what the owner says into settled order lines.

``validate_reorder_form`` runs after every owner message while the form is active;
``action_ask_reorder_items`` asks the one open question. Only a complete list of
lines fills ``reorder_items``, which ends the form and leads to the read-back.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import ShopGuard, Turn, latest_intent, latest_text, turn_of
from actions.keys import form_answer, pressed_keys
from actions.pin import heard_pin
from actions.pin_answer import pin_awaited
from actions.reorder_answers import answer_question
from actions.reorder_corrections import corrects_draft
from actions.reorder_draft import pick_candidate
from actions.reorder_edit import (
    draft_after_edit,
    edit_kind,
    edits_draft,
    lines_named,
    new_products,
    swaps_a_line,
    undoes_edit,
)
from actions.reorder_lines import work_queue
from actions.reorder_mentions import mentions_in
from actions.reorder_state import (
    AskWhat,
    Choose,
    Draft,
    Mention,
    Suggest,
    draft_from_slot,
    draft_to_slot,
)


def load_draft(tracker: Tracker) -> Draft:
    """Return the draft in progress, starting from items already read back."""
    pending = draft_from_slot(tracker.get_slot("reorder_pending"))
    if pending is not None:
        return pending
    items = tracker.get_slot("reorder_items")
    return Draft(lines=tuple(items) if isinstance(items, list) else ())


# The form's working state, set next to its one required slot, reorder_items.
DRAFT_SLOTS = ("reorder_pending", "reorder_previous")


class ValidateReorderForm(ShopGuard, FormValidationAction):
    """Extract and validate order lines; ask nothing itself except "not found".

    ``ShopGuard.run`` resolves the shop and turns backend failures into apologies;
    inside it, the SDK's run calls :meth:`extract_reorder_items`. Extracting
    nothing means the message is no answer: core rejects the form and the
    policies handle the interruption.
    """

    identity_in_tracker = True  # extract_reorder_items reads the shop from it

    def name(self) -> str:
        """Return the action's name."""
        return "validate_reorder_form"

    def after_failure(self) -> list[EventType]:
        """End the form (nothing ordered) rather than keep asking."""
        return [
            SlotSet("reorder_items", None),
            SlotSet("reorder_pending", None),
            SlotSet("requested_slot", None),
        ]

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Run the SDK's extraction and validation for the identified shop."""
        events: list[EventType] = await FormValidationAction.run(
            self, dispatcher, tracker, domain
        )
        return events

    async def get_validation_events(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """The SDK's validated slots, and the draft set with them.

        The SDK keeps only the form's required slots among those just extracted;
        the draft behind reorder_items must reach the tracker too.
        """
        events: list[EventType] = await super().get_validation_events(
            dispatcher, tracker, domain
        )
        recent = tracker.slots_to_validate()
        return events + [
            SlotSet(name, value)
            for name, value in recent.items()
            if name in DRAFT_SLOTS
        ]

    def validate_reorder_items(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Keep the lines: extract_reorder_items only sets complete, settled ones.

        Defined so that the SDK does not warn of a slot without validation.
        """
        return {"reorder_items": slot_value}

    async def extract_reorder_items(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """The slots the latest message sets; nothing when it is no answer."""
        turn = turn_of(tracker)  # ShopGuard.run put the shop in the tracker
        if tracker.get_slot("confirming") == "order":
            edit = await self._edit_of_read_back(turn, tracker)
            if edit is not None:
                return edit
        if pin_awaited(tracker) and heard_pin(tracker) is not None:
            # "二 四 六 八" after "your PIN?" is the PIN: no product names in it.
            return {}  # not an answer to the form: the PIN's own rule takes it
        draft = load_draft(tracker)
        text, intent = latest_text(tracker), latest_intent(tracker)
        if intent == "silence":
            # Nothing said: the form goes on and asks again, shortly.
            return {"reorder_pending": tracker.get_slot("reorder_pending")}
        if intent == "keypad":
            keys = pressed_keys(tracker) or ""
            keyed = form_answer(draft.question, keys)
            if keyed is None:
                return {}  # not an answer: action_keypad says so, the form asks again
            text, intent = keyed
        mentions = await mentions_in(turn, tracker, text, intent)
        taken = await _take(turn, draft, mentions, text, intent)
        if taken is None:
            return {}  # not an answer: let the policies handle an interruption
        draft = await work_queue(turn, taken, text, dispatcher)
        if draft.question is None and not draft.queue and draft.lines:
            return {"reorder_items": list(draft.lines), "reorder_pending": None}
        if draft.question is None:
            draft = replace(draft, question=AskWhat())
        return {"reorder_items": None, "reorder_pending": draft_to_slot(draft)}

    async def _edit_of_read_back(
        self, turn: Turn, tracker: Tracker
    ) -> dict[str, Any] | None:
        """The read-back draft edited, when an "order" is an edit of it.

        "swap the pepsi for coke", "把雪碧加回来": read back again, not added to.
        """
        lines = tracker.get_slot("reorder_items") or []
        if tracker.get_slot("awaiting"):
            return None  # "二 四 六 八" after "your PIN?" is the PIN, never an edit
        if undoes_edit(tracker):
            changed = tracker.get_slot("reorder_previous")
        elif corrects_draft(tracker):  # "不对，十五箱" heard as an order of "不对"
            changed = await draft_after_edit(turn, tracker, edit_kind(tracker))
        elif swaps_a_line(tracker):
            changed = await draft_after_edit(turn, tracker, "change_item")
        elif (
            edits_draft(tracker)
            and lines_named(lines, tracker)
            and not new_products(lines, tracker)
        ):
            # "牛奶少来点 四箱就行": a line of the draft, named by a shorter name.
            changed = await draft_after_edit(turn, tracker, edit_kind(tracker))
        else:
            return None
        if not changed:
            return None
        return {
            "reorder_previous": lines,
            "reorder_items": changed,
            "reorder_pending": None,
        }


async def _take(
    turn: Turn, draft: Draft, mentions: list[Mention], text: str, intent: str
) -> Draft | None:
    """The draft after a message: an answer, new products, or a first "what?".

    None when it is none of these, and the form should leave it to the policies.
    """
    question = draft.question
    picked = isinstance(question, Choose) and (
        pick_candidate(question.candidates, text) is not None
    )
    names_more = isinstance(question, (AskWhat, Choose))
    if question is not None and (picked or not mentions or not names_more):
        return await answer_question(turn, draft, question, text, intent)
    if mentions:
        # A new name instead of a pick keeps the quantity said before.
        carried = question.quantity if isinstance(question, (Choose, Suggest)) else None
        said = tuple(Mention(m.query, m.quantity or carried) for m in mentions)
        return replace(draft, question=None, queue=(*draft.queue, *said))
    if intent in ("reorder_stock", "inform") and not draft.lines:
        return replace(draft, question=AskWhat())
    return None
