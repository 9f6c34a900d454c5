"""Price and pack questions, answered and never turned into an order.

"可口可乐多少钱一箱", "how many bottles in a case of sprite".
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answer import answer_yes_with_a_remark
from actions.backend_clients import clients
from actions.base import ShopAction, Turn, entity_values, latest_text
from actions.numbers import parse_quantity
from actions.speech_text import chinese_number, english_number, money_words
from common.languages import is_english
from common.vocabulary import UNITS, canonical_unit

ASKS = re.compile(
    r"多少|几|什么价|怎么卖|价|\?|？|\bhow\b|\bwhat\b|\bprice|\bcost", re.I
)


WANTS = re.compile(r"\bi (?:want|need|wanna)\b|\bgive me\b|\border\b|要|来|订|整", re.I)


def _orders_in(unit: str) -> bool:
    """Whether goods are ordered in this measure word (箱, "case").

    A size printed on the product (330ml, 2 litre, 70克) is not a quantity.
    """
    known = UNITS.get(canonical_unit(unit) or unit)
    return known is None or known.kind == "count"


def _names_a_quantity(tracker: Tracker, said: str) -> bool:
    """Whether the owner said how many to order, tagged by NLU or not.

    "i want for box of sprite": "for box" is four cases NLU missed.
    """
    if entity_values(tracker, "quantity"):
        return True
    heard = parse_quantity(said)
    if heard is None or heard.unit is None or not _orders_in(heard.unit):
        return False
    return WANTS.search(said) is not None


class ActionProductInfo(ShopAction):
    """Say a product's wholesale price and how many come in its pack."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_product_info"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Resolve the product named and read its price and pack size."""
        yes = await answer_yes_with_a_remark(turn, dispatcher, tracker)
        if yes is not None:
            return yes  # "ok good price" to the read-back
        said = latest_text(tracker)
        if _names_a_quantity(tracker, said) and not ASKS.search(said):
            return [FollowupAction("reorder_form")]  # "coke five case": an order
        named = entity_values(tracker, "product")
        query = named[0] if named else latest_text(tracker)
        found = await clients().catalog.resolve(turn.shop, query[:100], turn.language)
        if not found.candidates:
            dispatcher.utter_message(response="utter_product_unknown")
            return []
        product = found.candidates[0].product
        english = is_english(turn.language)
        dispatcher.utter_message(
            response="utter_product_info",
            name=product.name(turn.language),
            unit=product.unit_en if english else product.unit_zh,
            pack=english_number(product.pack_size)
            if english
            else chinese_number(product.pack_size),
            price=money_words(product.price, turn.language),
        )
        return []
