"""Per-run hyperparameters: a batch whose rows have different settings takes, row by row, bit for bit the
steps each setting takes alone (the contract a hyperparameter map relies on)."""

from __future__ import annotations

import numpy as np
import pytest

from errorscape.optimizers import OPTIMIZERS
from errorscape.optimizers.schedules import make_schedule

from .twins import TWINS

STEPS = 60
SWEEPABLE = [oid for oid, spec in OPTIMIZERS.items() if spec.sweeps]


def _values(param) -> list[float]:
    """Values across the range, straddling ½ (lerp's two formulas) and including 0 (momentum, decay off)."""
    lo, hi = param.min, param.max
    if param.log:
        return [lo * 1e3 if lo * 1e3 < hi else lo, 1e-3 if lo < 1e-3 < hi else hi, min(hi, 0.05)]
    return [lo, 0.3 * hi, 0.7 * hi]


def _alone(optimizer_id: str, hyper: dict, starts: np.ndarray, twin) -> np.ndarray:
    opt = OPTIMIZERS[optimizer_id].factory(**hyper)
    params, state = starts, opt.init(starts)
    for step in range(1, STEPS + 1):
        params, state = opt.update(twin.grad(params), state, params, step)
    return params


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("optimizer_id", SWEEPABLE)
def test_a_batch_of_settings_equals_each_setting_alone_bit_for_bit(optimizer_id):
    spec = OPTIMIZERS[optimizer_id]
    twin = TWINS["rosenbrock"]
    start = twin.starts[:1]
    base = {**spec.defaults(), "lr": 1e-3}
    rows = [dict(base)]
    for p in spec.params:
        if p.type == "float":
            rows += [{**base, p.name: v} for v in _values(p)]
    batch = {name: np.array([[r[name]] for r in rows]) if isinstance(base[name], float) else base[name]
             for name in base}
    together = _alone(optimizer_id, batch, np.repeat(start, len(rows), axis=0), twin)
    for i, row in enumerate(rows):
        alone = _alone(optimizer_id, row, start, twin)
        assert np.array_equal(together[i], alone[0], equal_nan=True), (i, row)  # a diverging row included
    assert np.isfinite(together).all(1).sum() >= len(rows) - 2


def test_a_per_run_learning_rate_under_a_schedule():
    lr = np.array([[1e-3], [3e-3]])
    sched = make_schedule(lr, "cosine", warmup=5, t_max=40)
    together = _alone("adam", {"lr": sched}, np.repeat(TWINS["himmelblau"].starts[:1], 2, axis=0), TWINS["himmelblau"])
    for i in range(2):
        alone = _alone("adam", {"lr": make_schedule(float(lr[i, 0]), "cosine", warmup=5, t_max=40)},
                       TWINS["himmelblau"].starts[:1], TWINS["himmelblau"])
        assert np.array_equal(together[i], alone[0])
