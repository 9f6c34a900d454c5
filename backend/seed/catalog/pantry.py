"""Rice, flour, cooking oil and seasonings."""

from __future__ import annotations

from backend.catalog.entry import CatalogEntry
from backend.seed.catalog.build import (
    Brand,
    Row,
    Size,
    grams,
    kilos,
    lines,
    litres,
    ml,
    size,
)

ARAWANA = Brand("JLY", "金龙鱼", "Arawana")
LUHUA = Brand("LH", "鲁花", "Luhua")
FORTUNE = Brand("FLM", "福临门", "Fortune")
HUJI = Brand("HJH", "胡姬花", "Hujihua")
DUOLI = Brand("DLI", "多力", "Duoli")
CHANGSHOU = Brand("CSH", "长寿花", "Changshouhua")
XIWANG = Brand("XW", "西王", "Xiwang")
SHIYUE = Brand("SYDT", "十月稻田", "Shiyue Daotian")
XMY = Brand("XMY", "香满园", "Xiangmanyuan")
WUDELI = Brand("WDL", "五得利", "Wudeli")
HAITIAN = Brand("HT", "海天", "Haday")
LKK = Brand("LKK", "李锦记", "Lee Kum Kee")
LGM = Brand("LGM", "老干妈", "Lao Gan Ma")
TOTOLE = Brand("TTL", "太太乐", "Totole")
LOTUS = Brand("LHW", "莲花", "Lotus")
QIANHE = Brand("QH", "千禾", "Qianhe")
CHUBANG = Brand("CHB", "厨邦", "Chubang")
HENGSHUN = Brand("HS", "恒顺", "Hengshun")
DONGHU = Brand("DH", "东湖", "Donghu")
WSY = Brand("WSY", "王守义", "Wang Shouyi")
CNSALT = Brand("ZY", "中盐", "China Salt")
LHH = Brand("LHH", "老恒和", "Laohenghe")
WZH = Brand("WZH", "王致和", "Wangzhihe")
DANDAN = Brand("DD", "丹丹", "Dandan")
HEINZ = Brand("HNZ", "亨氏", "Heinz")

_RICE = ("大米", "rice")
_FLOUR = ("面粉", "flour")
_OIL = ("食用油", "cooking oil", "oil")


def _tub(price: str) -> Size:
    """One 5-litre tub of oil."""
    return size("5L", "5升", "5L", 1, "桶", price)


def _small(price: str) -> Size:
    """A case of six 1.8-litre bottles of oil."""
    return size("1.8L", "1.8升", "1.8L", 6, "箱", price)


_RICE_ROWS: tuple[Row, ...] = (
    (ARAWANA, "RICE", "东北大米", "Northeast Rice",
     (kilos("5", 1, "42"), kilos("10", 1, "80")), _RICE),
    (ARAWANA, "JASMINE", "乳玉皇妃 稻香贡米", "Fragrant Jasmine Rice",
     (kilos("5", 1, "55"),), ("香米", *_RICE)),
    (FORTUNE, "RICE", "东北大米", "Northeast Rice",
     (kilos("5", 1, "40"), kilos("10", 1, "76")), _RICE),
    (SHIYUE, "WUCHANG", "五常大米", "Wuchang Rice",
     (kilos("5", 1, "65"), kilos("10", 1, "125")), ("五常大米", *_RICE)),
    (XMY, "RICE", "美味大米", "Tasty Rice", (kilos("10", 1, "68"),), _RICE),
    (WUDELI, "FLOUR", "八星雪花小麦粉", "Eight Star Wheat Flour",
     (kilos("5", 1, "22"), kilos("10", 1, "42")), _FLOUR),
    (ARAWANA, "FLOUR", "多用途麦芯粉", "All-purpose Wheat Flour",
     (kilos("5", 1, "26"), kilos("2.5", 1, "14")), _FLOUR),
)

_OIL_ROWS: tuple[Row, ...] = (
    (ARAWANA, "BLEND", "黄金比例食用调和油", "Golden Ratio Blended Oil",
     (_tub("75"), _small("156")),
     ("金龙鱼油", "调和油", "blended oil", *_OIL)),
    (ARAWANA, "PEANUT", "浓香花生油", "Fragrant Peanut Oil",
     (_tub("130"),), ("花生油", "peanut oil", *_OIL)),
    (ARAWANA, "CORN", "玉米油", "Corn Oil",
     (_tub("85"),), ("玉米油", "corn oil", *_OIL)),
    (ARAWANA, "SOY", "精炼一级大豆油", "Refined Soybean Oil",
     (_tub("65"),), ("大豆油", "soybean oil", *_OIL)),
    (ARAWANA, "SESAME", "芝麻油", "Sesame Oil", (ml(220, 12, "96"),),
     ("香油", "芝麻油", "sesame oil")),
    (LUHUA, "PEANUT5S", "5S压榨一级花生油", "5S Pressed Peanut Oil",
     (_tub("160"), _small("390")),
     ("鲁花花生油", "花生油", "peanut oil", *_OIL)),
    (LUHUA, "SUNFLOWER", "压榨葵花仁油", "Pressed Sunflower Oil",
     (_tub("120"),), ("葵花油", "sunflower oil", *_OIL)),
    (FORTUNE, "SOY", "精炼一级大豆油", "Refined Soybean Oil",
     (_tub("60"),), ("大豆油", "soybean oil", *_OIL)),
    (FORTUNE, "BLEND", "家香味 食用调和油", "Home Flavour Blended Oil",
     (_tub("68"),), ("调和油", "blended oil", *_OIL)),
    (HUJI, "PEANUT", "古法小榨花生油", "Traditional Peanut Oil",
     (_tub("150"),), ("花生油", "peanut oil", *_OIL)),
    (DUOLI, "SUNFLOWER", "葵花籽油", "Sunflower Seed Oil",
     (_tub("90"),), ("葵花油", "sunflower oil", *_OIL)),
    (CHANGSHOU, "CORN", "玉米油", "Corn Oil",
     (_tub("95"),), ("玉米油", "corn oil", *_OIL)),
    (XIWANG, "CORN", "玉米胚芽油", "Corn Germ Oil",
     (_tub("88"),), ("玉米油", "corn oil", *_OIL)),
)

