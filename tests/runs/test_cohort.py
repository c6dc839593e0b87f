"""Cohorts: every member's stream is, byte for byte, the stream of its plan run alone.

This is the proof ``errorscape.runs.cohort.joinable`` relies on: for every built-in formula surface and a
few typed formulas, every optimizer without a seed of its own, at its defaults, at a learning rate that
diverges and with a tolerance that converges, a row computed among a dozen equals the same run alone.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pytest

from errorscape.errors import ParamError
from errorscape.limits import DEFAULT_LIMITS
from errorscape.optimizers import OPTIMIZERS
from errorscape.runs.cohort import ROUNDS_APART, SEEDED, TRIM_EVERY, Cohort, joinable
from errorscape.runs.frames import run_events, to_json
from errorscape.runs.plan import TUNING_DEFAULTS, Entry, build_plan
from errorscape.surfaces import SURFACES

STEPS = 30
FORMULAS = ["x^2 + 3*sin(y)", "abs(x) + y^2/4 - exp(-x^2)", "log(1 + x^2 + y^2) + 0.1*x*y", "sqrt(x^2 + 1) * cos(y)"]


def request(**kw):
    base = dict(surface="himmelblau", expr=None, xmin=None, xmax=None, ymin=None, ymax=None, x0=None, y0=None,
                steps=STEPS, seed=0, fps=0, every=1, restarts=0, tol=1e-6, state=False, **TUNING_DEFAULTS)
    return SimpleNamespace(**{**base, **kw})


def plans(starts, optimizer="adam", hyper=None, **kw):
    """One single-run plan per start, all of one family (the request without x0, y0)."""
    made = []
    for x0, y0 in starts:
        req = request(x0=x0, y0=y0, **kw)
        family = repr(sorted({**vars(req), "x0": None, "y0": None, "optimizer": optimizer, **(hyper or {})}.items()))
        made.append(build_plan(req, [Entry(optimizer, dict(hyper or {}))], DEFAULT_LIMITS, family=family))
    return made


def wire(events) -> list[tuple]:
    return [(e.kind, e.step, to_json(e.data)) for e in events]


def round_robin(members) -> list[list]:
    """Read the members one event each in turn, as streams paced alike do."""
    out = [[] for _ in members]
    live = dict(enumerate(members))
    while live:
        for i, member in list(live.items()):
            event = next(member, None)
            if event is None:
                del live[i]
            else:
                out[i].append(event)
    return out


def starts_for(surface, n=10, seed=0):
    """The surface's default start and random ones across (and a little beyond) its map."""
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = surface.domain.x, surface.domain.y
    pad = 0.05
    xs = rng.uniform(x0 - pad * (x1 - x0), x1 + pad * (x1 - x0), n - 1)
    ys = rng.uniform(y0 - pad * (y1 - y0), y1 + pad * (y1 - y0), n - 1)
    default = surface.start or ((x0 + x1) / 2, (y0 + y1) / 2)
    return [tuple(default), *zip(xs.tolist(), ys.tolist())]


def usable(made_starts, **kw):
    """The starts build_plan accepts (the loss and gradient defined there)."""
    ok = []
    for start in made_starts:
        try:
            plans([start], **kw)
        except ParamError:  # a start where the formula is undefined: build_plan refuses it alone too
            continue
        ok.append(start)
    return ok


def assert_cohort_equals_alone(members_plans):
    cohort = Cohort()
    members = [cohort.join(p) for p in members_plans]
    together = round_robin(members)
    for plan, events in zip(members_plans, together):
        assert wire(events) == wire(run_events(plan))


DETERMINISTIC = [name for name in OPTIMIZERS if name not in SEEDED]


def high_lr(name):
    lr = next(p for p in OPTIMIZERS[name].params if p.name == "lr")
    return {"lr": min(lr.max, lr.default * 50)}


CASES = [("defaults", {}, {}), ("diverging", None, {}), ("converging", {}, {"tol": 1e-2})]


@pytest.mark.parametrize("surface_id", [s for s in SURFACES if s not in ROUNDS_APART])
def test_every_built_in_surface_row_equals_the_run_alone(surface_id):
    surface = SURFACES[surface_id]
    req = {"surface": surface_id}
    starts = usable(starts_for(surface), **req)
    for name, (case, hyper, extra) in itertools.product(DETERMINISTIC, CASES):
        members = plans(starts, name, high_lr(name) if hyper is None else hyper, **req, **extra)
        assert all(joinable(p) for p in members)
        assert_cohort_equals_alone(members)


@pytest.mark.parametrize("expr", FORMULAS)
def test_typed_formula_rows_equal_the_runs_alone(expr):
    probe = plans([(0.5, 0.5)], surface="custom", expr=expr)[0].surface
    req = {"surface": "custom", "expr": expr}
    starts = usable(starts_for(probe), **req)
    for name, (case, hyper, extra) in itertools.product(DETERMINISTIC, CASES):
        members = plans(starts, name, high_lr(name) if hyper is None else hyper, **req, **extra)
        assert all(joinable(p) for p in members)
        assert_cohort_equals_alone(members)


