"""The seven lessons of Errorscape, in teaching order (texts and presets; see ``presets`` for the format).

Every preset was chosen so the engine really does what the text says (tests/lessons runs each one):
e.g. the annealed-noise start (2.0, −1.0) on the six-hump camel is in the basin of a local minimum, and
plain gradient descent from it converges there.
"""

from __future__ import annotations

from .presets import Lesson, View

SIX_HUMP_BOX = {"xmin": -2.0, "xmax": 2.0, "ymin": -1.0, "ymax": 1.0}


def one(optimizer: str, **params) -> list[dict]:
    return [{"optimizer": optimizer, "params": params}]


CONVEXITY = Lesson(
    "convex-vs-nonconvex",
    "Convex vs non-convex",
    "On a convex bowl every downhill path ends at the same single minimum, so where you start does not matter. "
    "A non-convex surface has hills, valleys and several minima: the same optimizer with the same settings "
    "ends in different places depending only on its start. A neural network's error surface is non-convex.",
    "Run the bowl and Himmelblau with the same eight random starts: count the different end points on each. "
    "Then try Rastrigin.",
    (
        View("bowl", "One bowl, one answer", "All runs converge to the bowl's single minimum.",
             run={"surface": "bowl", "steps": 100, "seed": 1, "restarts": 8, "runs": one("sgd", lr=0.1)},
             panels=("restarts",)),
        View("himmelblau", "Four valleys", "The same optimizer ends in different minima from different starts.",
             run={"surface": "himmelblau", "steps": 300, "seed": 1, "restarts": 8, "runs": one("sgd", lr=0.01)},
             panels=("restarts",)),
        View("rastrigin", "A hundred valleys", "Almost every start ends in a different local minimum.",
             run={"surface": "rastrigin", "steps": 300, "seed": 1, "restarts": 8, "runs": one("sgd", lr=0.002)},
             panels=("restarts",)),
    ),
)

RESTARTS = Lesson(
    "local-minima",
    "Local minima and random restarts",
    "Gradient descent stops in whichever minimum's basin it starts in, and only some basins hold a global "
    "minimum. If one random start succeeds with probability p, K independent restarts all fail with "
    "probability (1 − p)^K, so a few restarts make success likely when p is large, and hopeless when p is tiny. "
    "The basin map colours every start by the minimum it leads to.",
    "Read p from the table, then find on the curve how many restarts give 95%. Switch the optimizer to "
    "Adam or raise the learning rate: the basins change shape.",
    (
        View("six-hump-camel", "Six minima, two of them best",
             "Only some starts in the central box reach one of the two global minima; the table gives the share.",
             run={"surface": "six-hump-camel", **SIX_HUMP_BOX, "steps": 500, "seed": 0, "restarts": 200,
                  "runs": one("sgd", lr=0.01)},
             panels=("restarts", "basins")),
        View("himmelblau", "Four equal basins", "Four equally good minima split the box between them: every run succeeds.",
             run={"surface": "himmelblau", "steps": 500, "seed": 0, "restarts": 200, "runs": one("sgd", lr=0.01)},
             panels=("restarts", "basins")),
        View("rastrigin", "A needle's basin", "Only a small share of starts reaches the global minimum, so many "
             "restarts are needed.",
             run={"surface": "rastrigin", "steps": 300, "seed": 0, "restarts": 500, "runs": one("sgd", lr=0.002)},
             panels=("restarts", "basins")),
    ),
)

SADDLES = Lesson(
    "saddles",
    "Flat regions and saddle points",
    "Where the gradient vanishes, gradient descent stops, whether the point is a minimum, a saddle or a plateau; "
    "the gradient-norm plot shows the stall. The Hessian's eigenvalues tell them apart: a saddle curves down "
    "in some direction. Newton's method jumps to wherever the gradient is zero, so saddles attract it; "
    "saddle-free Newton and perturbed gradient descent use or find the downhill direction and escape.",
    "Click any point of the surface to classify it. Start gradient descent exactly on the saddle at (0, 0), "
    "then nudge the start by 0.01.",
    (
        View("newton-vs-saddle-free", "Newton walks into the saddle",
             "Newton stalls at the saddle (0, 0); saddle-free Newton and gradient descent reach a minimum.",
             run={"surface": "tanh-net", "x0": 0.3, "y0": 0.2, "steps": 300,
                  "runs": [{"optimizer": "newton", "params": {"lr": 0.5}},
                           {"optimizer": "saddle-free-newton", "params": {"lr": 0.5}},
                           {"optimizer": "sgd", "params": {"lr": 0.05}}]},
             panels=("gradient-norm", "classifier"), extra={"classify": [0.0, 0.0]}),
        View("perturbed-gd", "A kick off the saddle",
             "Started exactly on the saddle, gradient descent never moves; perturbed gradient descent escapes.",
             run={"surface": "tanh-net", "x0": 0.0, "y0": 0.0, "steps": 300, "seed": 0,
                  "runs": [{"optimizer": "sgd", "params": {"lr": 0.05}},
                           {"optimizer": "perturbed-gd", "params": {"lr": 0.05}}]},
             panels=("gradient-norm", "classifier"), extra={"classify": [0.0, 0.0]}),
        View("saddle", "The textbook saddle",
             "From a start on the x-axis, gradient descent stalls at the saddle point.",
             run={"surface": "saddle", "x0": 1.8, "y0": 0.0, "steps": 200, "runs": one("sgd", lr=0.05)},
             panels=("gradient-norm", "classifier"), extra={"classify": [0.0, 0.0]}),
        View("monkey-saddle", "A degenerate saddle",
             "Heading for the flat monkey saddle along the x-axis, the gradient shrinks with the distance squared: "
             "the run crawls and never arrives.",
             run={"surface": "monkey-saddle", "x0": 1.0, "y0": 0.0, "steps": 300, "runs": one("sgd", lr=0.05)},
             panels=("gradient-norm", "classifier"), extra={"classify": [0.0, 0.0]}),
        View("plateau", "A plateau", "On the flat plain the gradient is tiny and gradient descent hardly moves.",
             run={"surface": "plateau", "x0": 3.0, "y0": 2.0, "steps": 300, "runs": one("sgd", lr=0.1)},
             panels=("gradient-norm", "classifier"), extra={"classify": [3.0, 2.0]}),
    ),
)

