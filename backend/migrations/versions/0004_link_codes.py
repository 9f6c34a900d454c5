"""Link codes (a chat account linked to its owner once) and wrong tries at them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id"), nullable=False),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_link_codes_owner_id", "link_codes", ["owner_id"])
    # Unique among unused codes only: used ones stay until they expire.
    op.create_index(
        "ux_link_codes_unused_code",
        "link_codes",
        ["code_hash"],
        unique=True,
        sqlite_where=sa.text("used_at IS NULL"),
        postgresql_where=sa.text("used_at IS NULL"),
    )
    op.create_table(
        "link_code_tries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("account_hash", sa.String(64), nullable=False),
        sa.Column("tried_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "ix_link_code_tries_account",
        "link_code_tries",
        ["channel", "account_hash", "tried_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_link_code_tries_account", "link_code_tries")
    op.drop_table("link_code_tries")
    op.drop_index("ux_link_codes_unused_code", "link_codes")
    op.drop_index("ix_link_codes_owner_id", "link_codes")
    op.drop_table("link_codes")