_SEASONING_ROWS: tuple[Row, ...] = (
    (HAITIAN, "LIGHT", "金标生抽", "Gold Label Light Soy Sauce",
     (ml(500, 12, "72"), litres("1.28", 6, "66")), ("生抽", "酱油", "soy sauce")),
    (HAITIAN, "DARK", "草菇老抽", "Mushroom Dark Soy Sauce", (ml(500, 12, "84"),),
     ("老抽", "酱油", "dark soy sauce")),
    (HAITIAN, "WJX", "味极鲜酱油", "Seasoning Soy Sauce",
     (ml(380, 12, "78"), litres("1.9", 6, "96")), ("味极鲜", "酱油", "soy sauce")),
    (HAITIAN, "OYSTER", "上等蚝油", "Premium Oyster Sauce", (grams(520, 12, "90"),),
     ("蚝油", "oyster sauce")),
    (HAITIAN, "BEAN", "黄豆酱", "Soybean Paste", (grams(800, 12, "110"),),
     ("黄豆酱", "大酱", "bean paste")),
    (HAITIAN, "WINE", "古道料酒", "Cooking Wine", (ml(800, 12, "70"),),
     ("料酒", "cooking wine")),
    (LKK, "FISH", "蒸鱼豉油", "Seasoned Soy Sauce for Seafood", (ml(410, 12, "150"),),
     ("蒸鱼豉油", "豉油", "fish soy sauce")),
    (LKK, "OYSTER", "旧庄特级蚝油", "Premium Oyster Sauce", (grams(510, 12, "160"),),
     ("蚝油", "oyster sauce")),
    (LKK, "LIGHT", "薄盐生抽", "Less Salt Soy Sauce", (ml(500, 12, "120"),),
     ("生抽", "酱油", "soy sauce")),
    (LGM, "DOUCHI", "风味豆豉油制辣椒", "Black Bean Chili Sauce",
     (grams(280, 24, "225"),),
     ("老干妈辣椒酱", "辣椒酱", "豆豉", "chili sauce", "lao gan ma")),
    (LGM, "CRISPY", "香辣脆油辣椒", "Crispy Chili Oil", (grams(210, 24, "190"),),
     ("油辣椒", "辣椒酱", "chili oil", "chili sauce")),
    (LGM, "CHICKEN", "风味鸡油辣椒", "Chicken Chili Oil", (grams(280, 24, "230"),),
     ("鸡油辣椒", "辣椒酱", "chili sauce")),
    (TOTOLE, "ESSENCE", "三鲜鸡精", "Chicken Essence",
     (grams(200, 20, "160", "箱"), grams(454, 10, "160")),
     ("鸡精", "chicken powder", "chicken essence")),
    (TOTOLE, "JUICE", "鲜鸡汁", "Chicken Bouillon Juice", (grams(238, 12, "150"),),
     ("鸡汁", "chicken juice")),
    (LOTUS, "MSG", "味精", "MSG", (grams(400, 20, "150"),), ("味精", "msg")),
    (QIANHE, "LIGHT", "零添加生抽", "Zero Additive Light Soy Sauce",
     (ml(500, 12, "96"),), ("生抽", "酱油", "soy sauce")),
    (CHUBANG, "LIGHT", "美味鲜酱油", "Delicious Soy Sauce", (ml(410, 12, "70"),),
     ("美味鲜", "酱油", "soy sauce")),
    (HENGSHUN, "VINEGAR", "镇江香醋", "Zhenjiang Black Vinegar", (ml(500, 12, "72"),),
     ("香醋", "vinegar")),
    (DONGHU, "VINEGAR", "山西老陈醋", "Shanxi Aged Vinegar", (ml(420, 12, "66"),),
     ("老陈醋", "陈醋", "vinegar")),
    (WSY, "13X", "十三香", "Thirteen Spices",
     (size("45G", "45克", "45g", 50, "箱", "160"),), ("十三香", "spice mix")),
    (CNSALT, "SALT", "精制食用盐", "Refined Table Salt", (grams(400, 40, "60"),),
     ("食盐", "salt")),
    (LHH, "WINE", "五年陈料酒", "5-Year Aged Cooking Wine", (ml(500, 12, "72"),),
     ("料酒", "cooking wine")),
    (WZH, "FURU", "红方腐乳", "Red Fermented Bean Curd", (grams(340, 12, "110"),),
     ("腐乳", "豆腐乳", "fermented tofu")),
    (DANDAN, "DOUBAN", "郫县豆瓣酱", "Pixian Broad Bean Paste",
     (grams(500, 20, "150"),),
     ("豆瓣酱", "豆瓣", "bean paste")),
    (HEINZ, "KETCHUP", "番茄酱", "Tomato Ketchup", (grams(300, 12, "100"),),
     ("番茄酱", "ketchup")),
)

RICE: tuple[CatalogEntry, ...] = lines("rice", _RICE_ROWS)
"""Rice and flour."""

OIL: tuple[CatalogEntry, ...] = lines("oil", _OIL_ROWS)
"""Cooking oils."""

SEASONINGS: tuple[CatalogEntry, ...] = lines("seasonings", _SEASONING_ROWS)
"""Sauces, vinegars, spices and condiments."""
