"""The phone line: one call layer (``call``) and its carrier transports."""
