"""Zhanggui's shop platform backend: catalog, reorders, loans, parcels and identity."""
