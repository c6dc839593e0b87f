"""Writes the example notebooks (without outputs) from the cells below: edit here, then run
`.venv/bin/python examples/make_notebooks.py`. tests/notebook/test_notebooks.py executes them."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent

TOUR = [
    ("md", "# Why training a neural network is hard: the lessons\n\n"
           "Every number here is computed by Errorscape's engine, the same one the web app streams from, with "
           "optimizers that follow `torch.optim` exactly. Press ▶ Play under a figure to watch the descent."),
    ("code", "import errorscape\n\nfor lesson in errorscape.lessons():\n    print(f\"{lesson['id']:22} {lesson['title']}\")"),
    ("md", "## 1. Convex and non-convex surfaces\nOn a bowl every start ends at the one minimum; on Himmelblau's "
           "function the start decides which minimum you reach."),
    ("code", "result = errorscape.lesson_run(\"convex-vs-nonconvex\", \"himmelblau\")\n"
             "errorscape.figure_contour(result)"),
    ("md", "## 2. Local minima and random restarts\nIf one restart finds a global minimum with probability p, "
           "K restarts succeed with probability 1 − (1 − p)^K."),
    ("code", "from errorscape.figures import lessons as figs\n\n"
             "box = dict(xmin=-2, xmax=2, ymin=-1, ymax=1)\n"
             "table = errorscape.restarts(\"six-hump-camel\", \"sgd\", lr=0.01, restarts=200, steps=500, **box)\n"
             "figs.restarts_figure(table)"),
    ("code", "figs.basins_figure(errorscape.basins(\"six-hump-camel\", \"sgd\", lr=0.01, n=60, steps=300, **box))"),
    ("md", "## 3. Saddle points and flat regions\nNewton's method walks into the saddle of a tiny tanh network; "
           "saddle-free Newton and gradient descent do not. The classifier reads the Hessian."),
    ("code", "result = errorscape.lesson_run(\"saddles\")\nprint(result.reasons)\nresult.figure()"),
    ("code", "figs.classify_figure(errorscape.classify(\"tanh-net\", 0, 0))"),
    ("md", "## 4. High dimensions\nIn N dimensions a minimum must curve up in all N directions: minima become "
           "a vanishing share of the critical points."),
    ("code", "figs.highdim_figure(errorscape.highdim_run(\"rastrigin\", dim=100, optimizer=\"adam\", lr=0.05, steps=300))"),
    ("code", "figs.critical_points_figure(errorscape.critical_points(max_dim=50, mc_max_dim=2, starts=200, samples=5000))"),
    ("code", "figs.curse_figure(errorscape.curse())"),
    ("md", "## 5. SGD and noise\nAnnealed gradient noise lets gradient descent escape a local minimum it is stuck in."),
    ("code", "result = errorscape.lesson_run(\"sgd-noise\")\nprint(dict(zip(result.labels, result.reasons)))\n"
             "errorscape.figure_contour(result)"),
    ("md", "## 6. No guarantees\nToo high a learning rate diverges; too low a rate crawls; a plateau stalls."),
    ("code", "for view in (\"too-high\", \"too-low\", \"plateau\"):\n"
             "    r = errorscape.lesson_run(\"no-guarantees\", view)\n"
             "    print(f\"{view:9} {r.reason:10} loss {r.loss[0, 0]:.4g} -> {r.loss[-1, 0]:.4g}\")"),
    ("md", "## 7. A real network's landscape\nA 2-16-16-1 network trained on two moons (it trains on first use, "
           "a few seconds): its loss around the trained weights, and on the line from the initial weights."),
    ("code", "figs.landscape_slice_figure(errorscape.landscape_slice(n=31))"),
    ("code", "figs.interpolation_figure(errorscape.interpolation())"),
]

FORMULA = [
    ("md", "# Race optimizers on your own formula\n\nType a loss in the weights `x` and `y` (the same formulas "
           "as the web app's \"Custom formula\": `+ - * / ^`, `sin`, `exp`, `log`, `sqrt`, `abs`, `tanh`, ...)."),
    ("code", "import errorscape\n\nformula = \"(x^2 + y - 11)^2 / 10 + 2*sin(x) * cos(y)\""),
    ("md", "Each racer is an optimizer with its hyperparameters, named as in `torch.optim`."),
    ("code", "racers = [\n"
             "    {\"optimizer\": \"sgd\", \"lr\": 0.02},\n"
             "    {\"optimizer\": \"momentum\", \"lr\": 0.02, \"momentum\": 0.9},\n"
             "    {\"optimizer\": \"adam\", \"lr\": 0.1},\n"
             "]\n"
             "result = errorscape.race(\"custom\", racers, expr=formula, x0=-3, y0=3, steps=150,\n"
             "                         xmin=-5, xmax=5, ymin=-5, ymax=5)\n"
             "result"),
    ("code", "result.figure()"),
    ("md", "The numbers are numpy arrays: `result.xy` (frames × runs × 2), `result.loss`, `result.grad`, "
           "`result.grad_norm`. Where did each racer end, and what kind of point is it?"),
    ("code", "for label, (x, y) in zip(result.labels, result.xy[-1]):\n"
             "    verdict = errorscape.classify(\"custom\", x, y, expr=formula, tol=1e-3)\n"
             "    print(f\"{label:28} ({x:+.3f}, {y:+.3f})  {verdict['verdict']}\")"),
    ("md", "Was that race fair? Each optimizer ran at a learning rate we picked. Tune them first: every racer gets "
           "its best `lr` on the same log grid, scored by the mean final loss over the same 8 seeded starts, then "
           "the tuned settings race (momentum's `momentum` is tuned too)."),
    ("code", "tuned = errorscape.tune(\"custom\", [\"sgd\", {\"optimizer\": \"momentum\", \"second\": (\"momentum\", 0.5, 0.95, 4)}, \"adam\"],\n"
             "                        expr=formula, lr=(1e-3, 1, 13), starts=8, steps=150, xmin=-5, xmax=5, ymin=-5, ymax=5)\n"
             "tuned"),
    ("code", "tuned.figure()"),
    ("md", "A map shows why: momentum's final loss over its learning rate and momentum (red: some start diverged)."),
    ("code", "m = errorscape.hypermap(\"custom\", \"momentum\", expr=formula, x_axis=(\"lr\", 1e-3, 0.3, 30, \"log\"),\n"
             "                        y_axis=(\"momentum\", 0, 0.99, 30), x0=-3, y0=3, steps=150, xmin=-5, xmax=5, ymin=-5, ymax=5)\n"
             "print(m.best)\nm.figure()"),
    ("md", "Mistakes get a plain answer naming the parameter:"),
    ("code", "try:\n    errorscape.race(\"custom\", [{\"optimizer\": \"adam\", \"lr\": 50}], expr=formula)\n"
             "except errorscape.ParamError as e:\n    print(e)"),
]

DATA = [
    ("md", "# Your own data\n\nA model with two weights on a dataset of yours: the error surface is its loss over "
           "those two weights. Give `data=` CSV text, a CSV file's path, or arrays `(X, y)`: 3 columns (x₁, x₂, a 0/1 "
           "label) for classification, 2 (x, y) for regression, at most 5,000 rows and 1 MB, checked as the web "
           "app's upload is. It stays in memory; nothing is written to disk."),
    ("code", "import numpy as np\nimport errorscape\n\n"
             "rng = np.random.default_rng(0)\n"
             "hours = rng.uniform(0, 10, 300)                       # hours studied\n"
             "score = 4.2 * hours + 31 + rng.normal(0, 6, 300)      # exam score\n"
             "csv = \"hours,score\\n\" + \"\".join(f\"{h:.3f},{s:.2f}\\n\" for h, s in zip(hours, score))\n"
             "print(csv[:60])"),
    ("md", "Linear regression (slope `w`, intercept `b`) with squared error: a bowl. The figures name their axes "
           "after the model's weights."),
    ("code", "result = errorscape.race(\"data\", [{\"optimizer\": \"sgd\", \"lr\": 0.01}, {\"optimizer\": \"adam\", \"lr\": 0.5}],\n"
             "                         data=csv, model=\"linear\", x0=-2, y0=-2, steps=300)\n"
             "print(dict(zip(result.labels, result.loss[-1])))\n"
             "errorscape.figure_contour(result)"),
    ("md", "Arrays work too. Two features and 0/1 labels make a classification set: here a network's two free "
           "weights (the rest trained on your data), with minibatches of 32 rows."),
    ("code", "X = rng.normal(size=(400, 2))\n"
             "y = (X[:, 0] * X[:, 1] > 0).astype(float)              # XOR-like labels\n"
             "result = errorscape.run(\"data\", \"adam\", data=(X, y), model=\"network\", weights=\"x1-x2\",\n"
             "                        lr=0.1, batch_size=32, steps=100)\n"
             "print(errorscape.surface(\"data\", data=(X, y), model=\"network\", weights=\"x1-x2\")[\"extra\"][\"axes\"])\n"
             "result.figure()"),
    ("md", "A problem in the data gets the upload's answer, naming the line and the column (line 1 is the header):"),
    ("code", "try:\n    errorscape.run(\"data\", \"sgd\", data=(X, np.where(y > 0, 2.0, 0.0)))\n"
             "except errorscape.ParamError as e:\n    print(e)"),
]


def write(name: str, cells: list) -> None:
    nb = new_notebook(cells=[new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, HERE / name)


if __name__ == "__main__":
    import sys

    notebooks = {"lessons-tour.ipynb": TOUR, "your-own-formula.ipynb": FORMULA, "your-own-data.ipynb": DATA}
    names = sys.argv[1:] or list(notebooks)  # e.g. only the one you edited
    for name, cells in notebooks.items():
        if name in names:
            write(name, cells)
