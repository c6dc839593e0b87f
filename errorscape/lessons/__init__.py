"""Lessons: the catalogue of guided lessons and the computations behind their numbers."""
