"""Chat messages already delivered (retries do nothing) and shared platform tokens.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbound_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("message_key", sa.String(200), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("channel", "message_key"),
    )
    op.create_index(
        "ix_inbound_messages_created_at", "inbound_messages", ["created_at"]
    )
    op.create_table(
        "platform_tokens",
        sa.Column("platform", sa.String(20), primary_key=True),
        sa.Column("token", sa.String(600), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("lease_holder", sa.String(100), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("platform_tokens")
    op.drop_index("ix_inbound_messages_created_at", "inbound_messages")
    op.drop_table("inbound_messages")
