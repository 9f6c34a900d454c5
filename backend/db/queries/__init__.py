"""Queries: the SQL the services need, one module per kind of record."""
