"""Table cases for the number extractor, in both languages and recogniser spellings.

Each case is (text, expected), expected being (entity, the exact text of the span,
value) in order. ``NOTHING`` lists texts where no entity may be found.
"""

from __future__ import annotations

from typing import Any

Expected = list[tuple[str, str, Any]]


def q(said: str, value: int) -> tuple[str, str, Any]:
    return ("quantity", said, value)


def u(said: str, unit: str) -> tuple[str, str, Any]:
    return ("unit", said, unit)


def d(said: str, digits: str) -> tuple[str, str, Any]:
    return ("digits", said, digits)


def a(said: str, amount: int | str) -> tuple[str, str, Any]:
    return ("amount", said, amount)


def t(said: str, months: int) -> tuple[str, str, Any]:
    return ("term", said, months)


CASE, BOX = "case", "box"

CODES_ZH = [
    ("三五七二四六", [d("三五七二四六", "357246")]),
    ("取件码三五七二四六", [d("三五七二四六", "357246")]),
    ("幺三五七", [d("幺三五七", "1357")]),
    ("密码是二四六八", [d("二四六八", "2468")]),
    ("三 五 七", [d("三 五 七", "357")]),
    ("取件码 三 五 七 二 四 六", [d("三 五 七 二 四 六", "357246")]),
    ("洞洞七", [d("洞洞七", "007")]),
    ("幺洞幺", [d("幺洞幺", "101")]),
    ("幺 三 五 七", [d("幺 三 五 七", "1357")]),
    ("七七八八六六", [d("七七八八六六", "778866")]),
    ("这个人的码是一一四三三三", [d("一一四三三三", "114333")]),
    (
        "先帮我取个快递 码是三五七二四六 然后再订两箱雪碧",
        [d("三五七二四六", "357246"), q("两", 2), u("箱", CASE)],
    ),
    ("4010 这是我的密码", [d("4010", "4010")]),
    ("喂 我密码是7391呀", [d("7391", "7391")]),
    ("取件码 883101 人已经拿走了", [d("883101", "883101")]),
    ("两四六八", [d("两四六八", "2468")]),
    ("零四二五", [d("零四二五", "0425")]),
    ("一〇一", [d("一〇一", "101")]),
    ("呃密码是六九六一啊", [d("六九六一", "6961")]),
    ("取消745号订单", [d("745", "745")]),
    ("七百四十五号订单", [d("七百四十五", "745")]),
    ("码是357246", [d("357246", "357246")]),
    ("我的PIN是1357", [d("1357", "1357")]),
    ("三五七 二四六", [d("三五七 二四六", "357246")]),
    ("码是 5 0 2 9 3 1 谢谢", [d("5 0 2 9 3 1", "502931")]),
    (
        "取件 3 5 7 2 4 6 密码 1 3 5 7",
        [d("3 5 7 2 4 6", "357246"), d("1 3 5 7", "1357")],
    ),
]

CODES_EN = [
    ("357246", [d("357246", "357246")]),
    ("3 5 7 2 4 6", [d("3 5 7 2 4 6", "357246")]),
    ("5 0 2 9 3 1", [d("5 0 2 9 3 1", "502931")]),
    ("1 3 5 7", [d("1 3 5 7", "1357")]),
    ("3 0 2 5 8 1", [d("3 0 2 5 8 1", "302581")]),
    ("my pin is one three five seven", [d("one three five seven", "1357")]),
    ("won three five seven", [d("won three five seven", "1357")]),
    ("two four six ate", [d("two four six ate", "2468")]),
    ("thirteen fifty seven", [d("thirteen fifty seven", "1357")]),
    ("three zero two five eight one", [d("three zero two five eight one", "302581")]),
    ("three oh two five eight one", [d("three oh two five eight one", "302581")]),
    ("five oh two", [d("five oh two", "502")]),
    ("double five seven", [d("double five seven", "557")]),
    ("the code for 3 5 7 2 4 6", [d("3 5 7 2 4 6", "357246")]),
    ("code is three 5 seven 2 four 6", [d("three 5 seven 2 four 6", "357246")]),
    ("two four six for", [d("two four six for", "2464")]),
    ("35 72 46", [d("35 72 46", "357246")]),
    ("twenty twenty one", [d("twenty twenty one", "2021")]),
    ("cancel order 750", [d("750", "750")]),
    ("PIN: 0042", [d("0042", "0042")]),
    ("zero zero four two", [d("zero zero four two", "0042")]),
    ("order number seven for two", [d("seven for two", "742")]),
    ("code won ate six", [d("won ate six", "186")]),
    ("pin fourteen 68", [d("fourteen 68", "1468")]),
    ("my pin is 24 sixty eight", [d("24 sixty eight", "2468")]),
    ("my password is too for too for", [d("too for too for", "2424")]),
    ("code for one ate two six nine", [d("for one ate two six nine", "418269")]),
    ("where is order three hundred and ten", [d("three hundred and ten", "310")]),
    ("code forty one ninety oh two", [d("forty one ninety oh two", "419002")]),
    ("won ate won ate is my pin", [d("won ate won ate", "1818")]),
    ("pin twenty 4 6 8", [d("twenty 4 6 8", "2468")]),
]

