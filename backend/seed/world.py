"""Who is in the demo world: shops, owners, their chat accounts and their habits.

Everything here is fixed or drawn from a seeded random generator, so two seeds on the
same day produce the same world.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SEED = 20261122
EXTRA_SHOPS = 50
DEMO_PAIRING_CODE = "246810"
EXTRA_PIN = "1234"


@dataclass(frozen=True)
class DemoShop:
    """A shop, its owner and the shape of its trade."""

    shop_id: int
    name_zh: str
    name_en: str
    city: str
    days_open: int
    owner_name: str
    phone: str
    pin: str
    language: str
    daily_turnover: int  # yuan on an average day
    volatility: float  # week-to-week swing as a fraction
    usual: tuple[tuple[str, int], ...]  # SKU and typical order quantity
    wechat: str | None = None
    telegram: str | None = None


WEIJUN_USUAL = (
    ("KO-COLA-330-24", 5),
    ("KSF-BEEF-BAG-24", 3),
    ("NF-WATER-550-24", 4),
    ("YL-PURE-250-24", 2),
)
SUNSHINE_USUAL = (
    ("NF-WATER-550-24", 6),
    ("SPR-LEMON-330-24", 3),
    ("LAY-CLASSIC-70G-22", 1),
    ("XXY-ROLL-10R-10", 2),
)
DEMO_SHOPS = (
    DemoShop(
        1, "维军百货", "Weijun Grocery", "杭州", 3 * 365, "王维军",
        "+8613800000001", "2468", "zh", 1900, 0.04, WEIJUN_USUAL,
        "wx-demo-weijun", "10000001",
    ),
    DemoShop(
        2, "阳光便利店", "Sunshine Mini Mart", "上海", 2 * 365, "David Chen",
        "+8613800000002", "1357", "en", 1500, 0.05, SUNSHINE_USUAL,
        "wx-demo-david", "10000002",
    ),
    DemoShop(
        3, "新开小卖部", "Xinkai Corner Shop", "苏州", 20, "李新",
        "+8613800000003", "9753", "zh", 900, 0.15, (("KO-COLA-330-24", 2),),
    ),
)  # fmt: skip

_SURNAMES = "张李王刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = (
    "建国",
    "丽华",
    "志强",
    "秀英",
    "海燕",
    "明",
    "军",
    "芳",
    "伟",
    "静",
    "磊",
    "洋",
)
_CITIES = (
    ("杭州", "Hangzhou"), ("宁波", "Ningbo"), ("温州", "Wenzhou"), ("绍兴", "Shaoxing"),
    ("苏州", "Suzhou"), ("无锡", "Wuxi"), ("合肥", "Hefei"), ("南昌", "Nanchang"),
)  # fmt: skip
_KINDS = (
    ("百货", "Grocery"),
    ("便利店", "Convenience Store"),
    ("小卖部", "Corner Shop"),
)


def extra_shops(skus: tuple[str, ...]) -> list[DemoShop]:
    """Fifty ordinary shops with varied size, age and steadiness."""
    rng = random.Random(SEED)
    shops = []
    for n in range(EXTRA_SHOPS):
        surname = _SURNAMES[n % len(_SURNAMES)]
        given = rng.choice(_GIVEN)
        city_zh, city_en = _CITIES[n % len(_CITIES)]
        kind_zh, kind_en = _KINDS[n % len(_KINDS)]
        usual = tuple((sku, rng.randint(1, 4)) for sku in rng.sample(skus, 4))
        shops.append(
            DemoShop(
                shop_id=4 + n,
                name_zh=f"{city_zh}{surname}{given}{kind_zh}",
                name_en=f"{surname}{given} {kind_en} {city_en}",
                city=city_zh,
                days_open=rng.choice((45, 120, 400, 800, 1500)),
                owner_name=surname + given,
                phone=f"+86139{n + 1:08d}",
                pin=EXTRA_PIN,
                language="zh",
                daily_turnover=rng.randint(400, 3500),
                volatility=rng.choice((0.03, 0.06, 0.15, 0.4, 0.7)),
                usual=usual,
            )
        )
    return shops
