"""A Telegram update from the webhook to the reply, exactly once through redeliveries.

Telegram redelivers an update until its webhook call answers 2xx. The webhook
answers 200 at once: the first delivery claims the ``update_id`` at the backend
(one winner among all gateway processes) and runs the turn in a task of its own,
which replies through ``sendMessage``, and ``sendVoice`` for a voice note. A
redelivery finds the update claimed and does nothing, so no turn reaches Rasa
twice and no reply is sent twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

from common.channels import TELEGRAM
from voice.gateway.backend_client import BackendError
from voice.gateway.state import Gateway
from voice.messaging.assistant import DEFAULT_LANGUAGE, ChatAssistant, ChatReply, note
from voice.messaging.chat_order import ChatOrder
from voice.messaging.chat_voice import hear_message, speak
from voice.messaging.ledger import Ledger
from voice.messaging.platform_errors import PlatformError
from voice.messaging.settings import TelegramSettings
from voice.messaging.telegram_api import TelegramApi
from voice.messaging.telegram_update import Update
from voice.messaging.voice_notes import encode_ogg_opus
from voice.messaging.wording import Key, say

logger = logging.getLogger(__name__)

CHANNEL = TELEGRAM
FALLBACK_LANGUAGE = DEFAULT_LANGUAGE[CHANNEL]
LONGEST_VOICE_S = 60  # Telegram states a voice note's duration in whole seconds


class TelegramBridge:
    """Turns Telegram updates into assistant turns and sends the replies."""

    def __init__(
        self,
        gateway: Gateway,
        settings: TelegramSettings,
        ledger: Ledger,
        assistant: ChatAssistant,
        api: TelegramApi,
    ) -> None:
        self.gateway = gateway
        self.settings = settings
        self.ledger = ledger
        self.assistant = assistant
        self.api = api
        self._chats = ChatOrder()

    async def accept(self, update: Update) -> None:
        """Take an update off the webhook; its turn, if it gets one, runs apart."""
        if update.kind == "ignored":
            return
        try:
            receipt = await self.ledger.claim(CHANNEL, str(update.update_id))
        except BackendError as problem:
            logger.warning("telegram: cannot claim an update: %s", problem)
            busy = note(say("busy", FALLBACK_LANGUAGE), FALLBACK_LANGUAGE)
            self._start(self._deliver(update, busy))
            return
        if receipt.new:
            self._start(self._turn(update))

    async def send_texts(
        self, account: str, texts: Sequence[str], language: str
    ) -> None:
        """Send ``texts`` to ``account`` as one message (see ``ChatSender``)."""
        await self.api.send_message(account, "\n".join(texts))

    def _start(self, turn: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(turn)
        self.gateway.turn_tasks.add(task)
        task.add_done_callback(self.gateway.turn_tasks.discard)

    async def _turn(self, update: Update) -> None:
        async with self._chats.turn(update.account):
            try:
                reply = await self._reply(update)
            except Exception:
                logger.exception("telegram: a turn failed")
                reply = note(say("busy", FALLBACK_LANGUAGE), FALLBACK_LANGUAGE)
            try:
                # Kept for the record: only this task, the claim's winner, sends it.
                await self.ledger.answer(
                    CHANNEL, str(update.update_id), reply.as_json()
                )
            except BackendError as problem:
                logger.warning("telegram: cannot keep a reply: %s", problem)
            await self._deliver(update, reply)

    async def _reply(self, update: Update) -> ChatReply:
        if update.kind == "text":
            return await self.assistant.answer(CHANNEL, update.account, update.text)
        caller = await self.assistant.caller(CHANNEL, update.account)
        if caller is None:
            return note(say("link_steps", FALLBACK_LANGUAGE), FALLBACK_LANGUAGE)
        language = caller.language
        if update.kind != "voice":
            key: Key = "edit_not_read" if update.kind == "edited" else "unsupported"
            return note(say(key, language), language)
        heard, problem = await self._hear(update, language)
        if problem is not None:
            return note(say(problem, language), language)
        return await self.assistant.answer(CHANNEL, update.account, heard)

    async def _hear(self, update: Update, language: str) -> tuple[str, Key | None]:
        if update.duration_s > LONGEST_VOICE_S:
            return "", "voice_too_long"  # known before downloading it
        return await hear_message(
            self.gateway,
            lambda: self._download(update.file_id),
            language,
        )

    async def _download(self, file_id: str) -> bytes:
        return await self.api.download(await self.api.get_file(file_id))

    async def _deliver(self, update: Update, reply: ChatReply) -> None:
        try:
            await self.api.send_message(update.account, "\n".join(reply.texts))
        except PlatformError as problem:
            logger.warning("telegram: could not deliver a reply: %s", problem)
            return
        if update.kind == "voice" and reply.from_assistant:
            try:
                await self._send_voice(update.account, reply)
            except PlatformError as problem:
                logger.warning("telegram: could not send a voice reply: %s", problem)
            except Exception:
                # The voice note repeats the text already sent; never lose a turn.
                logger.exception("telegram: making a voice reply failed")

    async def _send_voice(self, account: str, reply: ChatReply) -> None:
        speech = await speak(self.gateway, reply.texts, reply.language,
                             reply.slow_speech)  # fmt: skip
        if speech is None:
            return
        audio = await asyncio.to_thread(
            encode_ogg_opus, speech.pcm16, speech.sample_rate
        )
        seconds = max(1, round(len(speech.pcm16) / 2 / speech.sample_rate))
        await self.api.send_voice(account, audio, seconds)
