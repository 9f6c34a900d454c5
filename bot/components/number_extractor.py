"""A deterministic Rasa entity extractor for codes, counts, money and loan terms.

It runs beside DIET on every message, in Mandarin, English and both mixed, and reads
recogniser spellings: spaces inside Chinese (二 十 箱), 幺 and 洞 for 1 and 0, 两 for
2, and English homophones among digits (won three five seven, two four six ate).

Entities (``start``/``end`` are exact offsets into the message text; every entity
also carries ``text``, ``confidence_entity`` 1.0 and ``extractor`` =
``NumberExtractor``):

* ``digits`` — a string of three or more digits: said one by one in either language
  (三五七二四六, 幺三五七, "3 5 7 2 4 6", "one three five seven"), in groups
  ("thirteen fifty seven" → ``"1357"``), typed without separators (``357246``), or a
  number before 号 (745号, 七百四十五号). ``value`` is the digit string, leading zeros
  kept. Whether it is a PIN, a pickup code, an order number or even an amount
  ("借20000" gives digits ``"20000"``) is the dialogue's decision, made with the
  question it asked. Elsewhere a number said with 十/百 or "hundred" is a count.
* ``quantity`` — a count of stock. ``value`` is an int. ``additional_info`` (the field
  Rasa's own Duckling extractor uses) is always present::

      {"approximate": bool, "qualifier": None | "about" | "more_than" | "range",
       "upper": int | None, "unit": canonical unit | None, "half": bool,
       "dozen": bool}

  三十来箱 → 30, about; 二十多箱 → 20, more_than; 两三箱 → 2, range, upper 3;
  一打 → 12 and 2 dozen → 24 (``dozen``; the span is the number, and a ``unit``
  entity ``dozen`` covers 打/dozen, as owners' sentences are annotated); 半箱 →
  0 with ``half`` and 一箱半 → 1 with ``half`` (the owner said a half more than
  ``value``: the dialogue must ask, orders are whole units). A count said alone
  ("改成十吧", "to 4") has no unit. Counts must be 1–999 to be said alone.
* ``unit`` — the measure word after a count; ``value`` is the canonical unit of
  :mod:`common.vocabulary` (``case`` for 箱/box/carton, ``bag``, ``bottle``...).
  Weights and volumes (五公斤, 330ml) are a product's size and give no entity.
* ``amount`` — yuan. ``value`` is an int, or a decimal string when not whole
  (两块五 → ``"2.5"``); ``additional_info`` as for quantities (approximate:
  三万多). Said with 万/千/thousand, with a money word (块, 元, yuan, ¥, rmb), with
  digit separators (``30,000``) or as ``50k``; plain ``20000`` is ``digits``. The
  span never covers 块/元/yuan, except when jiao follow (两块五 covers all three).
* ``term`` — a loan term in months, an int: 六个月 → 6, 一年 → 12, 一年半 → 18,
  半年 → 6, 十二期 → 12, "two years" → 24. The span covers the time word.

Words that contain numerals but are not numbers (一下, 一点, 看一看, 统一, 万一...)
and product names with numerals from the tokenizer's Jieba dictionary (六个核桃,
百事, 十三香) and the product lookup table ("7 Up", "Thirteen Spices") are masked
first. Ordinals (第二个), dates (十五号) and times (一个礼拜) give nothing.

In ``bot/config.yml`` it runs after ``EntitySynonymMapper`` and adds ``digits``,
``term``, ``quantity`` and ``unit``; with ``replaces: [quantity, unit]`` DIET's own
counts are dropped (DIET is still trained on those labels, which helps its intents),
so the actions pair only rule-read counts with products; with ``codes: [pin,
pickup_code, order_id]`` DIET's code labels go too. DIET keeps ``amount``: a plain
20000 is ``digits`` here, and the loan dialogue reads both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.number_en import scan_english
from bot.components.number_en_words import ONES, SCALES
from bot.components.number_found import (
    DIGITS,
    ENTITY_NAMES,
    UNIT,
    Compacted,
    Found,
    merge,
)
from bot.components.number_zh import scan_chinese
from common.vocabulary import (
    ZH_DIGITS,
    ZH_MAGNITUDES,
    ZH_NOT_NUMBERS,
    is_measure_word,
)

DEFAULT_DICTIONARY = Path(__file__).resolve().parent / "jieba_userdict.txt"
DEFAULT_LOOKUP = (
    Path(__file__).resolve().parents[2] / "data/nlu/generated/product_lookup.yml"
)
_HAS_NUMERAL = re.compile(f"[0-9{''.join(ZH_DIGITS)}{''.join(ZH_MAGNITUDES)}半]")
_SIZE = re.compile(r"\d+(?:\.\d+)?\s*(?:ml|l|kg|g|毫升|升|克|千克|公斤)(?![a-z])", re.I)
_EN_NUMERAL = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half"
    r"|dozen|double|triple)\b",
    re.IGNORECASE,
)

# English words a said count may hold and the dialogue reads: anything else in it
# (a homophone, a misspelling) is replaced by the number.
EN_NUMBER_WORDS = ONES | SCALES.keys() | {"a", "an", "dozen", "dozens", "and", "half"}


def protected_words(dictionary: Path | None, lookup: Path | None = None) -> list[str]:
    """Words whose numerals are not numbers: the vocabulary's and the catalog's.

    Args:
        dictionary: A Jieba user dictionary; its product words (tag ``nz``) that
            contain a numeral are protected (六个核桃, 十三香).
        lookup: A Rasa lookup-table file of product names; those containing a
            numeral or an English number word are protected ("7 Up", "Thirteen
            Spices", "Toilet Roll 10 rolls"). Either file missing or None: skipped.
    """
    words = list(ZH_NOT_NUMBERS)
    if dictionary is not None and dictionary.is_file():
        for line in dictionary.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 3 and fields[2] == "nz":
                words.append(fields[0])
    if lookup is not None and lookup.is_file():
        for line in lookup.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("- ") and "lookup:" not in line:
                words.append(line.strip()[2:].strip())
    return [w for w in words if _counts_in(w)]


def _counts_in(name: str) -> bool:
    """Whether a name holds a numeral other than a size (330ml, 1.5L are not counts)."""
    rest = _SIZE.sub(" ", name)
    return bool(_HAS_NUMERAL.search(rest) or _EN_NUMERAL.search(rest))


def protection_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of ``words``, longest first (None for no words).

    Latin letters match in any case; a Latin word is matched whole ("7 Up" is
    protected, "7 upturned" is not).
    """
    ordered = sorted(set(words), key=len, reverse=True)
    if not ordered:
        return None
    # A word that starts with a numeral is part of a number after one: 两万一个月 is
    # 两万 + 一个月, not 两 + 万一.
    numeral_first = [w for w in ordered if _HAS_NUMERAL.match(w)]
    others = [w for w in ordered if not _HAS_NUMERAL.match(w)]
    alternatives = "|".join(
        [rf"(?<!{_HAS_NUMERAL.pattern})(?:{'|'.join(map(re.escape, numeral_first))})"]
        * bool(numeral_first)
        + list(map(re.escape, others))
    )
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)


