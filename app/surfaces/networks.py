"""Complete error surfaces of real two-weight neural networks (filled by the surfaces work)."""

SURFACES = []
