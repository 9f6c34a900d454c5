"""Command-line tools that maintain the bot's generated training data."""
