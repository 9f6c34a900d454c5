"""Linking a chat account: which platform, the PIN, then the code said digit by
digit."""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.backend_clients import Clients
from actions.keypad import ActionKeypad
from actions.linking import ActionLinkChat, platform_said
from actions.speech_text import code_words
from tests.actions.conftest import backend_call, david, texts, tracker, weijun
from tests.actions.keypad_turns import keyed
from tests.actions.test_loans import _pin_session
from tests.fixtures.backend import BackendServer

PLATFORM = [{"entity": "chat_platform", "value": "微信"}]


def _digits(spoken: str) -> str:
    return "".join(str("零一二三四五六七八九".index(c)) for c in spoken.split())


async def ask_to_link_wechat(
    channel: str,
) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    """Weijun says 绑定微信 on ``channel``."""
    dispatcher = CollectingDispatcher()
    turn = tracker("绑定微信", "link_chat", PLATFORM, slots=weijun(),
                   input_channel=channel)  # fmt: skip
    return dispatcher, await ActionLinkChat().run(dispatcher, turn, {})


async def test_a_chat_is_told_to_link_from_the_kiosk_or_phone(wired: Clients) -> None:
    dispatcher, events = await ask_to_link_wechat("wechat")
    assert texts(dispatcher) == [("utter_link_from_chat", {})]
    assert SlotSet("link_platform", None) in events


async def test_platform_then_pin_then_a_code_that_links(
    wired: Clients, backend_server: BackendServer
) -> None:
    dispatcher, events = await ask_to_link_wechat("kiosk")
    assert texts(dispatcher) == [("utter_ask_pin", {})]
    assert events == [
        SlotSet("link_platform", "wechat"),
        SlotSet("awaiting", "pin"),
        SlotSet("pin_for", "link_code"),
    ]
    dispatcher = CollectingDispatcher()
    slots = weijun(awaiting="pin", pin_for="link_code", link_platform="wechat")
    events = await ActionAnswer().run(
        dispatcher,
        tracker("二四六八", "provide_pin", slots=slots, input_channel="kiosk"),
        {},
    )
    ((response, args),) = texts(dispatcher)
    assert response == "utter_link_code" and args["platform"] == "微信"
    code = _digits(args["code"])
    assert len(code) == 6 and args["code"] == code_words(code, "zh", spaced=True)
    assert SlotSet("link_platform", None) in events
    assert any(e.get("name") == "owner_session" and e.get("value") for e in events)
    account = f"wx-actions-{uuid.uuid4().hex[:8]}"
    linked = await backend_call(
        backend_server, "POST", "/v1/link-codes/redeem",
        {"channel": "wechat", "account": account, "code": code},
    )  # fmt: skip
    assert linked["owner_id"] == 1


async def test_which_platform_is_asked_and_keyed_on_the_phone(
    wired: Clients, backend_server: BackendServer
) -> None:
    slots = david(owner_session=await _pin_session(backend_server, 2, "1357"))
    dispatcher = CollectingDispatcher()
    events = await ActionLinkChat().run(
        dispatcher,
        tracker("link my chat app", "link_chat", slots=slots, input_channel="phone"),
        {},
    )
    assert texts(dispatcher) == [("utter_link_which_platform", {})]
    assert SlotSet("awaiting", "link_platform") in events
    dispatcher = CollectingDispatcher()
    await ActionKeypad().run(dispatcher, keyed("2", **slots, awaiting="link_platform"),
                             {})  # fmt: skip
    ((response, args),) = texts(dispatcher)
    assert response == "utter_link_code" and args["platform"] == "Telegram"
    assert len(args["code"].split()) == 6  # "3 5 7 2 4 6"


def test_the_platform_is_read_from_words_or_the_entity() -> None:
    said = {
        "我要绑定微信": "wechat",
        "绑个纸飞机": "telegram",
        "connect my WeChat": "wechat",
        "link tg": "telegram",
        "绑定": None,
        "微信和电报都绑": None,
    }
    for text, platform in said.items():
        assert platform_said(tracker(text, "link_chat")) == platform, text
    entity = [{"entity": "chat_platform", "value": "telegram"}]
    assert platform_said(tracker("那个", "inform", entity)) == "telegram"
