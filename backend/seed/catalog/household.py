"""Detergents, paper, personal care and other household goods."""

from __future__ import annotations

from backend.catalog.entry import CatalogEntry
from backend.seed.catalog.build import Brand, Row, Size, grams, kilos, lines, ml, size

LIBY = Brand("LB", "立白", "Liby")
BLUEMOON = Brand("BM", "蓝月亮", "Blue Moon")
TIDE = Brand("TD", "汰渍", "Tide")
OMO = Brand("OMO", "奥妙", "OMO")
DIAO = Brand("DP", "雕牌", "Diao")
CHAONENG = Brand("CN", "超能", "Chaoneng")
HEARTTEX = Brand("XXY", "心相印", "Hearttex")
VINDA = Brand("VD", "维达", "Vinda")
BREEZE = Brand("QF", "清风", "Breeze")
TEMPO = Brand("TMP", "得宝", "Tempo")
COLGATE = Brand("GLJ", "高露洁", "Colgate")
DARLIE = Brand("HL", "好来", "Darlie")
CREST = Brand("JJS", "佳洁士", "Crest")
YNBY = Brand("YNBY", "云南白药", "Yunnan Baiyao")
SAFEGUARD = Brand("SFJ", "舒肤佳", "Safeguard")
HS = Brand("HFS", "海飞丝", "Head & Shoulders")
REJOICE = Brand("PR", "飘柔", "Rejoice")
NANFU = Brand("NFU", "南孚", "Nanfu")
RAID = Brand("RD", "雷达", "Raid")
WEIMENG = Brand("WM", "威猛先生", "Mr Muscle")
WHISPER = Brand("HSB", "护舒宝", "Whisper")
ANION = Brand("ZJ", "洁柔", "C&S")

_LAUNDRY = ("洗衣液", "laundry detergent", "laundry liquid")
_POWDER = ("洗衣粉", "washing powder", "laundry powder")
_DISH = ("洗洁精", "洗碗液", "dish soap", "washing up liquid")
_TISSUE = ("抽纸", "纸巾", "tissues", "facial tissue")
_ROLL = ("卷纸", "卫生纸", "toilet paper", "toilet roll")
_POCKET = ("手帕纸", "纸巾", "pocket tissues")
_PASTE = ("牙膏", "toothpaste")
_BRUSH = ("牙刷", "toothbrush")
_SHAMPOO = ("洗发水", "shampoo")


def _tissue_box(price: str) -> Size:
    """A case of 24 soft packs of 3-ply, 100-sheet facial tissue."""
    return size("3P100", "3层100抽", "3-ply 100 sheets", 24, "箱", price)


def _rolls(price: str) -> Size:
    """A bundle of ten toilet rolls."""
    return size("10R", "10卷", "10 rolls", 10, "提", price)


def _pocket(price: str) -> Size:
    """A case of 36 ten-pack bundles of pocket tissues."""
    return size("P10", "10包", "10 packs", 36, "箱", price)


