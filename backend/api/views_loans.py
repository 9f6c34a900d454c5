"""Loan views: eligibility and applications."""

from __future__ import annotations

from decimal import Decimal

from aiohttp import web

from backend.api.app_keys import DATABASE, owner_of
from backend.api.parsing import json_body, path_id, read_json, validate
from backend.api.schemas import LOAN_APPLICATION, LOAN_DECISION, LOAN_QUOTE
from backend.api.serialise_loans import (
    application_json,
    eligibility_json,
    loan_quote_json,
)
from backend.db.models import utc_now
from backend.metrics import LOAN_APPLICATIONS, caller_of
from backend.services import loan_applications, loan_decisions, loans
from backend.services.errors import InvalidRequestError
from backend.services.idempotency import check_key
from backend.services.money import to_fen
from common.headers import IDEMPOTENCY_HEADER


async def eligibility(request: web.Request) -> web.Response:
    """GET .../loan-eligibility (owner session, checked by the access rules)."""
    shop_id = path_id(request, "shop_id")
    found = await loans.eligibility(request.app[DATABASE], shop_id, utc_now())
    return web.json_response(eligibility_json(found))


async def apply(request: web.Request) -> web.Response:
    """POST .../loan-applications (owner session, Idempotency-Key)."""
    shop_id = path_id(request, "shop_id")
    owner_id = owner_of(request)
    key = check_key(request.headers.get(IDEMPOTENCY_HEADER))
    raw = await read_json(request)
    # Consent is checked before anything else: only a literal true counts.
    if not isinstance(raw, dict) or raw.get("consent") is not True:
        raise InvalidRequestError(
            "The owner must agree to the loan terms (consent: true).",
            code="consent_required",
        )
    body = validate(raw, LOAN_APPLICATION)
    application, created = await loans.apply(
        request.app[DATABASE],
        shop_id,
        owner_id,
        body["offer_id"],
        to_fen(Decimal(str(body["amount"]))),
        body["term_months"],
        key,
        utc_now(),
    )
    if created:
        LOAN_APPLICATIONS.labels(caller_of(request)).inc()
    return web.json_response(
        application_json(application), status=201 if created else 200
    )


async def make_quote(request: web.Request) -> web.Response:
    """POST .../loan-quotes (owner session): the monthly cost of amount and term."""
    body = await json_body(request, LOAN_QUOTE)
    priced = await loans.quote(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        body["offer_id"],
        to_fen(Decimal(str(body["amount"]))),
        body["term_months"],
        utc_now(),
    )
    return web.json_response(loan_quote_json(priced))


async def list_applications(request: web.Request) -> web.Response:
    """GET .../loan-applications."""
    found = await loan_applications.list_applications(
        request.app[DATABASE], path_id(request, "shop_id")
    )
    return web.json_response({"applications": [application_json(a) for a in found]})


async def get_application(request: web.Request) -> web.Response:
    """GET .../loan-applications/{application_id}."""
    found = await loan_applications.get_application(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        path_id(request, "application_id"),
    )
    return web.json_response(application_json(found))


async def decide(request: web.Request) -> web.Response:
    """POST .../loan-applications/{application_id}/decision (the lender)."""
    body = await json_body(request, LOAN_DECISION)
    decided = await loan_decisions.decide(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        path_id(request, "application_id"),
        body["decision"],
        utc_now(),
    )
    return web.json_response(application_json(decided))
