"""Notices the owner is told without asking, the chat window, "不要提醒我".

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id"), nullable=False),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id"), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(20), nullable=True),
        sa.Column("via", sa.String(20), nullable=True),
        sa.Column("holder", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("owner_id", "kind", "subject"),
    )
    op.create_index("ix_notices_state_due", "notices", ["state", "due_at"])
    # Plain ALTER TABLE, not Alembic's batch mode: on SQLite a batch copies the
    # table and drops the old one, which the other tables' foreign keys refuse in
    # a seeded database.
    op.add_column(
        "owners",
        sa.Column("notices_muted", sa.Boolean(), nullable=False,
                  server_default=sa.false()),
    )  # fmt: skip
    op.add_column(
        "messaging_accounts", sa.Column("last_inbound_at", sa.DateTime(), nullable=True)
    )
    op.add_column(
        "messaging_accounts",
        sa.Column("pushes_since_inbound", sa.Integer(), nullable=False,
                  server_default="0"),
    )  # fmt: skip


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN: SQLite 3.35 or later.
    op.drop_column("messaging_accounts", "pushes_since_inbound")
    op.drop_column("messaging_accounts", "last_inbound_at")
    op.drop_column("owners", "notices_muted")
    op.drop_index("ix_notices_state_due", "notices")
    op.drop_table("notices")
