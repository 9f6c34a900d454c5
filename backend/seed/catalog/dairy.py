"""Milk, yoghurt drinks and milk beverages (ambient and chilled)."""

from __future__ import annotations

from backend.catalog.entry import CatalogEntry
from backend.seed.catalog.build import Brand, Row, grams, lines, ml

MENGNIU = Brand("MN", "蒙牛", "Mengniu")
YILI = Brand("YL", "伊利", "Yili")
BRIGHT = Brand("GM", "光明", "Bright Dairy")
WANT = Brand("WW", "旺旺", "Want Want")
WAHAHA = Brand("WHH", "娃哈哈", "Wahaha")
YAKULT = Brand("YKT", "养乐多", "Yakult")
JUNLEBAO = Brand("JLB", "君乐宝", "Junlebao")

_MILK = ("牛奶", "纯牛奶", "milk")
_YOGHURT = ("酸奶", "yoghurt", "yogurt")

_ROWS: tuple[Row, ...] = (
    (MENGNIU, "PURE", "纯牛奶", "Pure Milk", (ml(250, 24, "60"), ml(200, 24, "52")),
     _MILK),
    (MENGNIU, "DELUXE", "特仑苏纯牛奶", "Deluxe Pure Milk", (ml(250, 12, "56"),),
     ("特仑苏", "牛奶", "deluxe milk")),
    (MENGNIU, "DELUXELF", "特仑苏低脂牛奶", "Deluxe Low Fat Milk", (ml(250, 12, "58"),),
     ("特仑苏低脂", "low fat milk")),
    (MENGNIU, "ZGL", "真果粒 草莓味", "Fruit Milk Drink Strawberry",
     (grams(250, 12, "38"),), ("真果粒", "fruit milk")),
    (MENGNIU, "ZGLPEACH", "真果粒 黄桃味", "Fruit Milk Drink Yellow Peach",
     (grams(250, 12, "38"),), ("真果粒", "fruit milk")),
    (MENGNIU, "SSR", "酸酸乳 原味", "Suan Suan Ru Original", (ml(250, 24, "42"),),
     ("酸酸乳", "sour milk drink")),
    (MENGNIU, "CZ", "纯甄 原味酸牛奶", "Chunzhen Plain Yoghurt",
     (grams(200, 12, "50"),),
     ("纯甄", *_YOGHURT)),
    (MENGNIU, "YYC", "优益C 活菌型乳酸菌饮品", "Yoyi C Probiotic Drink",
     (ml(340, 12, "54"),), ("优益C", "乳酸菌", "probiotic drink")),
    (YILI, "PURE", "纯牛奶", "Pure Milk",
     (ml(250, 24, "60"), ml(200, 24, "52")), _MILK),
    (YILI, "SATINE", "金典纯牛奶", "Satine Pure Milk", (ml(250, 12, "55"),),
     ("金典", "牛奶", "satine milk")),
    (YILI, "SATINEORG", "金典有机纯牛奶", "Satine Organic Milk", (ml(250, 12, "65"),),
     ("金典有机", "organic milk")),
    (YILI, "AMX", "安慕希 希腊风味酸奶 原味", "Ambrosial Greek Yoghurt Original",
     (grams(205, 12, "58"), grams(230, 10, "58")), ("安慕希", "ambrosial", *_YOGHURT)),
    (YILI, "AMXBB", "安慕希 蓝莓味", "Ambrosial Greek Yoghurt Blueberry",
     (grams(205, 12, "60"),), ("安慕希蓝莓", *_YOGHURT)),
    (YILI, "YSR", "优酸乳 原味", "Youngster Yoghurt Drink Original",
     (ml(250, 24, "42"),), ("优酸乳", "yoghurt drink")),
    (YILI, "QQX", "QQ星 儿童成长牛奶", "QQ Star Kids Milk", (ml(190, 12, "42"),),
     ("QQ星", "儿童牛奶", "kids milk")),
    (YILI, "SHUHUA", "舒化无乳糖牛奶", "Shuhua Lactose-free Milk", (ml(220, 12, "52"),),
     ("舒化奶", "lactose free milk")),
    (YILI, "CHOC", "谷粒多 燕麦牛奶", "Gulido Oat Milk", (grams(250, 12, "46"),),
     ("谷粒多", "燕麦奶", "oat milk")),
    (BRIGHT, "MOMCHI", "莫斯利安 原味酸奶", "Momchilovtsi Yoghurt",
     (grams(200, 12, "60"),), ("莫斯利安", *_YOGHURT)),
    (BRIGHT, "FRESH", "优倍鲜牛奶", "Youbei Fresh Milk", (ml(950, 1, "18", "瓶"),),
     ("鲜牛奶", "鲜奶", "fresh milk")),
    (WANT, "MILK", "旺仔牛奶", "Wangzai Milk", (ml(245, 24, "88"), ml(145, 24, "60")),
     ("旺仔牛奶", "旺仔", "want want milk")),
    (WAHAHA, "AD", "AD钙奶", "AD Calcium Milk", (grams(220, 24, "38"),),
     ("AD钙奶", "钙奶", "calcium milk")),
    (WAHAHA, "SUANNAI", "酸奶饮品", "Yoghurt Drink", (grams(200, 24, "48"),),
     ("酸奶饮品", "yoghurt drink")),
    (YAKULT, "ORIGINAL", "活菌型乳酸菌乳饮品 原味", "Probiotic Drink Original",
     (ml(100, 50, "85"),), ("乳酸菌", "probiotic drink")),
    (JUNLEBAO, "PURE", "纯牛奶", "Pure Milk", (ml(200, 24, "46"),), _MILK),
    (JUNLEBAO, "JX", "简醇 0添加蔗糖酸奶", "Jianchun No Added Sugar Yoghurt",
     (grams(250, 10, "50"),), ("简醇", *_YOGHURT)),
)

DAIRY: tuple[CatalogEntry, ...] = lines("dairy", _ROWS)
"""Every dairy product the wholesaler sells."""
