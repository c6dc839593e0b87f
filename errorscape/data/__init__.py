"""Data and models: datasets (built-in or uploaded CSV), two-weight models, and their loss surfaces."""

from .csvdata import parse_csv
from .datasets import BUILTINS, Data
from .models import LOSSES, MODELS
from .surface import SURFACE_ID, DataSurface, data_surface

__all__ = ["BUILTINS", "Data", "DataSurface", "LOSSES", "MODELS", "SURFACE_ID", "data_surface", "parse_csv"]
