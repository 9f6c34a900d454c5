"""What the load's owners say: the three jobs' scripts, and who the owners are.

Part of the load benchmark (``load_bench.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.seed.catalog.data import PRODUCTS
from backend.seed.world import DEMO_SHOPS, extra_shops
from common.languages import is_chinese

ZH_DIGITS = "零一二三四五六七八九"


# What owners say. A step: what to say, what the reply must match to carry on
# (None: anything), and when to say it (None: always; else only if the previous
# reply matches). {pin} and {code} are said digit by digit in Mandarin.


@dataclass(frozen=True)
class Step:
    say: str
    expect: str | None = None
    when: str | None = None


PIN_ASKED = r"密码|PIN(?![a-z])"
SCRIPTS: dict[str, tuple[Step, ...]] = {
    "reorder": (
        Step("我要订货 老样子", expect=r"确认下单"),
        Step("对", expect=PIN_ASKED),
        Step("{pin}", expect=r"下单成功"),
    ),
    "loan": (
        Step("我能借多少钱", expect=PIN_ASKED),
        Step("{pin}", expect=r"借|贷"),  # the offer, or why not yet
        Step("每个月几号还款", expect=r"每月还", when=r"要申请吗"),
        # A smaller offer than 30,000 asks how much instead.
        Step("借三万 分六个月", expect=r"确认申请|想借多少", when=r"每月还"),
        Step("不用了 先不借", when=r"确认申请|想借多少"),
    ),
    "parcel": (
        Step("现在有几个快递", expect=r"包裹"),
        Step("有人来取快递", expect=r"取件码"),
        Step("{code}", expect=r"取走"),
    ),
}
JOBS = tuple(SCRIPTS)
PLACED = r"下单成功"  # a reorder round that heard its order placed


def spoken_digits(value: str) -> str:
    """Digits as a Mandarin speaker says them one by one (二四六八)."""
    return "".join(ZH_DIGITS[int(d)] for d in value)


@dataclass(frozen=True)
class Owner:
    shop_id: int
    phone: str
    pin: str


def owners() -> list[Owner]:
    """Every seeded shop's owner (backend/seed/world.py)."""
    shops = [*DEMO_SHOPS, *extra_shops(tuple(p.sku for p in PRODUCTS))]
    return [Owner(s.shop_id, s.phone, s.pin) for s in shops if is_chinese(s.language)]
