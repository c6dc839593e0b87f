"""Learning-rate schedules: the closed forms against torch's schedulers, and a scheduled trajectory."""

from __future__ import annotations

import math

import pytest
import torch
from torch.optim import lr_scheduler as torch_schedules

from errorscape.optimizers import OPTIMIZERS
from errorscape.optimizers.schedules import SCHEDULE_NAMES, SCHEDULE_PARAMS, SCHEDULE_USES, describe_schedules, make_schedule

from .reference import resolved, torch_optimizer
from .twins import TWINS, assert_trajectories_close, ours, theirs

STEPS = 500
LR = 0.05
# torch's schedulers are chainable: each step multiplies the previous lr (StepLR, ExponentialLR) or
# rescales it by a ratio of cosines (CosineAnnealingLR, LinearLR). After n steps that is n roundings
# against our one, so the two agree to ~n ulps: 500 steps x 2.2e-16 ≈ 1e-13, well inside 1e-12 ...
CHAINED_RTOL = 1e-12
# ... except near the bottom of the cosine, where 1 + cos(x) ≈ 0 loses digits to cancellation in both
# forms (relative error ~ ulp / (1 + cos x)); the absolute error stays ~ ulp(lr).
CHAINED_ATOL = 1e-15

CASES = {
    "constant": ({}, lambda opt: torch_schedules.ConstantLR(opt, factor=1.0, total_iters=0)),
    "step": ({"step_size": 30, "gamma": 0.5}, lambda opt: torch_schedules.StepLR(opt, step_size=30, gamma=0.5)),
    "step-default-gamma": ({"step_size": 100}, lambda opt: torch_schedules.StepLR(opt, step_size=100)),
    "exponential": ({"gamma": 0.99}, lambda opt: torch_schedules.ExponentialLR(opt, gamma=0.99)),
    "cosine": ({"t_max": 200, "eta_min": 1e-3},
               lambda opt: torch_schedules.CosineAnnealingLR(opt, T_max=200, eta_min=1e-3)),
}


def _torch_lrs(make_scheduler, warmup: int, steps: int) -> list[float]:
    """The lr torch's optimizer uses at each of ``steps`` updates (read before each ``step``)."""
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=LR)
    main = make_scheduler(opt)
    if warmup:
        warm = torch_schedules.LinearLR(opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1)
        main = torch_schedules.SequentialLR(opt, [warm, main], milestones=[warmup])
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        main.step()
    return lrs


def _kwargs(name: str, extra: dict) -> dict:
    return {"schedule": name.removesuffix("-default-gamma"), **extra}


@pytest.mark.parametrize("warmup", [0, 1, 20])
@pytest.mark.parametrize("name", list(CASES))
def test_schedule_matches_torch(name, warmup):
    extra, make_scheduler = CASES[name]
    ours_ = make_schedule(LR, warmup=warmup, **_kwargs(name, extra))
    theirs_ = _torch_lrs(make_scheduler, warmup, STEPS)
    for step, expected in enumerate(theirs_, start=1):
        assert ours_(step) == pytest.approx(expected, rel=CHAINED_RTOL, abs=CHAINED_ATOL), step


def test_formulas():
    warm = make_schedule(1.0, "constant", warmup=4)
    assert [warm(k) for k in range(1, 7)] == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    step = make_schedule(1.0, "step", step_size=2, gamma=0.5)
    assert [step(k) for k in range(1, 6)] == [1.0, 1.0, 0.5, 0.5, 0.25]
    exp = make_schedule(2.0, "exponential")  # default gamma 0.99 (torch's ExponentialLR has none)
    assert exp(1) == 2.0 and exp(3) == 2.0 * 0.99**2
    assert make_schedule(1.0, "step")(101) == 0.1  # StepLR's defaults: gamma 0.1, our step_size 100
    cos = make_schedule(1.0, "cosine", t_max=10, eta_min=0.1)
    assert cos(1) == 1.0 and cos(11) == pytest.approx(0.1) and cos(6) == pytest.approx(0.55)
    shifted = make_schedule(1.0, "cosine", warmup=5, t_max=10)
    assert shifted(5) == 1.0 and shifted(6) == 1.0 and shifted(16) == pytest.approx(0.0, abs=1e-16)
    assert math.isclose(make_schedule(1.0, "cosine", t_max=10)(21), 1.0)  # it rises again past t_max, like torch


def test_bad_arguments():
    for bad in ({"schedule": "cyclic"}, {"schedule": "cosine"}, {"schedule": "cosine", "t_max": 0},
                {"warmup": -1}, {"step_size": 0}):
        with pytest.raises(ValueError):
            make_schedule(0.1, **bad)


def test_param_specs():
    names = [p.name for p in SCHEDULE_PARAMS]
    assert names == ["warmup", "step_size", "gamma", "t_max", "eta_min"]
    assert set(SCHEDULE_USES) == set(SCHEDULE_NAMES)
    assert {n for uses in SCHEDULE_USES.values() for n in uses} == set(names)
    assert [s["id"] for s in describe_schedules()] == list(SCHEDULE_NAMES)
    specs = {p.name: p for p in SCHEDULE_PARAMS}
    assert specs["warmup"].type == specs["step_size"].type == specs["t_max"].type == "int"
    import inspect

    signature = inspect.signature(make_schedule).parameters
    for p in SCHEDULE_PARAMS:
        assert signature[p.name].default == p.default, p.name


@pytest.mark.parametrize("name", ["step", "exponential", "cosine"])
def test_scheduled_adam_follows_torch(name):
    """Adam driven by a schedule (with warm-up) follows torch's Adam driven by the same scheduler."""
    extra, make_scheduler = CASES[name]
    twin = TWINS["rosenbrock"]
    hyper = resolved("adam", {"lr": LR})
    engine = ours(OPTIMIZERS["adam"].factory(**{**hyper, "lr": make_schedule(LR, warmup=10, **_kwargs(name, extra))}),
                  twin, STEPS)

    def scheduler(opt):
        warm = torch_schedules.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=9)
        return torch_schedules.SequentialLR(opt, [warm, make_scheduler(opt)], milestones=[10])

    reference = theirs(torch_optimizer("adam", hyper), twin, STEPS, scheduler=scheduler)
    # The lrs differ by ~n ulps (chained vs closed form), which Adam turns into steps differing by as
    # much; the trajectory stays within 1e-10 of torch's (measured ≈ 1e-13).
    assert_trajectories_close(engine, reference, 1e-10, 1e-12)