COUNTS_ZH = [
    ("来二十箱Pepsi", [q("二十", 20), u("箱", CASE)]),
    ("两箱", [q("两", 2), u("箱", CASE)]),
    ("再来二十箱可口可乐", [q("二十", 20), u("箱", CASE)]),
    ("我要五箱可口可乐", [q("五", 5), u("箱", CASE)]),
    ("可口可乐五箱", [q("五", 5), u("箱", CASE)]),
    ("整它五箱可口可乐", [q("五", 5), u("箱", CASE)]),
    ("农夫山泉来五箱", [q("五", 5), u("箱", CASE)]),
    ("三十来箱", [q("三十来", 30), u("箱", CASE)]),
    ("二十多箱", [q("二十多", 20), u("箱", CASE)]),
    ("十几箱", [q("十几", 10), u("箱", CASE)]),
    ("两三箱", [q("两三", 2), u("箱", CASE)]),
    ("三四十箱", [q("三四十", 30), u("箱", CASE)]),
    ("一打", [q("一", 12), u("打", "dozen")]),
    ("两打可乐", [q("两", 24), u("打", "dozen")]),
    ("半打", [q("半", 6), u("打", "dozen")]),
    ("半箱", [q("半", 0), u("箱", CASE)]),
    ("一箱半", [q("一", 1), u("箱", CASE)]),
    ("二十箱左右", [q("二十", 20), u("箱", CASE)]),
    ("大概二十箱", [q("二十", 20), u("箱", CASE)]),
    ("一百二十箱", [q("一百二十", 120), u("箱", CASE)]),
    ("20箱", [q("20", 20), u("箱", CASE)]),
    ("再来20箱coke", [q("20", 20), u("箱", CASE)]),
    ("20 箱", [q("20", 20), u("箱", CASE)]),
    ("二 十 箱 可口 可乐", [q("二 十", 20), u("箱", CASE)]),
    ("两盒", [q("两", 2), u("盒", BOX)]),
    ("一听可乐", [q("一", 1), u("听", "can")]),
    ("来两节5号电池", [q("两", 2), u("节", "piece")]),
    ("要八个", [q("八", 8), u("个", "piece")]),
    ("十袋大米", [q("十", 10), u("袋", "bag")]),
    ("两桶油", [q("两", 2), u("桶", "tub")]),
    ("三提牛奶", [q("三", 3), u("提", "bundle")]),
    ("二十来个", [q("二十来", 20), u("个", "piece")]),
    ("七八箱", [q("七八", 7), u("箱", CASE)]),
    ("二 十 五 箱", [q("二 十 五", 25), u("箱", CASE)]),
    ("来个二十箱", [q("二十", 20), u("箱", CASE)]),
    ("二十 cases", [q("二十", 20), u("cases", CASE)]),
    ("改成十吧", [q("十", 10)]),
    ("一共二十", [q("二十", 20)]),
    ("十来", [q("十来", 10)]),
    ("二十", [q("二十", 20)]),
    (
        "二十箱可乐和十箱雪碧",
        [q("二十", 20), u("箱", CASE), q("十", 10), u("箱", CASE)],
    ),
    (
        "百事可乐两箱 雪碧三箱 还有农夫山泉五箱 再来两箱红牛",
        [
            q("两", 2),
            u("箱", CASE),
            q("三", 3),
            u("箱", CASE),
            q("五", 5),
            u("箱", CASE),
            q("两", 2),
            u("箱", CASE),
        ],
    ),
    ("六个核桃来五箱", [q("五", 5), u("箱", CASE)]),
    ("十三香来两包", [q("两", 2), u("包", "pack")]),
    ("七喜三箱", [q("三", 3), u("箱", CASE)]),
    ("康师傅一桶半来三箱", [q("三", 3), u("箱", CASE)]),
    ("统一绿茶五瓶", [q("五", 5), u("瓶", "bottle")]),
    ("不对，面改成五箱", [q("五", 5), u("箱", CASE)]),
    ("一箱可乐是多少瓶", [q("一", 1), u("箱", CASE), u("瓶", "bottle")]),
]

