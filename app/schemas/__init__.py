"""Request models of the HTTP API: bounds here are the API contract (a 422 names the parameter and its range)."""
