"""Soft drinks, water, tea, energy drinks and beer."""

from __future__ import annotations

from backend.catalog.entry import CatalogEntry
from backend.seed.catalog.build import Brand, Row, lines, litres, ml

KO = Brand("KO", "可口可乐", "Coca-Cola")
PEPSI = Brand("PEP", "百事", "Pepsi")
SPRITE = Brand("SPR", "雪碧", "Sprite")
FANTA = Brand("FAN", "芬达", "Fanta")
MIRINDA = Brand("MIR", "美年达", "Mirinda")
SEVENUP = Brand("7UP", "七喜", "7 Up")
NONGFU = Brand("NF", "农夫山泉", "Nongfu Spring")
CESTBON = Brand("CB", "怡宝", "C'estbon")
GANTEN = Brand("GT", "百岁山", "Ganten")
KSF = Brand("KSF", "康师傅", "Master Kong")
UNI = Brand("UNI", "统一", "Uni-President")
WLJ = Brand("WLJ", "王老吉", "Wong Lo Kat")
JDB = Brand("JDB", "加多宝", "JDB")
REDBULL = Brand("RB", "红牛", "Red Bull")
EASTROC = Brand("ER", "东鹏特饮", "Eastroc Super Drink")
GENKI = Brand("GK", "元气森林", "Genki Forest")
WAHAHA = Brand("WHH", "娃哈哈", "Wahaha")
MIZONE = Brand("MZ", "脉动", "Mizone")
COCONUT = Brand("YS", "椰树", "Coconut Palm")
WALNUT = Brand("YY", "养元", "Yangyuan")
YINLU = Brand("YLU", "银鹭", "Yinlu")
NESCAFE = Brand("NES", "雀巢咖啡", "Nescafe")
TSINGTAO = Brand("TT", "青岛啤酒", "Tsingtao Beer")
SNOW = Brand("SNW", "雪花啤酒", "Snow Beer")
BUD = Brand("BUD", "百威啤酒", "Budweiser")
HARBIN = Brand("HRB", "哈尔滨啤酒", "Harbin Beer")
YANJING = Brand("YJ", "燕京啤酒", "Yanjing Beer")

_SODA = (
    ml(330, 24, "48"),
    ml(500, 24, "58"),
    litres("1.25", 12, "50"),
    litres("2", 6, "42"),
)
_TEA = (ml(500, 15, "40"), litres("1", 12, "52"))
_COLA = ("可乐", "cola")
_WATER = ("矿泉水", "water", "bottled water")
_BEER = ("啤酒", "beer")

