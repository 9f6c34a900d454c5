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
    with op.batch_alter_table("owners") as owners:
        owners.add_column(
            sa.Column(
                "notices_muted", sa.Boolean(), nullable=False,
                server_default=sa.false(),
            )
        )
    with op.batch_alter_table("messaging_accounts") as accounts:
        accounts.add_column(sa.Column("last_inbound_at", sa.DateTime(), nullable=True))
        accounts.add_column(
            sa.Column(
                "pushes_since_inbound", sa.Integer(), nullable=False,
                server_default="0",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("messaging_accounts") as accounts:
        accounts.drop_column("pushes_since_inbound")
        accounts.drop_column("last_inbound_at")
    with op.batch_alter_table("owners") as owners:
        owners.drop_column("notices_muted")
    op.drop_index("ix_notices_state_due", "notices")
    op.drop_table("notices")
