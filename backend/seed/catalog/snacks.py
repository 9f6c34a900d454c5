"""Crisps, biscuits, sweets, sausages and other counter snacks."""

from __future__ import annotations

from backend.catalog.entry import CatalogEntry
from backend.seed.catalog.build import Brand, Row, grams, lines, size

LAYS = Brand("LAY", "乐事", "Lay's")
ORION = Brand("ORI", "好丽友", "Orion")
OREO = Brand("ORE", "奥利奥", "Oreo")
WANT = Brand("WW", "旺旺", "Want Want")
OISHI = Brand("OIS", "上好佳", "Oishi")
WEILONG = Brand("WL", "卫龙", "Weilong")
DALI = Brand("DL", "达利园", "Daliyuan")
PANPAN = Brand("PP", "盼盼", "Panpan")
KSF = Brand("KSF", "康师傅", "Master Kong")
SNICKERS = Brand("SNK", "士力架", "Snickers")
DOVE = Brand("DOV", "德芙", "Dove")
WRIGLEY = Brand("WRG", "益达", "Extra")
DOUBLEMINT = Brand("DM", "绿箭", "Doublemint")
STRIDE = Brand("STR", "炫迈", "Stride")
WAHAHA = Brand("WHH", "娃哈哈", "Wahaha")
SHUANGHUI = Brand("SH", "双汇", "Shuanghui")
CHACHA = Brand("QQ", "洽洽", "ChaCheer")
ALPS = Brand("ALP", "阿尔卑斯", "Alpenliebe")
WUJIANG = Brand("WJ", "乌江", "Wujiang")

_CRISPS = ("薯片", "crisps", "chips", "potato chips")

