"""Chinese numerals read with cn2an, its gaps handled explicitly.

cn2an reads numbers said as numbers (二十, 一万五, 两千五百). It does not know 洞
(replaced by 零 here), reads digit runs such as 三五七 or 两三 as one number (digit
runs are read with :func:`common.vocabulary.zh_digit_string` and ranges with
:func:`read_range` before it sees them), and rejects a decimal before 万 (三点五万,
multiplied here).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from common.vocabulary import ZH_DIGITS

_RANGE = re.compile(
    r"(?P<head>(?:[一二两三四五六七八九]?十)?)(?P<low>[一二两三四五六七八九])"
    r"(?P<high>[二两三四五六七八九])(?P<mag>[十百千万]?)"
)


@lru_cache(maxsize=4096)
def zh_number(core: str) -> Decimal | None:
    """Read a Chinese numeral (二十, 一万五, 三点五万), or None when it is none."""
    text = core.replace("洞", "零").replace("〇", "零").replace("幺", "一")
    scale = Decimal(1)
    if "点" in text and text.endswith(("万", "千")):
        scale, text = Decimal(10_000 if text[-1] == "万" else 1000), text[:-1]
    try:
        return Decimal(str(cn2an.cn2an(text, "smart"))) * scale
    except (ValueError, KeyError, IndexError, InvalidOperation):
        return None


def read_range(core: str) -> tuple[int, int] | None:
    """Read 两三 (2–3), 三四十 (30–40), 十五六 (15–16), 一两 (1–2), 三五 (3–5)."""
    if core == "三五":
        return 3, 5
    match = _RANGE.fullmatch(core)
    if not match:
        return None
    low, high = ZH_DIGITS[match["low"]], ZH_DIGITS[match["high"]]
    if high != low + 1 and (low, high) != (1, 2):
        return None
    if match["head"] and match["mag"]:
        return None
    head = int(zh_number(match["head"]) or 0) if match["head"] else 0
    scale = int(zh_number("一" + match["mag"]) or 1) if match["mag"] else 1
    return head + low * scale, head + high * scale