HIGH_DIMENSIONS = Lesson(
    "high-dimensions",
    "High dimensionality",
    "Real networks have millions of weights, not two. In N dimensions a critical point is a minimum only if "
    "the surface curves up in all N directions, so almost all critical points are saddles, and the share of "
    "minima falls exponentially with N. Nor can one search by grid: points per axis to the power N "
    "is astronomically many, and nearly all of a high-dimensional cube's volume lies near its surface.",
    "Run Adam on Rastrigin in 2, 100 and 1,000 dimensions and compare the curves. Look at the share of minima "
    "among critical points as N grows.",
    (
        View("rastrigin-n", "Rastrigin in N dimensions", "Loss and gradient norm fall; the slice shows the "
             "landscape around the current point.", kind="highdim",
             panels=("highdim-run", "highdim-slice", "critical-points", "curse"),
             extra={"objective": "rastrigin", "dim": 100, "optimizer": "adam", "lr": 0.05, "steps": 500,
                    "seed": 0}),
        View("random-landscape", "A random smooth landscape", "Gradient descent in a random landscape in "
             "N dimensions.", kind="highdim", panels=("highdim-run", "highdim-slice", "critical-points"),
             extra={"objective": "random", "dim": 50, "optimizer": "sgd", "lr": 0.05, "steps": 300, "seed": 0}),
    ),
)

NOISE = Lesson(
    "sgd-noise",
    "SGD and noise",
    "Stochastic gradients are noisy, and the noise helps: a noisy step can hop over a ridge that traps exact "
    "gradient descent in a poor local minimum. Start with a lot of noise and let it die down (annealing: here the "
    "noise decays slowly while a cosine schedule takes the learning rate, and with it the noisy step, to zero), "
    "and the run explores first and settles later. In minibatch SGD the noise comes from the data: each step "
    "sees a different minibatch, whose loss surface is not the full-data surface.",
    "Race plain gradient descent against the annealed one from the same start, then change the seed: most "
    "seeds escape. In the minibatch view, step through the batches and watch the surface change.",
    (
        View("annealed-noise", "Start with a lot of noise",
             "Plain gradient descent converges to a local minimum; with annealed noise the run escapes to a global "
             "minimum for most seeds.",
             run={"surface": "six-hump-camel", "x0": 2.0, "y0": -1.0, "steps": 2000, "seed": 0,
                  "schedule": "cosine",
                  "runs": [{"optimizer": "sgd", "params": {"lr": 0.05}, "label": "GD"},
                           {"optimizer": "sgd", "params": {"lr": 0.05}, "noise": 6.0, "noise_decay": 0.1,
                            "label": "GD + annealed noise"}]},
             panels=("gradient-norm",)),
        View("minibatch", "Minibatch SGD on a real network",
             "Each step uses a different minibatch of the data; its loss surface differs from the full-data one.",
             kind="minibatch",
             run={"surface": "deep-linear", "x0": 0.3, "y0": -0.2, "steps": 300, "seed": 0,
                  "runs": one("sgd", lr=0.05)},
             panels=("minibatch-grid",), extra={"surface": "deep-linear", "batch_size": 4}),
    ),
)

