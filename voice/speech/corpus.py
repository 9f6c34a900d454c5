"""What owners say: sentences and words that bias recognition towards the domain.

Offline English recognition (pocketsphinx) is only usable with a small domain language
model, and Vosk grammars need the words to expect. Both come from here: a seed of owner
sentences, the bot's NLU training examples and the catalog's product names.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from common.languages import EN, ZH, is_chinese, is_english
from common.spoken_numbers import ZH_NUMBER_WORDS, en_counting_numbers, en_integer

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
_CJK = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"\d")
SEED_WEIGHT = 30

ENGLISH_NUMBERS = [
    *en_counting_numbers(99),
    *("a hundred", "one hundred", "two hundred", "a thousand", "five thousand"),
]
CHINESE_NUMBERS = list(ZH_NUMBER_WORDS)

_PRODUCTS_EN = (
    "coke sprite water beer instant noodles rice cooking oil soy sauce eggs milk "
    "biscuits chips cigarettes tea soap tissues"
).split(" ")
_UNITS_EN = ["cases", "boxes", "bottles", "packs", "bags", "cartons"]

_SEED_EN = """\
what parcels are waiting
are there any parcels
which parcels are overdue
a customer is here to pick up a parcel
the pickup code is three five seven two four six
how much can i borrow
can i get a loan
i want to apply for a loan
why can't i get a loan
how can i borrow more
what is my monthly repayment
i agree
reorder my usual order
order the usual
what should i reorder
what is running low
i want to order some stock
place the order
cancel the order
cancel my last order
where is my order
when will it be delivered
how much is the delivery fee
how much more for free delivery
add two cases of coke
change it to five boxes
yes
yes please
no
no thanks
that's right
that's wrong
say that again
please speak slower
speak more slowly
talk to a person
i want to speak to someone
switch to english
switch to chinese
hello
hi
thank you
goodbye
help
what can you do
start over
never mind
"""


def english_seed() -> list[str]:
    """Return built-in English owner sentences, with quantities of products."""
    sentences = [line for line in _SEED_EN.splitlines() if line]
    for number, unit, product in itertools.product(
        ["one", "two", "five", "ten", "twenty", "thirty"], _UNITS_EN, _PRODUCTS_EN
    ):
        sentences.append(f"{number} {unit} of {product}")
    sentences += [f"i want {n} cases of coke" for n in ENGLISH_NUMBERS]
    sentences += [f"order {p}" for p in _PRODUCTS_EN]
    return sentences + _codes_said()


def _codes_said() -> list[str]:
    """Pickup codes and PINs said digit by digit, as owners say them.

    Without these the model knows digits only inside quantities, and hears "one"
    as "want" and "eight two" as "forty two" in the middle of a code.
    """
    rng = random.Random(7)  # the same corpus, hence the same model, every start
    digits = [en_integer(n) for n in range(10)]
    forms = {
        6: ("the code is {}", "pickup code {}", "{}", "the pickup code is {}"),
        4: ("my pin is {}", "{}", "the pin is {}"),
    }
    said = []
    # Enough that every pair of digits follows each other about ten times.
    for length, templates in forms.items():
        for n in range(200 if length == 6 else 100):
            code = " ".join(rng.choice(digits) for _ in range(length))
            said.append(templates[n % len(templates)].format(code))
    return said


def nlu_examples(nlu_dir: Path, language: str) -> list[str]:
    """Return the NLU training examples in ``language`` with annotations stripped."""
    examples: list[str] = []
    for path in sorted(nlu_dir.rglob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue  # A broken training file is Rasa's error to report, not ours.
        for item in data.get("nlu", []) if isinstance(data, dict) else []:
            if not isinstance(item, dict) or "intent" not in item:
                continue  # Lookup tables and synonyms are names, not sentences.
            raw = item.get("examples", "")
            for line in str(raw).splitlines():
                text = _ANNOTATION.sub(r"\1", line.strip().removeprefix("- ")).strip()
                if text and _language_of(text) == language:
                    examples.append(text)
    return examples


def catalog_phrases(products: Iterable[Mapping[str, Any]], language: str) -> list[str]:
    """Return product names, brands, units and aliases in ``language``.

    ``products`` are the backend's Product objects (docs/contract.md).
    """
    suffix = ZH if is_chinese(language) else EN
    phrases: list[str] = []
    for product in products:
        for key in (f"name_{suffix}", f"brand_{suffix}", f"unit_{suffix}"):
            if product.get(key):
                phrases.append(str(product[key]))
        phrases += [
            str(alias)
            for alias in product.get("aliases", [])
            if _language_of(str(alias)) == language
        ]
    return phrases


def phrase_hints(
    language: str,
    nlu_dir: Path | None = None,
    products: Iterable[Mapping[str, Any]] = (),
) -> list[str]:
    """Return everything to expect in ``language``: numbers, seed, NLU and catalog."""
    hints = list(CHINESE_NUMBERS if is_chinese(language) else ENGLISH_NUMBERS)
    if is_english(language):
        hints += english_seed()
    if nlu_dir is not None and nlu_dir.is_dir():
        hints += nlu_examples(nlu_dir, language)
    hints += catalog_phrases(products, language)
    return list(dict.fromkeys(hints))


def english_corpus(
    nlu_dir: Path | None = None, products: Iterable[Mapping[str, Any]] = ()
) -> list[str]:
    """Return the sentences for the offline English language model.

    The curated seed counts ``SEED_WEIGHT`` times: with the NLU examples' fillers
    and looser phrasings at equal weight, espeak-ng test sentences measured 2 of 5
    exact, against 4 of 5 weighted (5 of 5 with the seed alone). Examples with
    digits are left out: owners say numbers as words.
    """
    sentences = english_seed() * SEED_WEIGHT
    if nlu_dir is not None and nlu_dir.is_dir():
        sentences += [s for s in nlu_examples(nlu_dir, EN) if not _DIGIT.search(s)]
    sentences += catalog_phrases(products, EN)
    return sentences


def _language_of(text: str) -> str:
    return ZH if _CJK.search(text) else EN
