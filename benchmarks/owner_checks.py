"""Checks on the assistant's replies: choice questions and lockout times.

Part of the owner conversations runner (``owner_conversations.py``).
"""

from __future__ import annotations

import datetime as dt
import re

SHOP_TZ = dt.timezone(dt.timedelta(hours=8))  # shops keep Beijing time

CHOICE_SPLIT = re.compile(r"\s*(?:、|，|,|；|;|还是|或者|或是|\bor\b|/)\s*", re.I)


def _choice_options(reply: str) -> list[str] | None:
    """The options of the last choice question in a reply, as said."""
    sentences = re.split(r"(?<=[？?。!！])|(?<=\.)(?=\s)|\n", reply)
    for sentence in reversed(sentences):
        if not re.search(r"还是|或者|哪|\bor\b|\bwhich\b", sentence, re.I):
            continue
        body = re.split(r"[:：]", sentence)[-1]
        lead = r"^(?:which one|which|请问|您要|你要|要)\s*"
        body = re.sub(lead, "", body.strip(), flags=re.I)
        options = [
            re.sub(r"^(?:\d+[.、)]|第.个[:：]?)\s*", "", o).strip(" ?？。.!！\"'“”")
            for o in CHOICE_SPLIT.split(body)
        ]
        # Drop the asking words around the list ("您要哪一种", "which do you want").
        options = [
            o for o in options if o and not re.search(r"哪|吗$|\bwhich\b", o, re.I)
        ]
        if len(options) >= 2:
            return options
    return None


def distinct_choices(reply: str) -> str | None:
    """A choice question whose options can be told apart."""
    options = _choice_options(reply)
    if options is None:
        return "no choice question in the reply"
    folded = [re.sub(r"\s+", "", o).lower() for o in options]
    if len(set(folded)) < len(folded):
        return f"choices cannot be told apart: {options}"
    return None


def at_most_three_choices(reply: str) -> str | None:
    """A choice question offering no more than three options."""
    options = _choice_options(reply)
    if options is None:
        return "no choice question in the reply"
    return f"{len(options)} choices offered" if len(options) > 3 else None


ZH_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip


def zh_to_int(text: str) -> int | None:
    """Chinese or Arabic numerals below 100 (十五, 二十三, 零七, 07)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (ZH_NUM.get(tens, 0) if tens else 1) * 10
        return value + (ZH_NUM.get(ones, 0) if ones else 0)
    digits = [ZH_NUM.get(c) for c in text]
    if any(d is None for d in digits) or not digits:
        return None
    return int("".join(str(d) for d in digits))


ZH_CLOCK = re.compile(
    r"(上午|早上|凌晨|中午|下午|傍晚|晚上)?\s*([零〇一二两三四五六七八九十\d]{1,3})\s*点"
    r"(?:\s*(半)|\s*([零〇一二两三四五六七八九十\d]{1,3})\s*分?)?"
)
CLOCK = re.compile(r"\b(\d{1,2})[:：](\d{2})(?:\s*([ap])\.?m\.?)?", re.I)
DURATION = re.compile(r"(\d+|十五|fifteen|thirty|三十)\s*(?:分钟|minutes?|mins?)", re.I)
DURATION_WORDS = {"十五": 15, "fifteen": 15, "thirty": 30, "三十": 30}


def told_time(
    reply: str, until: dt.datetime, replied_at: dt.datetime
) -> dt.datetime | None:
    """The moment the reply says the lock ends, as an aware datetime."""
    local_until = until.astimezone(SHOP_TZ)
    found: tuple[int, int, str | None] | None = None
    match = CLOCK.search(reply)
    if match:
        meridiem = match.group(3)
        found = (int(match.group(1)), int(match.group(2)),
                 "pm" if meridiem and meridiem.lower() == "p" else
                 "am" if meridiem else None)  # fmt: skip
    else:
        zh = ZH_CLOCK.search(reply)
        if zh:
            hour = zh_to_int(zh.group(2))
            minute = 30 if zh.group(3) else zh_to_int(zh.group(4) or "0")
            if hour is not None and minute is not None:
                late = zh.group(1) in ("下午", "傍晚", "晚上")
                found = (hour, minute, "pm" if late else None)
    if found is None:
        duration = DURATION.search(reply)
        if not duration:
            return None
        word = duration.group(1).lower()
        minutes = int(word) if word.isdigit() else DURATION_WORDS[word]
        return replied_at + dt.timedelta(minutes=minutes)
    hour, minute, meridiem = found
    if meridiem == "pm" and hour < 12:
        hour += 12
    candidates = [hour] if meridiem or hour >= 12 else [hour, hour + 12]
    best = None
    for h in candidates:
        base = local_until.replace(hour=h % 24, minute=minute, second=0, microsecond=0)
        for shift in (-1, 0, 1):
            moment = base + dt.timedelta(days=shift)
            if best is None or abs(moment - local_until) < abs(best - local_until):
                best = moment
    return best
