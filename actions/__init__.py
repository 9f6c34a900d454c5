"""Zhanggui's rasa-sdk action server: one module per feature, clients per API."""
