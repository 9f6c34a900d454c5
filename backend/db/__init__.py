"""Data layer: table models and the database handle."""
