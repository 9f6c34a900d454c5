"""What the line itself says, before or beyond the dialogue (unknown callers, silence).

Everything an owner can do goes through the dialogue; these are only the words for
callers the line cannot hand to it yet, and for ending a call.
"""

from __future__ import annotations

from collections.abc import Mapping

Prompt = Mapping[str, str]

UNKNOWN_CALLER: Prompt = {
    "zh": (
        "您好，这里是掌柜助手，帮小店老板订货、取包裹、借款。"
        "老板用别的电话打来，请输入登记的手机号，再按井号。"
        "没登记的，请找批发平台业务员登记。"
    ),
    "en": (
        "Hello, this is the Zhanggui assistant for registered shop owners: "
        "reorders, parcels and loans. Calling from another phone? Key the shop's "
        "registered mobile number, then the hash key. Not registered yet? Ask your "
        "wholesale platform's sales agent."
    ),
}
ASK_PIN: Prompt = {
    "zh": "请输入四位密码，再按井号。",
    "en": "Key your four-digit PIN, then the hash key.",
}
# An unknown number and a wrong PIN sound the same: the line never tells a
# stranger which numbers are registered.
NOT_RECOGNISED: Prompt = {
    "zh": "号码或密码不对。请重新输入登记的手机号，再按井号。",
    "en": "That number or PIN is not right. Key the registered mobile number again, "
    "then the hash key.",
}
NOT_RECOGNISED_GOODBYE: Prompt = {
    "zh": "号码或密码不对。登记请找批发平台业务员。再见。",
    "en": "That number or PIN is not right. To register, ask your wholesale "
    "platform's sales agent. Goodbye.",
}
PIN_LOCKED: Prompt = {
    "zh": "密码错的次数太多，已经锁定十五分钟。请稍后再打。再见。",
    "en": "Too many wrong PINs: it is locked for fifteen minutes. Please call later. "
    "Goodbye.",
}
GOODBYE_AFTER_SILENCE: Prompt = {
    "zh": "没有听到您说话，先挂了。有事请再打来。再见。",
    "en": "I did not hear anything, so I will hang up now. Call again any time. "
    "Goodbye.",
}
TROUBLE: Prompt = {
    "zh": "系统暂时没有回应，请稍后再打。再见。",
    "en": "The system is not answering right now. Please call again later. Goodbye.",
}
RECONNECTED: Prompt = {
    "zh": "刚才断线了，我们接着说。",
    "en": "We were cut off. Let's carry on.",
}


def say(prompt: Prompt, language: str) -> str:
    """The prompt in ``language`` (Mandarin when there is no such version)."""
    return prompt.get(language) or prompt["zh"]
