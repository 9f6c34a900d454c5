"""The reorder form's one open question, asked in the owner's language."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import ShopAction, Turn, latest_intent
from actions.keys import FORM_REASKS, keyed_in_vain
from actions.pin_answer import answer_open_digits
from actions.reorder_draft import Json, empty_draft, heard_quantity
from actions.speech_text import item_words, options_words, plural, quantity_words
from common.languages import is_english


def amount_said(question: Json, language: str) -> str:
    """"三箱，" / "Three cases. ": the quantity already said, before "which one?"."""
    heard = heard_quantity(question.get("quantity"), "")
    if heard is None or heard.whole is None:
        return ""
    first = question["candidates"][0]
    amount = quantity_words(heard.whole, first["unit_zh"], first["unit_en"], language)
    return (
        f"{amount[:1].upper()}{amount[1:]}. " if is_english(language) else f"{amount}，"
    )


class ActionAskReorderItems(ShopAction):
    """Ask the reorder form's one open question."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_ask_reorder_items"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Utter the question for the draft's state.

        A PIN or pickup code said while one was asked for is that answer, even if
        NLU heard an order in it: the form stops and the answer is served.
        """
        answered = await answer_open_digits(turn, dispatcher, tracker)
        if answered is not None:
            return [ActiveLoop(None), SlotSet("requested_slot", None), *answered]
        draft = tracker.get_slot("reorder_pending") or empty_draft()
        question = draft.get("question") or {"kind": "what"}
        language = turn.language
        kind = question["kind"]
        if latest_intent(tracker) == "silence" or keyed_in_vain(tracker):
            # On the phone, asked again shorter, with the keys that answer it.
            dispatcher.utter_message(
                response=FORM_REASKS.get(kind, "utter_say_what_to_order")
            )
            return []
        _ask(dispatcher, question, language)
        return []


def _ask(dispatcher: CollectingDispatcher, question: Json, language: str) -> None:
    """Utter the question of one kind: choose, suggest, check, quantity or what."""
    kind = question["kind"]
    if kind == "choose":
        # Offered by what tells them apart (flavour, size, pack), never
        # "Baixiang, Baixiang or Baixiang"; "第二个" or keypad 2 picks one.
        names = [
            c["name_en" if is_english(language) else "name_zh"]
            for c in question["candidates"]
        ]
        options = options_words(names, language)
        dispatcher.utter_message(
            response="utter_reorder_choose",
            options=options,
            amount=amount_said(question, language),
        )
    elif kind == "suggest":
        product = question["product"]
        dispatcher.utter_message(
            response="utter_reorder_unknown_suggest",
            query=question["query"],
            product=product["name_en" if is_english(language) else "name_zh"],
        )
    elif kind == "check":
        line = question["line"]
        dispatcher.utter_message(
            response="utter_reorder_check_quantity",
            item=item_words(
                line["quantity"], line["unit_zh"], line["unit_en"],
                line["name_zh"], line["name_en"], language,
            ),
        )  # fmt: skip
    elif kind == "quantity":
        product = question["product"]
        unit = product["unit_zh"]
        if is_english(language):
            unit = plural(product["unit_en"])
        response = (
            "utter_reorder_whole_units"
            if question.get("whole")
            else "utter_ask_reorder_quantity"
        )
        dispatcher.utter_message(
            response=response,
            product=product["name_en" if is_english(language) else "name_zh"],
            unit=unit,
        )
    else:
        dispatcher.utter_message(response="utter_ask_reorder_what")
