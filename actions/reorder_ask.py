"""The reorder form's one open question, asked in the owner's language."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import ShopAction, Turn, latest_intent
from actions.keys import form_reask, keyed_in_vain
from actions.pin_answer import answer_open_digits
from actions.reorder_draft import heard_quantity
from actions.reorder_state import (
    AskQuantity,
    CheckQuantity,
    Choose,
    DraftQuestion,
    Suggest,
    draft_from_slot,
)
from actions.speech_text import item_words, options_words, plural, quantity_words
from common.languages import is_english


def amount_said(question: Choose, language: str) -> str:
    """"三箱，" / "Three cases. ": the quantity already said, before "which one?"."""
    heard = heard_quantity(question.quantity, "")
    if heard is None or heard.whole is None:
        return ""
    first = question.candidates[0]
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
        draft = draft_from_slot(tracker.get_slot("reorder_pending"))
        question = None if draft is None else draft.question
        if latest_intent(tracker) == "silence" or keyed_in_vain(tracker):
            # On the phone, asked again shorter, with the keys that answer it.
            dispatcher.utter_message(response=form_reask(question))
            return []
        _ask(dispatcher, question, turn.language)
        return []


def _ask(
    dispatcher: CollectingDispatcher, question: DraftQuestion | None, language: str
) -> None:
    """Utter the question of one kind: choose, suggest, check, quantity or what."""
    name = "name_en" if is_english(language) else "name_zh"
    match question:
        case Choose():
            # Offered by what tells them apart (flavour, size, pack), never
            # "Baixiang, Baixiang or Baixiang"; "第二个" or keypad 2 picks one.
            options = options_words([c[name] for c in question.candidates], language)
            dispatcher.utter_message(
                response="utter_reorder_choose",
                options=options,
                amount=amount_said(question, language),
            )
        case Suggest(query, product):
            dispatcher.utter_message(
                response="utter_reorder_unknown_suggest",
                query=query,
                product=product[name],
            )
        case CheckQuantity(line):
            dispatcher.utter_message(
                response="utter_reorder_check_quantity",
                item=item_words(
                    line["quantity"], line["unit_zh"], line["unit_en"],
                    line["name_zh"], line["name_en"], language,
                ),
            )  # fmt: skip
        case AskQuantity(product, whole):
            unit = product["unit_zh"]
            if is_english(language):
                unit = plural(product["unit_en"])
            dispatcher.utter_message(
                response=(
                    "utter_reorder_whole_units"
                    if whole
                    else "utter_ask_reorder_quantity"
                ),
                product=product[name],
                unit=unit,
            )
        case _:
            dispatcher.utter_message(response="utter_ask_reorder_what")
