"""The demo wholesaler's catalog: product tables by category and standard sizes."""