_ROWS: tuple[Row, ...] = (
    (KO, "COLA", "", "", _SODA, (*_COLA, "coke", "可口")),
    (KO, "ZERO", "零度", "Zero", (ml(330, 24, "50"), ml(500, 24, "60")),
     ("零度可乐", "无糖可乐", "coke zero")),
    (PEPSI, "COLA", "可乐", "Cola",
     (ml(330, 24, "45"), ml(500, 24, "55"), litres("1.25", 12, "46"),
      litres("2", 6, "39")), (*_COLA, "pepsi", "百事")),
    (PEPSI, "NOSUGAR", "可乐 无糖", "Cola No Sugar", (ml(330, 24, "47"),),
     ("无糖可乐", "pepsi no sugar")),
    (SPRITE, "LEMON", "", "", _SODA, ("汽水", "lemon soda")),
    (FANTA, "ORANGE", "橙味", "Orange", _SODA, ("橙味汽水", "汽水", "orange soda")),
    (MIRINDA, "ORANGE", "橙味", "Orange", _SODA, ("橙味汽水", "汽水", "orange soda")),
    (SEVENUP, "LEMON", "柠檬味", "Lemon", (ml(330, 24, "44"), ml(500, 24, "54")),
     ("汽水",)),
    (NONGFU, "WATER", "饮用天然水", "Natural Water",
     (ml(550, 24, "30"), ml(380, 24, "26"), litres("1.5", 12, "30"),
      litres("4", 6, "38")), ("农夫山泉", "农夫", "nongfu spring", *_WATER)),
    (CESTBON, "WATER", "纯净水", "Purified Water",
     (ml(555, 24, "28"), ml(350, 24, "24"), litres("1.555", 12, "30"),
      litres("4.5", 4, "28")), ("纯净水", *_WATER)),
    (GANTEN, "WATER", "饮用天然矿泉水", "Mineral Water",
     (ml(570, 24, "46"), litres("1.5", 12, "48")), ("mineral water", *_WATER)),
    (WAHAHA, "WATER", "纯净水", "Purified Water", (ml(596, 24, "24"),),
     ("纯净水", *_WATER)),
    (KSF, "WATER", "包装饮用水", "Drinking Water", (ml(550, 24, "20"),), _WATER),
    *(
        (NONGFU, f"DFSY{code}", f"东方树叶 {zh}", f"Oriental Leaf {en}",
         (ml(500, 15, "60"),), ("东方树叶", "无糖茶", "unsweetened tea"))
        for code, zh, en in (
            ("OOLONG", "青柑普洱", "Green Mandarin Pu'er"),
            ("JASMINE", "茉莉花茶", "Jasmine Tea"),
            ("BLACK", "红茶", "Black Tea"),
        )
    ),
    (NONGFU, "TEAPI", "茶π 柠檬红茶", "Tea Pi Lemon Black Tea", (ml(500, 15, "62"),),
     ("茶π", "茶派", "柠檬红茶", "lemon tea")),
    (NONGFU, "TEAPIP", "茶π 西柚茉莉花茶", "Tea Pi Grapefruit Jasmine Tea",
     (ml(500, 15, "62"),), ("茶π", "茶派", "grapefruit tea")),
    (KSF, "ICETEA", "冰红茶", "Iced Black Tea", _TEA, ("冰红茶", "iced tea")),
    (KSF, "GREENTEA", "绿茶", "Green Tea", _TEA, ("绿茶", "green tea")),
    (KSF, "JASMINE", "茉莉清茶", "Jasmine Tea", (ml(500, 15, "40"),),
     ("茉莉清茶", "茉莉花茶", "jasmine tea")),
    (KSF, "PEAR", "冰糖雪梨", "Rock Sugar Pear Drink", (ml(500, 15, "42"),),
     ("冰糖雪梨", "雪梨", "pear drink")),
    (KSF, "PLUM", "酸梅汤", "Sour Plum Drink", (ml(500, 15, "42"),),
     ("酸梅汤", "plum juice")),
    (UNI, "GREENTEA", "绿茶", "Green Tea", _TEA, ("绿茶", "green tea")),
    (UNI, "ICETEA", "冰红茶", "Iced Black Tea", _TEA, ("冰红茶", "iced tea")),
    (UNI, "ASSAM", "阿萨姆奶茶", "Assam Milk Tea",
     (ml(500, 15, "60"), litres("1", 12, "78")),
     ("阿萨姆", "奶茶", "milk tea", "assam")),
    (UNI, "ORANGE", "鲜橙多", "Fresh Orange Drink",
     (ml(450, 15, "40"), litres("1.5", 6, "36")),
     ("鲜橙多", "橙汁", "orange juice")),
    (UNI, "XMTX", "小茗同学冷泡茶", "Xiaoming Cold Brew Tea", (ml(480, 15, "55"),),
     ("小茗同学", "冷泡茶", "cold brew tea")),
    (WLJ, "HERBAL", "凉茶", "Herbal Tea", (ml(310, 24, "78"), ml(500, 15, "60")),
     ("凉茶", "herbal tea", "wanglaoji")),
    (JDB, "HERBAL", "凉茶", "Herbal Tea", (ml(310, 24, "76"), ml(500, 15, "58")),
     ("凉茶", "herbal tea", "jiaduobao")),
    (REDBULL, "ENERGY", "维生素功能饮料", "Energy Drink", (ml(250, 24, "118"),),
     ("功能饮料", "energy drink")),
    (EASTROC, "ENERGY", "维生素功能饮料", "Energy Drink",
     (ml(250, 24, "72"), ml(500, 24, "100")),
     ("东鹏", "eastroc", "功能饮料", "energy drink")),
    *(
        (GENKI, f"SODA{code}", f"苏打气泡水 {zh}味", f"Sparkling Water {en}",
         (ml(480, 15, "65"),), ("气泡水", "苏打水", "sparkling water", f"{zh}气泡水"))
        for code, zh, en in (
            ("PEACH", "白桃", "White Peach"),
            ("CALAM", "卡曼橘", "Calamansi"),
            ("GRAPE", "葡萄", "Grape"),
            ("LYCHEE", "荔枝", "Lychee"),
        )
    ),
    (GENKI, "ALIEN", "外星人电解质水", "Alienergy Electrolyte Water",
     (ml(500, 15, "70"),), ("外星人", "电解质水", "electrolyte water")),
    (WAHAHA, "NUTRI", "营养快线", "Nutri-Express", (ml(500, 15, "58"),),
     ("营养快线", "nutri express")),
    (MIZONE, "LIME", "青柠口味", "Lime", (ml(600, 15, "55"),),
     ("运动饮料", "sports drink")),
    (MIZONE, "PEACH", "桃子口味", "Peach", (ml(600, 15, "55"),),
     ("运动饮料", "sports drink")),
    (COCONUT, "COCO", "椰子汁", "Coconut Juice",
     (ml(245, 24, "72"), litres("1", 12, "96")), ("椰汁", "椰奶", "coconut milk")),
    (WALNUT, "WALNUT", "六个核桃核桃乳", "Six Walnuts Walnut Milk",
     (ml(240, 20, "62"),), ("六个核桃", "核桃奶", "walnut milk")),
    (YINLU, "PEANUT", "花生牛奶", "Peanut Milk", (ml(450, 15, "45"),),
     ("花生奶", "peanut milk")),
    (NESCAFE, "LATTE", "丝滑拿铁", "Silky Latte", (ml(268, 15, "66"),),
     ("雀巢", "瓶装咖啡", "咖啡", "coffee", "latte")),
    (TSINGTAO, "CLASSIC", "经典", "Classic", (ml(330, 24, "62"), ml(500, 12, "46")),
     ("青岛啤酒", "青岛", "tsingtao", "tsingtao beer", *_BEER)),
    (TSINGTAO, "DRAFT", "纯生", "Pure Draft", (ml(500, 12, "56"),),
     ("纯生", "draft beer", *_BEER)),
    (SNOW, "BRAVE", "勇闯天涯", "Brave the World", (ml(500, 12, "40"),),
     ("勇闯天涯", *_BEER)),
    (SNOW, "FRESH", "清爽", "Fresh", (ml(330, 24, "45"), ml(500, 12, "32")),
     ("雪花", "snow", *_BEER)),
    (BUD, "LAGER", "", "Lager", (ml(330, 24, "92"), ml(500, 12, "66")),
     ("百威", "bud", *_BEER)),
    (HARBIN, "ICE", "冰爽", "Ice", (ml(330, 24, "48"), ml(500, 12, "38")),
     ("哈啤", "哈尔滨", *_BEER)),
    (YANJING, "CLEAR", "清爽", "Clear", (ml(500, 12, "36"),), ("燕京", *_BEER)),
)

DRINKS: tuple[CatalogEntry, ...] = lines("drinks", _ROWS)
"""Every drink the wholesaler sells."""
