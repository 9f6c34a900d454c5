"""Custom Rasa input channels that authenticate the service calling them."""
