"""A WeChat message from receipt to reply, exactly once through WeChat's retries.

WeChat waits 5 s for the HTTP answer and then retries the same message (three
tries in all). The first delivery claims the message at the backend and starts the
turn in a task of its own. Whichever request is waiting when the reply is ready
returns it passively; a request that has waited ``passive_ms`` answers "success"
instead, and the turn then pushes its reply through ``message/custom/send``. A
retry never starts a second turn: it waits for, or is given, the same reply.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from common.channels import WECHAT
from voice.gateway.backend_client import BackendError
from voice.gateway.state import Gateway
from voice.messaging.access_token import SharedAccessToken
from voice.messaging.assistant import ChatAssistant, ChatReply, note
from voice.messaging.chat_voice import hear_message, speak
from voice.messaging.ledger import Ledger
from voice.messaging.platform_errors import PlatformError, TokenRefusedError
from voice.messaging.settings import WeChatSettings
from voice.messaging.wechat_api import WeChatApi
from voice.messaging.wechat_xml import Inbound
from voice.messaging.wording import Key, say
from voice.speech.audio import mp3_bytes

logger = logging.getLogger(__name__)

CHANNEL = WECHAT
T = TypeVar("T")


class WeChatBridge:
    """Turns WeChat messages into assistant turns and delivers the replies."""

    def __init__(
        self,
        gateway: Gateway,
        settings: WeChatSettings,
        ledger: Ledger,
        assistant: ChatAssistant,
        api: WeChatApi,
        token: SharedAccessToken,
    ) -> None:
        self.gateway = gateway
        self.settings = settings
        self.ledger = ledger
        self.assistant = assistant
        self.api = api
        self.token = token
        self._inflight: dict[str, asyncio.Future[ChatReply]] = {}

    async def handle(self, inbound: Inbound) -> ChatReply | None:
        """The passive reply to a message, or None to answer "success"."""
        started = time.monotonic()
        if inbound.kind == "event":
            return await self._event(inbound)
        if inbound.kind not in ("text", "voice"):
            return note(say("unsupported", "zh"), "zh")
        if inbound.kind == "text" and not inbound.text.strip():
            return note(say("unsupported", "zh"), "zh")
        try:
            receipt = await self.ledger.claim(CHANNEL, inbound.key, inbound.account)
        except BackendError as problem:
            logger.warning("wechat: cannot claim a message: %s", problem)
            return note(say("busy", "zh"), "zh")
        if receipt.new:
            self._start_turn(inbound)
        elif receipt.state == "answered" and receipt.reply is not None:
            return ChatReply.from_json(receipt.reply)
        elif receipt.state != "pending":
            return None  # deferred or pushed: the reply goes (went) by push
        deadline = started + self.settings.passive_ms / 1000
        return await self._wait(inbound.key, deadline)

    async def send_texts(
        self, account: str, texts: Sequence[str], language: str
    ) -> None:
        """Send ``texts`` to ``account`` as one message (see ``ChatSender``)."""
        await self._platform(
            lambda token: self.api.send_text(token, account, "\n".join(texts))
        )

    def _start_turn(self, inbound: Inbound) -> None:
        future: asyncio.Future[ChatReply] = asyncio.get_running_loop().create_future()
        self._inflight[inbound.key] = future
        task = asyncio.create_task(self._turn(inbound, future))
        self.gateway.turn_tasks.add(task)
        task.add_done_callback(self.gateway.turn_tasks.discard)

    async def _wait(self, key: str, deadline: float) -> ChatReply | None:
        future = self._inflight.get(key)
        remaining = max(0.0, deadline - time.monotonic())
        if future is not None:
            try:
                return await asyncio.wait_for(asyncio.shield(future), remaining)
            except asyncio.TimeoutError:
                pass
        else:
            # The turn runs in another process: give it the time that is left.
            await asyncio.sleep(remaining)
        try:
            final = await self.ledger.defer(CHANNEL, key)
        except BackendError as problem:
            logger.warning("wechat: cannot defer a message: %s", problem)
            return None
        if final.state == "answered" and final.reply is not None:
            return ChatReply.from_json(final.reply)
        return None

    async def _turn(self, inbound: Inbound, future: asyncio.Future[ChatReply]) -> None:
        try:
            reply = await self._reply(inbound)
            try:
                deliver = await self.ledger.answer(
                    CHANNEL, inbound.key, reply.as_json(), inbound.account
                )
            except BackendError as problem:
                logger.warning("wechat: cannot keep a reply: %s", problem)
                deliver = "push"
            future.set_result(reply)
            if deliver == "push":
                await self._platform(
                    lambda token: self.api.send_text(
                        token, inbound.account, "\n".join(reply.texts)
                    )
                )
            if inbound.kind == "voice" and reply.from_assistant:
                await self._send_voice(inbound.account, reply)
        except PlatformError as problem:
            logger.warning("wechat: could not deliver a reply: %s", problem)
            if not future.done():
                future.set_result(note(say("busy", "zh"), "zh"))
        except Exception:
            logger.exception("wechat: a turn failed")
            if not future.done():
                future.set_result(note(say("busy", "zh"), "zh"))
        finally:
            self._inflight.pop(inbound.key, None)

    async def _reply(self, inbound: Inbound) -> ChatReply:
        if inbound.kind == "text":
            return await self.assistant.answer(CHANNEL, inbound.account, inbound.text)
        caller = await self.assistant.caller(CHANNEL, inbound.account)
        heard, problem = await self._hear(inbound, caller.language if caller else "zh")
        if caller is None:
            # A link code said aloud links the account as a typed one does.
            return await self.assistant.link(CHANNEL, inbound.account, heard)
        if problem is not None:
            return note(say(problem, caller.language), caller.language)
        return await self.assistant.answer(CHANNEL, inbound.account, heard)

    async def _hear(self, inbound: Inbound, language: str) -> tuple[str, Key | None]:
        return await hear_message(
            self.gateway,
            lambda: self._platform(
                lambda token: self.api.download_media(token, inbound.media_id)
            ),
            language,
            fallback=inbound.recognition,  # WeChat's own, when ours heard nothing
        )

    async def _send_voice(self, account: str, reply: ChatReply) -> None:
        speech = await speak(self.gateway, reply.texts, reply.language,
                             reply.slow_speech)  # fmt: skip
        if speech is None:
            return
        audio = await asyncio.to_thread(mp3_bytes, speech.pcm16, speech.sample_rate)
        media_id = await self._platform(
            lambda token: self.api.upload_voice(token, audio, "reply.mp3")
        )
        await self._platform(
            lambda token: self.api.send_voice(token, account, media_id)
        )

    async def send_template(self, account: str, texts: Sequence[str]) -> None:
        """Send a notice as the account's template message (outside the window)."""
        template = self.settings.notice_template
        if template is None:
            raise PlatformError("no notice template is configured")
        await self._platform(
            lambda token: self.api.send_template(
                token, account, template, "\n".join(texts)
            )
        )

    async def _platform(self, call: Callable[[str], Awaitable[T]]) -> T:
        """Call WeChat with the shared token; once more with a fresh one if refused."""
        token = await self.token.get()
        try:
            return await call(token)
        except TokenRefusedError:
            return await call(await self.token.get(refused=token))

    async def _event(self, inbound: Inbound) -> ChatReply | None:
        if inbound.event == "unsubscribe":
            return None  # nobody to answer; the link stays for when they return
        if inbound.event not in ("subscribe", "subscribe_scan", "click"):
            return None
        try:
            caller = await self.assistant.caller(CHANNEL, inbound.account)
        except Exception as problem:  # the backend is down: still say hello
            logger.warning("wechat: cannot resolve a follower: %s", problem)
            caller = None
        if caller is None:
            return note(say("link_steps", "zh"), "zh")
        return note(
            say("welcome_back", caller.language, name=caller.display_name),
            caller.language,
        )
