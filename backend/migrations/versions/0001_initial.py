"""Initial schema: shops, owners, catalog, sales, orders, loans, parcels, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shops",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name_zh", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.Column("city", sa.String(50), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "owners",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False, unique=True),
        sa.Column("pin_hash", sa.String(200), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("failed_pin_tries", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_owners_shop_id", "owners", ["shop_id"])
    op.create_table(
        "messaging_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id"), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("account_id", sa.String(100), nullable=False),
        sa.UniqueConstraint("channel", "account_id"),
    )
    op.create_index("ix_messaging_accounts_owner_id", "messaging_accounts", ["owner_id"])
    op.create_table(
        "pin_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id"), nullable=False),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_pin_sessions_owner_id", "pin_sessions", ["owner_id"])
    op.create_table(
        "kiosk_pairing_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_kiosk_pairing_codes_shop_id", "kiosk_pairing_codes", ["shop_id"])
    op.create_index(
        "ix_kiosk_pairing_codes_code_hash", "kiosk_pairing_codes", ["code_hash"]
    )
    op.create_table(
        "kiosk_devices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("device_name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("paired_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_kiosk_devices_shop_id", "kiosk_devices", ["shop_id"])
    op.create_table(
        "products",
        sa.Column("sku", sa.String(40), primary_key=True),
        sa.Column("name_zh", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(150), nullable=False),
        sa.Column("brand_zh", sa.String(50), nullable=False),
        sa.Column("brand_en", sa.String(80), nullable=False),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("pack_size", sa.Integer(), nullable=False),
        sa.Column("unit_zh", sa.String(10), nullable=False),
        sa.Column("unit_en", sa.String(20), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
    )
    op.create_table(
        "inventory",
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), primary_key=True),
        sa.Column("sku", sa.String(40), sa.ForeignKey("products.sku"), primary_key=True),
        sa.Column("on_hand", sa.Integer(), nullable=False),
    )
    op.create_table(
        "daily_sales",
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("turnover_fen", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "item_sales",
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("sku", sa.String(40), sa.ForeignKey("products.sku"), primary_key=True),
        sa.Column("units", sa.Integer(), nullable=False),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("subtotal_fen", sa.Integer(), nullable=False),
        sa.Column("delivery_fee_fen", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_orders_shop_created", "orders", ["shop_id", "created_at"])
    op.create_table(
        "order_lines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("sku", sa.String(40), sa.ForeignKey("products.sku"), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.Column("line_total_fen", sa.Integer(), nullable=False),
    )
    op.create_index("ix_order_lines_order_id", "order_lines", ["order_id"])
    op.create_table(
        "loan_offers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("monthly_repayment_fen", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_loan_offers_shop_id", "loan_offers", ["shop_id"])
    op.create_table(
        "loan_applications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("offer_id", sa.Integer(), sa.ForeignKey("loan_offers.id"), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("monthly_repayment_fen", sa.BigInteger(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_loan_applications_shop_id", "loan_applications", ["shop_id"])
    op.create_table(
        "repayments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "application_id",
            sa.Integer(),
            sa.ForeignKey("loan_applications.id"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("principal_fen", sa.BigInteger(), nullable=False),
        sa.Column("interest_fen", sa.BigInteger(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.UniqueConstraint("application_id", "seq"),
    )
    op.create_table(
        "parcels",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("tracking_no", sa.String(40), nullable=False),
        sa.Column("carrier", sa.String(40), nullable=False),
        sa.Column("recipient_masked", sa.String(40), nullable=False),
        sa.Column("recipient_phone_masked", sa.String(20), nullable=False),
        sa.Column("pickup_code", sa.String(6), nullable=False),
        sa.Column("shelf_slot", sa.String(8), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("arrived_at", sa.DateTime(), nullable=False),
        sa.Column("picked_up_at", sa.DateTime(), nullable=True),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("shop_id", "tracking_no"),
    )
    op.create_index(
        "ux_parcels_waiting_code",
        "parcels",
        ["shop_id", "pickup_code"],
        unique=True,
        sqlite_where=sa.text("status = 'waiting'"),
        postgresql_where=sa.text("status = 'waiting'"),
    )
    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("scope", sa.String(30), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("shop_id", "scope", "key"),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("conversation_id", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_handoffs_shop_id", "handoffs", ["shop_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(60), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_audit_log_shop_id", "audit_log", ["shop_id"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "handoffs",
        "idempotency_records",
        "parcels",
        "repayments",
        "loan_applications",
        "loan_offers",
        "order_lines",
        "orders",
        "item_sales",
        "daily_sales",
        "inventory",
        "products",
        "kiosk_devices",
        "kiosk_pairing_codes",
        "pin_sessions",
        "messaging_accounts",
        "owners",
        "shops",
    ):
        op.drop_table(table)
