"""The chat bridges on the voice gateway: WeChat Official Account and Telegram."""
