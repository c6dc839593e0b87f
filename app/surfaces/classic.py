"""Classic optimisation test functions (filled by the surfaces work)."""

SURFACES = []