COUNTS_EN = [
    ("twenty cases of coke", [q("twenty", 20), u("cases", CASE)]),
    ("20 cases", [q("20", 20), u("cases", CASE)]),
    ("twenty cases of 可乐", [q("twenty", 20), u("cases", CASE)]),
    ("I want to order two cases", [q("two", 2), u("cases", CASE)]),
    ("order two cases for the shop", [q("two", 2), u("cases", CASE)]),
    ("pepsi, 2 dozen", [q("2", 24), u("dozen", "dozen")]),
    (
        "pepsi, 2 dozen and also water 5 box",
        [q("2", 24), u("dozen", "dozen"), q("5", 5), u("box", CASE)],
    ),
    (
        "two dozen bottles",
        [q("two", 24), u("dozen", "dozen"), u("bottles", "bottle")],
    ),
    ("a dozen", [q("a dozen", 12)]),
    ("half a dozen", [q("half a dozen", 6)]),
    ("half a case", [q("half", 0), u("case", CASE)]),
    ("one and a half cases", [q("one and a half", 1), u("cases", CASE)]),
    ("a case of coke", [q("a", 1), u("case", CASE)]),
    ("an extra box", []),
    ("a couple of bags", [q("a couple", 2), u("bags", "bag")]),
    ("about twenty cases", [q("twenty", 20), u("cases", CASE)]),
    ("twenty or so cases", [q("twenty", 20), u("cases", CASE)]),
    ("twenty-ish cases", [q("twenty", 20), u("cases", CASE)]),
    ("more than 20 cases", [q("20", 20), u("cases", CASE)]),
    ("two to three cases", [q("two to three", 2), u("cases", CASE)]),
    ("five or six bags", [q("five or six", 5), u("bags", "bag")]),
    ("one hundred and five cases", [q("one hundred and five", 105), u("cases", CASE)]),
    ("a hundred bottles", [q("a hundred", 100), u("bottles", "bottle")]),
    ("twenty-five cases", [q("twenty-five", 25), u("cases", CASE)]),
    (
        "give me 3 packs and 2 bags",
        [q("3", 3), u("packs", "pack"), q("2", 2), u("bags", "bag")],
    ),
    ("wait, change red bull to 4", [q("4", 4)]),
    ("change it to four", [q("four", 4)]),
    ("I want twenty", [q("twenty", 20)]),
    ("twenty", [q("twenty", 20)]),
    ("one", [q("one", 1)]),
    ("ten cartons of milk", [q("ten", 10), u("cartons", CASE)]),
    ("three sacks of rice", [q("three", 3), u("sacks", "bag")]),
    ("Twenty Cases", [q("Twenty", 20), u("Cases", CASE)]),
    ("I won three cases", [q("three", 3), u("cases", CASE)]),
    ("5 boxes of instant noodles", [q("5", 5), u("boxes", CASE)]),
    ("I want to order ten boxes of instant noodles", [q("ten", 10), u("boxes", CASE)]),
    ("change the cola to won", [q("won", 1)]),
    ("two and a half boxes of milk", [q("two and a half", 2), u("boxes", CASE)]),
    ("water make it for", [q("for", 4)]),
    ("add three more cases of milk", [q("three", 3), u("cases", CASE)]),
    ("how many cans per case", [u("cans", "can"), u("case", CASE)]),
    ("twenty 4 cases of cola", [q("twenty 4", 24), u("cases", CASE)]),
    ("order fourty cases of sprite", [q("fourty", 40), u("cases", CASE)]),
    ("bring me for cases of cola", [q("for", 4), u("cases", CASE)]),
    ("won carton of milk", [q("won", 1), u("carton", CASE)]),
    ("make the sprite to ate cases", [q("ate", 8), u("cases", CASE)]),
    ("sprite too cases only", [q("too", 2), u("cases", CASE)]),
]

