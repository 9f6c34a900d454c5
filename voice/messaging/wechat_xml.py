"""WeChat's callback XML: signatures, the AES envelope, parsing and passive replies.

Crypto, parsing and reply rendering are wechatpy's. Every XML document, the
envelope and the decrypted message alike, first passes defusedxml with DTDs
forbidden, so entity bombs and external entities are refused before any other
parser sees them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
from defusedxml import DefusedXmlException
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from voice.messaging.settings import WeChatSettings

# WeChat's messages are a few hundred bytes; a text holds at most 2048 bytes.
MAX_XML_BYTES = 16 * 1024


class SignatureError(Exception):
    """The request was not signed with the account's token."""


class BadMessageError(Exception):
    """The body is not a WeChat message this bridge can read."""


@dataclass(frozen=True)
class Inbound:
    """One message or event from an owner, as the bridge needs it."""

    kind: str  # text, voice, event or other
    account: str  # the owner's openid (FromUserName)
    official: str  # the account's id (ToUserName), the reply's sender
    key: str  # what a retry of it repeats: MsgId, or sender + time for events
    text: str = ""
    media_id: str = ""
    audio_format: str = ""
    recognition: str = ""
    event: str = ""
    event_key: str = ""


def check_url_signature(settings: WeChatSettings, query: Mapping[str, str]) -> None:
    """Refuse a request whose ``signature`` does not match the account token."""
    try:
        check_signature(
            settings.token,
            query.get("signature", ""),
            query.get("timestamp", ""),
            query.get("nonce", ""),
        )
    except InvalidSignatureException as error:
        raise SignatureError("bad signature") from error


def safe_xml(body: bytes | str) -> None:
    """Refuse hostile or malformed XML (DTDs, entities, external references)."""
    if len(body) > MAX_XML_BYTES:
        raise BadMessageError("the message is too large")
    try:
        defusedxml.ElementTree.fromstring(body, forbid_dtd=True)
    except (DefusedXmlException, ParseError, ValueError) as error:
        raise BadMessageError(f"unreadable XML: {type(error).__name__}") from error


def open_message(
    settings: WeChatSettings, query: Mapping[str, str], body: bytes
) -> tuple[Inbound, bool]:
    """Check, decrypt and parse a callback.

    Returns the message and whether it was encrypted (its reply is encrypted too).
    """
    check_url_signature(settings, query)
    safe_xml(body)
    encrypted = query.get("encrypt_type") == "aes"
    xml: bytes | str = body
    if encrypted:
        if settings.aes_key is None:
            raise BadMessageError("safe mode is not configured")
        try:
            xml = _crypto(settings).decrypt_message(
                body.decode("utf-8"),
                query.get("msg_signature", ""),
                query.get("timestamp", ""),
                query.get("nonce", ""),
            )
        except InvalidSignatureException as error:
            raise SignatureError("bad msg_signature") from error
        except (InvalidAppIdException, KeyError, ValueError, TypeError) as error:
            raise BadMessageError("the encrypted message cannot be read") from error
        safe_xml(xml)
    return _inbound(xml), encrypted


def _inbound(xml: bytes | str) -> Inbound:
    try:
        message = parse_message(xml)
        fields: dict[str, Any] = dict(message._data)
        kind = str(fields.get("MsgType") or "").lower()
        account = str(fields["FromUserName"])
        official = str(fields["ToUserName"])
        created = str(fields.get("CreateTime", ""))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BadMessageError("not a WeChat message") from error
    if not account or not official:
        raise BadMessageError("the message names no sender")
    key = str(fields.get("MsgId") or f"{account}:{created}")
    common = {"account": account, "official": official, "key": key[:200]}
    if kind == "text":
        return Inbound("text", text=str(fields.get("Content") or ""), **common)
    if kind == "voice":
        return Inbound(
            "voice",
            media_id=str(fields.get("MediaId") or ""),
            audio_format=str(fields.get("Format") or "").lower(),
            recognition=str(fields.get("Recognition") or ""),
            **common,
        )
    if kind == "event":
        return Inbound(
            "event",
            event=str(fields.get("Event") or "").lower(),
            event_key=str(fields.get("EventKey") or ""),
            **common,
        )
    return Inbound(kind or "other", **common)


def _crypto(settings: WeChatSettings) -> WeChatCrypto:
    return WeChatCrypto(settings.token, settings.aes_key, settings.app_id)


def text_reply(
    settings: WeChatSettings,
    inbound: Inbound,
    text: str,
    encrypted: bool,
    nonce: str,
) -> str:
    """The passive reply XML (encrypted when the message was)."""
    xml = TextReply(
        source=inbound.official, target=inbound.account, content=text
    ).render()
    if not encrypted:
        return str(xml)
    return str(_crypto(settings).encrypt_message(xml, nonce, str(int(time.time()))))
