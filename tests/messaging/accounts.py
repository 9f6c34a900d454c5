"""Chat accounts linked to demo owners: each test a conversation of its own."""

from __future__ import annotations

import sqlite3
import uuid

import requests

from tests.fixtures.backend import BackendServer


def link_account(
    backend: BackendServer, owner_id: int, channel: str, account: str | None = None
) -> str:
    """A new account of ``channel`` linked to ``owner_id``, as linking leaves it."""
    account = account or f"{channel}-test-{uuid.uuid4().hex[:10]}"
    path = backend.database_url.split(":///", 1)[1]
    with sqlite3.connect(path, timeout=30) as db:
        db.execute(
            "INSERT INTO messaging_accounts (owner_id, channel, account_id) "
            "VALUES (?, ?, ?)",
            (owner_id, channel, account),
        )
    return account


def order_count(backend: BackendServer, shop_id: int) -> int:
    path = backend.database_url.split(":///", 1)[1]
    with sqlite3.connect(path, timeout=30) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM orders WHERE shop_id = ?", (shop_id,)
        ).fetchone()
    return int(count)


def issue_link_code(
    backend: BackendServer, owner_id: int, pin: str, channel: str = "wechat"
) -> str:
    """A link code for ``owner_id``'s ``channel`` account, as the kiosk gets one."""
    headers = backend.headers  # the operator: any shop, with the owner's PIN
    session = requests.post(
        f"{backend.url}/v1/owners/{owner_id}/pin-sessions",
        json={"pin": pin}, headers=headers, timeout=10,
    )  # fmt: skip
    session.raise_for_status()
    issued = requests.post(
        f"{backend.url}/v1/shops/{owner_id}/link-codes",
        json={"channel": channel},
        headers={**headers, "X-Owner-Session": session.json()["token"]},
        timeout=10,
    )
    issued.raise_for_status()
    return str(issued.json()["code"])


def assign_pickup_code(backend: BackendServer, parcel_id: int, code: str) -> None:
    """Give a shelved parcel a chosen code, as a courier's own system may.

    Voice tests say the code aloud: a fixed code makes the recording, and so the
    test, the same on every run (a random code would make it a lottery).
    """
    path = backend.database_url.split(":///", 1)[1]
    with sqlite3.connect(path, timeout=30) as db:
        db.execute("UPDATE parcels SET pickup_code = ? WHERE id = ?", (code, parcel_id))


def dispatched_order(
    backend: BackendServer, shop_id: int, owner_id: int, quantity: int = 1
) -> int:
    """A water order of the shop (owner PIN 1234), placed and sent out by the
    wholesaler, so that the owner has a notice coming."""
    operator = backend.headers_for("operator")
    session = requests.post(
        f"{backend.url}/v1/owners/{owner_id}/pin-sessions", json={"pin": "1234"},
        headers=operator, timeout=10,
    ).json()["token"]  # fmt: skip
    placed = requests.post(
        f"{backend.url}/v1/shops/{shop_id}/orders",
        json={"lines": [{"sku": "NF-WATER-550-24", "quantity": quantity}]},
        headers={**operator, "X-Owner-Session": session,
                 "Idempotency-Key": uuid.uuid4().hex},
        timeout=10,
    )  # fmt: skip
    placed.raise_for_status()
    order_id = int(placed.json()["id"])
    requests.post(
        f"{backend.url}/v1/shops/{shop_id}/orders/{order_id}/dispatch",
        headers=backend.headers_for("wholesale"), timeout=10,
    ).raise_for_status()  # fmt: skip
    return order_id
