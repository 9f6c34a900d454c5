"""Session-wide fixtures: real services started once per test session."""

pytest_plugins = [
    "tests.fixtures.backend",
    "tests.fixtures.rasa",
    "tests.fixtures.shops",
    "tests.fixtures.telegram_standin",
    "tests.fixtures.voice",
    "tests.fixtures.wechat_standin",
]
