"""Zhanggui's Rasa bot: configuration, custom NLU components and tools."""
