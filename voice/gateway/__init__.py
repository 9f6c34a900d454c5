"""The voice gateway: the kiosk WebSocket, ``/asr`` and ``/tts`` over HTTP.

It moves audio between clients and the speech engines and relays text turns to Rasa;
it knows nothing about shops, orders or parcels.
"""