MONEY = [
    ("借三万", [a("三万", 30000)]),
    ("借三万就够了 分六个月还", [a("三万", 30000), t("六个月", 6)]),
    ("5万块", [a("5万", 50000)]),
    ("我想借5万", [a("5万", 50000)]),
    ("一万五", [a("一万五", 15000)]),
    ("两万五", [a("两万五", 25000)]),
    ("三万块钱", [a("三万", 30000)]),
    ("五千块", [a("五千", 5000)]),
    ("一万五千块", [a("一万五千", 15000)]),
    ("不对 我只要三万", [a("三万", 30000)]),
    ("三万多", [a("三万多", 30000)]),
    ("一万左右", [a("一万", 10000)]),
    ("三点五万", [a("三点五万", 35000)]),
    ("1.5万", [a("1.5万", 15000)]),
    ("两块五", [a("两块五", "2.5")]),
    ("两块五吧", [a("两块五", "2.5")]),
    ("三块二毛", [a("三块二毛", "3.2")]),
    ("两块 五箱", [a("两", 2), q("五", 5), u("箱", CASE)]),
    ("五块钱一瓶", [a("五", 5), q("一", 1), u("瓶", "bottle")]),
    ("差不多三万", [a("三万", 30000)]),
    ("一万到两万", [a("一万", 10000), a("两万", 20000)]),
    ("one hundred thousand", [a("one hundred thousand", 100000)]),
    ("五十元", [a("五十", 50)]),
    ("30000元", [a("30000", 30000)]),
    ("borrow 30,000", [a("30,000", 30000)]),
    ("thirty thousand yuan", [a("thirty thousand", 30000)]),
    ("I want to borrow thirty thousand", [a("thirty thousand", 30000)]),
    ("twenty five thousand", [a("twenty five thousand", 25000)]),
    ("30000 yuan", [a("30000", 30000)]),
    ("RMB 30000", [a("30000", 30000)]),
    ("¥500", [a("500", 500)]),
    ("50k", [a("50k", 50000)]),
    ("20 thousand", [a("20 thousand", 20000)]),
    ("apply for a loan of 50,000", [a("50,000", 50000)]),
    ("借两万一个月还多少", [a("两万", 20000)]),
    ("雪碧一箱几瓶", [q("一", 1), u("箱", CASE), u("瓶", "bottle")]),
]

TERMS = [
    ("六个月", [t("六个月", 6)]),
    ("6个月", [t("6个月", 6)]),
    ("一年", [t("一年", 12)]),
    ("两年", [t("两年", 24)]),
    ("一年半", [t("一年半", 18)]),
    ("半年", [t("半年", 6)]),
    ("十二期", [t("十二期", 12)]),
    ("二十四个月", [t("二十四个月", 24)]),
    ("12 months", [t("12 months", 12)]),
    ("twelve months", [t("twelve months", 12)]),
    ("two years", [t("two years", 24)]),
    ("a year", [t("a year", 12)]),
    ("half a year", [t("half a year", 6)]),
    ("a 6-month loan", [t("6-month", 6)]),
    ("借两万 分十二个月", [a("两万", 20000), t("十二个月", 12)]),
    ("borrow 20,000 over two years", [a("20,000", 20000), t("two years", 24)]),
    ("borrow 30,000 for 24 months", [a("30,000", 30000), t("24 months", 24)]),
    ("loan 40 thousand for one year", [a("40 thousand", 40000), t("one year", 12)]),
    ("借两万 二十四个月", [a("两万", 20000), t("二十四个月", 24)]),
    ("贷款 三万 六个月", [a("三万", 30000), t("六个月", 6)]),
    ("贷五万块钱 两年还完", [a("五万", 50000), t("两年", 24)]),
]

NOTHING = [
    "从", "各", "那边", "来一下", "等一下", "一点", "快一点", "说慢一点", "一起",
    "一样", "看一看", "一些", "再说一遍", "统一", "万一", "第二个", "第一个",
    "十五号", "三点", "五公斤的大米", "330毫升", "2025年", "我能借多少钱",
    "每个月几号还款", "还差几天", "几箱", "好几箱", "一个一个念给我听", "都是谁的",
    "有超期的吗", "为啥不行啊", "这一箱", "星期三", "三天", "百事可乐", "十三香",
    "七喜", "六个核桃", "乱七八糟", "一半",
    "the second one", "which one?", "that one please", "I want to order",
    "for", "too", "I ate", "at five", "five minutes", "330ml coke", "7up",
    "2l of pepsi", "what is my PIN i forget", "order", "one two", "one for three",
    "how much for cases of cola", "what price for cases", "what is it for",
    "几个月还完", "no more cases", "上一个订单取消", "最后一个", "帮我取一个快递",
    "我一个人看店",
    "how much every month", "twenty20", "A3", "hello", "",
]  # fmt: skip

ALL = CODES_ZH + CODES_EN + COUNTS_ZH + COUNTS_EN + MONEY + TERMS
