"""Loans API: eligibility judged from the shop's sales, applications."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from actions.clients.http import BackendHttp, Request, ShopAccess
from common.languages import is_english


@dataclass(frozen=True)
class Reason:
    """A plain sentence explaining a loan decision, in both languages."""

    code: str
    text_zh: str
    text_en: str

    def text(self, language: str) -> str:
        """Return the sentence in the owner's language."""
        return self.text_en if is_english(language) else self.text_zh


@dataclass(frozen=True)
class Eligibility:
    """Whether the shop can borrow, how much, and why."""

    eligible: bool
    offer_id: str | None
    amount: Decimal
    annual_rate: Decimal
    term_months: int
    monthly_repayment: Decimal
    reasons: tuple[Reason, ...]
    improvements: tuple[Reason, ...]


@dataclass(frozen=True)
class Application:
    """A loan application."""

    id: int
    status: str
    amount: Decimal
    term_months: int
    monthly_repayment: Decimal
    schedule: tuple[Instalment, ...] = ()


@dataclass(frozen=True)
class Instalment:
    """One repayment due."""

    due_date: str
    amount: Decimal


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _reasons(items: Any) -> tuple[Reason, ...]:
    return tuple(
        Reason(str(item.get("code", "")), str(item["text_zh"]), str(item["text_en"]))
        for item in items or ()
    )


def decode_eligibility(body: dict[str, Any]) -> Eligibility:
    """Decode an eligibility answer."""
    offer = body.get("offer_id")
    return Eligibility(
        eligible=bool(body.get("eligible")),
        offer_id=None if offer is None else str(offer),
        amount=_decimal(body.get("amount")),
        annual_rate=_decimal(body.get("annual_rate")),
        term_months=int(body.get("term_months") or 0),
        monthly_repayment=_decimal(body.get("monthly_repayment")),
        reasons=_reasons(body.get("reasons")),
        improvements=_reasons(body.get("improvements")),
    )


def decode_application(body: dict[str, Any]) -> Application:
    """Decode a loan application."""
    return Application(
        id=int(body["id"]),
        status=str(body["status"]),
        amount=_decimal(body.get("amount")),
        term_months=int(body.get("term_months") or 0),
        monthly_repayment=_decimal(body.get("monthly_repayment")),
        schedule=tuple(
            Instalment(str(item.get("due_date") or ""), _decimal(item.get("amount")))
            for item in body.get("schedule") or ()
            if isinstance(item, dict)
        ),
    )


def apply_request(
    shop: ShopAccess, offer: Eligibility, session: str, key: str
) -> Request:
    """Build the request applying for ``offer`` with the owner's explicit consent."""
    body: dict[str, Any] = {
        "offer_id": offer.offer_id,
        "amount": str(offer.amount),
        "term_months": offer.term_months,
        "consent": True,
    }
    if offer.offer_id is not None and offer.offer_id.isdigit():
        body["offer_id"] = int(offer.offer_id)
    return shop.request(
        "POST",
        "/loan-applications",
        json=body,
        owner_session=session,
        idempotency_key=key,
    )


class LoansClient:
    """Check eligibility and apply for loans."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def eligibility(self, shop: ShopAccess, session: str) -> Eligibility:
        """Return what the shop can borrow now."""
        request = shop.request("GET", "/loan-eligibility", owner_session=session)
        return decode_eligibility(await self._http.send(request))

    async def apply(
        self, shop: ShopAccess, offer: Eligibility, session: str, key: str
    ) -> Application:
        """Apply for the offer exactly once under ``key``."""
        request = apply_request(shop, offer, session, key)
        return decode_application(await self._http.send(request))

    async def quote(
        self,
        shop: ShopAccess,
        offer_id: str,
        amount: Decimal,
        term_months: int,
        session: str,
    ) -> Decimal:
        """The monthly repayment of ``amount`` over ``term_months`` under the offer."""
        body = {"offer_id": int(offer_id), "amount": str(amount.quantize(Decimal(1))),
                "term_months": term_months}  # fmt: skip
        request = shop.request("POST", "/loan-quotes", json=body, owner_session=session)
        return _decimal((await self._http.send(request)).get("monthly_repayment"))

    async def applications(self, shop: ShopAccess) -> tuple[Application, ...]:
        """Return the shop's applications, newest first."""
        body = await self._http.send(shop.request("GET", "/loan-applications"))
        return tuple(
            decode_application(item) for item in body.get("applications") or ()
        )
