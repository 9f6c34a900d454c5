"""Typed async clients for the backend's HTTP API, one module per API."""