_ROWS: tuple[Row, ...] = (
    *(
        (LAYS, code, f"薯片 {zh}", f"Potato Chips {en}",
         (grams(70, 22, "105"), grams(135, 12, "96")), (*_CRISPS, f"{zh}薯片"))
        for code, zh, en in (
            ("CLASSIC", "原味", "Classic"),
            ("CUCUMBER", "黄瓜味", "Cucumber"),
            ("TOMATO", "番茄味", "Tomato"),
            ("BBQ", "烧烤味", "Barbecue"),
            ("LIME", "青柠味", "Lime"),
        )
    ),
    (ORION, "CHOCOPIE", "巧克力派", "Choco Pie",
     (size("12P", "12枚", "12 pcs", 8, "箱", "128"),
      size("6P", "6枚", "6 pcs", 16, "箱", "136")),
     ("巧克力派", "好丽友派", "choco pie")),
    (ORION, "POTATO", "薯愿 香烤原味", "Potato Crisps Original",
     (grams(104, 20, "150"),), ("薯愿", *_CRISPS)),
    (ORION, "FISH", "好多鱼 鲜香烧烤味", "Goraebab BBQ",
     (grams(33, 40, "120"),), ("好多鱼", "fish crackers")),
    (OREO, "ORIGINAL", "夹心饼干 原味", "Sandwich Cookies Original",
     (grams(97, 24, "100"), grams(349, 12, "150")), ("夹心饼干", "饼干", "cookies")),
    (OREO, "STRAW", "夹心饼干 草莓味", "Sandwich Cookies Strawberry",
     (grams(97, 24, "100"),), ("草莓饼干", "饼干", "cookies")),
    (WANT, "SNOW", "雪饼", "Senbei Rice Crackers", (grams(84, 24, "110"),),
     ("雪饼", "rice crackers")),
    (WANT, "SHELLY", "仙贝", "Shelly Senbei", (grams(52, 24, "96"),),
     ("仙贝", "rice crackers")),
    (WANT, "MANTOU", "旺仔小馒头", "Milk Biscuit Puffs", (grams(70, 24, "88"),),
     ("小馒头", "旺仔")),
    (WANT, "QQ", "旺仔QQ糖", "QQ Gummies", (grams(20, 60, "66"),),
     ("QQ糖", "软糖", "gummies")),
    (OISHI, "PRAWN", "鲜虾片", "Prawn Crackers", (grams(40, 40, "92"),),
     ("虾片", "prawn crackers")),
    (WEILONG, "LATIAO", "大面筋", "Spicy Gluten Strips", (grams(102, 40, "140"),),
     ("辣条", "大面筋", "spicy strips", "latiao")),
    (WEILONG, "KONJAC", "魔芋爽", "Spicy Konjac", (grams(180, 20, "150"),),
     ("魔芋爽", "konjac")),
    (DALI, "BREAD", "法式软面包 香奶味", "French Soft Bread Milk",
     (size("2KG", "2公斤", "2kg", 1, "箱", "42"),), ("小面包", "面包", "bread")),
    (DALI, "YOLKPIE", "蛋黄派", "Egg Yolk Pie",
     (size("2KG", "2公斤", "2kg", 1, "箱", "48"),), ("蛋黄派", "cake")),
    (PANPAN, "BREAD", "法式小面包", "French Mini Bread",
     (size("2KG", "2公斤", "2kg", 1, "箱", "40"),), ("小面包", "面包", "bread")),
    (KSF, "SODA", "3+2苏打夹心饼干 柠檬味", "3+2 Soda Crackers Lemon",
     (grams(125, 24, "98"),), ("苏打饼干", "饼干", "crackers")),
    (SNICKERS, "BAR", "花生夹心巧克力", "Chocolate Bar",
     (grams(51, 48, "168"),), ("巧克力", "chocolate bar")),
    (DOVE, "SILKY", "丝滑牛奶巧克力", "Silky Milk Chocolate",
     (grams(43, 48, "230"),), ("巧克力", "chocolate")),
    (WRIGLEY, "GUM", "无糖口香糖 薄荷味", "Sugar-free Gum Peppermint",
     (size("40P", "40粒瓶装", "40-piece bottle", 12, "箱", "120"),),
     ("口香糖", "chewing gum", "gum")),
    (DOUBLEMINT, "GUM", "口香糖 原味薄荷", "Chewing Gum Mint",
     (size("5P", "5片装", "5-stick pack", 200, "箱", "260"),),
     ("口香糖", "chewing gum", "gum")),
    (STRIDE, "GUM", "无糖口香糖 薄荷味", "Sugar-free Gum Mint",
     (size("5P", "5片装", "5-stick pack", 200, "箱", "320"),),
     ("口香糖", "chewing gum", "gum")),
    (ALPS, "LOLLY", "牛奶硬糖棒棒糖", "Milk Lollipops",
     (size("50P", "50支桶装", "50-stick tub", 1, "桶", "36"),),
     ("棒棒糖", "lollipop")),
    (WAHAHA, "BABAO", "桂圆莲子八宝粥", "Eight-Treasure Congee",
     (grams(360, 12, "42"),), ("八宝粥", "congee")),
    (SHUANGHUI, "WZW", "王中王火腿肠", "King Ham Sausage",
     (grams(240, 10, "95"),), ("火腿肠", "王中王", "ham sausage")),
    (SHUANGHUI, "CORN", "玉米热狗肠", "Corn Hot Dog Sausage",
     (grams(240, 10, "80"),), ("火腿肠", "热狗肠", "sausage")),
    (CHACHA, "SEEDS", "香瓜子", "Roasted Sunflower Seeds",
     (grams(260, 20, "170"),), ("瓜子", "sunflower seeds")),
    (CHACHA, "WALNUT", "山核桃味瓜子", "Hickory Sunflower Seeds",
     (grams(160, 24, "150"),), ("瓜子", "sunflower seeds")),
    (WUJIANG, "ZHACAI", "涪陵榨菜 鲜脆", "Fuling Pickled Mustard",
     (grams(80, 100, "150"),), ("榨菜", "pickled mustard")),
)

SNACKS: tuple[CatalogEntry, ...] = lines("snacks", _ROWS)
"""Every snack the wholesaler sells."""
