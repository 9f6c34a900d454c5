"""Transport-independent speech: recognition, synthesis, codecs and endpointing.

Nothing here knows about HTTP or WebSockets; the kiosk gateway, phone lines and voice
notes all reuse the same engines.
"""
