"""One chat turn, whatever the platform: who is it, then the assistant's answer.

The platform's account id is resolved to an owner with the gateway's token (the
conversation's shop token comes with it) and the text goes to Rasa's channel of
the same name. An account nobody linked gets the linking steps and nothing else,
unless what it sent is a link code: then the backend links it to the owner who was
given that code.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from common.callers import (
    Caller,
    CallerResolver,
    IdentityUnavailableError,
    UnknownCallerError,
)
from common.channels import TELEGRAM, WECHAT
from common.chat_codes import link_code_in
from common.languages import EN, ZH
from voice.gateway.backend_client import (
    BackendClient,
    BackendUnavailableError,
    LinkCodeRefusedError,
)
from voice.gateway.rasa_client import RasaClient, RasaError
from voice.messaging.wording import Key, say

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = {WECHAT: ZH, TELEGRAM: EN}


@dataclass(frozen=True)
class ChatReply:
    """What to send back: the texts, their language, and whether to speak them."""

    texts: tuple[str, ...]
    language: str
    slow_speech: bool = False
    from_assistant: bool = True

    def as_json(self) -> dict[str, object]:
        """Kept with the message, so a retry gets the same answer."""
        return {"texts": list(self.texts), "language": self.language,
                "slow_speech": self.slow_speech,
                "from_assistant": self.from_assistant}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ChatReply:
        """Read a kept reply back."""
        texts = data.get("texts")
        language = data.get("language")
        return cls(
            texts=tuple(str(t) for t in texts) if isinstance(texts, list) else (),
            language=language if isinstance(language, str) else "zh",
            slow_speech=bool(data.get("slow_speech")),
            from_assistant=bool(data.get("from_assistant", True)),
        )


def note(text: str, language: str) -> ChatReply:
    """A reply of the bridge's own (not the assistant's)."""
    return ChatReply((text,), language, from_assistant=False)


def sender_of(channel: str, account: str) -> str:
    """The conversation id of a chat account; the account id never reaches logs."""
    return f"{channel}-" + hashlib.sha256(account.encode()).hexdigest()[:20]


class ChatAssistant:
    """Resolves chat accounts and relays their messages to Rasa."""

    def __init__(
        self, callers: CallerResolver, rasa: RasaClient, backend: BackendClient
    ) -> None:
        self._callers = callers
        self._rasa = rasa
        self._backend = backend

    async def caller(self, channel: str, account: str) -> Caller | None:
        """The owner behind an account (None when nobody linked it)."""
        try:
            return await self._callers.resolve(
                channel, account, sender_of(channel, account)
            )
        except UnknownCallerError:
            return None

    async def notify(
        self, channel: str, account: str, notice_id: int
    ) -> ChatReply | None:
        """The assistant tells a notice in the account's conversation (None: not told).

        It is a turn of that conversation, so the owner's answer carries it on.
        """
        try:
            caller = await self.caller(channel, account)
        except IdentityUnavailableError as problem:
            logger.warning("%s: cannot resolve for a notice: %s", channel, problem)
            return None
        if caller is None:
            return None
        intent = f'/notice{{"notice_id": "{notice_id}"}}'
        try:
            reply = await self._rasa.relay(
                channel, account, sender_of(channel, account), caller.shop_token, intent
            )
        except RasaError as problem:
            logger.warning("%s: a notice turn failed: %s", channel, problem)
            return None
        if not reply.texts:
            return None
        return ChatReply(reply.texts, reply.language, reply.slow_speech)

    async def answer(self, channel: str, account: str, text: str) -> ChatReply:
        """The assistant's reply to ``text`` from ``account``."""
        fallback = DEFAULT_LANGUAGE.get(channel, "zh")
        try:
            caller = await self.caller(channel, account)
        except IdentityUnavailableError as problem:
            logger.warning("%s: cannot resolve the account: %s", channel, problem)
            return note(say("busy", fallback), fallback)
        if caller is None:
            return await self.link(channel, account, text)
        sender = sender_of(channel, account)
        # A leading "/" would make Rasa take the text as an intent with entities,
        # skipping understanding: the owner's words are always words.
        if text.startswith("/"):
            text = "／" + text[1:]
        try:
            reply = await self._rasa.relay(
                channel, account, sender, caller.shop_token, text
            )
        except RasaError as problem:
            logger.warning("%s: turn failed: %s", channel, problem)
            return note(say("busy", caller.language), caller.language)
        if not reply.identified:
            # The backend refused the token (revoked): resolve afresh next turn.
            self._callers.forget(channel, account, sender)
        if not reply.texts:
            return note(say("busy", reply.language), reply.language)
        return ChatReply(reply.texts, reply.language, reply.slow_speech)

    async def link(self, channel: str, account: str, text: str) -> ChatReply:
        """An unlinked account's message: a link code links it.

        Anything else gets the linking steps. The code is never logged.
        """
        fallback = DEFAULT_LANGUAGE.get(channel, "zh")
        code = link_code_in(text)
        if code is None:
            return note(say("link_steps", fallback), fallback)
        try:
            owner = await self._backend.redeem_link_code(channel, account, code)
        except LinkCodeRefusedError as refusal:
            wording: Key = (
                "link_tries_used_up"
                if refusal.code == "too_many_tries"
                else "link_code_wrong"
            )
            return note(say(wording, fallback), fallback)
        except BackendUnavailableError as problem:
            logger.warning("%s: cannot redeem a link code: %s", channel, problem.code)
            return note(say("busy", fallback), fallback)
        # The account's next message must resolve afresh, as the owner's.
        self._callers.forget(channel, account, sender_of(channel, account))
        return note(
            say("linked", owner.language, name=owner.display_name), owner.language
        )
