"""The one loop that drives any optimizer over any objective, for many runs at once.

All runs of a view (one run, a race of optimizers, 1,000 random restarts) live in one array ``P`` of
shape (runs, d). Each *group* of rows shares an optimizer; every step, each group's optimizer updates
its rows, then the objective is evaluated once for all rows. A run that diverges, converges or stalls
is *frozen*: it keeps its last finite position and stops changing, while the others go on.

The loop is deterministic: the same objective, groups, starts and seed give the same snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import numpy as np

from ..optimizers.base import Optimizer, tracing
from .outcomes import DIVERGED, REASONS, RUNNING, Stop, judge_stops

Array = np.ndarray


@dataclass
class Group:
    """Rows ``rows`` of the parameter array, driven by one optimizer with its own gradient noise.

    ``noise`` is the standard deviation of Gaussian noise added to the gradient (the "stochastic" in
    SGD); it is annealed as noise·(1+t)^(−noise_decay), so noise_decay = 0 keeps it constant.
    """

    optimizer: Optimizer
    rows: slice
    noise: float = 0.0
    noise_decay: float = 0.0
    stochastic_gradient: Callable[[Array, int, int], Array] | None = None  # (P, step, group) -> grad
    state: Any = None

    def noise_at(self, step: int) -> float:
        return self.noise * (1.0 + step) ** (-self.noise_decay) if self.noise else 0.0


@dataclass
class Snapshot:
    """Where every run is after ``step`` updates (step 0 is the start, before any update)."""

    step: int
    params: Array  # (runs, d)
    loss: Array  # (runs,)
    grad: Array  # (runs, d): the exact gradient at ``params`` (without noise)
    status: Array  # (runs,) int8 outcome codes (outcomes.RUNNING, CONVERGED, STALLED, DIVERGED)
    stops: list[Stop] = field(default_factory=list)  # runs that stopped at this step
    finished: bool = False  # every run has stopped
    #: with ``inspect=True``: per group, the optimizer's state after this step and what its update traced
    #: (``grad``: the gradient it used, noise included, and every ``trace`` of the optimizer)
    inside: list[tuple[Any, dict]] | None = None

    def reasons(self) -> list[str]:
        return [REASONS[c] for c in self.status.tolist()]


def simulate(
    objective,
    groups: list[Group],
    starts: Array,
    steps: int,
    seed: int = 0,
    tol: float = 1e-6,
    inspect: bool = False,
) -> Iterator[Snapshot]:
    """Yield a Snapshot for step 0, then one per update until ``steps`` or until every run stopped.

    ``inspect``: each snapshot also carries the optimizers' state and traced quantities (``Snapshot.inside``).
    """
    params = np.array(starts, dtype=np.float64)
    runs = len(params)
    status = np.full(runs, RUNNING, dtype=np.int8)
    with np.errstate(all="ignore"):
        loss = objective.value(params)
        grad = objective.gradient(params)
        stops = judge_stops(objective, 0, params, params, loss, grad, status, tol=None)
    running = int((status == RUNNING).sum())
    for group in groups:
        group.state = group.optimizer.init(params[group.rows])
    inside = [(group.state, {}) for group in groups] if inspect else None
    yield Snapshot(0, params, loss, grad, status.copy(), stops, running == 0, inside)
    if not running:
        return
    rngs = [np.random.default_rng([seed, 0x5EED, g]) for g in range(len(groups))]

    for step in range(1, steps + 1):
        with np.errstate(all="ignore"):
            proposed = np.empty_like(params)
            inside = [None] * len(groups) if inspect else None
            for g, group in enumerate(groups):
                rows = params[group.rows]
                if group.stochastic_gradient is not None:
                    g_used = group.stochastic_gradient(rows, step, g)
                else:
                    g_used = grad[group.rows]
                sigma = group.noise_at(step)
                if sigma:
                    g_used = g_used + sigma * rngs[g].standard_normal(rows.shape)
                if inspect:
                    with tracing() as seen:
                        proposed[group.rows], group.state = group.optimizer.update(g_used, group.state, rows, step)
                    inside[g] = (group.state, {"grad": g_used, **seen})
                else:
                    proposed[group.rows], group.state = group.optimizer.update(g_used, group.state, rows, step)
            new_loss = objective.value(proposed)
            new_grad = objective.gradient(proposed)
            was_running = status == RUNNING if running < runs else None
            stops = judge_stops(objective, step, params, proposed, new_loss, new_grad, status, tol=tol, old_loss=loss)
        if was_running is None and not stops:
            params, loss, grad = proposed, new_loss, new_grad  # the common case: everyone moves
        else:
            # Runs that stopped earlier, and runs that diverge now, keep their last finite values.
            take = (status != DIVERGED) & (was_running if was_running is not None else True)
            params = np.where(take[:, None], proposed, params)
            loss = np.where(take, new_loss, loss)
            grad = np.where(take[:, None], new_grad, grad)
            running = int((status == RUNNING).sum())
        yield Snapshot(step, params, loss, grad, status.copy(), stops, running == 0, inside and list(inside))
        if not running:
            return


def descend(
    objective, optimizer: Optimizer, starts: Array, steps: int, seed: int = 0, tol: float = 1e-6,
    noise: float = 0.0, noise_decay: float = 0.0,
) -> Snapshot:
    """Run one optimizer from every row of ``starts``; return the last snapshot (for maps and tables)."""
    group = Group(optimizer, slice(None), noise=noise, noise_decay=noise_decay)
    last = None
    for last in simulate(objective, [group], starts, steps, seed=seed, tol=tol):
        pass
    return last
