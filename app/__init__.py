"""Errorscape: watch optimizers descend error surfaces, live."""

__version__ = "0.1.0"
