"""Plotly figures of runs and lessons that look like the web page (colours, marks, labels), animated with frames.

Figures are ``plotly.graph_objects.Figure`` objects: show them in a notebook (plotly's own renderer,
no network), or write them with ``fig.write_html(path, include_plotlyjs=True)``.
"""

from .animate import combined, figure_3d, figure_contour, figure_series

__all__ = ["combined", "figure_3d", "figure_contour", "figure_series"]
