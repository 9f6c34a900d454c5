"""Pairing a kiosk with a shop: a saved device token, or a code from the owner."""

from __future__ import annotations

import logging

from common.callers import IdentityUnavailableError, UnknownCallerError
from common.channels import KIOSK
from voice.gateway import protocol as p
from voice.gateway.backend_client import (
    BackendError,
    KioskShop,
    PairingRefusedError,
)
from voice.gateway.kiosk_connection import KioskConnection
from voice.gateway.rasa_client import sender_id
from voice.gateway.state import Gateway

logger = logging.getLogger(__name__)

MAX_PAIR_TRIES = 5


async def kiosk_shop(gateway: Gateway, device_token: str) -> KioskShop | None:
    """The shop a device token is paired with (None if it is not), and its token.

    Resolving the kiosk also gets the conversation's shop token, which the turns
    hand to Rasa; the resolver keeps it until shortly before it expires.
    """
    try:
        caller = await gateway.callers.resolve(
            KIOSK, device_token, sender_id(device_token)
        )
    except UnknownCallerError:
        return None
    return KioskShop(caller.shop_id, caller.shop_name, caller.language)


class KioskPairing(KioskConnection):
    """``hello`` with a saved token, or ``pair`` with a code."""

    async def _hello(self, hello: p.Hello) -> None:
        self.greeted = True
        self.shop = None
        self.device_token = None
        if hello.device_token is not None:
            try:
                shop = await kiosk_shop(self.gateway, hello.device_token)
            except IdentityUnavailableError as problem:
                logger.warning(
                    "kiosk %s: cannot check its token: %s", self.peer, problem
                )
                await self.error(
                    "backend_unavailable", "the shop system is not answering"
                )
                return
            if shop is not None:
                self._paired(hello.device_token, shop)
                await self.send(self._ready_event())
                return
        await self.send(
            p.event(
                "ready",
                paired=False,
                forget_token=hello.device_token is not None,
                language=self.language,
            )
        )

    async def _pair(self, pair: p.Pair) -> None:
        if self.pair_failures >= MAX_PAIR_TRIES or not self.gateway.pair_limiter.allow(
            self.peer
        ):
            await self.error("too_many_pairing_tries", "too many tries; wait and retry")
            return
        try:
            pairing = await self.gateway.backend.pair(pair.code, pair.device_name)
        except PairingRefusedError as refused:
            self.pair_failures += 1
            await self.error(refused.code, refused.message)
            return
        except BackendError as problem:
            logger.warning("kiosk %s: pairing failed: %s", self.peer, problem)
            await self.error("backend_unavailable", "the shop system is not answering")
            return
        self._paired(pairing.device_token, pairing.shop)
        await self.send(p.event("paired", device_token=pairing.device_token))
        await self.send(self._ready_event())

    def _paired(self, device_token: str, shop: KioskShop) -> None:
        self.device_token = device_token
        self.shop = shop
        self.language = shop.language

    def _ready_event(self) -> str:
        assert self.shop is not None
        return p.event(
            "ready", paired=True, shop_name=self.shop.shop_name, language=self.language
        )
