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
from .outcomes import DIVERGED, REASONS, RUNNING, Stop, judge_stops, stopping

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


#: Up to this many runs, a step costs mostly numpy's per-call overhead, the stop checks as much as the update
#: itself: the loop then computes up to LOOKAHEAD steps and checks them for stops together (simulate_blocks).
#: More runs check every step: a stop somewhere among them is likely, and would waste the steps after it.
FEW_RUNS = 8
LOOKAHEAD = 16


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
    for block in simulate_blocks(objective, groups, starts, steps, seed, tol, inspect):
        yield from block


def simulate_blocks(objective, groups: list[Group], starts: Array, steps: int, seed: int = 0, tol: float = 1e-6,
                    inspect: bool = False) -> Iterator[list[Snapshot]]:
    """``simulate``'s snapshots in the blocks the loop computes: step 0 alone, then up to LOOKAHEAD steps each.

    A block's updates are computed as if nobody stopped, then checked for stops all at once
    (``outcomes.stopping`` over the block's rows). If a run stops at some step, the updates after it are
    dropped and that step is judged as usual (``judge_stops``); the next block starts there. Optimizers are
    pure, so their state after that step was kept, and the noise generators are wound back to it: every
    snapshot is the one a step-by-step loop gives, number for number.
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
    yield [Snapshot(0, params, loss, grad, status.copy(), stops, running == 0, inside)]
    if not running:
        return
    rngs = [np.random.default_rng([seed, 0x5EED, g]) for g in range(len(groups))]
    noisy = any(group.noise for group in groups)
    ahead = LOOKAHEAD if runs <= FEW_RUNS else 1
    moving = None  # once some runs have stopped: the rows still running (the others keep their last values)

    step = 0
    while step < steps:
        with np.errstate(all="ignore"):
            last = min(step + ahead, steps)
            updates, starts_from = [], [(params, loss, grad)]  # starts_from[i]: where update i started
            for s in range(step + 1, last + 1):
                if updates:
                    starts_from.append(_kept(moving, updates[-1], *starts_from[-1]))
                updates.append(_update(objective, groups, rngs, *starts_from[-1], s, inspect, noisy))
            first = _first_stop(objective, starts_from, updates, status, tol) if len(updates) > 1 else 0
            if first is None:  # the common case: nobody stops in this block
                starts_from.append(_kept(moving, updates[-1], *starts_from[-1]))
            block = [Snapshot(u.step, *after, status.copy(), inside=u.inside)
                     for u, after in zip(updates[:first], starts_from[1:])]
            if first is not None:
                # Judge this update as a step-by-step loop does, and go on from it.
                u = updates[first]
                params, loss, grad = starts_from[first]
                stops = judge_stops(objective, u.step, params, u.proposed, u.loss, u.grad, status, tol=tol,
                                    old_loss=loss)
                if moving is None and not stops:
                    params, loss, grad = u.proposed, u.loss, u.grad
                else:
                    # Runs that stopped earlier, and runs that diverge now, keep their last finite values.
                    take = (status != DIVERGED) & (moving if moving is not None else True)
                    params, loss, grad = _kept(take, u, params, loss, grad)
                    running = int((status == RUNNING).sum())
                    moving = status == RUNNING
                for group, state in zip(groups, u.states):
                    group.state = state
                for rng, state in zip(rngs, u.noise or ()):
                    rng.bit_generator.state = state
                block.append(Snapshot(u.step, params, loss, grad, status.copy(), stops, running == 0, u.inside))
            else:
                params, loss, grad = starts_from[-1]
        step = block[-1].step
        yield block
        if not running:
            return


@dataclass
class _Update:
    """One update computed for every row, before anything judged whether it stops a run."""

    step: int
    proposed: Array
    loss: Array
    grad: Array
    states: list  # each group's optimizer state after this update
    noise: list | None  # each group's noise generator state after it (None: no group draws noise)
    inside: list | None


def _update(objective, groups: list[Group], rngs, params: Array, loss: Array, grad: Array, step: int,
            inspect: bool, noisy: bool) -> _Update:
    """Update number ``step`` of every row from ``params`` (where the exact gradient is ``grad``)."""
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
    return _Update(step, proposed, objective.value(proposed), objective.gradient(proposed),
                   [group.state for group in groups], [rng.bit_generator.state for rng in rngs] if noisy else None,
                   inside)


def _kept(take: Array | None, u: _Update, params: Array, loss: Array, grad: Array) -> tuple[Array, Array, Array]:
    """(params, loss, grad) after update ``u``: its values for the rows in ``take`` (None: all), the old
    ones elsewhere."""
    if take is None:
        return u.proposed, u.loss, u.grad
    return (np.where(take[:, None], u.proposed, params), np.where(take, u.loss, loss),
            np.where(take[:, None], u.grad, grad))


def _first_stop(objective, starts_from: list, updates: list[_Update], status: Array, tol: float) -> int | None:
    """The index of the first of ``updates`` where ``judge_stops`` would stop a run (None: none does).

    ``starts_from[i]`` is where update i started. One vectorised check over the rows of every update: the
    test ``judge_stops`` applies to one step.
    """
    diverging, _, still = stopping(
        objective, np.concatenate([params for params, _, _ in starts_from]),
        np.concatenate([u.proposed for u in updates]),
        np.concatenate([u.loss for u in updates]), np.concatenate([u.grad for u in updates]),
        np.tile(status == RUNNING, len(updates)), tol)
    hits = np.flatnonzero(diverging | still)
    return int(hits[0]) // len(status) if len(hits) else None


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
