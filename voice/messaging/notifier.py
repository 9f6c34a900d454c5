"""Notices out: the gateway asks the backend what may go, the assistant words it.

Every ``poll_s`` a gateway process claims the notices the backend says may go now
(quiet hours, "不要提醒我" and WeChat's window are the backend's rules) and, for
each, asks the assistant to tell it in that owner's chat conversation. The notice
becomes a turn of that conversation, so the owner's answer ("好，再订二十箱")
carries it on. A notice goes at most once: it is settled ``sent`` after the send,
``unsent`` when nothing left (it is offered again), ``window_closed`` when WeChat
says the window shut, and ``failed`` when it is unclear whether it arrived.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from voice.gateway.backend_client import BackendError
from voice.messaging.assistant import ChatAssistant
from voice.messaging.ledger import Ledger
from voice.messaging.platform_errors import PlatformError
from voice.messaging.sender import ChatSender
from voice.messaging.wechat_api import WINDOW_CLOSED

logger = logging.getLogger(__name__)


class TemplateSender(Protocol):
    """A bridge that can send a template message (WeChat, outside its window)."""

    async def send_template(self, account: str, texts: Sequence[str]) -> None:
        """Send ``texts`` as the account's notice template."""


class Notifier:
    """Claims notices from the backend and delivers them through the bridges."""

    def __init__(
        self,
        ledger: Ledger,
        assistant: ChatAssistant,
        senders: Mapping[str, ChatSender],
        templates: Mapping[str, TemplateSender],
        poll_s: float,
    ) -> None:
        self._ledger = ledger
        self._assistant = assistant
        self._senders = senders
        self._templates = templates
        self._poll_s = poll_s
        self.holder = f"{socket.gethostname()}-{os.getpid()}-{id(self):x}"
        self.delivered = 0

    async def run(self) -> None:
        """Deliver notices until cancelled."""
        while True:
            try:
                await self.deliver_due()
            except BackendError as problem:
                logger.warning("notices: the backend is unavailable: %s", problem)
            except Exception:
                logger.exception("notices: a round failed")
            await asyncio.sleep(self._poll_s)

    async def deliver_due(self) -> int:
        """One round: claim what may go now and deliver it; how many went."""
        if not self._senders:
            return 0
        claimed = await self._ledger.claim_notices(
            self.holder, sorted(self._senders), sorted(self._templates)
        )
        sent = 0
        for notice in claimed:
            outcome = await self._deliver(notice)
            await self._ledger.settle_notice(int(notice["id"]), self.holder, outcome)
            sent += outcome == "sent"
        self.delivered += sent
        return sent

    async def _deliver(self, notice: dict[str, Any]) -> str:
        channel, account = str(notice["channel"]), str(notice["account"])
        reply = await self._assistant.notify(channel, account, int(notice["id"]))
        if reply is None:
            return "unsent"  # nothing was said: offered again next round
        try:
            if notice["via"] == "template":
                await self._templates[channel].send_template(account, reply.texts)
            else:
                await self._senders[channel].send_texts(
                    account, reply.texts, reply.language
                )
        except PlatformError as problem:
            logger.warning("notices: %s refused notice %s: %s", channel,
                           notice["id"], problem)  # fmt: skip
            if problem.code in WINDOW_CLOSED:
                return "window_closed"
            # A refusal with a code sent nothing; no answer at all may have.
            return "failed" if problem.code is None else "unsent"
        logger.info("notices: %s told on %s", notice["kind"], channel)
        return "sent"
