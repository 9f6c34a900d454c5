"""Alembic migrations for the backend schema."""
