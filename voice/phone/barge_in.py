"""Whether words heard over the assistant's voice are meant to interrupt it.

Older callers say 嗯, 对 or "ok" to show they are listening; that must not cut the
assistant off. A cough or a noise gives no words at all, and the assistant resumes.
"""

from __future__ import annotations

import re

BACKCHANNELS = frozenset(
    {
        "嗯", "嗯嗯", "恩", "哦", "噢", "啊", "对", "对对", "对对对",
        "好", "好的", "好好", "是", "是的", "行",
        "ok", "okay", "yeah", "yes", "yep", "uh huh", "mhm", "mm", "right", "sure",
        "i see",
    }
)  # fmt: skip
_PUNCTUATION = re.compile(r"[\s，。！？、,.!?~…]+")


def interrupts(text: str) -> bool:
    """True when ``text`` holds words beyond a one-word backchannel."""
    spoken = _PUNCTUATION.sub(" ", text.lower()).strip()
    if not spoken:
        return False
    return spoken not in BACKCHANNELS and spoken.replace(" ", "") not in BACKCHANNELS