def _masked(text: str, protected: re.Pattern[str] | None) -> str:
    if protected is None:
        return text
    return protected.sub(lambda match: "\x00" * len(match.group()), text)


def extract_numbers(text: str, protected: re.Pattern[str] | None = None) -> list[Found]:
    """Find codes, counts, units, amounts and terms in ``text``.

    Args:
        text: The message as the owner said or typed it.
        protected: Words to leave alone (see :func:`protection_pattern`).

    Returns:
        Non-overlapping finds in order; ``text[f.start:f.end]`` is what was said.
    """
    if not _HAS_NUMERAL.search(text) and not re.search(r"[A-Za-z]", text):
        return []
    compacted = Compacted(text)
    chinese = [
        Found(f.entity, *compacted.span(f.start, f.end), f.value, f.info)
        for f in scan_chinese(_masked(compacted.compact, protected))
    ]
    return merge(chinese, scan_english(_masked(text, protected)))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class NumberExtractor(GraphComponent, EntityExtractorMixin):
    """Adds ``digits``, ``quantity``, ``unit``, ``amount`` and ``term`` entities."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default config.

        ``entities`` limits what is added (all five by default). ``replaces`` names
        kinds it adds that other extractors' entities of the same name are dropped
        for (``[quantity, unit]``: counts by rule, never DIET's guess); a
        quantity's ``value`` then is the words said, as DIET gives it, with English
        homophones and misspellings read ("for" → "4"). ``codes`` names other
        extractors' code kinds (``pin``...), dropped: a code is a ``digits`` span
        found here, its kind decided by the open question (DIET cuts "5 0 2 9 3 1"
        into pieces, and hears "to 4" or "five o'clock" as PINs). ``yields`` names
        other extractors' kinds dropped where they overlap a count, unit, term or
        code found here (DIET's ``amount`` on "2" in "2 box" or on a PIN; on a round
        digit string such as "10000" it stays: the loan dialogue reads it). Product
        names with numerals are protected from ``dictionary_path`` (a Jieba user
        dictionary; default: the tokenizer's, beside this module) and ``lookup_path``
        (a Rasa lookup table; default: the generated ``product_lookup.yml``).
        """
        return {
            "entities": list(ENTITY_NAMES),
            "replaces": [],
            "codes": [],
            "yields": [],
            "dictionary_path": None,
            "lookup_path": None,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Build the protected-word pattern once."""
        self._config = {**self.get_default_config(), **config}
        unknown = set(self._config["entities"]) - set(ENTITY_NAMES)
        if unknown:
            raise ValueError(f"NumberExtractor cannot extract {sorted(unknown)}")
        self._wanted = frozenset(self._config["entities"])
        self._replaces = frozenset(self._config["replaces"]) & self._wanted
        self._codes = frozenset(self._config["codes"])
        self._yields = frozenset(self._config["yields"])
        dictionary = self._config["dictionary_path"] or DEFAULT_DICTIONARY
        lookup = self._config["lookup_path"] or DEFAULT_LOOKUP
        words = protected_words(Path(dictionary), Path(lookup))
        self._protected = protection_pattern(words)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NumberExtractor:
        """Create the component (see the parent class)."""
        return cls(config)

    def entities(self, text: str) -> list[dict[str, Any]]:
        """Return the Rasa entity dicts found in ``text``."""
        return [
            as_said(found.as_entity(text)) if found.entity in self._replaces else
            found.as_entity(text)
            for found in extract_numbers(text, self._protected)
            if found.entity in self._wanted
        ]  # fmt: skip

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the entities found in each message's text; drop those they replace."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text:
                continue
            found = self.add_extractor_name(self.entities(text))
            not_sums = [e for e in found if not _a_round_sum(e)]
            kept: list[dict[str, Any]] = []
            for entity in message.get(ENTITIES, []):
                if entity.get("entity") in self._codes:
                    continue
                if entity.get("entity") in self._yields and _overlaps(entity, not_sums):
                    continue  # DIET's amount on "2" of "2 box" or on 1357
                if entity.get("entity") not in self._replaces:
                    kept.append(entity)
                elif entity.get("entity") == UNIT:
                    kept.extend(_product_in_unit(entity, text, found))
            message.set(ENTITIES, kept + found, add_to_output=True)
        return messages


def _a_round_sum(entity: dict[str, Any]) -> bool:
    """Digits that may be yuan: 10000 and 5000 are sums, 1357 and 302581 are codes."""
    return entity["entity"] == DIGITS and str(entity["value"]).endswith("000")


def _overlaps(entity: dict[str, Any], others: list[dict[str, Any]]) -> bool:
    start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
    return any(start < int(o["end"]) and int(o["start"]) < end for o in others)


def _product_in_unit(
    unit: dict[str, Any], text: str, found: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The product words in a unit another extractor tagged, as a product entity.

    DIET tags "hearttex" in "hearttex toilet paper" as a unit, and 箱红烧牛肉面 in
    来五箱红烧牛肉面; what is no measure word (and not a unit found here) names the
    product, and the dialogue joins it to the product beside it.
    """
    start, end = int(unit.get("start", 0)), int(unit.get("end", 0))
    for ours in found:
        if ours["entity"] == UNIT and start < ours["end"] and ours["start"] < end:
            start, end = (ours["end"], end) if end > ours["end"] else (start, start)
    said = text[start:end]
    left = len(said) - len(said.lstrip())
    said = said.strip()
    if not said or is_measure_word(said) or not re.search(r"[^\W\d_]", said):
        return []
    begin = start + left
    return [{**unit, "entity": "product", "value": said, "start": begin,
             "end": begin + len(said)}]  # fmt: skip


def as_said(entity: dict[str, Any]) -> dict[str, Any]:
    """The entity with the words said as its value, as DIET would give it.

    The dialogue reads counts from the words (三十来 is about thirty); words it
    cannot read, homophones and misspellings ("for", "fourty", "twenty 4"), give
    the number itself. A unit keeps its canonical name in ``additional_info``.
    """
    said = str(entity["text"])
    value = entity["value"]
    if entity["entity"] == UNIT:
        return {**entity, "value": said, "additional_info": {"unit": value}}
    words = re.findall(r"[a-z]+", said.lower())
    mixed = bool(words) and bool(re.search(r"[0-9]", said))  # "twenty 4", "2 dozen"
    if mixed or any(word not in EN_NUMBER_WORDS for word in words):
        return {**entity, "value": str(value)}
    return {**entity, "value": said}
