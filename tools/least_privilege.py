"""Start one service with only the secrets it uses.

Usage: ``python -m tools.least_privilege SERVICE COMMAND...``.

``./zhanggui up`` runs every service from one environment; the backend must know
every service's token, but the action server, Rasa and the voice gateway each get
only their own, so a compromised process cannot borrow another service's rights.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from common.credentials import RETIRED_SETTING, SERVICE_TOKENS

# The chat platforms' secrets: only the gateway's chat bridges hold them.
CHAT_SECRETS = frozenset(
    {
        "ZHANGGUI_WECHAT_TOKEN",
        "ZHANGGUI_WECHAT_AES_KEY",
        "ZHANGGUI_WECHAT_SECRET",
        "ZHANGGUI_TELEGRAM_BOT_TOKEN",
        "ZHANGGUI_TELEGRAM_WEBHOOK_SECRET",
    }
)
SERVICE_SECRETS = frozenset(
    {spec.setting for spec in SERVICE_TOKENS}
    | {"ZHANGGUI_CHANNEL_SECRET", "ZHANGGUI_RASA_TOKEN", RETIRED_SETTING}
)
SECRETS = SERVICE_SECRETS | CHAT_SECRETS
USES: Mapping[str, frozenset[str]] = {
    "backend": SERVICE_SECRETS,
    "actions": frozenset({"ZHANGGUI_ACTIONS_TOKEN"}),
    # The demo REST channel resolves callers as a channel does.
    "rasa": frozenset(
        {"ZHANGGUI_GATEWAY_TOKEN", "ZHANGGUI_CHANNEL_SECRET", "ZHANGGUI_RASA_TOKEN"}
    ),
    "voice": frozenset({"ZHANGGUI_GATEWAY_TOKEN", "ZHANGGUI_CHANNEL_SECRET"})
    | CHAT_SECRETS,
    # The demo world's wholesaler and lender (tools/demo_partners.py).
    "partners": frozenset({"ZHANGGUI_WHOLESALE_TOKEN", "ZHANGGUI_LENDER_TOKEN"}),
}


def environment_for(service: str, environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` less every secret ``service`` does not use."""
    keep = USES[service]
    return {
        name: value
        for name, value in environ.items()
        if name not in SECRETS or name in keep
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Replace this process with the service's command, in its narrowed environment."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] not in USES:
        services = ",".join(USES)
        print(f"usage: least_privilege {{{services}}} COMMAND...", file=sys.stderr)
        return 2
    service, command = args[0], args[1:]
    os.execvpe(command[0], command, environment_for(service, os.environ))
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
