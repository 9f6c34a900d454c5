"""The number extractor: codes, counts, units, money and terms in both languages.

The table cases are in :mod:`tests.nlu.number_cases`; spans are checked against the
original text, so offsets are exact.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.validation import validate
from rasa.shared.data import TrainingType
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.number_extractor import NumberExtractor
from tests.nlu.number_cases import ALL, NOTHING, Expected

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def extractor() -> NumberExtractor:
    return NumberExtractor(NumberExtractor.get_default_config())


def spans(extractor: NumberExtractor, text: str) -> Expected:
    out = []
    for entity in extractor.entities(text):
        assert text[entity["start"] : entity["end"]] == entity["text"]
        out.append((entity["entity"], entity["text"], entity["value"]))
    return out


@pytest.mark.parametrize(("text", "expected"), ALL, ids=[c[0] for c in ALL])
def test_extracts(extractor: NumberExtractor, text: str, expected: Expected) -> None:
    assert spans(extractor, text) == expected


@pytest.mark.parametrize("text", NOTHING)
def test_function_words_and_labels_are_not_numbers(
    extractor: NumberExtractor, text: str
) -> None:
    assert spans(extractor, text) == []


def test_there_are_enough_cases() -> None:
    assert len(ALL) + len(NOTHING) >= 150


def info(extractor: NumberExtractor, text: str, entity: str = "quantity") -> Any:
    found = [e for e in extractor.entities(text) if e["entity"] == entity]
    assert len(found) == 1, found
    return found[0]["additional_info"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二十箱", dict(approximate=False, qualifier=None, upper=None, unit="case",
                       half=False, dozen=False)),
        ("三十来箱", dict(approximate=True, qualifier="about", unit="case")),
        ("二十多箱", dict(approximate=True, qualifier="more_than")),
        ("两三箱", dict(approximate=True, qualifier="range", upper=3)),
        ("十五六箱", dict(qualifier="range", upper=16)),
        ("二十箱左右", dict(approximate=True, qualifier="about")),
        ("差不多二十箱", dict(qualifier="about")),
        ("至少二十箱", dict(qualifier="more_than")),
        ("二十箱以上", dict(qualifier="more_than")),
        ("二十来吧", dict(qualifier="about", unit=None)),
        ("一打", dict(dozen=True, unit=None, approximate=False)),
        ("半箱", dict(half=True, unit="case")),
        ("一箱半", dict(half=True, unit="case")),
        ("改成十吧", dict(unit=None, approximate=False)),
        ("about twenty cases", dict(approximate=True, qualifier="about")),
        ("more than 20 cases", dict(qualifier="more_than")),
        ("two to three cases", dict(qualifier="range", upper=3, unit="case")),
        ("two dozen bottles", dict(dozen=True, unit="bottle")),
        ("half a case", dict(half=True, unit="case")),
        ("one and a half cases", dict(half=True, unit="case")),
        ("a couple of bags", dict(approximate=True, unit="bag")),
    ],
)  # fmt: skip
def test_quantity_details(
    extractor: NumberExtractor, text: str, expected: dict[str, Any]
) -> None:
    details = info(extractor, text)
    assert {key: details[key] for key in expected} == expected


def test_amount_details(extractor: NumberExtractor) -> None:
    assert info(extractor, "三万多块", "amount")["qualifier"] == "more_than"
    assert info(extractor, "三万", "amount")["approximate"] is False


def test_offsets_are_exact_in_a_long_mixed_sentence(extractor: NumberExtractor) -> None:
    text = "嗯 那个 再来 二 十箱 Coca-Cola，借 三万 分 6个月, pickup code 3 5 7 2 4 6"
    found = [(e["entity"], e["start"], e["end"]) for e in extractor.entities(text)]
    assert found == [
        ("quantity", 8, 11), ("unit", 11, 12), ("amount", 25, 27),
        ("term", 30, 33), ("digits", 47, 58),
    ]  # fmt: skip
    assert text[8:11] == "二 十" and text[47:58] == "3 5 7 2 4 6"


def test_the_same_words_twice_get_their_own_offsets(extractor: NumberExtractor) -> None:
    text = "两箱可乐两箱雪碧"
    found = [(e["entity"], e["start"], e["end"]) for e in extractor.entities(text)]
    assert found == [("quantity", 0, 1), ("unit", 1, 2), ("quantity", 4, 5),
                     ("unit", 5, 6)]  # fmt: skip


def test_process_appends_to_entities_of_other_extractors(
    extractor: NumberExtractor,
) -> None:
    product = {"entity": "product", "start": 3, "end": 7, "value": "可口可乐"}
    message = Message({TEXT: "来两箱可口可乐", ENTITIES: [product]})
    extractor.process([message])
    entities = message.get(ENTITIES)
    assert entities[0] == product
    assert [(e["entity"], e["value"], e["extractor"]) for e in entities[1:]] == [
        ("quantity", 2, "NumberExtractor"),
        ("unit", "case", "NumberExtractor"),
    ]
    assert message.as_dict_nlu()[ENTITIES] == entities


def test_process_leaves_messages_without_text_alone(
    extractor: NumberExtractor,
) -> None:
    message = Message({"intent": "affirm"})
    assert extractor.process([message]) == [message]
    assert message.get(ENTITIES) is None


def test_config_limits_the_entities() -> None:
    only_codes = NumberExtractor({"entities": ["digits", "term"]})
    found = only_codes.entities("来两箱 取件码三五七二四六 分六个月")
    assert [e["entity"] for e in found] == ["digits", "term"]


def test_config_rejects_unknown_entities() -> None:
    with pytest.raises(ValueError, match="pin"):
        NumberExtractor({"entities": ["pin"]})


def test_product_names_come_from_the_dictionary(tmp_path: Any) -> None:
    missing = str(tmp_path / "none")
    bare = NumberExtractor({"dictionary_path": missing, "lookup_path": missing})
    assert [e["entity"] for e in bare.entities("六个核桃")] == ["quantity", "unit"]
    dictionary = tmp_path / "userdict.txt"
    dictionary.write_text("六个核桃 50000 nz\n", encoding="utf-8")
    named = NumberExtractor(
        {"dictionary_path": str(dictionary), "lookup_path": missing}
    )
    assert named.entities("六个核桃") == []


def test_english_product_names_come_from_the_lookup_table(tmp_path: Any) -> None:
    text = "two packs of Breeze Toilet Roll 10 rolls and some 7 up"
    missing = str(tmp_path / "none")
    bare = NumberExtractor({"dictionary_path": missing, "lookup_path": missing})
    assert [e["text"] for e in bare.entities(text)] == ["two", "packs", "10", "rolls"]
    lookup = tmp_path / "lookup.yml"
    lookup.write_text(
        "nlu:\n- lookup: product\n  examples: |\n    - Breeze Toilet Roll 10 rolls\n"
        "    - 7 Up\n    - Coca-Cola\n",
        encoding="utf-8",
    )
    named = NumberExtractor({"dictionary_path": missing, "lookup_path": str(lookup)})
    assert [e["text"] for e in named.entities(text)] == ["two", "packs"]


@pytest.mark.parametrize(
    "text",
    [
        "twenty crates of Wang Shouyi Thirteen Spices",
        "Jinmailang One and a Half Bucket Beef Bag",
        "Laohenghe 5-Year Aged Cooking Wine",
        "老恒和五年陈料酒",
    ],
)
def test_catalog_names_with_numbers_are_not_counts(
    extractor: NumberExtractor, text: str
) -> None:
    found = [e["text"] for e in extractor.entities(text)]
    assert found in ([], ["twenty", "crates"]), found


def test_create_builds_from_the_recipe_config() -> None:
    component = NumberExtractor.create(
        NumberExtractor.get_default_config(),
        None,
        None,
        None,  # type: ignore[arg-type]
    )
    assert component.entities("两箱")[0]["value"] == 2


@pytest.mark.parametrize(
    "text",
    ["那个快递放一个礼拜了", "等两个小时", "my four digit pin is", "some 7 Up",
     "一个字一个字说好吧"],
)  # fmt: skip
def test_times_and_names_are_not_counts(extractor: NumberExtractor, text: str) -> None:
    assert [e for e in extractor.entities(text) if e["entity"] == "quantity"] == []


def test_any_text_gives_ordered_exact_spans(extractor: NumberExtractor) -> None:
    """Seeded random mixtures of numerals, units and words never break the spans."""
    pieces = [*"零洞一幺二两三四五六七八九十百千万点半来多几打箱个月年期块元号第这 ,.-",
              "0", "5", "20", "357", "30,000", "1.5", "k", "ish", "one", "two", "for",
              "won", "ate", "oh", "double", "dozen", "cases", "a", "half", "and", "or",
              "so", "to", "thousand", "thirteen", "fifty", "yuan", "months", "year",
              "about", "可乐", "百事", "六个核桃", "一下"]  # fmt: skip
    rng = random.Random(8)
    for _ in range(3000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        end = 0
        for entity in extractor.entities(text):
            assert end <= entity["start"] < entity["end"] <= len(text), text
            assert entity["text"] == entity["text"].strip(), text
            assert isinstance(entity["value"], (int, str)), text
            end = entity["end"]


def test_the_pipeline_accepts_it_after_diet() -> None:
    """Rasa's graph validation (no training) accepts it where it is wired."""
    config = yaml.safe_load((ROOT / "bot" / "config.yml").read_text(encoding="utf-8"))
    names = [component["name"] for component in config["pipeline"]]
    wired = names.index("bot.components.number_extractor.NumberExtractor")
    assert names[wired - 1] == "EntitySynonymMapper"
    model = DefaultV1Recipe().graph_config_for_recipe(
        config, {}, training_type=TrainingType.BOTH
    )
    validate(model)
    nodes = model.predict_schema.nodes
    [name] = [name for name in nodes if "NumberExtractor" in name]
    assert nodes[name].needs["messages"].startswith("run_EntitySynonymMapper")


