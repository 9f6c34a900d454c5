"""The deterministic demo world: three demo shops plus fifty more, with history."""
