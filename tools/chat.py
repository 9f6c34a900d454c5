"""``./zhanggui chat``: talk to the running assistant in the terminal.

Goes through Rasa's REST webhook as a demo owner (the REST channel's metadata
identity is honoured in the demo and test profiles only).
"""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from typing import Any

from common.channels import PHONE
from common.settings import (
    SettingsModel,
    load_settings,
    port_setting,
    read_settings,
    setting,
)

OWNERS = {"zh": "+8613800000001", "en": "+8613800000002"}


def send(url: str, sender: str, phone: str, text: str) -> list[dict[str, Any]]:
    """Send one message through the REST webhook; return the replies."""
    body = json.dumps(
        {
            "sender": sender,
            "message": text,
            "metadata": {"channel": PHONE, "id": phone},
        }
    ).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return list(json.loads(answer.read() or b"[]"))


class ChatSettings(SettingsModel):
    """Where Rasa is (names and defaults: docs/contract.md)."""

    rasa_url: str | None = setting("ZHANGGUI_RASA_URL")
    rasa_port: int = port_setting("RASA_PORT", 5005)


def main(argv: Sequence[str] | None = None) -> int:
    """Read lines from the terminal and print the assistant's answers."""
    parser = argparse.ArgumentParser(prog="zhanggui chat")
    parser.add_argument(
        "--owner",
        choices=sorted(OWNERS),
        default="zh",
        help="zh: 王维军 (PIN 2468); en: David Chen (PIN 1357)",
    )
    parser.add_argument("--url", help="Rasa base URL (default: from the settings)")
    args = parser.parse_args(argv)
    declared = read_settings(ChatSettings, load_settings())
    base = args.url or (
        declared.rasa_url
        if declared.rasa_url is not None
        else f"http://127.0.0.1:{declared.rasa_port}"
    )
    url = base.rstrip("/") + "/webhooks/rest/webhook"
    sender = f"chat-{uuid.uuid4().hex[:8]}"
    print(f"Talking to {base} as {OWNERS[args.owner]}. Empty line or Ctrl-D ends.")
    while True:
        try:
            text = input("> ").strip()
        except EOFError:
            break
        if not text:
            break
        try:
            replies = send(url, sender, OWNERS[args.owner], text)
        except (urllib.error.URLError, OSError) as error:
            print(
                f"[cannot reach Rasa at {base}: {error}; is `./zhanggui up` running?]"
            )
            continue
        for reply in replies:
            print("掌柜:", reply.get("text", ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
