"""A Rasa tokenizer for owners who mix Mandarin and English in one sentence.

Rasa's stock ``JiebaTokenizer`` keeps spaces as tokens (so "cooking oil" becomes two
products and a lone space can be tagged as one) and lets Jieba glue numerals to measure
words. This tokenizer drops whitespace, splits ``两箱`` into ``两`` + ``箱`` and keeps
offsets exact; see :mod:`bot.components.segmentation` for the rules.

A long message (a caller's two-minute ramble) is understood by its end: owners come
to the point last ("...anyway, what is running low?"), and a sentence of thousands of
tokens drowns it. Only its last ``focus_chars`` characters are tokens; offsets stay
those of the whole text, which the dialogue still sees.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import jieba
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.components.segmentation import Span, protected_pattern, segment

logger = logging.getLogger(__name__)

COMPONENTS_DIR = Path(__file__).resolve().parent
DEFAULT_USER_DICTIONARY = COMPONENTS_DIR / "jieba_userdict.txt"
# Jieba pickles its prefix dictionary here; a project directory, not a shared /tmp.
DEFAULT_CACHE_DIR = COMPONENTS_DIR.parent.parent / ".cache" / "jieba"

_jieba_lock = threading.Lock()
_jieba_instances: dict[tuple[str, str], jieba.Tokenizer] = {}


def load_jieba(user_dictionary: Path, cache_dir: Path) -> jieba.Tokenizer:
    """Return a Jieba tokenizer with ``user_dictionary`` loaded, built once per process.

    Args:
        user_dictionary: A Jieba user dictionary (``word frequency [tag]`` per line);
            skipped with a warning when missing.
        cache_dir: Writable directory for Jieba's prefix-dictionary cache.

    Returns:
        A private ``jieba.Tokenizer`` (never the global default instance).
    """
    key = (str(user_dictionary), str(cache_dir))
    with _jieba_lock:
        instance = _jieba_instances.get(key)
        if instance is None:
            instance = jieba.Tokenizer()
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                instance.tmp_dir = str(cache_dir)
            except OSError as error:  # read-only install: Jieba rebuilds each start
                logger.warning("Jieba cache directory unusable: %s", error)
            instance.cache_file = "jieba.cache"
            instance.initialize()
            if user_dictionary.is_file():
                instance.load_userdict(str(user_dictionary))
            else:
                logger.warning("Jieba user dictionary %s is missing", user_dictionary)
            _jieba_instances[key] = instance
        return instance


def _dictionary_words(path: Path) -> list[str]:
    """Product words (tag ``nz``) of a Jieba user dictionary."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [f[0] for f in map(str.split, lines) if len(f) >= 3 and f[2] == "nz"]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False
)
class BilingualTokenizer(Tokenizer):
    """Tokenizes Mandarin with Jieba and English by words, dropping whitespace."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default config; paths default to files beside this module."""
        return {
            "dictionary_path": None,
            "cache_dir": None,
            "long_message_chars": 300,
            "focus_chars": 200,
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Return the Python packages this component needs."""
        return ["jieba"]

    def __init__(self, config: dict[str, Any]) -> None:
        """Load the Jieba user dictionary named in ``config`` (once per process)."""
        super().__init__(config)
        dictionary = config.get("dictionary_path") or DEFAULT_USER_DICTIONARY
        cache_dir = config.get("cache_dir") or DEFAULT_CACHE_DIR
        self._jieba = load_jieba(Path(dictionary), Path(cache_dir))
        self._protected = protected_pattern(_dictionary_words(Path(dictionary)))
        self._long = int(config.get("long_message_chars") or 300)
        self._focus = int(config.get("focus_chars") or 200)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BilingualTokenizer:
        """Create the component (see the parent class)."""
        return cls(config)

    def words(self, text: str) -> list[Span]:
        """Return (word, start, end) for every word of ``text``."""
        return segment(text, self._segment_chinese, self._protected)

    def _segment_chinese(self, run: str) -> list[Span]:
        # Without the HMM, unknown characters stay single tokens instead of being
        # glued to a neighbour, so entity boundaries always fall between tokens.
        return list(self._jieba.tokenize(run, HMM=False))

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenize one attribute of ``message`` with exact character offsets."""
        text = message.get(attribute)
        tokens = [Token(word, start, end) for word, start, end in self.words(text)]
        if len(text) > self._long:  # a ramble: its end says what is wanted
            tokens = [t for t in tokens if t.start >= len(text) - self._focus]
        if not tokens:  # only punctuation or emoji: keep something to featurize
            tokens = [Token(text, 0)]
        return self._apply_token_pattern(tokens)