def _wired() -> NumberExtractor:
    return NumberExtractor(
        {
            "entities": ["digits", "term", "quantity", "unit"],
            "replaces": ["quantity", "unit"],
            "codes": ["pin", "pickup_code"],
        }
    )


def test_its_counts_replace_diets_and_keep_the_words_said() -> None:
    diet = [
        {"entity": "quantity", "start": 4, "end": 6, "value": "三泉"},
        {"entity": "product", "start": 2, "end": 6, "value": "农夫三泉"},
    ]
    message = Message({TEXT: "呃 农夫三泉要三十来箱", ENTITIES: diet})
    _wired().process([message])
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [
        ("product", "农夫三泉"),
        ("quantity", "三十来"),
        ("unit", "箱"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("get me for cases of cola", "4"), ("order fourty cases", "40"),
     ("twenty 4 cases", "24"), ("two dozen cola", "two"),
     ("2 dozen cola", "2"), ("twenty cases", "twenty")],
)  # fmt: skip
def test_a_count_the_dialogue_cannot_read_gives_the_number(
    text: str, value: str
) -> None:
    message = Message({TEXT: text, ENTITIES: []})
    _wired().process([message])
    found = message.get(ENTITIES)
    assert [e["value"] for e in found if e["entity"] == "quantity"] == [value]


