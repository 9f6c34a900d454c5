"""End-to-end conversations: REST webhook → Rasa → action server → backend."""

from __future__ import annotations

from typing import Any

import requests

from tests.fixtures.backend import BackendServer

WEIJUN = "+8613800000001"  # 王维军, Mandarin, PIN 2468
DAVID = "+8613800000002"  # David Chen, English, PIN 1357
XINKAI = "+8613800000003"  # 20 days old, Mandarin, PIN 9753
ZH_DIGITS = "零一二三四五六七八九"
EN_DIGITS = "zero one two three four five six seven eight nine".split()


def check_in_parcel(server: BackendServer, shop_id: int, tracking_no: str) -> Any:
    """Register a parcel at a shop (as the courier would); returns it with its code."""
    answer = requests.post(
        f"{server.url}/v1/shops/{shop_id}/parcels/check-ins",
        json={"tracking_no": tracking_no, "carrier": "顺丰速运",
              "recipient_name": "陈小姐", "recipient_phone": "+8613912340000"},
        headers=server.headers,
        timeout=10,
    )  # fmt: skip
    answer.raise_for_status()
    return answer.json()


def backend_get(server: BackendServer, path: str) -> Any:
    """GET from the test backend."""
    answer = requests.get(server.url + path, headers=server.headers, timeout=10)
    answer.raise_for_status()
    return answer.json()


def spoken_zh(code: str) -> str:
    """A code said digit by digit in Mandarin."""
    return "".join(ZH_DIGITS[int(d)] for d in code)


def spoken_en(code: str) -> str:
    """A code said digit by digit in English."""
    return " ".join(EN_DIGITS[int(d)] for d in code)
