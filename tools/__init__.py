"""Developer and operator commands behind ``./zhanggui``."""
