"""Zhanggui's voice service: speech engines and the transports that use them."""
