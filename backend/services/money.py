"""Money helpers: integer fen in storage, two-decimal strings on the wire."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_fen(amount: Decimal) -> int:
    """Convert yuan to whole fen, rounding half up."""
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_fen(fen: int) -> Decimal:
    """Convert whole fen to yuan with two decimals."""
    return (Decimal(fen) / 100).quantize(CENT)


def money(fen: int) -> str:
    """Render fen as the API's money string, e.g. ``"480.00"``."""
    return f"{from_fen(fen):.2f}"


def rate(basis_points: int) -> str:
    """Render a rate in basis points as a four-decimal fraction (``"0.0850"``)."""
    return f"{Decimal(basis_points) / 10000:.4f}"
