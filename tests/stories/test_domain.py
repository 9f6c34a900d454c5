"""Every response is bilingual, short enough to be spoken, one question at most."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain"
EN_CONDITION = [{"type": "slot", "name": "language", "value": "en"}]
# Placeholders are filled with short spoken values (names, amounts, dates).
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _responses() -> dict[str, list[dict]]:
    merged: dict[str, list[dict]] = {}
    for path in sorted(DOMAIN.glob("*.yml")):
        merged.update(
            yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        )
    return merged


RESPONSES = _responses()


def test_domain_split_by_feature() -> None:
    assert {p.stem for p in DOMAIN.glob("*.yml")} == {
        "shared", "reorder", "loans", "parcels", "identity", "linking", "notices"
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_is_bilingual_and_short(name: str) -> None:
    # Each channel's wording (none, or the phone's) comes in both languages: Rasa
    # prefers a channel's variants over the others, so a phone variant in Mandarin
    # only would be said to English owners too.
    variations = RESPONSES[name]
    channels = {v.get("channel") for v in variations}
    assert channels <= {None, "phone"}, name
    for channel in channels:
        own = [v for v in variations if v.get("channel") == channel]
        english = [v for v in own if v.get("condition") == EN_CONDITION]
        default = [v for v in own if "condition" not in v]
        assert len(english) == 1 and len(default) == 1 and len(own) == 2, name
        zh_text = PLACEHOLDER.sub("", default[0]["text"])
        en_text = PLACEHOLDER.sub("", english[0]["text"])
        assert len(zh_text) <= 40, zh_text
        assert len(en_text.split()) <= 25, en_text
        assert zh_text.count("？") <= 1 and en_text.count("?") <= 1, name


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_phone_wording_names_keys_and_speaks_well_on_a_phone_line(name: str) -> None:
    for variation in RESPONSES[name]:
        text = variation["text"]
        # Spoken by TTS on an 8 kHz line: keys by name (井号, star), no symbols.
        assert not re.search(r"[#*＃＊]", text), text
        if variation.get("channel") == "phone" and "请按" in text:
            assert re.search(r"按[0-9]|按.位|按数|按几", text), text


def test_identity_slots_cannot_be_filled_from_what_is_said() -> None:
    slots = yaml.safe_load((DOMAIN / "identity.yml").read_text(encoding="utf-8"))[
        "slots"
    ]
    for name in ("owner_id", "shop_id", "display_name", "owner_session"):
        assert slots[name]["mappings"] == [{"type": "custom"}], name
