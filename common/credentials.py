"""Who may call the backend: one token per service, and the shop token.

Each service holds only its own token and the backend knows what each may do
(``backend/api/routes.py``). A setting may list two tokens, comma-separated, so that
a token can be rotated without downtime: the backend accepts both while the services
move to the new one; a service sends the first it lists. Header names are
:mod:`common.headers`'s (re-exported here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from common.settings import DEMO_PROFILES, SettingsError, profile_of

RETIRED_SETTING = "ZHANGGUI_SERVICE_TOKEN"


@dataclass(frozen=True)
class ServiceToken:
    """The setting that holds one service's token, and its published demo value."""

    service: str
    setting: str
    demo_value: str


SERVICE_TOKENS: tuple[ServiceToken, ...] = (
    # Channels (voice gateway, phone, chat, the demo REST channel): identity,
    # kiosk pairing and the gateway's own speech API.
    ServiceToken("gateway", "ZHANGGUI_GATEWAY_TOKEN", "zhanggui-demo-gateway-token"),
    # The Rasa action server: shop routes, only with the conversation's shop token.
    ServiceToken("actions", "ZHANGGUI_ACTIONS_TOKEN", "zhanggui-demo-actions-token"),
    # The courier side: checks parcels in at a pickup point.
    ServiceToken("courier", "ZHANGGUI_COURIER_TOKEN", "zhanggui-demo-courier-token"),
    # The wholesale side: moves orders along (dispatched, delivered).
    ServiceToken(
        "wholesale", "ZHANGGUI_WHOLESALE_TOKEN", "zhanggui-demo-wholesale-token"
    ),
    # The lending partner: decides submitted loan applications.
    ServiceToken("lender", "ZHANGGUI_LENDER_TOKEN", "zhanggui-demo-lender-token"),
    # Operator and support tools: any shop, the PIN still needed for money, audited.
    ServiceToken(
        "operator", "ZHANGGUI_OPERATOR_TOKEN", "zhanggui-demo-operator-token"
    ),
)
SERVICES = tuple(token.service for token in SERVICE_TOKENS)
_BY_SERVICE = {token.service: token for token in SERVICE_TOKENS}


def token_list(settings: Mapping[str, str], service: str) -> tuple[str, ...]:
    """Every token configured for ``service`` (one, or two while rotating).

    Outside the demo profiles the published demo value is refused, and so is the
    retired single service token, so that no deployment runs on a shared secret.
    """
    spec = _BY_SERVICE[service]
    profile = profile_of(settings)
    if settings.get(RETIRED_SETTING) and profile not in DEMO_PROFILES:
        raise SettingsError(
            f"{RETIRED_SETTING} is retired: give each service its own token "
            f"({', '.join(t.setting for t in SERVICE_TOKENS)})"
        )
    raw = settings.get(spec.setting, spec.demo_value)
    tokens = tuple(part.strip() for part in raw.split(",") if part.strip())
    if not tokens or len(tokens) > 2:
        raise SettingsError(
            f"{spec.setting} must hold one token, or two separated by a comma "
            "while rotating"
        )
    if profile not in DEMO_PROFILES and spec.demo_value in tokens:
        raise SettingsError(
            f"{spec.setting} is the published demo value; set a real secret for "
            f"the {profile!r} profile"
        )
    if any(len(token) < 16 for token in tokens):
        raise SettingsError(f"{spec.setting} must be at least 16 characters")
    return tokens


def own_token(settings: Mapping[str, str], service: str) -> str:
    """The token a service sends: the first listed for it."""
    return token_list(settings, service)[0]
