"""Parcels waiting at the two demo shops, some of them overdue."""

from __future__ import annotations

import datetime as dt
import random

from backend.seed.history import Rows
from backend.seed.world import SEED
from backend.services.parcels import SHELF_SLOTS, mask_name, mask_recipient_phone

CARRIERS = ("中通快递", "圆通速递", "韵达快递", "申通快递", "顺丰速运", "极兔速递")
# (shop, days ago, recipient, phone); the first Weijun parcel has the documented code.
WAITING = (
    (1, 9, "张伟", "13912345678"),
    (1, 7, "刘芳", "13587654321"),
    (1, 3, "陈静", "18600001234"),
    (1, 1, "杨磊", "13711112222"),
    (1, 0, "赵敏", "15822223333"),
    (2, 8, "Li Na", "13633334444"),
    (2, 2, "Zhou Jie", "13944445555"),
    (2, 0, "Wu Hao", "13855556666"),
)
DEMO_PICKUP_CODE = "357246"


def parcels(rows: Rows, now: dt.datetime) -> None:
    """Waiting parcels plus a few already collected."""
    rng = random.Random(SEED + 7)
    codes = {DEMO_PICKUP_CODE}
    slots: dict[int, int] = {}
    for index, (shop_id, days, name, phone) in enumerate(WAITING):
        code = DEMO_PICKUP_CODE if index == 0 else f"{rng.randrange(1_000_000):06d}"
        while index and code in codes:
            code = f"{rng.randrange(1_000_000):06d}"
        codes.add(code)
        slot = slots.get(shop_id, 0)
        slots[shop_id] = slot + 1
        rows.add(
            "parcels",
            shop_id=shop_id,
            tracking_no=f"{'ZT' if shop_id == 1 else 'YT'}{7300000000 + index * 7919}",
            carrier=CARRIERS[index % len(CARRIERS)],
            recipient_masked=mask_name(name),
            recipient_phone_masked=mask_recipient_phone(phone),
            pickup_code=code,
            shelf_slot=SHELF_SLOTS[slot],
            status="waiting",
            arrived_at=now - dt.timedelta(days=days, hours=2 + index),
            picked_up_at=None,
            returned_at=None,
        )
    for index in range(3):
        arrived = now - dt.timedelta(days=10 + index, hours=3)
        rows.add(
            "parcels",
            shop_id=1,
            tracking_no=f"SF{1400000000 + index * 104729}",
            carrier="顺丰速运",
            recipient_masked=mask_name("孙丽"),
            recipient_phone_masked=mask_recipient_phone("13900009999"),
            pickup_code=f"{rng.randrange(1_000_000):06d}",
            shelf_slot="B1",
            status="picked_up",
            arrived_at=arrived,
            picked_up_at=arrived + dt.timedelta(days=1),
            returned_at=None,
        )
