"""Custom Rasa NLU components: the bilingual tokenizer and its Jieba dictionary."""