def test_members_that_stop_at_different_steps_diverge_or_leave_the_map():
    # On the saddle some starts slide off the map (edge events), a high rate diverges, the bowl converges.
    for surface, hyper, tol in [("saddle", {"lr": 0.1}, 1e-6), ("bowl", {"lr": 0.3}, 1e-4), ("rosenbrock", {"lr": 0.01}, 1e-6)]:
        starts = starts_for(SURFACES[surface], n=10, seed=3)
        members = plans(starts, "sgd", hyper, surface=surface, tol=tol, steps=200)
        alone = [list(run_events(p)) for p in members]
        ends = {events[-1].data["steps"] for events in alone}
        assert_cohort_equals_alone(members)
        if surface != "rosenbrock":
            assert len(ends) > 1  # the members really stopped at different steps
    saddle = plans(starts_for(SURFACES["saddle"], n=10, seed=3), "sgd", {"lr": 0.1}, surface="saddle", steps=200)
    assert any("events" in e.data for p in saddle for e in run_events(p) if e.kind == "frame")


def test_thinned_frames_carry_the_same_events():
    members = plans(starts_for(SURFACES["saddle"], n=9, seed=5), "momentum", {"lr": 0.05}, surface="saddle",
                    steps=150, every=7)
    assert_cohort_equals_alone(members)


def test_a_few_members_use_the_lookahead_blocks_and_still_match():
    members = plans(starts_for(SURFACES["bowl"], n=3, seed=1), "sgd", {"lr": 0.2}, surface="bowl", tol=1e-4, steps=300)
    assert_cohort_equals_alone(members)


def test_members_read_one_after_another():
    members_plans = plans(starts_for(SURFACES["himmelblau"], n=6), "adam", {"lr": 0.05}, tol=0, steps=300)
    cohort = Cohort()
    members = [cohort.join(p) for p in members_plans]
    for plan, member in zip(members_plans, members):
        assert wire(member) == wire(run_events(plan))


def test_a_member_that_leaves_holds_no_steps_back():
    members_plans = plans(starts_for(SURFACES["himmelblau"], n=6), "adam", {"lr": 0.05}, tol=0, steps=300)
    cohort = Cohort()
    members = [cohort.join(p) for p in members_plans]
    quitter, never = members.pop(0), members.pop(0)
    for _ in range(5):
        next(quitter)
    quitter.close()  # a viewer gone: no step is kept for it
    never.close()  # nor for one gone before its first event
    kept = []
    live = list(zip(members_plans[2:], members, [[] for _ in members]))
    for _ in range(400):
        for _, member, got in live:
            got.extend(itertools.islice(member, 1))
        kept.append(len(cohort._kept))
    for plan, _, got in live:
        assert wire(got) == wire(run_events(plan))
    assert max(kept) <= TRIM_EVERY + 1


def test_a_started_cohort_takes_no_one_and_families_must_match():
    a, b = plans([(0.0, 0.0), (1.0, 1.0)])
    other = plans([(0.0, 0.0)], "sgd")[0]
    cohort = Cohort()
    first = cohort.join(a)
    with pytest.raises(ValueError):
        cohort.join(other)
    list(first)
    with pytest.raises(RuntimeError):
        cohort.join(b)


def one_point_apart(surface, n=3000) -> int:
    """At how many of n random points on the map a lone point's value or gradient differs from the same point's
    among many: a lone run takes the one-point path (numpy scalars), a cohort the array path."""
    rng = np.random.default_rng(1)
    points = np.column_stack([rng.uniform(*surface.domain.x, n), rng.uniform(*surface.domain.y, n)])
    with np.errstate(all="ignore"):
        value, grad = surface.value(points), surface.gradient(points)
        return sum(not (np.array_equal(surface.value(p), value[i:i + 1], equal_nan=True)
                        and np.array_equal(surface.gradient(p), grad[i:i + 1], equal_nan=True))
                   for i, p in enumerate(points[:, None, :]))


@pytest.mark.parametrize("surface_id", list(SURFACES))
def test_a_lone_point_equals_the_same_point_among_many(surface_id):
    # Denser than the runs above (Beale differs at ~0.1 % of points): only the surfaces that pass may join.
    apart = one_point_apart(SURFACES[surface_id])
    assert (apart > 0) == (surface_id in ROUNDS_APART)


@pytest.mark.parametrize("expr", FORMULAS)
def test_a_typed_formula_lone_point_equals_the_same_point_among_many(expr):
    assert one_point_apart(plans([(0.5, 0.5)], surface="custom", expr=expr)[0].surface) == 0


def test_beale_one_point_rounds_apart_from_many_so_it_runs_alone():
    point = np.array([[-1.8730498141692822, 1.2804044373343055]])
    beale = SURFACES["beale"]
    assert beale.value(point)[0] != beale.value(np.repeat(point, 2, 0))[0]
    assert not joinable(plans([(1.0, 1.5)], surface="beale")[0])


def test_what_may_not_join():
    (plain,) = plans([(0.0, 0.0)])
    assert joinable(plain)
    assert not joinable(plans([(0.0, 0.0)], noise=0.5)[0])
    assert not joinable(plans([(0.0, 0.0)], state=True)[0])
    assert not joinable(plans([(0.0, 0.0)], "perturbed-gd")[0])
    assert not joinable(build_plan(request(x0=0.0, y0=0.0), [Entry("adam", {})], DEFAULT_LIMITS))  # no family
    assert not joinable(build_plan(request(restarts=3), [Entry("adam", {})], DEFAULT_LIMITS, family="f"))
    data = build_plan(request(surface="data"), [Entry("adam", {})], DEFAULT_LIMITS, family="f")
    assert not joinable(data)
