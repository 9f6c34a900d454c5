"""HTTP layer: views, request parsing, auth and error middleware."""
