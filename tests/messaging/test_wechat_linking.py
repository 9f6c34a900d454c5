"""Linking a WeChat account with a code: the real gateway and backend, and (for the
whole story) the owner asking for the code on the phone through the real Rasa."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.conftest import WEIJUN as WEIJUN_PHONE
from tests.e2e.test_phone_dialogue import call, joined, key
from tests.fixtures.backend import BackendServer
from tests.fixtures.rasa import RasaServer
from tests.fixtures.sounds import fixture_pcm
from tests.fixtures.wechat_standin import WeChatStandIn
from tests.messaging.accounts import issue_link_code
from tests.messaging.test_wechat_turns import amr_of
from tests.messaging.wechat_client import WeChatServer, event_xml, text_xml, voice_xml

ZH_DIGITS = "零一二三四五六七八九"
LINKED = "绑定好了"
WRONG = "绑定码不对"


def stranger() -> str:
    return f"wx-new-{uuid.uuid4().hex[:10]}"


async def send(wechat: WeChatServer, account: str, text: str) -> str:
    answer = await wechat.post(text_xml(account, text, wechat.new_msg_id()))
    assert answer.status == 200 and answer.reply is not None, answer
    return str(answer.reply.content)


async def test_a_code_typed_any_way_links_the_account_once(
    wechat: WeChatServer, backend_server: BackendServer
) -> None:
    account = stranger()
    assert "绑定码" in await send(wechat, account, "你好")  # the linking steps
    code = issue_link_code(backend_server, 1, "2468")
    # Full-width digits in two groups, as a phone keyboard may type them.
    typed = "".join(chr(ord(d) + 0xFEE0) for d in code[:3]) + " " + code[3:]
    reply = await send(wechat, account, typed)
    assert LINKED in reply and "王维军" in reply, reply
    welcome = await wechat.post(event_xml(account, "subscribe"))
    assert "欢迎回来" in welcome.reply.content  # resolved as Weijun from now on
    # Used: another account sending it is refused, and stays unlinked.
    other = stranger()
    assert WRONG in await send(wechat, other, code)
    assert "绑定码" in await send(wechat, other, "再来二十箱可乐")


async def test_mandarin_digits_link_and_wrong_codes_run_out(
    wechat: WeChatServer, backend_server: BackendServer
) -> None:
    code = issue_link_code(backend_server, 1, "2468")
    guesser = stranger()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert WRONG in await send(wechat, guesser, wrong)
    assert "太多" in await send(wechat, guesser, code)  # even the right code now
    spoken = " ".join(ZH_DIGITS[int(d)] for d in code)
    assert LINKED in await send(wechat, stranger(), spoken)


async def test_a_code_in_a_voice_message_links_too(
    wechat: WeChatServer, backend_server: BackendServer, wechat_api: WeChatStandIn
) -> None:
    code = issue_link_code(backend_server, 1, "2468")
    # Silence for our recogniser; WeChat's own transcript carries the code.
    pcm, rate = fixture_pcm("ko_annyeong-16k.wav")
    media_id = wechat_api.add_media(amr_of(bytes(len(pcm)), rate))
    spoken = "".join(ZH_DIGITS[int(d)] for d in code)
    answer = await wechat.post(
        voice_xml(stranger(), media_id, wechat.new_msg_id(), recognition=spoken)
    )
    assert answer.status == 200 and LINKED in answer.reply.content, answer


@pytest.mark.rasa
async def test_the_owner_asks_on_the_phone_and_links_wechat(
    rasa_wechat: WeChatServer, rasa_server: RasaServer, backend_server: BackendServer
) -> None:
    say = call(rasa_server, backend_server, WEIJUN_PHONE)
    asked = joined(say("我要绑定微信"))
    assert "密码" in asked, asked
    told = joined(say(key("2468")))
    assert "微信绑定码" in told, told
    heard = re.search(r"绑定码是\s*((?:[零一二三四五六七八九]\s*){6})", told)
    assert heard is not None, told
    code = "".join(str(ZH_DIGITS.index(c)) for c in heard.group(1) if c.strip())
    account = stranger()
    reply = await send(rasa_wechat, account, code)
    assert LINKED in reply and "王维军" in reply, reply
    # The account now talks to the assistant as Weijun.
    greeting = await send(rasa_wechat, account, "你好")
    assert "王维军" in greeting or "维军" in greeting, greeting
    assert WRONG in await send(rasa_wechat, stranger(), code)