_ROWS: tuple[Row, ...] = (
    (LIBY, "LIQUID", "除菌去渍洗衣液", "Antibacterial Laundry Liquid",
     (kilos("2", 6, "150", "箱"), kilos("3", 4, "140", "箱")), _LAUNDRY),
    (LIBY, "POWDER", "超洁清新洗衣粉", "Super Clean Washing Powder",
     (kilos("1.6", 8, "110", "箱"), grams(508, 24, "100")), _POWDER),
    (LIBY, "DISH", "洗洁精 生姜", "Dishwashing Liquid Ginger",
     (kilos("1", 12, "96", "箱"), kilos("1.5", 8, "92", "箱")), _DISH),
    (LIBY, "SOAP", "洗衣皂", "Laundry Soap Bar", (grams(232, 48, "130"),),
     ("洗衣皂", "肥皂", "laundry soap")),
    (BLUEMOON, "LIQUID", "深层洁净洗衣液", "Deep Clean Laundry Liquid",
     (kilos("3", 4, "168", "箱"), kilos("1", 12, "170", "箱")), _LAUNDRY),
    (BLUEMOON, "HANDWASH", "芦荟抑菌洗手液", "Aloe Hand Wash", (grams(500, 12, "150"),),
     ("洗手液", "hand wash", "hand soap")),
    (BLUEMOON, "TOILET", "洁厕灵", "Toilet Cleaner", (grams(600, 12, "90"),),
     ("洁厕灵", "toilet cleaner")),
    (TIDE, "POWDER", "无磷洗衣粉", "Phosphate-free Washing Powder",
     (kilos("1.55", 8, "120", "箱"),), _POWDER),
    (TIDE, "LIQUID", "洁净薰香洗衣液", "Fresh Scent Laundry Liquid",
     (kilos("3", 4, "160", "箱"),), _LAUNDRY),
    (OMO, "LIQUID", "净蓝全效洗衣液", "Blue Total Laundry Liquid",
     (kilos("3", 4, "170", "箱"),), _LAUNDRY),
    (DIAO, "POWDER", "超效加酶洗衣粉", "Enzyme Washing Powder",
     (kilos("1.6", 8, "98", "箱"),), _POWDER),
    (DIAO, "SOAP", "透明皂", "Clear Laundry Soap", (grams(202, 48, "120"),),
     ("透明皂", "肥皂", "laundry soap")),
    (CHAONENG, "LIQUID", "天然皂粉洗衣液", "Natural Soap Laundry Liquid",
     (kilos("3", 4, "150", "箱"),), _LAUNDRY),
    (HEARTTEX, "TISSUE", "茶语抽纸", "Tea Facial Tissue",
     (_tissue_box("130"),), _TISSUE),
    (HEARTTEX, "ROLL", "卷纸 4层", "Toilet Roll 4-ply", (_rolls("32"),), _ROLL),
    (HEARTTEX, "POCKET", "手帕纸", "Pocket Tissues", (_pocket("160"),), _POCKET),
    (VINDA, "TISSUE", "超韧抽纸", "Super Tough Facial Tissue", (_tissue_box("138"),),
     _TISSUE),
    (VINDA, "ROLL", "蓝色经典卷纸", "Blue Classic Toilet Roll", (_rolls("35"),), _ROLL),
    (VINDA, "POCKET", "手帕纸", "Pocket Tissues", (_pocket("165"),), _POCKET),
    (BREEZE, "TISSUE", "原木纯品抽纸", "Pure Wood Facial Tissue", (_tissue_box("120"),),
     _TISSUE),
    (BREEZE, "ROLL", "卷纸", "Toilet Roll", (_rolls("29"),), _ROLL),
    (TEMPO, "POCKET", "手帕纸 无香", "Pocket Tissues Unscented", (_pocket("220"),),
     _POCKET),
    (ANION, "TISSUE", "face抽纸", "Face Facial Tissue", (_tissue_box("135"),), _TISSUE),
    (COLGATE, "PASTE", "全面防蛀牙膏", "Maximum Cavity Protection Toothpaste",
     (grams(140, 48, "300"), grams(90, 72, "300")), _PASTE),
    (COLGATE, "WHITE", "光感白牙膏", "Optic White Toothpaste", (grams(120, 48, "480"),),
     ("美白牙膏", *_PASTE)),
    (COLGATE, "BRUSH", "细毛牙刷", "Slim Soft Toothbrush",
     (size("1P", "单支装", "single", 144, "箱", "720"),), _BRUSH),
    (DARLIE, "PASTE", "双重薄荷牙膏", "Double Action Mint Toothpaste",
     (grams(140, 48, "330"), grams(90, 72, "330")), ("黑人牙膏", "黑人", *_PASTE)),
    (DARLIE, "BAMBOO", "竹炭深洁牙膏", "Bamboo Charcoal Toothpaste",
     (grams(140, 48, "380"),), ("竹炭牙膏", *_PASTE)),
    (CREST, "PASTE", "防蛀修护牙膏", "Cavity Protection Toothpaste",
     (grams(140, 48, "290"),), _PASTE),
    (YNBY, "PASTE", "牙膏 留兰香型", "Toothpaste Spearmint", (grams(120, 48, "1050"),),
     ("云南白药牙膏", *_PASTE)),
    (SAFEGUARD, "SOAP", "香皂 纯白清香", "Soap Pure White", (grams(100, 72, "250"),),
     ("香皂", "肥皂", "soap")),
    (SAFEGUARD, "BODY", "沐浴露 纯白清香", "Body Wash Pure White",
     (ml(720, 12, "360"),),
     ("沐浴露", "body wash", "shower gel")),
    (HS, "SHAMPOO", "去屑洗发露 清爽去油", "Anti-dandruff Shampoo Clean",
     (ml(400, 12, "480"), ml(200, 24, "500")), ("去屑洗发水", *_SHAMPOO)),
    (REJOICE, "SHAMPOO", "洗发露 柔顺", "Shampoo Smooth", (ml(400, 12, "360"),),
     _SHAMPOO),
    (NANFU, "AA", "5号碱性电池", "AA Alkaline Batteries",
     (size("AA4", "4粒装", "4-pack", 30, "箱", "300"),),
     ("5号电池", "电池", "aa batteries", "batteries")),
    (NANFU, "AAA", "7号碱性电池", "AAA Alkaline Batteries",
     (size("AAA4", "4粒装", "4-pack", 30, "箱", "300"),),
     ("7号电池", "电池", "aaa batteries", "batteries")),
    (RAID, "SPRAY", "杀虫气雾剂 无香", "Insect Killer Spray Unscented",
     (ml(600, 12, "220"),), ("杀虫剂", "灭蚊", "insect spray", "bug spray")),
    (RAID, "COIL", "蚊香", "Mosquito Coils",
     (size("40P", "40单圈", "40 coils", 24, "箱", "240"),),
     ("蚊香", "mosquito coils")),
    (WEIMENG, "KITCHEN", "厨房重油污净", "Kitchen Degreaser", (grams(500, 12, "170"),),
     ("油污净", "厨房清洁剂", "kitchen cleaner")),
    (WHISPER, "PADS", "日用卫生巾", "Day Sanitary Pads",
     (size("10P", "10片装", "10 pads", 24, "箱", "240"),), ("卫生巾", "sanitary pads")),
)

HOUSEHOLD: tuple[CatalogEntry, ...] = lines("household", _ROWS)
"""Every household product the wholesaler sells."""
