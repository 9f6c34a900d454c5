"""WeChat's side of the callback: messages signed (and encrypted) with wechatpy."""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from voice.messaging.settings import WeChatSettings

OFFICIAL = "gh_zhanggui_demo"
_MSG_IDS = itertools.count(int(time.time() * 1000) * 1000)
WEIJUN = "wx-demo-weijun"


def sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def text_xml(account: str, text: str, msg_id: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{OFFICIAL}]]></ToUserName>"
        f"<FromUserName><![CDATA[{account}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def voice_xml(
    account: str, media_id: str, msg_id: int, fmt: str = "amr", recognition: str = ""
) -> str:
    heard = (
        f"<Recognition><![CDATA[{recognition}]]></Recognition>" if recognition else ""
    )
    return (
        f"<xml><ToUserName><![CDATA[{OFFICIAL}]]></ToUserName>"
        f"<FromUserName><![CDATA[{account}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[voice]]></MsgType>"
        f"<MediaId><![CDATA[{media_id}]]></MediaId>"
        f"<Format><![CDATA[{fmt}]]></Format>{heard}<MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(account: str, event: str, created: int | None = None) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{OFFICIAL}]]></ToUserName>"
        f"<FromUserName><![CDATA[{account}]]></FromUserName>"
        f"<CreateTime>{created or int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event></xml>"
    )


def image_xml(account: str, msg_id: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{OFFICIAL}]]></ToUserName>"
        f"<FromUserName><![CDATA[{account}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[image]]></MsgType>"
        f"<PicUrl><![CDATA[http://127.0.0.1/x.jpg]]></PicUrl>"
        f"<MediaId><![CDATA[img]]></MediaId><MsgId>{msg_id}</MsgId></xml>"
    )


@dataclass
class Answer:
    status: int
    body: str
    reply: Any = None  # the parsed passive reply (wechatpy), if there was one


@dataclass
class WeChatServer:
    """Posts to the gateway's ``/wechat`` as WeChat's servers do."""

    client: TestClient
    settings: WeChatSettings
    encrypted: bool = False

    def new_msg_id(self) -> int:
        """A MsgId no other message of this test session has."""
        return next(_MSG_IDS)

    def query(self, timestamp: str, nonce: str, token: str | None = None) -> dict:
        return {
            "signature": sign(token or self.settings.token, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "openid": WEIJUN,
        }

    async def post(self, xml: str, token: str | None = None) -> Answer:
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
        query = self.query(timestamp, nonce, token)
        body = xml
        if self.encrypted:
            crypto = WeChatCrypto(
                self.settings.token, self.settings.aes_key, self.settings.app_id
            )
            body = crypto.encrypt_message(xml, nonce, timestamp)
            envelope = parse_message_envelope(body)
            query.update(encrypt_type="aes", msg_signature=envelope["MsgSignature"])
        response = await self.client.post("/wechat", params=query, data=body)
        text = await response.text()
        return Answer(response.status, text, self._reply(response.status, text))

    async def post_raw(self, body: bytes | str, **extra: str) -> Answer:
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
        query = {**self.query(timestamp, nonce), **extra}
        response = await self.client.post("/wechat", params=query, data=body)
        return Answer(response.status, await response.text())

    def _reply(self, status: int, text: str) -> Any:
        if status != 200 or text == "success" or not text.startswith("<xml"):
            return None
        if self.encrypted:
            crypto = WeChatCrypto(
                self.settings.token, self.settings.aes_key, self.settings.app_id
            )
            envelope = parse_message_envelope(text)
            text = crypto.decrypt_message(
                text, envelope["MsgSignature"], envelope["TimeStamp"],
                envelope["Nonce"],
            )  # fmt: skip
        return parse_message(text)


def parse_message_envelope(xml: str) -> dict[str, str]:
    import xmltodict

    return dict(xmltodict.parse(xml)["xml"])
