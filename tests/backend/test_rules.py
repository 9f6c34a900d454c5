"""Pure rules: loans, pricing, masking, settings. No database, no HTTP."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from backend.catalog.entry import CatalogEntry
from backend.config import load_config, normalise_database_url
from backend.services import loan_rules
from backend.services.catalog import Catalog
from backend.services.errors import InvalidRequestError
from backend.services.idempotency import check_key, request_hash
from backend.services.identity import normalise_phone
from backend.services.loan_rules import ShopRecord, assess
from backend.services.parcels import mask_name, mask_recipient_phone
from backend.services.pricing import delivery_date, quote
from common.credentials import SERVICE_TOKENS
from common.settings import SettingsError

TODAY = dt.date(2026, 11, 22)
ENTRIES = (
    CatalogEntry("A-1", "可口可乐 330毫升", "Coca-Cola 330ml", "可口可乐", "Coca-Cola",
                 "drinks", 24, "箱", "case", Decimal("48.00"), ("可乐",)),
    CatalogEntry("B-2", "康师傅红烧牛肉面", "Master Kong Beef Noodles", "康师傅",
                 "Master Kong", "noodles", 24, "箱", "case", Decimal("60.00")),
)  # fmt: skip


def record(**overrides: object) -> ShopRecord:
    values: dict[str, object] = {
        "today": TODAY,
        "opened_on": TODAY - dt.timedelta(days=1000),
        "turnover_90d_fen": 180_000_00,
        "weekly_sales_fen": (14_000_00,) * 12,
        "orders_90d": 12,
        "repaid_on_time": 1,
        "late_repayments": 0,
        "application_in_progress": False,
    }
    values.update(overrides)
    return ShopRecord(**values)  # type: ignore[arg-type]


def test_annuity_matches_the_textbook_formula() -> None:
    # 50,000 at 8% a year over 12 months: 4,349.4214… → 4,349.42.
    assert loan_rules.monthly_payment(50_000_00, 800, 12) == 4_349_42
    # 1,000 at 6% over 3 months: 336.6722… → 336.67.
    assert loan_rules.monthly_payment(1_000_00, 600, 3) == 336_67
    # Half a cent rounds up (banker's rounding would give 0.50).
    assert loan_rules.monthly_payment(1_01, 0, 2) == 51


def test_schedule_repays_exactly_the_principal() -> None:
    rows = loan_rules.schedule(50_000_00, 850, 12)
    assert len(rows) == 12
    assert sum(principal for principal, _, _ in rows) == 50_000_00
    assert all(p + i == a for p, i, a in rows)
    assert rows[0][1] == 354_17  # 50,000 × 8.5% / 12 = 354.1666… → 354.17


def test_steady_shop_gets_an_offer_with_lower_rate_for_good_history() -> None:
    decision = assess(record())
    assert decision.eligible
    assert decision.amount_fen == 50_000_00
    assert decision.rate_bp == 800
    assert decision.term_months == 12
    codes = {reason.code for reason in decision.reasons}
    assert {"turnover", "steady_sales", "good_repayment", "regular_orders"} <= codes


def test_new_shop_is_told_when_it_can_apply() -> None:
    decision = assess(record(opened_on=TODAY - dt.timedelta(days=20)))
    assert not decision.eligible
    assert decision.reasons[0].code == "too_new"
    assert "七十天" in decision.reasons[0].text_zh
    assert "70 days" in decision.reasons[0].text_en
    # Opened 2 November; ninety days later is 31 January.
    assert "一月三十一日" in decision.improvements[0].text_zh
    assert "January 31" in decision.improvements[0].text_en


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"late_repayments": 2}, "late_repayment"),
        ({"application_in_progress": True}, "application_in_progress"),
        ({"turnover_90d_fen": 20_000_00}, "low_turnover"),
        ({"weekly_sales_fen": (1_000_00, 30_000_00) * 6}, "unsteady_sales"),
    ],
)
def test_refusals_say_why(overrides: dict[str, object], code: str) -> None:
    decision = assess(record(**overrides))
    assert not decision.eligible
    assert decision.reasons[0].code == code
    assert decision.amount_fen == 0


def test_uneven_sales_lower_the_amount_and_say_how_to_improve() -> None:
    uneven = (10_000_00, 18_000_00) * 6
    decision = assess(record(weekly_sales_fen=uneven))
    assert decision.eligible
    assert decision.amount_fen == 35_000_00
    assert "steadier_sales" in {r.code for r in decision.improvements}


@pytest.mark.parametrize(
    "shop",
    [
        record(),
        record(opened_on=TODAY - dt.timedelta(days=3)),
        record(weekly_sales_fen=(10_000_00, 18_000_00) * 6, orders_90d=0),
        record(turnover_90d_fen=21_000_00),
        record(late_repayments=1),
    ],
)
def test_reasons_are_short_and_speakable(shop: ShopRecord) -> None:
    decision = assess(shop)
    for reason in (*decision.reasons, *decision.improvements):
        assert len(reason.text_zh) <= 40, reason.text_zh
        assert len(reason.text_en.split()) <= 25, reason.text_en
        # Chinese is read aloud: numbers as words, no digits.
        assert not re.search(r"\d", reason.text_zh), reason.text_zh


def test_speech_numbers() -> None:
    assert loan_rules.yuan_zh(50_000_00) == "五万元"
    assert loan_rules.yuan_en(50_000_00) == "50,000 yuan"


NOW_MORNING = dt.datetime(2026, 11, 22, 2, 0)  # 10:00 in Beijing
NOW_EVENING = dt.datetime(2026, 11, 22, 11, 0)  # 19:00 in Beijing


def test_quote_below_threshold_charges_delivery() -> None:
    priced = quote(
        Catalog(dict((e.sku, e) for e in ENTRIES), None), [("A-1", 2)], NOW_MORNING
    )  # type: ignore[arg-type]
    assert priced.subtotal_fen == 96_00
    assert priced.delivery_fee_fen == 15_00
    assert priced.total_fen == 111_00


def test_quote_at_threshold_is_free_and_merges_lines() -> None:
    catalog = Catalog({e.sku: e for e in ENTRIES}, None)  # type: ignore[arg-type]
    priced = quote(catalog, [("A-1", 3), ("B-2", 1), ("A-1", 1)], NOW_MORNING)
    assert [(line.entry.sku, line.quantity) for line in priced.lines] == [
        ("A-1", 4),
        ("B-2", 1),
    ]
    assert priced.subtotal_fen == 252_00
    priced = quote(catalog, [("A-1", 6)], NOW_MORNING)
    assert priced.subtotal_fen == 288_00
    assert priced.delivery_fee_fen == 0


@pytest.mark.parametrize(
    "lines", [[], [("ZZZ", 1)], [("A-1", 0)], [("A-1", 500), ("A-1", 500)]]
)
def test_quote_refuses_bad_lines(lines: list[tuple[str, int]]) -> None:
    catalog = Catalog({e.sku: e for e in ENTRIES}, None)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError):
        quote(catalog, lines, NOW_MORNING)


def test_delivery_is_next_day_or_day_after_the_cutoff() -> None:
    assert delivery_date(NOW_MORNING) == dt.date(2026, 11, 23)
    assert delivery_date(NOW_EVENING) == dt.date(2026, 11, 24)
    # 23:30 UTC is already the next morning in Beijing.
    assert delivery_date(dt.datetime(2026, 11, 22, 23, 30)) == dt.date(2026, 11, 24)


def test_masks_and_phone_numbers() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_recipient_phone("+86 138-0000-0001") == "138****0001"
    assert normalise_phone("138 0000 0001") == "+8613800000001"
    assert normalise_phone("008613800000001") == "+8613800000001"


def test_idempotency_keys() -> None:
    assert check_key("order-1") == "order-1"
    for bad in (None, "", "x" * 201, "with space", "中文"):
        with pytest.raises(InvalidRequestError):
            check_key(bad)
    assert request_hash([["A", 1]]) == request_hash([["A", 1]])
    assert request_hash([["A", 1]]) != request_hash([["A", 2]])


def test_demo_tokens_are_refused_in_production() -> None:
    real = {
        spec.setting: f"s3cret-real-{spec.service}-0123456789"
        for spec in SERVICE_TOKENS
    }
    production = {"ZHANGGUI_PROFILE": "production", **real}
    config = load_config(production)
    assert config.credentials.service_of(real["ZHANGGUI_ACTIONS_TOKEN"]) == "actions"
    assert config.credentials.service_of("zhanggui-demo-actions-token") is None
    with pytest.raises(SettingsError):
        load_config({"ZHANGGUI_PROFILE": "production"})
    for spec in SERVICE_TOKENS:
        with pytest.raises(SettingsError, match=spec.setting):
            load_config({**production, spec.setting: spec.demo_value})
    with pytest.raises(SettingsError, match="ZHANGGUI_SERVICE_TOKEN is retired"):
        load_config({**production, "ZHANGGUI_SERVICE_TOKEN": "s3cret-shared-0123456"})
    with pytest.raises(SettingsError, match="share one token"):
        load_config(
            {**production, "ZHANGGUI_COURIER_TOKEN": real["ZHANGGUI_ACTIONS_TOKEN"]}
        )
    with pytest.raises(SettingsError, match="at least 16"):
        load_config({**production, "ZHANGGUI_COURIER_TOKEN": "short"})
    demo = load_config({})
    assert demo.profile == "demo"
    assert demo.credentials.service_of("zhanggui-demo-gateway-token") == "gateway"


def test_database_urls() -> None:
    assert (
        normalise_database_url("postgresql://u@h/db") == "postgresql+asyncpg://u@h/db"
    )
    assert (
        normalise_database_url("sqlite:////tmp/x.db") == "sqlite+aiosqlite:////tmp/x.db"
    )
    relative = normalise_database_url("sqlite+aiosqlite:///var/z.db")
    assert relative.startswith("sqlite+aiosqlite:////") and relative.endswith(
        "/var/z.db"
    )
    for bad in ("mysql://x/y", "sqlite:///:memory:"):
        with pytest.raises(SettingsError):
            normalise_database_url(bad)
