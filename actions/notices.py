"""Notices: the assistant tells the owner what needs them, and "不要提醒我".

The chat gateway sends ``/notice{"notice_id": "7"}`` into the owner's own
conversation when the backend says a notice may go; this action words it. A
notice that offers something leaves its question open, so the owner's answer
("好", "好，再订二十箱") carries the conversation on like any other turn.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import ShopAction, Turn, entity_values
from actions.clients.errors import NotFound
from actions.clients.notices import Notice
from actions.reorder import SUGGESTIONS, lines_words, spoken_date
from actions.reorder_draft import base_name, base_name_en, line_of
from actions.speech_text import chinese_number, money_words
from common.languages import is_english


def _number_words(value: int, language: str) -> str:
    return str(value) if is_english(language) else chinese_number(value)


def _money(facts: dict[str, Any], key: str, language: str) -> str:
    return money_words(Decimal(str(facts.get(key, "0"))), language)


def _order_notice(
    dispatcher: CollectingDispatcher, notice: Notice, language: str
) -> None:
    facts = notice.facts
    order_id = str(facts.get("order_id", ""))
    total = _money(facts, "total", language)
    if notice.kind == "order_dispatched":
        arrives = spoken_date(str(facts.get("delivery_date", "")), language)
        dispatcher.utter_message(response="utter_notice_order_dispatched",
                                 id=order_id, date=arrives, total=total)  # fmt: skip
    else:
        dispatcher.utter_message(response="utter_notice_order_delivered",
                                 id=order_id, total=total)  # fmt: skip


def _loan_notice(
    dispatcher: CollectingDispatcher, notice: Notice, language: str
) -> None:
    facts = notice.facts
    approved = facts.get("decision") == "approved"
    dispatcher.utter_message(
        response="utter_notice_loan_approved" if approved
        else "utter_notice_loan_rejected",
        amount=_money(facts, "amount", language),
        months=_number_words(int(facts.get("term_months", 0)), language),
        monthly=_money(facts, "monthly_repayment", language),
    )  # fmt: skip


def _parcel_notice(
    dispatcher: CollectingDispatcher, notice: Notice, language: str
) -> None:
    facts = notice.facts
    dispatcher.utter_message(
        response="utter_notice_parcel_overdue_soon",
        carrier=str(facts.get("carrier", "")),
        recipient=str(facts.get("recipient_masked", "")),
        shelf=str(facts.get("shelf_slot", "")),
        days=_number_words(int(facts.get("days_waiting", 0)), language),
    )


async def _stock_notice(
    turn: Turn, dispatcher: CollectingDispatcher, notice: Notice
) -> list[EventType]:
    """Tell the item is running out and offer to order it (the suggestions question)."""
    sku = notice.facts.get("sku")
    running_low = await clients().orders.suggestions(turn.shop)
    suggested = [s for s in running_low if s.product.sku == sku]
    days = Decimal(str(notice.facts.get("days_left", 0)))
    days_said = "less than a day" if days < 1 else f"about {int(days)} day"
    if not is_english(turn.language):
        days_said = "不到一天" if days < 1 else f"大概{chinese_number(int(days))}天"
    if not suggested:  # restocked since: tell it, offer nothing
        name = notice.facts.get(
            "name_en" if is_english(turn.language) else "name_zh", ""
        )
        dispatcher.utter_message(response="utter_notice_low_stock_only",
                                 name=str(name), days=days_said)  # fmt: skip
        return []
    line = line_of(suggested[0].product, suggested[0].suggested_quantity)
    spoken = {**line, "name_zh": base_name(line["name_zh"]),
              "name_en": base_name_en(line["name_en"])}  # fmt: skip
    name = spoken["name_en"] if is_english(turn.language) else spoken["name_zh"]
    dispatcher.utter_message(
        response="utter_notice_low_stock",
        name=str(name),
        days=days_said,
        items=lines_words([spoken], turn.language),
    )
    return [SlotSet("reorder_items", [line]), *SUGGESTIONS.asked()]


class ActionTellNotice(ShopAction):
    """Word a notice the gateway brought into the conversation."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_tell_notice"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Fetch the notice and tell it; say nothing for one that is not there."""
        ids = entity_values(tracker, "notice_id")
        if not ids or not ids[0].isdigit():
            return []
        try:
            notice = await clients().notices.get(turn.shop, int(ids[0]))
        except NotFound:
            return []  # nothing said: the gateway sends nothing
        if notice.kind in ("order_dispatched", "order_delivered"):
            _order_notice(dispatcher, notice, turn.language)
        elif notice.kind == "loan_decision":
            _loan_notice(dispatcher, notice, turn.language)
        elif notice.kind == "parcel_overdue_soon":
            _parcel_notice(dispatcher, notice, turn.language)
        elif notice.kind == "low_stock":
            return await _stock_notice(turn, dispatcher, notice)
        return []


class ActionMuteNotices(ShopAction):
    """"不要提醒我": no more notices until the owner asks for them again."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_mute_notices"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Turn notices off and say how to turn them back on."""
        await clients().notices.set_muted(turn.shop, True)
        dispatcher.utter_message(response="utter_notices_muted")
        return []


class ActionUnmuteNotices(ShopAction):
    """The owner wants notices again."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_unmute_notices"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Turn notices back on."""
        await clients().notices.set_muted(turn.shop, False)
        dispatcher.utter_message(response="utter_notices_unmuted")
        return []
