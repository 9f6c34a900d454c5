"""Custom Rasa NLU components: the bilingual tokenizer and the number extractor."""
