"""Service layer: the shop platform's rules, independent of HTTP."""
