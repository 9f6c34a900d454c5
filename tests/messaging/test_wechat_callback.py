"""``/wechat`` against the real gateway and backend (no Rasa): signatures, safe
mode, hostile XML, events and messages it cannot read."""

from __future__ import annotations

import uuid

from tests.fixtures.wechat_standin import WeChatStandIn
from tests.messaging.conftest import encrypted
from tests.messaging.wechat_client import (
    WEIJUN,
    WeChatServer,
    event_xml,
    image_xml,
    sign,
    text_xml,
)
from voice.messaging.state import MESSAGING

STRANGER = "wx-stranger-" + uuid.uuid4().hex[:8]


async def test_url_verification_echoes_only_a_signed_echostr(
    wechat: WeChatServer,
) -> None:
    query = {**wechat.query("1700000000", "n0nce"), "echostr": "echo-123"}
    response = await wechat.client.get("/wechat", params=query)
    assert response.status == 200 and await response.text() == "echo-123"
    query["signature"] = sign("not-the-token", "1700000000", "n0nce")
    response = await wechat.client.get("/wechat", params=query)
    assert response.status == 403
    assert "echo-123" not in await response.text()


async def test_a_bad_signature_is_refused_and_does_nothing(
    wechat: WeChatServer, wechat_api: WeChatStandIn
) -> None:
    answer = await wechat.post(text_xml(WEIJUN, "你好", 1), token="forged-token")
    assert answer.status == 403
    safe = encrypted(wechat)
    tampered = await safe.post_raw(
        "<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>",
        encrypt_type="aes",
        msg_signature="0" * 40,
    )
    assert tampered.status == 403
    assert wechat_api.token_fetches == 0 and not wechat_api.sent


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    "<xml><Content>&lol3;</Content></xml>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>"
    "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"
)
HOSTILE = {
    "entity bomb": BOMB,
    "external entity": XXE,
    "bare doctype": "<!DOCTYPE xml><xml><MsgType>text</MsgType></xml>",
    "not xml": "hello, this is not xml",
    "unclosed": "<xml><MsgType>text</MsgType>",
    "empty": "",
    "no sender": "<xml><MsgType>text</MsgType><Content>hi</Content></xml>",
    "wrong root": "<note><MsgType>text</MsgType></note>",
}


async def test_hostile_and_malformed_xml_get_a_4xx_and_nothing_else(
    wechat: WeChatServer, wechat_api: WeChatStandIn
) -> None:
    for name, body in HOSTILE.items():
        answer = await wechat.post_raw(body)
        assert answer.status == 400, (name, answer)
        assert "Traceback" not in answer.body and "passwd" not in answer.body
    huge = "<xml><Content>" + "好" * 20_000 + "</Content></xml>"
    assert (await wechat.post_raw(huge)).status == 413
    # The same inside the encrypted envelope: decrypted, then refused.
    safe = encrypted(wechat)
    answer = await safe.post(XXE)
    assert answer.status == 400
    assert not wechat_api.sent and wechat_api.token_fetches == 0
    # And the gateway still answers a real message afterwards.
    fine = await wechat.post(event_xml(WEIJUN, "subscribe"))
    assert fine.status == 200 and "王维军" in fine.reply.content


async def test_an_unlinked_account_gets_only_the_linking_steps_in_safe_mode(
    wechat: WeChatServer,
) -> None:
    safe = encrypted(wechat)
    answer = await safe.post(
        text_xml(STRANGER, "再来二十箱可口可乐", safe.new_msg_id())
    )
    assert answer.status == 200
    assert "<Encrypt>" in answer.body and "绑定" not in answer.body  # encrypted
    assert answer.reply.target == STRANGER
    assert "绑定码" in answer.reply.content
    follow = await safe.post(event_xml(STRANGER, "subscribe"))
    assert "绑定码" in follow.reply.content


async def test_images_stickers_and_locations_get_a_short_hint(
    wechat: WeChatServer,
) -> None:
    answer = await wechat.post(image_xml(WEIJUN, wechat.new_msg_id()))
    assert answer.status == 200 and "文字或语音" in answer.reply.content
    location = text_xml(WEIJUN, "x", wechat.new_msg_id()).replace(
        "<MsgType><![CDATA[text]]></MsgType>", "<MsgType><![CDATA[location]]></MsgType>"
    )
    assert "文字或语音" in (await wechat.post(location)).reply.content
    unfollow = await wechat.post(event_xml(WEIJUN, "unsubscribe"))
    assert unfollow.status == 200 and unfollow.body == "success"


async def test_other_code_can_message_an_account_through_the_bridge(
    wechat: WeChatServer, wechat_api: WeChatStandIn
) -> None:
    sender = wechat.client.app[MESSAGING].sender("wechat")
    assert sender is not None
    await sender.send_texts(WEIJUN, ["您的货已发出。", "周五到。"], "zh")
    [sent] = wechat_api.sent
    assert (
        sent["touser"] == WEIJUN
        and sent["text"]["content"] == "您的货已发出。\n周五到。"
    )