NO_GUARANTEES = Lesson(
    "no-guarantees",
    "No guarantees",
    "Gradient descent promises nothing. With the learning rate too high every step overshoots further and the "
    "run diverges; too low, it crawls and runs out of steps far from the minimum; on a plateau the slope is so "
    "small that it barely moves at all. Each failure looks different in the loss curve.",
    "Find the largest learning rate that still converges on the bowl. On the plateau, switch to Adam.",
    (
        View("too-high", "Learning rate too high", "The run diverges: the engine stops it and says why.",
             run={"surface": "bowl", "steps": 100, "runs": one("sgd", lr=1.05)}, panels=("gradient-norm",)),
        View("too-low", "Learning rate too low", "The run uses every step and ends far from the minimum.",
             run={"surface": "bowl", "steps": 200, "runs": one("sgd", lr=1e-4)}, panels=("gradient-norm",)),
        View("plateau", "Stuck on a plateau",
             "A saturated sigmoid neuron: the gradient is tiny, and after every step the loss has barely changed.",
             run={"surface": "sigmoid-neuron", "x0": -8.0, "y0": 5.0, "steps": 300, "runs": one("sgd", lr=0.1)},
             panels=("gradient-norm",)),
    ),
)

LANDSCAPE = Lesson(
    "real-landscape",
    "A real network's landscape",
    "A real network has hundreds of weights, so its surface cannot be drawn, only sliced. Li et al. (2018) pick "
    "two random directions, rescale them filter by filter to the trained weights' size, and plot the loss on the "
    "plane through the trained weights: here a 2-16-16-1 tanh network trained on two moons. Goodfellow et al. "
    "(2015) look along the straight line from the initial to the trained weights: the loss falls smoothly.",
    "Drop optimizers onto the slice: they descend the real network's loss, projected onto the plane. "
    "Look at the interpolation curve beyond α = 1.",
    (
        View("slice", "Filter-normalised slice", "The trained weights sit at the bottom of the slice at (0, 0).",
             kind="landscape",
             run={"surface": "mlp-slice", "x0": 0.6, "y0": -0.5, "steps": 300,
                  "runs": [{"optimizer": "adam", "params": {"lr": 0.02}},
                           {"optimizer": "sgd", "params": {"lr": 0.05}}]},
             panels=("landscape-slice", "interpolation")),
    ),
)

MOONS = {"surface": "data", "dataset": "moons", "model": "logistic", "loss": "cross-entropy"}

SEARCH = Lesson(
    "training-is-search",
    "Training is a search over weights",
    "A model with two weights turns a dataset into an error surface: every point of the surface is one model, "
    "and its height is that model's loss on the data. Training walks downhill on that surface. Beside it, the same "
    "walk in data space: the decision boundary (or the fitted line) moves with every step, until the model fits "
    "the data as well as two weights can.",
    "Click the contour map anywhere: the data panel shows that model before any run. Scrub the timeline and watch "
    "the boundary turn. Then open \"Use your own data\" under the surface picker and paste a CSV of your own.",
    (
        View("moons", "Two moons, two optimizers",
             "Both runs end at the surface's minimum; in data space the boundary turns to split the moons as well "
             "as a line through the origin can.",
             run={**MOONS, "x0": -4.0, "y0": 4.0, "steps": 500,
                  "runs": [{"optimizer": "adam", "params": {"lr": 0.2}},
                           {"optimizer": "momentum", "params": {"lr": 0.5}}]},
             panels=("gradient-norm",)),
        View("line", "Fitting a line", "Gradient descent on slope and intercept: the line swings onto the data and "
             "the run converges to the least-squares fit.",
             run={"surface": "data", "dataset": "line", "model": "linear", "x0": -2.0, "y0": 2.5, "steps": 200,
                  "runs": one("sgd", lr=0.1)},
             panels=("gradient-norm",)),
        View("minibatch", "Minibatches", "With 16 rows per update the path jitters around the full-data path, but "
             "it still reaches the neighbourhood of the minimum. The figure beside the data draws each update's "
             "minibatch surface over the full data's, with both downhill arrows: scrub the timeline.",
             run={**MOONS, "x0": -4.0, "y0": 4.0, "steps": 300, "seed": 0, "batch_size": 16,
                  "runs": one("sgd", lr=1.0)},
             panels=("gradient-norm",)),
        View("network", "Two weights of a trained network",
             "A small network (4 tanh units) trained on the moons; two of its 17 weights are set free and the others "
             "stay at their trained values. Adam finds the valley of the trained weights; plain SGD slides onto a "
             "plateau where the free unit saturates: the same network, a far worse fit. Try the other pairs under "
             "\"Free weights\".",
             run={"surface": "data", "dataset": "moons", "model": "network", "weights": "in-out", "steps": 400,
                  "runs": [{"optimizer": "adam", "params": {"lr": 0.2}}, {"optimizer": "sgd", "params": {"lr": 1.0}}]},
             panels=("gradient-norm",)),
        View("your-data", "Your own data", "The same search on your data: paste or upload a CSV (x₁, x₂, 0/1 label; "
             "or x, y) under \"Use your own data\", and run again.",
             run={**MOONS, "x0": -4.0, "y0": 4.0, "steps": 500, "runs": one("adam", lr=0.2)},
             panels=("gradient-norm",)),
    ),
)

LESSON_LIST = (SEARCH, CONVEXITY, RESTARTS, SADDLES, HIGH_DIMENSIONS, NOISE, NO_GUARANTEES, LANDSCAPE)
LESSONS = {lesson.id: lesson for lesson in LESSON_LIST}
