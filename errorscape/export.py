"""``errorscape export``: one self-contained HTML page for a run, a race or a lesson, playable with no server.

The page is described by the web page's URL hash (``errorscape.hashstate``), computed by the same code
as the server, drawn as the animated combined figure (``errorscape.figures``), and written with
plotly.js from the installed plotly package: inlined (one file, ~5 MB, works anywhere, even from
``file://``), or referenced as a sibling ``plotly.min.js`` (copied next to the page once, shared by every
page of a course site). Nothing is loaded from the network.

    python -m errorscape export "#surface=himmelblau&optimizer=adam,sgd&lr=0.05,0.01" -o himmelblau.html
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
from pathlib import Path

import plotly
import plotly.io as pio

from .errors import ParamError
from .figures import combined
from .figures.theme import FONT, theme_named
from .hashstate import HashState, parse_hash
from .notebook import race
from .teach import lesson_run, lesson_view

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
SIBLING = "plotly.min.js"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Errorscape {version}">
<title>{title}</title>
<style>
  body {{ margin: 0; background: {bg}; color: {fg}; font-family: {font}; }}
  main {{ max-width: 1280px; margin: 0 auto; padding: 1rem clamp(0.75rem, 2vw, 1.5rem); }}
  h1 {{ font-size: 1.3rem; margin: 0.2rem 0 0.6rem; }}
  p {{ line-height: 1.5; max-width: 70ch; }}
  .hint {{ color: {muted}; font-size: 0.9rem; }}
  .figure {{ background: {panel}; border-radius: 10px; padding: 0.4rem; overflow-x: auto; }}
  /* four panels need room: on a phone the figure scrolls sideways inside its box, the page does not */
  #errorscape-figure {{ min-width: 760px; }}
  .hint {{ overflow-wrap: anywhere; }}
</style>
{head_script}
</head>
<body>
<main>
<h1>{title}</h1>
{lesson}
<div class="figure">{figure}</div>
{tuning}
<p class="hint">Press ▶ Play to watch the descent; drag the slider to scrub; turn the 3D view with the mouse.
Made with Errorscape {version}: {description}</p>
</main>
</body>
</html>
"""


def figure_for(state: HashState, theme: str = "light", max_frames: int = 32, n: int = 100):
    """(figure, lesson text or None) for a parsed hash."""
    lesson = None
    if state.lesson and not state.run:
        lesson, view = lesson_view(state.lesson, state.lesson_view)
        result = lesson_run(lesson.id, view.id)
        lesson = (lesson, view)
    else:
        body = dict(state.run)
        result = race(body.pop("surface"), body.pop("runs"), **body)
        if state.lesson:
            try:
                lesson = lesson_view(state.lesson, state.lesson_view)
            except ParamError:
                lesson = None  # the page ignores an unknown lesson beside a run of its own
    view = {k: v for k, v in state.view.items() if k in ("zoom", "log", "loss_log", "camera")}
    speed = state.view.get("speed")
    frame_ms = 125 if not speed else max(16, round(1000 * (result.plan.steps / max_frames) / speed))
    # the page's heading names the run: the figure needs no title of its own
    fig = combined(result, theme=theme, max_frames=max_frames, n=n, frame_ms=frame_ms, title="", **view)
    return fig, lesson


def _run_title(state: HashState) -> str:
    from .surfaces import SURFACES

    surface = SURFACES.get(state.run["surface"])
    name = surface.name if surface else state.run.get("expr", state.run["surface"])
    return f"{name}: " + ", ".join(r["optimizer"] for r in state.run["runs"])


def _tuning_figures(linked: dict, theme: str) -> list:
    figures = []
    if "map" in linked:
        figures.append(linked["map"].figure(theme=theme))
    if "tune" in linked:
        figures.append(linked["tune"].table_figure(theme))
    return figures


def _lesson_html(lesson) -> str:
    if not lesson:
        return ""
    les, view = lesson
    return (f"<p>{html.escape(les.explanation)}</p><p><strong>{html.escape(view.title)}.</strong> "
            f"{html.escape(view.claim)}</p><p class=\"hint\">Try this: {html.escape(les.try_this)}</p>")


