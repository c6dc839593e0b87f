"""Lessons: the catalogue of guided lessons and the computations behind their numbers.

Importing this package registers the lazily built surface ``mlp-slice`` (the trained network's slice)
with the runs API, so ``surface=mlp-slice`` works wherever a surface id does.
"""

from ..runs.plan import LAZY_SURFACES
from .landscape import slice_surface

LAZY_SURFACES["mlp-slice"] = slice_surface
