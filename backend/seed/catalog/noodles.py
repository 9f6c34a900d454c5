"""Instant noodles, rice noodles and dried noodles."""

from __future__ import annotations

from backend.catalog.entry import CatalogEntry
from backend.seed.catalog.build import Brand, Row, Size, grams, kilos, lines, size

KSF = Brand("KSF", "康师傅", "Master Kong")
UNI = Brand("UNI", "统一", "Uni-President")
JML = Brand("JML", "今麦郎", "Jinmailang")
BX = Brand("BX", "白象", "Baixiang")
HF = Brand("HF", "华丰", "Huafeng")
NISSIN = Brand("NIS", "出前一丁", "Nissin Demae Ramen")
LBW = Brand("LBW", "螺霸王", "Luobawang")
HAOHUAN = Brand("HHL", "好欢螺", "Haohuanluo")
JSH = Brand("JSH", "金沙河", "Jinshahe")
CKM = Brand("CKM", "陈克明", "Chenkeming")


def _bag(price: str) -> Size:
    """A case of 24 single bags."""
    return size("BAG", "袋装", "Bag", 24, "箱", price)


def _cup(price: str) -> Size:
    """A case of 12 buckets (cup noodles)."""
    return size("CUP", "桶装", "Bucket", 12, "箱", price)


_NOODLES = ("方便面", "泡面", "instant noodles")

_ROWS: tuple[Row, ...] = (
    *(
        (KSF, code, zh, en, (_bag("60"), _cup("48")), (short, *_NOODLES, alias_en))
        for code, zh, en, short, alias_en in (
            ("BEEF", "红烧牛肉面", "Braised Beef Noodles", "红烧牛肉", "beef noodles"),
            ("SPICY", "香辣牛肉面", "Spicy Beef Noodles", "香辣牛肉", "spicy beef"),
            ("SUANCAI", "酸菜牛肉面", "Pickled Cabbage Beef Noodles", "酸菜牛肉",
             "pickled cabbage noodles"),
            ("SHRIMP", "鲜虾鱼板面", "Shrimp & Fish Cake Noodles", "鲜虾鱼板",
             "shrimp noodles"),
            ("CHICKEN", "香菇炖鸡面", "Mushroom Stewed Chicken Noodles", "香菇炖鸡",
             "chicken noodles"),
            ("TOMATO", "番茄鸡蛋面", "Tomato & Egg Noodles", "番茄鸡蛋",
             "tomato egg noodles"),
            ("LUXIANG", "卤香牛肉面", "Marinated Beef Noodles", "卤香牛肉",
             "marinated beef"),
        )
    ),
    (KSF, "JINGBEEF", "劲爽拉面 红烧牛肉", "Jinshuang Ramen Braised Beef",
     (grams(85, 30, "45"),), ("劲爽拉面", *_NOODLES)),
    *(
        (UNI, code, zh, en, (_bag("60"), _cup("48")), (short, *_NOODLES, alias_en))
        for code, zh, en, short, alias_en in (
            ("SUANCAI", "老坛酸菜牛肉面", "Pickled Cabbage Beef Noodles", "老坛酸菜",
             "pickled cabbage noodles"),
            ("BEEF", "红烧牛肉面", "Braised Beef Noodles", "红烧牛肉", "beef noodles"),
            ("SPICY", "藤椒牛肉面", "Green Sichuan Pepper Beef Noodles", "藤椒牛肉",
             "pepper beef noodles"),
            ("TOMATO", "番茄牛腩面", "Tomato Beef Brisket Noodles", "番茄牛腩",
             "tomato beef noodles"),
        )
    ),
    (UNI, "TDR", "汤达人 日式豚骨拉面", "Tang Daren Tonkotsu Ramen",
     (size("CUP", "桶装", "Bucket", 12, "箱", "72"),), ("汤达人", "豚骨拉面", "ramen")),
    (UNI, "TDRK", "汤达人 韩式辣牛肉汤面", "Tang Daren Korean Spicy Beef Ramen",
     (size("CUP", "桶装", "Bucket", 12, "箱", "72"),),
     ("汤达人", "辣牛肉汤面", "ramen")),
    *(
        (JML, code, zh, en, (_bag("48"), _cup("42")), (short, *_NOODLES, alias_en))
        for code, zh, en, short, alias_en in (
            ("BEEF", "弹面 红烧牛肉", "Tanmian Braised Beef", "弹面", "beef noodles"),
            ("SPICY", "弹面 香辣牛肉", "Tanmian Spicy Beef", "香辣牛肉",
             "spicy beef"),
            ("LAOTAN", "老坛酸菜面", "Pickled Cabbage Noodles", "酸菜面",
             "pickled cabbage noodles"),
            ("YTB", "一桶半 红烧牛肉", "One and a Half Bucket Beef", "一桶半",
             "yitongban"),
        )
    ),
    *(
        (BX, code, zh, en, (_bag("55"), _cup("50")), (short, *_NOODLES, alias_en))
        for code, zh, en, short, alias_en in (
            ("HEN", "汤好喝 老母鸡汤面", "Old Hen Soup Noodles", "老母鸡汤",
             "chicken soup noodles"),
            ("BONE", "大骨面 原汁猪骨", "Pork Bone Soup Noodles", "大骨面",
             "pork bone noodles"),
            ("SPICY", "香辣牛肉面", "Spicy Beef Noodles", "香辣牛肉", "spicy beef"),
            ("PEPPER", "藤椒牛肉面", "Green Pepper Beef Noodles", "藤椒牛肉",
             "pepper beef noodles"),
        )
    ),
    (HF, "SANXIAN", "三鲜伊面", "Sanxian E-fu Noodles", (grams(86, 40, "42"),),
     ("三鲜伊面", "伊面", *_NOODLES)),
    (NISSIN, "SESAME", "麻油味", "Sesame Oil Flavour", (grams(100, 30, "105"),),
     ("麻油面", *_NOODLES)),
    (NISSIN, "KURO", "九州猪骨浓汤味", "Kyushu Tonkotsu Flavour",
     (grams(100, 30, "105"),), ("猪骨面", *_NOODLES)),
    (LBW, "LUOSI", "螺蛳粉", "River Snail Rice Noodles", (grams(280, 24, "168"),),
     ("螺蛳粉", "snail noodles", "luosifen")),
    (HAOHUAN, "LUOSI", "螺蛳粉 加臭加辣", "River Snail Rice Noodles Extra Spicy",
     (grams(400, 12, "120"),), ("螺蛳粉", "snail noodles", "luosifen")),
    (JSH, "GUAMIAN", "原味挂面", "Plain Dried Noodles",
     (kilos("1", 10, "58", "箱"), grams(500, 20, "60")),
     ("挂面", "面条", "dried noodles", "noodles")),
    (JSH, "EGG", "鸡蛋挂面", "Egg Dried Noodles", (kilos("1", 10, "68", "箱"),),
     ("鸡蛋面", "挂面", "egg noodles")),
    (CKM, "GUAMIAN", "细圆挂面", "Thin Round Dried Noodles",
     (grams(800, 10, "56"),), ("挂面", "面条", "dried noodles", "noodles")),
)

NOODLES: tuple[CatalogEntry, ...] = lines("noodles", _ROWS)
"""Every noodle product the wholesaler sells."""
