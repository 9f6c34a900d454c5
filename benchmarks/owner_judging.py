"""Judging the backend's state: what a conversation changed, against its outcome.

Part of the owner conversations runner (``owner_conversations.py``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any


def judge_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What the conversation changed."""
    placed = {i: o for i, o in after["orders"].items() if i not in before["orders"]}
    cancelled = sorted(
        i
        for i, o in after["orders"].items()
        if o["status"] == "cancelled"
        and i in before["orders"]
        and before["orders"][i]["status"] != "cancelled"
    )
    moved: dict[str, list[int]] = {"picked_up": [], "returned": []}
    for i, parcel in after["parcels"].items():
        old = before["parcels"].get(i, {}).get("status")
        if parcel["status"] in moved and old != parcel["status"]:
            moved[parcel["status"]].append(i)
    loans = {i: a for i, a in after["loans"].items() if i not in before["loans"]}
    return {
        "orders_placed": placed,
        "orders_cancelled": cancelled,
        "pickups": sorted(moved["picked_up"]),
        "returns": sorted(moved["returned"]),
        "loan_applications": loans,
    }


def _line_matches(want: dict[str, Any], line: dict[str, Any]) -> bool:
    allowed = (
        want["quantity"] if isinstance(want["quantity"], list) else [want["quantity"]]
    )
    if int(line.get("quantity") or 0) not in {int(q) for q in allowed}:
        return False
    if "sku" in want and not re.search(want["sku"], str(line.get("sku"))):
        return False
    if "category" in want and want["category"] != line.get("category"):
        return False
    if "product" in want:
        names = " ".join(
            str(line.get(k) or "")
            for k in ("sku", "name_zh", "name_en", "brand_zh", "brand_en")
        )
        if not re.search(want["product"], names, re.IGNORECASE):
            return False
    return True


def _order_matches(want: dict[str, Any], order: dict[str, Any]) -> bool:
    lines = list(order["lines"])
    for wanted in want["lines"]:
        hit = next((line for line in lines if _line_matches(wanted, line)), None)
        if hit is None:
            return False
        lines.remove(hit)
    return not lines or want.get("exact", True) is False


def _describe(order: dict[str, Any]) -> str:
    return ", ".join(f"{line['sku']}×{line['quantity']}" for line in order["lines"])


def _parcel_ids(
    refs: Any, ids: dict[str, int], before: dict[str, Any]
) -> set[int] | None:
    if refs == "overdue":
        return {
            i for i, p in before["parcels"].items()
            if p["status"] == "waiting" and p.get("overdue")
        }  # fmt: skip
    out = set()
    for ref in refs or []:
        if isinstance(ref, dict) and "tracking_no" in ref:
            match = [
                i
                for i, p in before["parcels"].items()
                if p["tracking_no"] == ref["tracking_no"]
            ]
            if not match:
                return None
            out.update(match)
        else:
            out.add(ids[str(ref)])
    return out


def _money(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def judge_outcome(
    outcome: dict[str, Any],
    changes: dict[str, Any],
    ids: dict[str, int],
    before: dict[str, Any],
) -> list[str]:
    """Every way the backend's change differs from the expected outcome."""
    return [
        *_judge_orders(outcome, changes),
        *_judge_cancels(outcome, changes, ids),
        *_judge_parcels(outcome, changes, ids, before),
        *_judge_loans(outcome, changes),
    ]


def _judge_orders(outcome: dict[str, Any], changes: dict[str, Any]) -> list[str]:
    """Orders placed: one-to-one with the expected orders."""
    failures = []
    wanted_orders = list(outcome.get("orders_placed") or [])
    placed = dict(changes["orders_placed"])
    for want in wanted_orders:
        hit = next((i for i, o in placed.items() if _order_matches(want, o)), None)
        if hit is None:
            failures.append(
                "no new order with "
                + ", ".join(
                    f"{w.get('product') or w.get('sku') or w.get('category')}"
                    f"×{w['quantity']}"
                    for w in want["lines"]
                )
                + (
                    f" (new: {'; '.join(_describe(o) for o in placed.values())})"
                    if placed
                    else " (no order was placed)"
                )
            )
        else:
            del placed[hit]
    for order_id, order in placed.items():
        failures.append(f"unexpected order {order_id}: {_describe(order)}")
    return failures


def _judge_cancels(
    outcome: dict[str, Any], changes: dict[str, Any], ids: dict[str, int]
) -> list[str]:
    failures = []
    want_cancel = {ids[str(ref)] for ref in outcome.get("orders_cancelled") or []}
    got_cancel = set(changes["orders_cancelled"])
    if want_cancel != got_cancel:
        failures.append(
            f"cancelled orders {sorted(got_cancel)}, want {sorted(want_cancel)}"
        )
    return failures


def _judge_parcels(
    outcome: dict[str, Any],
    changes: dict[str, Any],
    ids: dict[str, int],
    before: dict[str, Any],
) -> list[str]:
    failures = []
    for key, label in (("pickups", "picked up"), ("returns", "returned")):
        want_parcels = _parcel_ids(outcome.get(key), ids, before)
        got = set(changes[key])
        if want_parcels is None:
            failures.append(f"{key}: a named parcel is not in the shop")
        elif want_parcels != got:
            failures.append(
                f"parcels {label}: {sorted(got)}, want {sorted(want_parcels)}"
            )
    return failures


def _judge_loans(outcome: dict[str, Any], changes: dict[str, Any]) -> list[str]:
    """Loan applications: one-to-one with the expected ones."""
    failures = []
    wanted_loans = list(outcome.get("loan_applications") or [])
    new_loans = dict(changes["loan_applications"])
    for want in wanted_loans:
        hit = next(
            (
                i
                for i, a in new_loans.items()
                if _money(a["amount"]) == _money(want["amount"])
                and int(a["term_months"]) == int(want["term_months"])
            ),
            None,
        )
        if hit is None:
            made = [f"{a['amount']}/{a['term_months']}m" for a in new_loans.values()]
            failures.append(
                f"no application of {want['amount']} over {want['term_months']} "
                f"months (new: {made or 'none'})"
            )
        else:
            del new_loans[hit]
    for app_id, app in new_loans.items():
        failures.append(
            f"unexpected application {app_id}: {app['amount']}/{app['term_months']}m"
        )
    return failures
