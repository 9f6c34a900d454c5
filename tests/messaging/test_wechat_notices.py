"""Notices in WeChat through the real gateway, Rasa, actions and backend.

The owner has a shop made for the test in the shared test backend (PIN 1234): no
other test links an account to it, so every notice of that shop lands here.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from typing import Any

import pytest

from tests.fixtures.backend import BackendServer
from tests.fixtures.shops import MakeShop, TestShop
from tests.fixtures.voice import KoreanForChinese
from tests.fixtures.wechat_standin import WeChatStandIn
from tests.messaging.accounts import dispatched_order, link_account, order_count
from tests.messaging.conftest import wechat_gateway
from tests.messaging.wechat_client import text_xml

pytestmark = [pytest.mark.rasa, pytest.mark.slow]
PIN_WORDS = "一二三四"


def _db(backend: BackendServer) -> sqlite3.Connection:
    return sqlite3.connect(backend.database_url.split(":///", 1)[1], timeout=30)


def _run_low_on_best_seller(backend: BackendServer, shop: int) -> str:
    """Sell the shop's best seller down to nothing; its SKU."""
    with _db(backend) as db:
        (sku,) = db.execute(
            "SELECT sku FROM item_sales WHERE shop_id = ? GROUP BY sku "
            "ORDER BY sum(units) DESC LIMIT 1", (shop,),
        ).fetchone()  # fmt: skip
        db.execute(
            "UPDATE inventory SET on_hand = 0 WHERE shop_id = ? AND sku = ?",
            (shop, sku),
        )
    return str(sku)


def _dispatched_order(backend: BackendServer, shop: TestShop) -> int:
    return dispatched_order(backend, shop.shop_id, shop.owner_id)


def _notice_states(backend: BackendServer, shop: int, kind: str) -> list[str]:
    with _db(backend) as db:
        rows = db.execute(
            "SELECT state FROM notices WHERE shop_id = ? AND kind = ? ORDER BY id",
            (shop, kind),
        ).fetchall()
    return [str(state) for (state,) in rows]


async def test_notices_wait_for_the_window_then_the_owner_answers_one(
    speech_engines: KoreanForChinese,
    backend_url: str,
    backend_server: BackendServer,
    wechat_api: WeChatStandIn,
    rasa_server: Any,
    make_served_shop: MakeShop,
) -> None:
    made = await make_served_shop()
    shop = made.shop_id
    account = link_account(backend_server, made.owner_id, "wechat")
    low_sku = _run_low_on_best_seller(backend_server, shop)
    order_id = _dispatched_order(backend_server, made)
    async for _, wechat in wechat_gateway(
        speech_engines, backend_url, wechat_api, rasa_server.url, notice_poll_s=0.3
    ):
        # The owner has not written: WeChat would refuse a push, so nothing goes.
        await asyncio.sleep(1.5)
        assert wechat_api.sent_to(account) == []
        assert _notice_states(backend_server, shop, "order_dispatched") == ["pending"]

        hello = await wechat.post(text_xml(account, "你好", wechat.new_msg_id()))
        assert hello.status == 200 and hello.reply is not None
        # The window is open: the dispatched order, then the stock running out.
        pushed = await wechat_api.next_sent_to(account, 2, 60)
        told = [m["text"]["content"] for m in pushed]
        assert f"订单{order_id}" in told[0] and "发货" in told[0], told
        assert "快卖完了" in told[1] and "要不要订" in told[1], told
        assert _notice_states(backend_server, shop, "order_dispatched") == ["sent"]

        # The owner answers the notice, and the conversation carries on from it.
        before = order_count(backend_server, shop)
        readback = await wechat.post(text_xml(account, "好", wechat.new_msg_id()))
        assert readback.reply is not None and "确认下单" in readback.reply.content, (
            readback.body
        )
        asked = await wechat.post(text_xml(account, "对", wechat.new_msg_id()))
        assert asked.reply is not None and "密码" in asked.reply.content
        placed = await wechat.post(text_xml(account, PIN_WORDS, wechat.new_msg_id()))
        assert placed.reply is not None
        assert re.search(r"订单号?\d+", placed.reply.content), placed.reply.content
        assert order_count(backend_server, shop) == before + 1
        with _db(backend_server) as db:
            (sku,) = db.execute(
                "SELECT sku FROM order_lines WHERE order_id = "
                "(SELECT max(id) FROM orders WHERE shop_id = ?)", (shop,),
            ).fetchone()  # fmt: skip
        assert sku == low_sku

        # "不要提醒我": the next dispatch is not told.
        muted = await wechat.post(text_xml(account, "不要提醒我", wechat.new_msg_id()))
        assert muted.reply is not None and "不主动提醒" in muted.reply.content
        sent_before = len(wechat_api.sent_to(account))
        _dispatched_order(backend_server, made)
        await asyncio.sleep(1.5)
        assert len(wechat_api.sent_to(account)) == sent_before
        assert _notice_states(backend_server, shop, "order_dispatched")[-1] == "muted"
        # "恢复提醒" turns them back on for what comes next.
        back = await wechat.post(text_xml(account, "恢复提醒", wechat.new_msg_id()))
        assert back.reply is not None and "主动告诉" in back.reply.content
