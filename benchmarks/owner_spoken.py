"""Spoken forms of digit strings, for the owner sets' placeholders such as {code1:zh}.

Part of the owner conversations runner (``owner_conversations.py``).
"""

from __future__ import annotations

import re

from common.languages import is_chinese, is_english

ZH_DIGITS = "零一二三四五六七八九"
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
             "nine")  # fmt: skip
EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen")  # fmt: skip
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
           "ninety")  # fmt: skip


def _en_pair(pair: str) -> str:
    tens, ones = int(pair[0]), int(pair[1])
    if tens == 0:
        return f"oh {EN_DIGITS[ones]}"
    if tens == 1:
        return EN_TEENS[ones]
    return EN_TENS[tens] + ("" if ones == 0 else f" {EN_DIGITS[ones]}")


def _zh_number(n: int) -> str:
    """A whole number below 10,000 read as a number (八百三十二)."""
    if n == 0:
        return "零"
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out, zero = "", False
    for value, name in units:
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += ZH_DIGITS[digit] + name
            zero = False
        elif out:
            zero = True
    return out[1:] if out.startswith("一十") else out


def _en_number(n: int) -> str:
    """A whole number below 10,000 in English words."""
    parts = []
    if n >= 1000:
        parts.append(f"{EN_DIGITS[n // 1000]} thousand")
        n %= 1000
    if n >= 100:
        parts.append(f"{EN_DIGITS[n // 100]} hundred")
        n %= 100
    if n >= 20:
        parts.append(EN_TENS[n // 10] + (f"[- ]{EN_DIGITS[n % 10]}" if n % 10 else ""))
    elif n >= 10:
        parts.append(EN_TEENS[n - 10])
    elif n or not parts:
        parts.append(EN_DIGITS[n])
    return r"(?:\s|\s(?:and)\s)?".join(parts)


def spoken(value: str, form: str) -> str:
    """``value`` (a digit string) in one spoken or written form."""
    if form in ("", "digits"):
        return value
    if not value.isdigit():
        raise ValueError(f"form {form!r} needs a digit string, got {value!r}")
    if form == "spaced":
        return " ".join(value)
    if is_chinese(form):
        return "".join(ZH_DIGITS[int(d)] for d in value)
    if form == "zh_yao":  # 幺 for one, 洞 for zero, as on a radio or a phone line
        return "".join("洞幺二三四五六七八九"[int(d)] for d in value)
    if form == "zh_spaced":
        return " ".join(ZH_DIGITS[int(d)] for d in value)
    if is_english(form):
        return " ".join(EN_DIGITS[int(d)] for d in value)
    if form == "en_oh":
        return " ".join("oh" if d == "0" else EN_DIGITS[int(d)] for d in value)
    if form == "en_pairs":
        if len(value) % 2:
            raise ValueError(f"en_pairs needs an even number of digits: {value!r}")
        return " ".join(_en_pair(value[i : i + 2]) for i in range(0, len(value), 2))
    if form == "dashed":
        return "-".join(value)
    raise ValueError(f"unknown form {form!r}")


def any_form_regex(value: str) -> str:
    """A regex matching ``value`` as an owner could hear it in either language."""
    options = {re.escape(value), re.escape(" ".join(value))}
    if value.isdigit():
        options.add("".join(ZH_DIGITS[int(d)] for d in value))
        options.add("".join("洞幺二三四五六七八九"[int(d)] for d in value))
        options.add(" ".join(EN_DIGITS[int(d)] for d in value))
        if len(value) <= 4:
            options.add(_zh_number(int(value)))
            options.add(_en_number(int(value)))
    return "(?:" + "|".join(sorted(options, key=len, reverse=True)) + ")"


PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z_]+))?\}")


def fill(text: str, bound: dict[str, str], as_regex: bool) -> str:
    """Replace ``{name}`` / ``{name:form}`` with bound values."""

    def one(match: re.Match[str]) -> str:
        name, form = match.group(1), match.group(2) or ""
        if name not in bound:
            raise KeyError(f"placeholder {{{name}}} is not bound by the setup")
        value = bound[name]
        if form == "any":
            return any_form_regex(value) if as_regex else value
        text = spoken(value, form)
        return re.escape(text) if as_regex else text

    return PLACEHOLDER.sub(one, text)