def test_diets_pieces_of_a_code_read_whole_are_dropped() -> None:
    pieces = [
        {"entity": "pickup_code", "start": 3, "end": 4, "value": "5"},
        {"entity": "pickup_code", "start": 5, "end": 14, "value": "0 2 9 3 1"},
        {"entity": "pin", "start": 20, "end": 24, "value": "2468"},
    ]
    message = Message({TEXT: "取件 5 0 2 9 3 1 密码是 2468", ENTITIES: pieces})
    _wired().process([message])
    found = [(e["entity"], e["value"]) for e in message.get(ENTITIES)]
    assert ("pickup_code", "5") not in found
    assert ("digits", "502931") in found
    assert ("pin", "2468") not in found  # covered by the digits 2468
    assert ("digits", "2468") in found


def test_a_code_diet_guessed_where_no_digits_were_said_goes() -> None:
    guessed = {"entity": "pin", "start": 21, "end": 22, "value": "4"}
    message = Message({TEXT: "change the sprite to 4", ENTITIES: [guessed]})
    _wired().process([message])
    assert [e["entity"] for e in message.get(ENTITIES)] == ["quantity"]


def test_a_unit_diet_tagged_that_is_no_measure_word_names_the_product() -> None:
    diet = [
        {"entity": "unit", "start": 0, "end": 8, "value": "hearttex"},
        {"entity": "product", "start": 9, "end": 21, "value": "toilet paper"},
        {"entity": "unit", "start": 25, "end": 30, "value": "packs"},
    ]
    message = Message({TEXT: "hearttex toilet paper, 2 packs", ENTITIES: diet})
    _wired().process([message])
    found = [(e["entity"], e["value"]) for e in message.get(ENTITIES)]
    assert found == [
        ("product", "hearttex"),
        ("product", "toilet paper"),
        ("quantity", "2"),
        ("unit", "packs"),
    ]


def test_a_unit_diet_stretched_over_the_product_gives_the_product_back() -> None:
    diet = [{"entity": "unit", "start": 2, "end": 8, "value": "箱红烧牛肉面"}]
    message = Message({TEXT: "来五箱红烧牛肉面", ENTITIES: diet})
    _wired().process([message])
    found = [(e["entity"], e["value"], e["start"]) for e in message.get(ENTITIES)]
    assert found == [
        ("product", "红烧牛肉面", 3),
        ("quantity", "五", 1),
        ("unit", "箱", 2),
    ]


def test_an_amount_diet_guessed_on_a_count_goes() -> None:
    extractor = NumberExtractor({"entities": ["quantity"], "yields": ["amount"]})
    on_count = {"entity": "amount", "start": 7, "end": 8, "value": "2"}
    elsewhere = {"entity": "amount", "start": 15, "end": 17, "value": "两万"}
    message = Message({TEXT: "sprite 2 box, 借两万", ENTITIES: [on_count, elsewhere]})
    extractor.process([message])
    found = message.get(ENTITIES)
    assert on_count not in found
    assert elsewhere in found
    # A plain 10000 is digits here, and DIET's amount on it stays for the loan.
    extractor = NumberExtractor({"entities": ["digits"], "yields": ["amount"]})
    sum_said = {"entity": "amount", "start": 11, "end": 16, "value": "10000"}
    message = Message({TEXT: "24 months, 10000", ENTITIES: [sum_said]})
    extractor.process([message])
    assert sum_said in message.get(ENTITIES)
    on_pin = {"entity": "amount", "start": 7, "end": 11, "value": "1357"}
    message = Message({TEXT: "pin is 1357", ENTITIES: [on_pin]})
    extractor.process([message])
    assert on_pin not in message.get(ENTITIES)
