"""Catalog search: the entry type and the spoken-product resolver, with no product data.

The products (and which size of each line is standard) come from the database; the
demo wholesaler's tables are seed data in ``backend.seed.catalog``.
"""
