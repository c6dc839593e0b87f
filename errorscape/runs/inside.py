"""Inside the optimizer: its state and the parts of its next step, per run, for frames with ``state=true``.

Frame k describes the optimizer standing at θₖ: ``state`` is its memory after update k (torch's
``optimizer.state`` names: ``momentum_buffer``, ``exp_avg``, ``exp_avg_sq``, ``max_exp_avg_sq``, ``sum``,
``square_avg``, ``grad_avg``, ``acc_delta``, ``exp_inf``, ``mu_product``), and ``next`` is update k + 1,
the step it takes from θₖ:

- ``grad``: the gradient that update used (noise included);
- ``update``: θₖ₊₁ − θₖ as the run actually moved (0 once a run has stopped);
- ``from_momentum``: the part of the update the carried momentum / first moment makes (−γμb for heavy
  ball, −γ/(1−β₁ᵗ)·β₁m/(√v̂+ε) for Adam); ``from_gradient`` = update − from_momentum;
- ``effective_lr``: the per-weight step size, the factor between the update and the direction it follows
  (γ for SGD, γ/(1−β₁ᵗ)/(√v̂+ε) for Adam, γ/(√s+ε) for Adagrad, ...);
- ``bias_correction1``, ``bias_correction2``: 1 − β₁ᵗ and 1 − β₂ᵗ where the optimizer corrects.

Optimizers without a momentum term send no ``from_momentum``; the last frame has no ``next``.
"""

from __future__ import annotations

import math

import numpy as np

from .engine import Snapshot


def _value(array, row: int):
    """One run's value: a list of d floats, or a float for per-run scalars (a column or a plain number)."""
    if array is None:
        return None
    if np.ndim(array) == 0:
        return _num(float(array))
    row_values = np.asarray(array)[row]
    if np.ndim(row_values) == 0 or row_values.shape == (1,):
        return _num(float(row_values.reshape(-1)[0]))
    return [_num(v) for v in row_values.tolist()]


def _num(v: float):
    return v if math.isfinite(v) else None


def _rows(snap: Snapshot, groups) -> list[tuple[int, int]]:
    """(group, row within the group) for every run, in run order."""
    out = []
    for g, group in enumerate(groups):
        n = len(range(*group.rows.indices(len(snap.params))))
        out.extend((g, r) for r in range(n))
    return out


def state_of(snap: Snapshot, groups) -> list[dict]:
    """Per run: the optimizer's state fields after this snapshot's update (fields it does not use are left out)."""
    out = []
    for g, r in _rows(snap, groups):
        state = snap.inside[g][0]
        out.append({name: _value(value, r) for name, value in state._asdict().items() if value is not None}
                   if hasattr(state, "_asdict") else {})
    return out


def next_step(here: Snapshot, after: Snapshot, groups) -> list[dict]:
    """Per run: update ``after.step``, the one taken from ``here``'s point, split into its parts."""
    moved = after.params - here.params
    out = []
    for i, (g, r) in enumerate(_rows(here, groups)):
        traced = after.inside[g][1]
        step = {"grad": _value(traced.get("grad"), r), "update": _value(moved, i)}
        if "from_momentum" in traced:
            momentum = np.asarray(traced["from_momentum"])[r]
            step["from_momentum"] = [_num(v) for v in momentum.tolist()]
            step["from_gradient"] = [_num(v) for v in (moved[i] - momentum).tolist()]
        for name in ("effective_lr", "bias_correction1", "bias_correction2"):
            if name in traced:
                step[name] = _value(traced[name], r)
        out.append(step)
    return out
