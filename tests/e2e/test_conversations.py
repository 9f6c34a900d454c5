"""Whole conversations as an owner would have them, through the REST webhook."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import (
    DAVID,
    WEIJUN,
    XINKAI,
    backend_get,
    check_in_parcel,
    spoken_en,
    spoken_zh,
)
from tests.fixtures.backend import BackendServer
from tests.fixtures.rasa import RasaServer

pytestmark = pytest.mark.rasa


def _joined(replies: list[str]) -> str:
    return " | ".join(replies)


def test_weijun_reorders_twenty_cases_of_coca_cola(
    rasa_server: RasaServer, backend_server: BackendServer
) -> None:
    sender = rasa_server.new_sender()
    readback = _joined(rasa_server.say(sender, "我要订二十箱可口可乐", WEIJUN))
    assert "二十箱可口可乐" in readback, readback
    assert "九百六十元" in readback and "免运费" in readback, readback
    assert "确认下单吗" in readback, readback
    assert rasa_server.slot(sender, "language") == "zh"
    asked = _joined(rasa_server.say(sender, "对，下单", WEIJUN))
    assert "密码" in asked, asked
    placed = _joined(rasa_server.say(sender, "二四六八", WEIJUN))
    match = re.search(r"订单号(\d+)", placed)
    assert match, placed
    order = backend_get(backend_server, f"/v1/shops/1/orders/{match.group(1)}")
    assert order["status"] == "placed"
    assert [(x["sku"], x["quantity"]) for x in order["lines"]] == [
        ("KO-COLA-330-24", 20)
    ]
    assert order["free_delivery"] is True
    # Saying yes again orders nothing more.
    again = _joined(rasa_server.say(sender, "对", WEIJUN))
    assert "订单号" not in again, again


def test_weijun_hears_how_much_he_can_borrow_and_why(rasa_server: RasaServer) -> None:
    sender = rasa_server.new_sender()
    asked = _joined(rasa_server.say(sender, "我能借多少钱", WEIJUN))
    assert "密码" in asked, asked
    offer = rasa_server.say(sender, "二四六八", WEIJUN)
    assert "您可以借" in offer[0] and "每月还" in offer[0], offer
    assert len(offer) >= 3, offer  # the offer, at least one reason, the question
    assert offer[-1] == "要申请吗？", offer
    assert all(len(bubble) <= 40 for bubble in offer), offer


def test_weijun_confirms_a_waiting_parcel(
    rasa_server: RasaServer, backend_server: BackendServer
) -> None:
    parcel = check_in_parcel(backend_server, 1, "SF-E2E-ZH-1")
    sender = rasa_server.new_sender()
    asked = _joined(rasa_server.say(sender, "有人来取快递", WEIJUN))
    assert "取件码" in asked, asked
    done = _joined(rasa_server.say(sender, spoken_zh(parcel["pickup_code"]), WEIJUN))
    assert f"包裹在{parcel['shelf_slot']}号架" in done, done
    waiting = backend_get(backend_server, "/v1/shops/1/parcels?status=waiting")
    assert parcel["id"] not in [p["id"] for p in waiting["parcels"]]


def test_wrong_pickup_code_is_asked_again(rasa_server: RasaServer) -> None:
    sender = rasa_server.new_sender()
    rasa_server.say(sender, "有人来取快递", WEIJUN)
    wrong = _joined(rasa_server.say(sender, "九九九九九九", WEIJUN))
    assert "不对" in wrong and "再说一遍" in wrong, wrong


def test_david_reorders_in_english(
    rasa_server: RasaServer, backend_server: BackendServer
) -> None:
    sender = rasa_server.new_sender()
    readback = _joined(
        rasa_server.say(sender, "I want to order twenty cases of Coca-Cola", DAVID)
    )
    assert "twenty cases of Coca-Cola" in readback, readback
    assert "yuan in total" in readback, readback
    asked = _joined(rasa_server.say(sender, "yes", DAVID))
    assert "PIN" in asked, asked
    placed = _joined(rasa_server.say(sender, "one three five seven", DAVID))
    match = re.search(r"Order (\d+) placed", placed)
    assert match, placed
    order = backend_get(backend_server, f"/v1/shops/2/orders/{match.group(1)}")
    assert [x["quantity"] for x in order["lines"]] == [20]


def test_david_hears_his_loan_offer_in_english(rasa_server: RasaServer) -> None:
    sender = rasa_server.new_sender()
    asked = _joined(rasa_server.say(sender, "How much money can I borrow?", DAVID))
    assert "PIN" in asked, asked
    offer = rasa_server.say(sender, "one three five seven", DAVID)
    assert offer[0].startswith("You can borrow"), offer
    assert offer[-1] == "Would you like to apply?", offer


def test_david_confirms_a_pickup_in_english(
    rasa_server: RasaServer, backend_server: BackendServer
) -> None:
    parcel = check_in_parcel(backend_server, 2, "SF-E2E-EN-1")
    sender = rasa_server.new_sender()
    asked = _joined(
        rasa_server.say(sender, "A customer is here to pick up a parcel", DAVID)
    )
    assert "pickup code" in asked, asked
    done = _joined(rasa_server.say(sender, spoken_en(parcel["pickup_code"]), DAVID))
    assert f"shelf {parcel['shelf_slot']}" in done, done


def test_young_shop_is_told_it_cannot_borrow_and_why(rasa_server: RasaServer) -> None:
    sender = rasa_server.new_sender()
    rasa_server.say(sender, "我想贷款，能借多少", XINKAI)
    answer = rasa_server.say(sender, "九七五三", XINKAI)
    assert answer[0] == "现在还不能借款。", answer
    assert len(answer) >= 2 and all(answer[1:]), answer


def test_backend_down_gets_an_apology(rasa_server: RasaServer, backend_down) -> None:
    sender = rasa_server.new_sender()
    answer = _joined(rasa_server.say(sender, "有哪些包裹在等人取", WEIJUN))
    assert "抱歉" in answer and "再试" in answer, answer


def test_slower_and_language_switch_reach_the_voice_layer(
    rasa_server: RasaServer,
) -> None:
    sender = rasa_server.new_sender()
    rasa_server.say(sender, "你好", WEIJUN)
    rasa_server.say(sender, "说慢一点", WEIJUN)
    assert rasa_server.slot(sender, "slow_speech") is True
    switched = _joined(rasa_server.say(sender, "请说英文", WEIJUN))
    assert rasa_server.slot(sender, "language") == "en"
    assert "English" in switched, switched
