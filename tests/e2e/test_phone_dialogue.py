"""Phone calls through the ``phone`` channel: keys and speech in one dialogue, through
the real Rasa, action server and backend, judged by the backend's state."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import DAVID, WEIJUN, backend_get
from tests.fixtures.backend import BackendServer, start_backend, stop_backend
from tests.fixtures.rasa import (
    RasaServer,
    start_action_server,
    start_rasa,
    stop_action_server,
)
from tests.fixtures.voice import CHANNEL_SECRET, GATEWAY_TOKEN

SECRET_HEADER = "X-Zhanggui-Channel-Secret"
MENU = "订货请按1，取包裹请按2，借款请按3，转人工请按0，再听一遍请按星号。"
Say = Callable[[str], dict[str, Any]]


def shop_token(backend: BackendServer, phone: str) -> dict[str, Any]:
    """What the phone gateway does when a call comes in: resolve the caller."""
    answer = requests.post(
        f"{backend.url}/v1/identity/resolve",
        json={"channel": "phone", "id": phone},
        headers={"Authorization": f"Bearer {GATEWAY_TOKEN}"},
        timeout=10,
    )
    answer.raise_for_status()
    return dict(answer.json())


def call(rasa: RasaServer, backend: BackendServer, phone: str) -> Say:
    """A phone call: each turn posts speech text or a trigger, returns the answer."""
    sender = rasa.new_sender()
    metadata = {"id": phone, "shop_token": shop_token(backend, phone)["shop_token"]}

    def say(message: str) -> dict[str, Any]:
        answer = requests.post(
            f"{rasa.url}/webhooks/phone/webhook",
            json={"sender": sender, "message": message, "metadata": metadata},
            headers={SECRET_HEADER: CHANNEL_SECRET},
            timeout=120,
        )
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    return say


def key(keys: str) -> str:
    return "/keypad" + json.dumps({"keys": keys})


def joined(answer: dict[str, Any]) -> str:
    return " | ".join(m["text"] for m in answer["messages"])


def count(backend: BackendServer, path: str, field: str) -> int:
    return len(backend_get(backend, path)[field])


@pytest.fixture
def weijun_call(rasa_server: RasaServer, backend_server: BackendServer) -> Say:
    return call(rasa_server, backend_server, WEIJUN)


@pytest.fixture(scope="module")
def own_world(
    rasa_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RasaServer, BackendServer]]:
    """Rasa, actions and backend on a demo world of their own.

    The calls using it spend what other tests rely on: the seeded parcel 357246 and
    Weijun's loan offer.
    """
    directory = tmp_path_factory.mktemp("phone-world")
    backend, backend_process = start_backend(directory)
    try:
        actions = start_action_server(backend.url, backend.token("actions"), directory)
        try:
            rasa, rasa_process = start_rasa(rasa_model, actions, directory)
            try:
                yield rasa, backend
            finally:
                rasa.session.close()
                rasa_process.terminate()
                rasa_process.wait(timeout=30)
        finally:
            stop_action_server(actions)
    finally:
        stop_backend(backend_process)


@pytest.mark.rasa
def test_the_call_opens_with_owner_shop_and_the_menu(weijun_call: Say) -> None:
    hello = weijun_call("/greet")
    assert [m["text"] for m in hello["messages"]] == [
        "王老板您好，这里是维军百货的掌柜助手。", MENU
    ]  # fmt: skip
    assert hello == {**hello, "language": "zh", "slow_speech": False,
                     "identified": True, "keypad": "menu", "digits": None,
                     "end_call": False}  # fmt: skip
    unknown = weijun_call(key("9"))
    assert [m["text"] for m in unknown["messages"]] == ["这个键现在不管用。", MENU]
    silence = weijun_call('/silence{"count": 1}')
    assert [m["text"] for m in silence["messages"]] == [MENU]
    bye = weijun_call("再见")
    assert bye["end_call"] is True and bye["messages"], bye


@pytest.mark.rasa
def test_an_english_owner_hears_the_english_phone_wording(
    rasa_server: RasaServer, backend_server: BackendServer
) -> None:
    say = call(rasa_server, backend_server, DAVID)
    hello = say("/greet")
    assert hello["language"] == "en"
    assert hello["messages"][0]["text"] == (
        "Hello David, this is Sunshine Mini Mart's Zhanggui assistant."
    )
    assert "press 1" in hello["messages"][1]["text"]
    assert say("/goodbye")["end_call"] is True


@pytest.mark.rasa
@pytest.mark.slow
def test_keypad_only_pickup_of_the_demo_parcel(
    own_world: tuple[RasaServer, BackendServer],
) -> None:
    rasa, backend_server = own_world
    weijun_call = call(rasa, backend_server, WEIJUN)
    waiting = "/v1/shops/1/parcels?status=waiting"
    before = count(backend_server, waiting, "parcels")
    weijun_call("/greet")
    answer = weijun_call(key("2"))
    assert "包裹" in joined(answer), answer
    while answer["keypad"] == "menu":  # more than a page: 1 hears the rest
        assert "继续听请按1" in joined(answer), answer
        answer = weijun_call(key("1"))
    assert answer["keypad"] == "digits" and answer["digits"] == 6, answer
    assert answer["messages"][-1]["text"] == "取件请按六位取件码，再按井号。"
    done = weijun_call(key("357246"))
    match = re.search(r"包裹在(\w+)号架", joined(done))
    assert match, done
    assert done["keypad"] == "menu"
    assert count(backend_server, waiting, "parcels") == before - 1
    picked = backend_get(backend_server, "/v1/shops/1/parcels?status=picked_up")
    assert match.group(1) in [p["shelf_slot"] for p in picked["parcels"]]


@pytest.mark.rasa
@pytest.mark.slow
def test_keypad_only_usual_reorder_places_exactly_one_order(
    weijun_call: Say, backend_server: BackendServer
) -> None:
    orders = "/v1/shops/1/orders"
    before = count(backend_server, orders, "orders")
    weijun_call("/greet")
    menu = weijun_call(key("1"))
    assert joined(menu) == "常订的货请按1，快卖完的货请按2。"
    readback = weijun_call(key("1"))
    assert readback["messages"][-1]["text"] == "确认下单请按1，取消请按2。"
    assert readback["keypad"] == "menu"
    asked = weijun_call(key("1"))
    assert "请按四位密码，再按井号" in joined(asked), asked
    assert asked["keypad"] == "digits" and asked["digits"] == 4
    again = weijun_call('/silence{"count": 1}')
    assert joined(again) == "请按四位密码，再按井号。"
    assert again["digits"] == 4
    placed = weijun_call(key("2468"))
    assert re.search(r"订单号\d+", joined(placed)), placed
    assert "2468" not in joined(placed) and "二四六八" not in joined(placed)
    # 1 pressed twice: the second opens the order menu, it orders nothing.
    second = weijun_call(key("1"))
    assert joined(second) == "常订的货请按1，快卖完的货请按2。"
    assert count(backend_server, orders, "orders") == before + 1


@pytest.mark.rasa
@pytest.mark.slow
def test_speech_and_keys_mix_in_one_order(
    weijun_call: Say, backend_server: BackendServer
) -> None:
    orders = "/v1/shops/1/orders"
    before = count(backend_server, orders, "orders")
    readback = weijun_call("我要订二十箱可口可乐")
    assert "二十箱可口可乐" in joined(readback), readback
    assert readback["messages"][-1]["text"] == "确认下单请按1，取消请按2。"
    asked = weijun_call(key("1"))
    assert asked["digits"] == 4, asked
    placed = weijun_call("二四六八")  # the PIN said, not keyed
    assert re.search(r"订单号\d+", joined(placed)), placed
    assert count(backend_server, orders, "orders") == before + 1


@pytest.mark.rasa
@pytest.mark.slow
def test_a_quantity_asked_by_the_reorder_form_is_keyed(weijun_call: Say) -> None:
    asked = weijun_call("我要订可口可乐")
    assert asked["keypad"] == "digits" and asked["digits"] is None, asked
    assert "按数字再按井号" in joined(asked)
    again = weijun_call('/silence{"count": 1}')
    assert joined(again) == "请按数量，再按井号。"
    useless = weijun_call(key("0"))  # no quantity: told so, asked again shortly
    assert joined(useless) == "这个键现在不管用。 | 请按数量，再按井号。"
    assert useless["keypad"] == "digits"
    readback = weijun_call(key("20"))
    assert "二十箱可口可乐" in joined(readback), readback
    assert readback["keypad"] == "menu"
    assert weijun_call(key("2"))["messages"], "2 declines the read-back"


@pytest.mark.rasa
@pytest.mark.slow
def test_keypad_loan_application_is_made_once(
    own_world: tuple[RasaServer, BackendServer],
) -> None:
    rasa, backend_server = own_world
    applications = "/v1/shops/1/loan-applications"
    before = count(backend_server, applications, "applications")
    say = call(rasa, backend_server, WEIJUN)
    say("/greet")
    asked = say(key("3"))
    assert asked["digits"] == 4, asked
    offer = say(key("2468"))
    assert "您可以借" in joined(offer), offer
    assert offer["messages"][-1]["text"] == "申请请按1，不申请请按2。"
    readback = say(key("1"))
    assert readback["messages"][-1]["text"] == "确认申请请按1，取消请按2。"
    submitted = say(key("1"))
    assert "申请已提交" in joined(submitted), submitted
    say(key("1"))  # pressed twice: the order menu, no second application
    assert count(backend_server, applications, "applications") == before + 1
