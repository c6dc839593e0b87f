"""Figures stay light and offline; the exporter reads the page's hash; the CLI keeps serving as before."""

from __future__ import annotations

import numpy as np
import pytest

import errorscape
from app import cli
from errorscape.export import page_html
from errorscape.hashstate import parse_hash

RACE = [{"optimizer": o, "lr": 0.01} for o in ("adam", "sgd", "rmsprop", "momentum")]


@pytest.fixture(scope="module")
def race_figure():
    result = errorscape.race("himmelblau", RACE, steps=200, x0=0.5, y0=-0.5)
    return result, errorscape.combined(result, n=100)


def test_a_200_step_race_of_4_stays_under_a_megabyte(race_figure):
    _, fig = race_figure
    html = fig.to_html(include_plotlyjs=False, full_html=False)
    assert len(html.encode()) < 1_000_000


def test_frames_carry_only_the_moving_traces(race_figure):
    result, fig = race_figure
    surfaces = [i for i, t in enumerate(fig.data) if t.type in ("surface", "contour")]
    assert len(surfaces) == 2
    moving = set(fig.frames[0].traces)
    assert not moving & set(surfaces)
    assert all(len(f.data) == len(f.traces) for f in fig.frames)
    # the figure itself shows the finished race in float64, the numbers of the Result
    first_run = next(t for t in fig.data if t.type == "scatter3d" and t.name == result.labels[0])
    assert np.array_equal(first_run.x, result.x[:, 0])
    assert fig.layout.sliders[0].steps[-1].label == "200"


def test_figures_look_like_the_page(race_figure):
    result, fig = race_figure
    lines = [t for t in fig.data if t.type == "scatter" and t.mode == "lines" and t.xaxis in (None, "x")]
    assert [t.line.color for t in lines] == ["#E69F00", "#56B4E9", "#009E73", "#CC79A7"]  # Okabe-Ito
    marks = next(t for t in fig.data if t.type == "scatter" and t.name == "marks")
    assert "star" in marks.marker.symbol and "x-thin" in marks.marker.symbol  # minima and saddles
    assert fig.layout.yaxis.scaleanchor == "x"  # equal scales on the contour map


def test_hash_reads_like_the_page():
    s = parse_hash("#surface=himmelblau&optimizer=adam,momentum&lr=0.05,&momentum=,0.5&x0=-1.5&y0=2&steps=60"
                   "&seed=7&noise=0.3&label=fast%252C%2520adaptive,&run_noise=,0.1&camera=1,2,0.5&zoom=0.5&bogus=1")
    adam, mom = s.run["runs"]
    assert adam["params"]["lr"] == 0.05 and mom["params"]["lr"] == 0.01  # the page's visible default lr
    assert mom["params"]["momentum"] == 0.5 and adam["label"] == "fast, adaptive" and mom["noise"] == 0.1
    assert (s.run["x0"], s.run["y0"], s.run["steps"], s.run["seed"], s.run["noise"]) == (-1.5, 2.0, 60, 7, 0.3)
    assert s.view == {"zoom": 0.5, "camera": (1.0, 2.0, 0.5)}
    with pytest.raises(errorscape.ParamError, match="lr"):
        page_html("#surface=bowl&optimizer=adam&lr=abc")


def test_exported_page_loads_nothing_from_the_network():
    page = page_html("#surface=bowl&optimizer=adam&lr=0.1&steps=30")
    assert "Plotly.newPlot" in page and "https://" not in page.split("</script>", 1)[1]
    sibling = page_html("#lesson=no-guarantees", plotlyjs="sibling")
    assert '<script src="plotly.min.js"' in sibling and "Too high" in sibling or "learning rate" in sibling


def test_cli_export_subcommand_and_serving_flags(tmp_path, capsys):
    out = tmp_path / "site" / "bowl.html"
    with pytest.raises(SystemExit) as done:
        cli.main(["export", "#surface=bowl&optimizer=sgd&lr=0.1&steps=20", "-o", str(out), "--plotlyjs", "sibling"])
    assert done.value.code == 0
    assert out.exists() and (out.parent / "plotly.min.js").exists()
    with pytest.raises(SystemExit) as done:
        cli.main(["export", "#surface=bowl&steps=0", "-o", str(out)])
    assert done.value.code == 2 and "steps" in capsys.readouterr().err
    assert cli.parse_args(["--port", "9000"]).port == 9000  # serving is untouched
