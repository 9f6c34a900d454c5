"""Notices worded by the assistant: each kind, in each language, from its facts."""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.notices import ActionMuteNotices, ActionTellNotice
from tests.actions.conftest import david, texts, tracker, weijun
from tests.fixtures.backend import BackendServer


def _notice(
    server: BackendServer, shop_id: int, kind: str, facts: dict[str, Any]
) -> int:
    """A notice of the shop's owner, as the backend records it."""
    path = server.database_url.split(":///", 1)[1]
    with sqlite3.connect(path, timeout=30) as db:
        cursor = db.execute(
            "INSERT INTO notices (owner_id, shop_id, kind, subject, facts, state, "
            "created_at, due_at) VALUES (?, ?, ?, ?, ?, 'sent', "
            "datetime('now'), datetime('now'))",
            (shop_id, shop_id, kind, uuid.uuid4().hex, json.dumps(facts)),
        )
        return int(cursor.lastrowid or 0)


async def _tell(notice_id: int, slots: dict[str, Any]) -> tuple[Any, list[Any]]:
    dispatcher = CollectingDispatcher()
    entities = [{"entity": "notice_id", "value": str(notice_id)}]
    events = await ActionTellNotice().run(
        dispatcher, tracker(f'/notice{{"notice_id": "{notice_id}"}}', "notice",
                            entities, slots=slots, input_channel="wechat"),
        {},
    )  # fmt: skip
    return texts(dispatcher), events


async def test_a_dispatched_order_is_told_with_its_day_and_total(
    wired: Clients, backend_server: BackendServer
) -> None:
    notice_id = _notice(backend_server, 1, "order_dispatched",
                        {"order_id": 812, "delivery_date": "2099-01-02",
                         "total": "480.00"})  # fmt: skip
    said, events = await _tell(notice_id, weijun())
    told = {"id": "812", "date": "一月二日", "total": "四百八十元"}
    assert said == [("utter_notice_order_dispatched", told)]
    assert events == []


async def test_a_loan_decision_is_told_in_english(
    wired: Clients, backend_server: BackendServer
) -> None:
    notice_id = _notice(backend_server, 2, "loan_decision",
                        {"application_id": 9, "decision": "approved",
                         "amount": "30000.00", "term_months": 12,
                         "monthly_repayment": "2616.50"})  # fmt: skip
    said, _ = await _tell(notice_id, david())
    assert said == [("utter_notice_loan_approved",
                     {"amount": "30,000 yuan", "months": "12",
                      "monthly": "2,616 yuan 50 fen"})]  # fmt: skip


async def test_a_parcel_due_tomorrow_is_told_with_its_shelf(
    wired: Clients, backend_server: BackendServer
) -> None:
    notice_id = _notice(backend_server, 1, "parcel_overdue_soon",
                        {"parcel_id": 5, "carrier": "中通快递",
                         "recipient_masked": "张*", "shelf_slot": "A3",
                         "days_waiting": 5})  # fmt: skip
    said, _ = await _tell(notice_id, weijun())
    assert said == [("utter_notice_parcel_overdue_soon",
                     {"carrier": "中通快递", "recipient": "张*", "shelf": "A3",
                      "days": "五"})]  # fmt: skip


async def test_stock_running_out_offers_the_order_as_an_open_question(
    wired: Clients, backend_server: BackendServer
) -> None:
    # Weijun is low on Coca-Cola in the demo world.
    notice_id = _notice(backend_server, 1, "low_stock",
                        {"sku": "KO-COLA-330-24", "name_zh": "可口可乐",
                         "name_en": "Coca-Cola", "days_left": 0.6,
                         "suggested_quantity": 10})  # fmt: skip
    said, events = await _tell(notice_id, weijun())
    [(name, args)] = said
    assert name == "utter_notice_low_stock" and args["days"] == "不到一天"
    assert "可口可乐" in args["items"]
    assert SlotSet("confirming", "suggestions") in events
    drafted = [e for e in events if e.get("name") == "reorder_items"]
    assert drafted and drafted[0]["value"][0]["sku"] == "KO-COLA-330-24"


async def test_another_shops_notice_is_not_told(
    wired: Clients, backend_server: BackendServer
) -> None:
    notice_id = _notice(backend_server, 2, "order_delivered",
                        {"order_id": 1, "total": "1.00"})  # fmt: skip
    said, events = await _tell(notice_id, weijun())
    assert (said, events) == ([], [])


async def test_dont_remind_me_turns_notices_off(
    wired: Clients, backend_server: BackendServer
) -> None:
    dispatcher = CollectingDispatcher()
    path = backend_server.database_url.split(":///", 1)[1]
    try:
        await ActionMuteNotices().run(
            dispatcher, tracker("不要提醒我", "mute_notices", slots=david()), {}
        )
        assert texts(dispatcher) == [("utter_notices_muted", {})]
        with sqlite3.connect(path, timeout=30) as db:
            query = "SELECT notices_muted FROM owners WHERE id = 2"
            (muted,) = db.execute(query).fetchone()
        assert muted == 1
    finally:
        with sqlite3.connect(path, timeout=30) as db:  # leave David as he was
            db.execute("UPDATE owners SET notices_muted = 0 WHERE id = 2")
