"""The demo world's partners: a wholesaler that moves orders and a lender that decides.

Only in the demo profile. The wholesaler dispatches a demo shop's order
``ZHANGGUI_DEMO_DISPATCH_AFTER_S`` (120) after it was placed and delivers it
``ZHANGGUI_DEMO_DELIVER_AFTER_S`` (600) after that; the lender approves a submitted
application after ``ZHANGGUI_DEMO_DECIDE_AFTER_S`` (60). They use the backend's own
partner routes with their own tokens, as a real wholesaler and lender would, and
each move tells the owner (a notice). Elsewhere the process idles, because honcho
stops every service when one exits.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from common.credentials import token_list
from common.headers import bearer
from common.settings import (
    DEMO_PROFILES,
    SettingsModel,
    load_settings,
    profile_of,
    read_settings,
    setting,
)

logger = logging.getLogger("demo_partners")
DEMO_SHOPS = (1, 2, 3)
TICK_S = 10.0


@dataclass(frozen=True)
class PartnerSettings:
    """Where the backend is, the partners' tokens and the demo clock."""

    backend_url: str
    wholesale_token: str
    lender_token: str
    dispatch_after: dt.timedelta
    deliver_after: dt.timedelta
    decide_after: dt.timedelta

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> PartnerSettings:
        """Read once at start."""
        declared = read_settings(PartnerEnvironment, settings)
        return cls(
            backend_url=declared.backend_url,
            wholesale_token=token_list(settings, "wholesale")[0],
            lender_token=token_list(settings, "lender")[0],
            dispatch_after=dt.timedelta(seconds=declared.dispatch_after_s),
            deliver_after=dt.timedelta(seconds=declared.deliver_after_s),
            decide_after=dt.timedelta(seconds=declared.decide_after_s),
        )


class PartnerEnvironment(SettingsModel):
    """The demo partners' declared settings (names and defaults: docs/contract.md)."""

    backend_url: str = setting("ZHANGGUI_BACKEND_URL", "http://127.0.0.1:8080")
    dispatch_after_s: float = setting(
        "ZHANGGUI_DEMO_DISPATCH_AFTER_S", 120, ge=0, le=86_400
    )
    deliver_after_s: float = setting(
        "ZHANGGUI_DEMO_DELIVER_AFTER_S", 600, ge=0, le=86_400
    )
    decide_after_s: float = setting("ZHANGGUI_DEMO_DECIDE_AFTER_S", 60, ge=0, le=86_400)


class DemoPartners:
    """One tick at a time: move what is due along."""

    def __init__(
        self,
        settings: PartnerSettings,
        http: requests.Session,
        shops: tuple[int, ...] = DEMO_SHOPS,
    ) -> None:
        self._settings = settings
        self._http = http
        self._shops = shops

    def tick(self, now: dt.datetime) -> int:
        """Move every due order and decide every due application; how many moved."""
        moved = 0
        for shop_id in self._shops:
            moved += self._orders(shop_id, now)
            moved += self._applications(shop_id, now)
        return moved

    def _orders(self, shop_id: int, now: dt.datetime) -> int:
        settings = self._settings
        moved = 0
        steps = (
            ("placed", "dispatch", settings.dispatch_after),
            ("dispatched", "deliver", settings.dispatch_after + settings.deliver_after),
        )
        for status, step, after in steps:
            listed = self._call("GET", f"/v1/shops/{shop_id}/orders?status={status}",
                                settings.wholesale_token)  # fmt: skip
            for order in listed.get("orders", []):
                if _age(order, now) >= after:
                    path = f"/v1/shops/{shop_id}/orders/{order['id']}/{step}"
                    self._call("POST", path, settings.wholesale_token)
                    moved += 1
        return moved

    def _applications(self, shop_id: int, now: dt.datetime) -> int:
        settings = self._settings
        listed = self._call("GET", f"/v1/shops/{shop_id}/loan-applications",
                            settings.lender_token)  # fmt: skip
        moved = 0
        for application in listed.get("applications", []):
            if application["status"] == "submitted" and (
                _age(application, now) >= settings.decide_after
            ):
                path = f"/v1/shops/{shop_id}/loan-applications/{application['id']}"
                self._call("POST", path + "/decision", settings.lender_token,
                           {"decision": "approved"})  # fmt: skip
                moved += 1
        return moved

    def _call(
        self, method: str, path: str, token: str, body: Any = None
    ) -> dict[str, Any]:
        response = self._http.request(
            method, self._settings.backend_url + path, json=body, timeout=10,
            headers=bearer(token),
        )  # fmt: skip
        response.raise_for_status()
        answer = response.json()
        return answer if isinstance(answer, dict) else {}


def _age(item: Mapping[str, Any], now: dt.datetime) -> dt.timedelta:
    created = dt.datetime.fromisoformat(str(item["created_at"]))
    return now - created


def main() -> int:
    """Run the partners until SIGTERM (idle outside the demo profile)."""
    logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")
    settings = load_settings()
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    partners = None
    if profile_of(settings) in DEMO_PROFILES:
        partners = DemoPartners(PartnerSettings.from_settings(settings),
                                requests.Session())  # fmt: skip
    else:
        logger.info("not a demo profile: the demo partners stay idle")
    while not stopping:
        if partners is not None:
            try:
                partners.tick(dt.datetime.now(dt.timezone.utc))
            except requests.RequestException as problem:
                logger.warning("the backend did not answer: %s", problem)
        time.sleep(TICK_S)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
