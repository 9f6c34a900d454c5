"""The owner conversations runner's view of the backend: its HTTP API only.

Part of the owner conversations runner (``owner_conversations.py``).
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from typing import Any

import requests

# The demo world (README): phone -> (owner id, shop id, PIN). Used when identity
# resolution is not open to the runner's credential. Other seeded shops: +86139000000NN
# is shop 3 + NN with PIN 1234.
DEMO_OWNERS = {
    "+8613800000001": (1, 1, "2468"),
    "+8613800000002": (2, 2, "1357"),
    "+8613800000003": (3, 3, "9753"),
}
EXTRA_PIN = "1234"


class BackendError(RuntimeError):
    """A backend call failed."""


@dataclass
class Owner:
    """Who is talking: the ids the backend knows them by."""

    phone: str
    owner_id: int
    shop_id: int
    pin: str
    shop_token: str | None = None


class Backend:
    """The backend HTTP API with the runner's credentials."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.url = args.backend_url.rstrip("/")
        self.operator = args.service_token or args.operator_token
        self.courier = args.service_token or args.courier_token
        self.gateway = args.gateway_token
        self.http = requests.Session()
        self.timeout = args.timeout
        self._owners: dict[str, Owner] = {}

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        owner: Owner | None = None,
        session: str | None = None,
        body: Any = None,
        key: str | None = None,
        ok: tuple[int, ...] = (200, 201),
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token or self.operator}"}
        if owner is not None and owner.shop_token:
            headers["X-Shop-Token"] = owner.shop_token
        if session:
            headers["X-Owner-Session"] = session
        if key:
            headers["Idempotency-Key"] = key
        response = self.http.request(
            method, self.url + path, json=body, headers=headers, timeout=self.timeout
        )
        try:
            data = response.json()
        except ValueError:
            data = {"raw": response.text[:300]}
        if ok and response.status_code not in ok:
            hint = ""
            if response.status_code == 401 and "token" in str(data):
                hint = " (a backend with one service token needs --service-token)"
            raise BackendError(
                f"{method} {path} -> {response.status_code}: {data}{hint}"
            )
        return response.status_code, data

    def owner(self, phone: str, pin: str | None = None) -> Owner:
        """Resolve a phone number to its owner and shop (cached per run)."""
        if phone in self._owners:
            return self._owners[phone]
        resolved = None
        for token in (self.operator, self.gateway):
            if not token:
                continue
            status, data = self.call(
                "POST",
                "/v1/identity/resolve",
                token=token,
                body={"channel": "phone", "id": phone},
                ok=(),
            )
            if status == 200:
                resolved = data
                break
        if phone in DEMO_OWNERS:
            owner_id, shop_id, default_pin = DEMO_OWNERS[phone]
        elif re.fullmatch(r"\+86139\d{8}", phone):
            owner_id = shop_id = 3 + int(phone[-8:])
            default_pin = EXTRA_PIN
        elif resolved is None:
            raise BackendError(f"cannot resolve owner {phone}")
        else:
            owner_id, shop_id, default_pin = 0, 0, EXTRA_PIN
        if resolved is not None:
            owner_id, shop_id = int(resolved["owner_id"]), int(resolved["shop_id"])
        owner = Owner(phone, owner_id, shop_id, pin or default_pin)
        if resolved is not None:
            owner.shop_token = resolved.get("shop_token")
        self._owners[phone] = owner
        return owner

    def forget_owners(self) -> None:
        """Drop cached shop credentials (after a reseed)."""
        self._owners.clear()

    def pin_session(self, owner: Owner) -> tuple[str | None, str | None]:
        """(session token, None), or (None, locked_until) when the owner is locked."""
        status, data = self.call(
            "POST",
            f"/v1/owners/{owner.owner_id}/pin-sessions",
            owner=owner,
            body={"pin": owner.pin},
            ok=(),
        )
        if status == 201:
            return str(data["token"]), None
        if status == 423:
            error = data.get("error", {})
            return None, str(error.get("locked_until", ""))
        raise BackendError(f"PIN session for {owner.phone} -> {status}: {data}")

    def snapshot(self, owner: Owner) -> dict[str, Any]:
        """What the judged state of one shop is now."""
        shop = f"/v1/shops/{owner.shop_id}"
        _, orders = self.call("GET", f"{shop}/orders", owner=owner)
        _, parcels = self.call("GET", f"{shop}/parcels", owner=owner)
        _, loans = self.call("GET", f"{shop}/loan-applications", owner=owner)
        return {
            "orders": {
                int(order["id"]): {
                    "status": order["status"],
                    "lines": [
                        {key: line.get(key) for key in LINE_FIELDS}
                        for line in order.get("lines", [])
                    ],
                }
                for order in orders.get("orders", [])
            },
            "parcels": {
                int(parcel["id"]): {
                    key: parcel.get(key)
                    for key in ("status", "tracking_no", "overdue", "shelf_slot")
                }
                for parcel in parcels.get("parcels", [])
            },
            "loans": {
                int(app["id"]): {
                    "amount": app.get("amount"),
                    "term_months": app.get("term_months"),
                    "status": app.get("status"),
                }
                for app in loans.get("applications", [])
            },
        }


LINE_FIELDS = ("sku", "quantity", "name_zh", "name_en", "brand_zh", "brand_en",
               "category")  # fmt: skip
