"""Training sentences from templates crossed with catalog product names.

Run ``python -m tools.generate_phrasings``.

Owners say the same request many ways: product first or last, with or without a
verb, with fillers and recogniser spellings. Hand-written data cannot cover every
product in every shape, so this writes ``data/nlu/generated/phrasings.yml`` from
templates crossed with product names from the generated lookup table. Deterministic
(a fixed seed): run it after ``gen-nlu`` and commit the result.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

from common.languages import is_english
from common.settings import PROJECT_ROOT
from common.vocabulary import UNITS

LOOKUP = PROJECT_ROOT / "data" / "nlu" / "generated" / "product_lookup.yml"
OUT = PROJECT_ROOT / "data" / "nlu" / "generated" / "phrasings.yml"
SEED = 8
PER_INTENT = 45
ZH_COUNTS = ["两", "三", "五", "十", "二十", "六", "八", "十二", "4", "15"]
EN_COUNTS = ["two", "three", "five", "ten", "twenty", "six", "4", "12", "eight", "15"]
ZH_UNITS = [UNITS[u].zh for u in ("case", "pack", "bottle", "bundle", "tub", "piece")]
EN_UNITS = [UNITS[u].en_plural for u in ("case", "box", "pack", "bottle", "bag")]
FILLERS_ZH = ["", "", "嗯 ", "那个 ", "呃 ", "老板 "]
FILLERS_EN = ["", "", "uh ", "um ", "okay ", "hey "]

TEMPLATES: dict[str, dict[str, list[str]]] = {
    "reorder_stock": {
        "zh": [
            "我要{q}{u}{p}",
            "{q}{u}{p}",
            "{p}{q}{u}",
            "{p}来{q}{u}",
            "整它{q}{u}{p}",
            "{p}要{q}{u}",
            "再来{q}{u}{p}吧",
            "给我拿{q}{u}{p}",
            "{p}给我{q}{u}",
            "订{q}{u}{p}",
            "进点{p} {q}{u}",
        ],
        "en": [
            "I want {q} {u} of {p}",
            "{q} {u} of {p}",
            "{p} {q} {u}",
            "give me {q} {u} {p}",
            "{p}, {q} {u} please",
            "send {q} {u} of {p}",
            "order {q} {u} of {p}",
            "I need {q} {u} {p}",
            "{q} {p}",
        ],
    },
    "change_item": {
        "zh": [
            "{p}改成{q}{u}",
            "不对 {p}改成{q}{u}",
            "{p}要{q}{u}就行",
            "{p}换成{q}{u}",
            "把{p}改成{q}{u}",
            "{p}不要那么多 {q}{u}就够了",
            "{p}再加到{q}{u}",
            "不是 {p}是{q}{u}",
        ],
        "en": [
            "change {p} to {q}",
            "make the {p} {q} {u}",
            "wait, change {p} to {q}",
            "{p} should be {q} {u}",
            "actually {q} {u} of {p}",
            "only {q} {u} of {p}",
            "no, {q} {u} of {p} not that many",
            "set {p} to {q}",
        ],
    },
    "remove_item": {
        "zh": [
            "{p}不要了",
            "把{p}去掉",
            "{p}删了吧",
            "不要{p}了",
            "{p}就别订了",
            "{p}拿掉",
            "{p}先不要",
            "去掉{p}",
        ],
        "en": [
            "remove the {p}",
            "no {p}",
            "drop the {p}",
            "take {p} off",
            "forget the {p}",
            "I don't want the {p}",
            "skip the {p}",
            "take out the {p}",
        ],
    },
}
PLAIN: dict[str, dict[str, list[str]]] = {
    "reorder_stock": {
        "zh": [
            "订货",
            "我要订货",
            "我想订货",
            "要进货",
            "我要下单",
            "补货",
            "帮我订点货",
        ],
        "en": [
            "order",
            "I want to order",
            "reorder",
            "I'd like to order",
            "place an order",
            "restock",
            "I want to buy stock",
        ],
    },
    "undo": {
        "zh": [
            "改回去",
            "撤回刚才的改动",
            "刚才那个不算",
            "恢复原来的",
            "还是原来那样",
            "改回原来的",
            "刚才改错了 改回来",
            "算了 还按原来的",
        ],
        "en": [
            "undo",
            "undo that",
            "change it back",
            "go back to what it was",
            "put it back the way it was",
            "revert that",
            "undo the last change",
            "no, as it was before",
        ],
    },
    "check_loan_eligibility": {
        "zh": [
            "贷款",
            "借钱",
            "能贷款吗",
        ],
        "en": [
            "loan",
            "a loan",
            "borrow money",
        ],
    },
}


def product_names(path: Path = LOOKUP) -> tuple[list[str], list[str]]:
    """Short Chinese and English product names from the generated lookup table."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = [
        line[2:].strip()
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.startswith("- ")
    ]
    zh = [n for n in names if re.fullmatch(r"[\u4e00-\u9fff]{2,7}", n)]
    en = [n for n in names if re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)?", n)]
    return sorted(set(zh)), sorted(set(en))


def _fill(template: str, language: str, product: str, rng: random.Random) -> str:
    counts, units, fillers = (
        (EN_COUNTS, EN_UNITS, FILLERS_EN) if is_english(language)
        else (ZH_COUNTS, ZH_UNITS, FILLERS_ZH)
    )  # fmt: skip
    return rng.choice(fillers) + template.format(
        p=f"[{product}](product)",
        q=f"[{rng.choice(counts)}](quantity)",
        u=f"[{rng.choice(units)}](unit)",
    )


def phrasings(seed: int = SEED) -> dict[str, list[str]]:
    """Examples per intent (both languages), deterministic for a seed."""
    rng = random.Random(seed)
    zh_names, en_names = product_names()
    out: dict[str, list[str]] = {}
    for intent, by_language in TEMPLATES.items():
        examples: set[str] = set()
        for language, templates in by_language.items():
            names = en_names if is_english(language) else zh_names
            for n in range(PER_INTENT):
                examples.add(_fill(templates[n % len(templates)], language,
                                   rng.choice(names), rng))  # fmt: skip
        out[intent] = sorted(examples)
    for intent, by_language in PLAIN.items():
        out.setdefault(intent, [])
        out[intent] += [text for texts in by_language.values() for text in texts]
    return out


def write(path: Path = OUT) -> None:
    """Write the generated examples as Rasa NLU YAML."""
    lines = ["# Generated by `python -m tools.generate_phrasings`; do not edit.",
             'version: "3.1"', "nlu:"]  # fmt: skip
    for intent, examples in phrasings().items():
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {example}" for example in examples]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
