"""Owners, sessions, tokens, codes and kiosks in the API's JSON shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backend.services.clock import iso_utc
from backend.services.identity import OwnerIdentity
from backend.services.kiosks import PairedDevice
from backend.services.pin_sessions import IssuedSession
from backend.services.shop_tokens import IssuedShopToken, ShopGrant


def identity_json(found: OwnerIdentity) -> dict[str, Any]:
    """The API's ``Identity`` shape."""
    return {
        "owner_id": found.owner_id,
        "shop_id": found.shop_id,
        "display_name": found.display_name,
        "shop_name": found.shop_name,
        "language": found.language,
    }


def resolved_identity_json(
    found: OwnerIdentity, issued: IssuedShopToken
) -> dict[str, Any]:
    """The API's ``ResolvedIdentity`` shape: the owner and the conversation's token."""
    return {
        **identity_json(found),
        "shop_token": issued.token,
        "expires_at": iso_utc(issued.expires_at),
    }


def shop_token_info_json(found: OwnerIdentity, grant: ShopGrant) -> dict[str, Any]:
    """The API's ``ShopTokenInfo`` shape: whom a shop token stands for."""
    return {
        **identity_json(found),
        "channel": grant.channel,
        "conversation_id": grant.conversation_id,
        "expires_at": iso_utc(grant.expires_at),
    }


def pin_session_json(issued: IssuedSession) -> dict[str, Any]:
    """The API's ``PinSession`` shape."""
    return {
        "token": issued.token,
        "expires_at": iso_utc(issued.expires_at),
        "owner_id": issued.owner_id,
        "shop_id": issued.shop_id,
    }


def code_json(code: str, expires_at: dt.datetime) -> dict[str, Any]:
    """The API's ``PairingCode`` and ``LinkCode`` shape."""
    return {"code": code, "expires_at": iso_utc(expires_at)}


def paired_kiosk_json(device: PairedDevice) -> dict[str, Any]:
    """The API's ``PairedKiosk`` shape."""
    return {
        "device_token": device.device_token,
        "shop_id": device.shop_id,
        "shop_name": device.shop_name,
        "language": device.language,
    }


def handoff_json(handoff_id: int) -> dict[str, Any]:
    """The API's ``Handoff`` shape (a handoff is open when made)."""
    return {"id": handoff_id, "status": "open"}
