"""A code typed in a chat: six digits, however the owner's phone wrote them.

Chat keyboards give ASCII or full-width digits (１２３４５６), voice input and
older owners Mandarin digits (三五七二四六, 幺 for 1, 两 for 2), often in groups
("357 246"). The digit readings are the shared vocabulary's.
"""

from __future__ import annotations

import re
import unicodedata

from common.vocabulary import ZH_DIGITS

LINK_CODE_LENGTH = 6
# Between and around the digits: spaces, dashes, punctuation, and the code's name.
_AROUND_DIGITS = re.compile(
    r"[\s\-_.,，。、:：;；!！?？\"'“”‘’]+|绑定码是?|验证码是?|(?:link\s*)?code",
    re.IGNORECASE,
)


def link_code_in(text: str) -> str | None:
    """The six-digit code ``text`` consists of, as ASCII digits, or None.

    Text with anything else in it is not a code ("我要订可乐" → None), nor are
    numbers said as numbers (三十五万).
    """
    folded = _AROUND_DIGITS.sub("", unicodedata.normalize("NFKC", text))
    if len(folded) != LINK_CODE_LENGTH:
        return None
    digits = [
        char if char in "0123456789" else str(ZH_DIGITS.get(char, ""))
        for char in folded
    ]
    code = "".join(digits)
    return code if len(code) == LINK_CODE_LENGTH else None
