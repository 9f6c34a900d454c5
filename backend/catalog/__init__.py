"""The wholesale catalog: product data and the spoken-product resolver."""
