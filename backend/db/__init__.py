"""Data layer: table models (models/), the services' queries (queries/), the handle."""