def page_html(hash_text: str, *, plotlyjs: str = "inline", theme: str = "light", autoplay: bool = False,
              max_frames: int = 32, n: int = 100) -> str:
    """The whole page for ``hash_text`` (``plotlyjs``: ``inline`` or ``sibling``).

    >>> page = page_html("#surface=bowl&optimizer=adam&lr=0.1&steps=20", plotlyjs="sibling")
    >>> '<script src="plotly.min.js"' in page, "cdn" in page.lower()
    (True, False)
    """
    if plotlyjs not in ("inline", "sibling"):
        raise ParamError("plotlyjs", "must be 'inline' or 'sibling'")
    t = theme_named(theme)
    state = parse_hash(hash_text)
    fig, lesson = figure_for(state, theme, max_frames, n)
    div = pio.to_html(fig, full_html=False, include_plotlyjs=False, auto_play=autoplay, div_id="errorscape-figure",
                      default_height="860px", config={"displaylogo": False, "responsive": True,
                                                      "modeBarButtonsToRemove": ["sendDataToCloud", "select2d", "lasso2d"]})
    # a link with a hyperparameter map or a fair race: the map and the tuned table too, as the page shows them
    from .notebook_tuning import tuning_from_hash

    tuning = "".join(f'<div class="figure">{pio.to_html(fig, full_html=False, include_plotlyjs=False)}</div>'
                     for fig in _tuning_figures(tuning_from_hash(hash_text), theme))
    if plotlyjs == "inline":
        head = f"<script>{PLOTLY_JS.read_text(encoding='utf-8')}</script>"
    else:
        head = f'<script src="{SIBLING}" charset="utf-8"></script>'
    from . import __version__

    title = f"{lesson[0].title}: {lesson[1].title}" if lesson else _run_title(state)
    return PAGE.format(version=__version__, title=html.escape(title), bg=t.bg, fg=t.fg, muted=t.muted, panel=t.surface,
                       font=FONT, head_script=head, lesson=_lesson_html(lesson), figure=div, tuning=tuning,
                       description=html.escape("#" + hash_text.lstrip("#")))


def export(hash_text: str, output: str | Path, *, plotlyjs: str = "inline", **options) -> Path:
    """Write the page for ``hash_text`` to ``output``; with ``plotlyjs="sibling"``, also plotly.min.js beside it."""
    output = Path(output)
    page = page_html(hash_text, plotlyjs=plotlyjs, **options)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    if plotlyjs == "sibling":
        sibling = output.parent / SIBLING
        if not sibling.exists() or sibling.stat().st_size != PLOTLY_JS.stat().st_size:
            shutil.copyfile(PLOTLY_JS, sibling)
    return output


def parse_args(argv) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="errorscape export", description="Write one self-contained HTML page "
                                "for a run, a race or a lesson, described by the web page's URL hash.")
    p.add_argument("hash", help='the page\'s hash, e.g. "#surface=himmelblau&optimizer=adam,sgd&lr=0.05,0.01" '
                   'or "#lesson=saddles" (quote it: & and # mean something to the shell)')
    p.add_argument("-o", "--output", default="errorscape.html", help="the HTML file to write (default errorscape.html)")
    p.add_argument("--plotlyjs", choices=("inline", "sibling"), default="inline",
                   help="inline plotly.js in the page (default), or reference plotly.min.js beside it (copied there)")
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    p.add_argument("--autoplay", action="store_true", help="play the animation once the page has loaded")
    p.add_argument("--max-frames", type=int, default=32, help="animation frames (default 32; more: smoother, heavier)")
    p.add_argument("--grid", type=int, default=100, help="surface grid points per axis (default 100)")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        path = export(args.hash, args.output, plotlyjs=args.plotlyjs, theme=args.theme, autoplay=args.autoplay,
                      max_frames=args.max_frames, n=args.grid)
    except ParamError as e:
        print(f"errorscape export: {e}", file=sys.stderr)
        return 2
    print(path)
    return 0
