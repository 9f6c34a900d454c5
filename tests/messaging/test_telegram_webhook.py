"""The Telegram webhook against the real gateway and backend (no Rasa): the secret
header, malformed and hostile updates, messages it cannot read, broken voice notes
and a Bot API that refuses or hangs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from tests.fixtures.backend import BackendServer
from tests.fixtures.sounds import silence
from tests.fixtures.telegram_standin import TelegramStandIn
from tests.fixtures.voice import GatewayUnderTest
from tests.messaging.accounts import link_account
from tests.messaging.telegram_client import (
    TelegramWebhook,
    message_update,
    new_chat_id,
    text_update,
    voice_update,
)
from voice.messaging.state import MESSAGING
from voice.messaging.telegram_view import SECRET_HEADER
from voice.messaging.voice_notes import encode_ogg_opus

Running = tuple[GatewayUnderTest, TelegramWebhook]
WEIJUN_OWNER = 1  # Mandarin


def weijun_chat(backend_server: BackendServer) -> str:
    return link_account(backend_server, WEIJUN_OWNER, "telegram", new_chat_id())


async def test_a_wrong_secret_header_is_refused_and_does_nothing(
    telegram: Running, telegram_api: TelegramStandIn
) -> None:
    gateway, webhook = telegram
    chat = new_chat_id()
    update = text_update(webhook.new_update_id(), chat, "hello")
    for secret in ("not-the-secret", ""):
        answer = await webhook.post(update, secret=secret)
        assert answer.status == 403 and "bad_signature" in answer.body
    await gateway.settled()
    assert telegram_api.calls == []
    # Nothing was claimed: the real delivery of the same update is still answered.
    assert (await webhook.post(update)).status == 200
    [sent] = await telegram_api.next_sent(1)
    assert sent.chat_id == chat and "link" in sent.text  # the linking steps


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


MALFORMED = {
    "not json": "hello, this is not json",
    "empty": "",
    "not an object": "[1, 2, 3]",
    "no update_id": json.dumps({"message": {"chat": {"id": 1}, "text": "hi"}}),
    "update_id as text": json.dumps({"update_id": "7", "message": {}}),
    "update_id as bool": json.dumps({"update_id": True}),
    "negative update_id": json.dumps({"update_id": -5}),
    "huge update_id": json.dumps({"update_id": 10**30}),
    "message not an object": json.dumps({"update_id": 1, "message": "hi"}),
    "message without chat": json.dumps({"update_id": 1, "message": {"text": "hi"}}),
    "chat id as float": json.dumps(
        {"update_id": 1, "message": {"chat": {"id": 1.5}, "text": "hi"}}
    ),
    "text past 4096": json.dumps(text_update(1, "42", "好" * 5000)),
    "deep nesting": nested(100_000),
    "bad utf-8": b'{"update_id": 1, "message": "\xff\xfe"}',
}


async def test_malformed_and_hostile_updates_get_a_4xx_and_nothing_else(
    telegram: Running, telegram_api: TelegramStandIn
) -> None:
    gateway, webhook = telegram
    for name, body in MALFORMED.items():
        answer = await webhook.post_raw(body)
        assert answer.status == 400, (name, answer)
        assert "Traceback" not in answer.body
    huge = json.dumps(text_update(1, "42", "x" * 300_000))
    assert (await webhook.post_raw(huge)).status == 413
    await gateway.settled()
    assert telegram_api.calls == []
    # And the gateway still answers a real update afterwards.
    chat = new_chat_id()
    assert (
        await webhook.post(text_update(webhook.new_update_id(), chat, "hi"))
    ).status == 200
    [sent] = await telegram_api.next_sent(1)
    assert sent.chat_id == chat


async def test_an_update_arriving_in_pieces_is_read_whole_before_it_is_judged(
    telegram: Running, telegram_api: TelegramStandIn
) -> None:
    """Judged on its first piece, a valid update would be a 400 with bytes unread."""
    _, webhook = telegram
    chat = new_chat_id()
    entities = [{"type": "bold", "offset": 0, "length": 2}] * 4500
    update = message_update(webhook.new_update_id(), chat, text="hi", entities=entities)
    body = json.dumps(update).encode()
    assert 150_000 < len(body) < 256 * 1024

    async def in_pieces() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 32 * 1024):
            yield body[start : start + 32 * 1024]
            await asyncio.sleep(0.02)

    headers = {SECRET_HEADER: webhook.settings.webhook_secret}
    for _ in range(2):  # and the same keep-alive connection stays usable
        response = await webhook.client.post(
            webhook.path, data=in_pieces(), headers=headers
        )
        assert response.status == 200, await response.text()
    [sent] = await telegram_api.next_sent(1)  # the redelivery is answered once
    assert sent.chat_id == chat and "link" in sent.text


async def test_updates_with_nothing_to_answer_get_200_and_silence(
    telegram: Running, telegram_api: TelegramStandIn
) -> None:
    gateway, webhook = telegram
    user = {"id": 42, "is_bot": False, "first_name": "Owner"}
    quiet = [
        {"update_id": webhook.new_update_id(), "callback_query": {
            "id": "1", "from": user, "chat_instance": "c", "data": "yes"}},
        {"update_id": webhook.new_update_id(), "my_chat_member": {"chat": {"id": 42}}},
        {"update_id": webhook.new_update_id()},
        message_update(webhook.new_update_id(), "42", text="hi",
                       **{"from": {**user, "is_bot": True}}),
    ]  # fmt: skip
    for update in quiet:
        answer = await webhook.post(update)
        assert answer.status == 200, update
    await gateway.settled()
    assert telegram_api.calls == []


async def test_an_unlinked_account_gets_only_the_linking_steps(
    telegram: Running, telegram_api: TelegramStandIn
) -> None:
    _, webhook = telegram
    stranger = new_chat_id()
    await webhook.post(text_update(webhook.new_update_id(), stranger, "twenty cases"))
    file_id = telegram_api.add_file(encode_ogg_opus(silence(1.0), 16000))
    await webhook.post(voice_update(webhook.new_update_id(), stranger, file_id, 1))
    sent = await telegram_api.next_sent(2)
    assert [s.method for s in sent] == ["sendMessage", "sendMessage"]
    assert all("six-digit code" in s.text for s in sent), sent
    assert "getFile" not in telegram_api.calls  # nothing of a stranger's is fetched


async def test_stickers_photos_locations_and_edits_get_a_short_answer_once(
    telegram: Running, telegram_api: TelegramStandIn, backend_server: BackendServer
) -> None:
    gateway, webhook = telegram
    chat = weijun_chat(backend_server)
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]
    unreadable = [
        {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular",
                     "width": 512, "height": 512, "is_animated": False,
                     "is_video": False}},
        {"photo": photo},
        {"location": {"latitude": 30.27, "longitude": 120.15}},
        {"document": {"file_id": "d", "file_unique_id": "d", "file_name": "a.pdf"}},
        {"text": "   "},
    ]  # fmt: skip
    for content in unreadable:
        update = message_update(webhook.new_update_id(), chat, **content)
        for _ in range(2):  # a redelivery is answered only once
            assert (await webhook.post(update)).status == 200
    edited = text_update(webhook.new_update_id(), chat, "三十箱")
    edited["edited_message"] = edited.pop("message")
    assert (await webhook.post(edited)).status == 200
    sent = await telegram_api.next_sent(len(unreadable) + 1)
    await gateway.settled()
    assert len(telegram_api.sent) == len(unreadable) + 1
    assert all("文字或语音" in s.text for s in sent[:-1]), sent
    assert "重新发一条" in sent[-1].text
    assert "getFile" not in telegram_api.calls


@pytest.mark.slow
async def test_broken_voice_notes_and_a_failing_bot_api_get_a_short_answer(
    telegram: Running, telegram_api: TelegramStandIn, backend_server: BackendServer
) -> None:
    gateway, webhook = telegram
    chat = weijun_chat(backend_server)
    seventy_seconds = encode_ogg_opus(b"\x10\x00" * (16000 * 70), 16000)
    cases = {
        "not audio": (telegram_api.add_file(b"this is not audio" * 10), 3, "打不开"),
        "empty": (telegram_api.add_file(b""), 1, "打不开"),
        "unknown file": ("no-such-file-id", 2, "打不开"),
        "silence": (telegram_api.add_file(encode_ogg_opus(silence(2), 16000)), 2,
                    "没听清"),
        "says 5 s, holds 70": (telegram_api.add_file(seventy_seconds), 5, "一分钟以内"),
        "says 61 s": (telegram_api.add_file(b"never fetched"), 61, "一分钟以内"),
    }  # fmt: skip
    for name, (file_id, duration, expected) in cases.items():
        telegram_api.sent.clear()
        await webhook.post(
            voice_update(webhook.new_update_id(), chat, file_id, duration)
        )
        [sent] = await telegram_api.next_sent(1)
        assert expected in sent.text, (name, sent.text)
    # getFile answers {"ok": false}, then hangs past the client's timeout.
    telegram_api.fail["getFile"] = (500, "Internal Server Error")
    telegram_api.sent.clear()
    file_id = telegram_api.add_file(encode_ogg_opus(silence(1), 16000))
    await webhook.post(voice_update(webhook.new_update_id(), chat, file_id, 1))
    [sent] = await telegram_api.next_sent(1)
    assert "打不开" in sent.text
    del telegram_api.fail["getFile"]
    telegram_api.hang.add("getFile")
    telegram_api.sent.clear()
    answer = await webhook.post(voice_update(webhook.new_update_id(), chat, file_id, 1))
    assert answer.status == 200  # at once: the turn waits, not the webhook
    [sent] = await telegram_api.next_sent(1)
    assert "打不开" in sent.text
    # sendMessage itself refuses: the turn ends quietly and the gateway carries on.
    telegram_api.fail["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    telegram_api.sent.clear()
    assert (
        await webhook.post(text_update(webhook.new_update_id(), chat, "x"))
    ).status == 200
    await gateway.settled()
    assert telegram_api.sent == [] and telegram_api.calls[-1] == "sendMessage"


async def test_other_code_can_message_an_account_through_the_bridge(
    telegram: Running, telegram_api: TelegramStandIn
) -> None:
    gateway, _ = telegram
    sender = gateway.app[MESSAGING].sender("telegram")
    assert sender is not None and gateway.app[MESSAGING].sender("wechat") is None
    await sender.send_texts("10000002", ["Your order left.", "Arrives Friday."], "en")
    [sent] = telegram_api.sent
    assert (sent.chat_id, sent.text) == (
        "10000002",
        "Your order left.\nArrives Friday.",
    )
