"""The registry: ids, torch's defaults, consistent factories, ranges the API can enforce."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
import torch

from errorscape.optimizers import OPTIMIZERS
from errorscape.optimizers.base import Param

from .reference import TORCH, torch_kwargs

IDS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "amsgrad", "adamax",
       "nadam", "radam", "lion", "newton", "saddle-free-newton", "perturbed-gd"]
# momentum/nesterov exist to show momentum, so their μ defaults to 0.9 (torch's SGD default is 0: that is `sgd`).
OUR_DEFAULTS = {("momentum", "momentum"): 0.9, ("nesterov", "momentum"): 0.9}


def test_ids_in_picker_order():
    assert list(OPTIMIZERS) == IDS


@pytest.mark.parametrize("optimizer_id", list(TORCH))
def test_defaults_are_torchs(optimizer_id):
    spec = OPTIMIZERS[optimizer_id]
    cls = getattr(torch.optim, TORCH[optimizer_id][0])
    torch_defaults = {k: p.default for k, p in inspect.signature(cls).parameters.items()}
    fixed = TORCH[optimizer_id][1]
    for name, value in spec.defaults().items():
        expected = OUR_DEFAULTS.get((optimizer_id, name))
        if expected is None:
            torch_name, index = ("betas", int(name[-1]) - 1) if name in ("beta1", "beta2") else (name, None)
            expected = fixed.get(torch_name, torch_defaults[torch_name])
            expected = expected[index] if index is not None else expected
        assert value == expected, f"{optimizer_id}.{name}: {value} != torch's {expected}"
    assert set(torch_kwargs(optimizer_id, spec.defaults())) <= set(torch_defaults)


@pytest.mark.parametrize("optimizer_id", IDS)
def test_factory_defaults_match_the_spec(optimizer_id):
    """Calling the factory with no hyperparameters gives the spec's defaults (one source of truth)."""
    spec = OPTIMIZERS[optimizer_id]
    signature = inspect.signature(spec.factory)
    for p in spec.params:
        assert signature.parameters[p.name].default == p.default, (optimizer_id, p.name)


@pytest.mark.parametrize("optimizer_id", IDS)
def test_params_are_well_formed(optimizer_id):
    spec = OPTIMIZERS[optimizer_id]
    assert spec.params[0].name == "lr" and spec.params[0].log and spec.params[0].max == 10.0 > spec.params[0].min > 0
    for p in spec.params:
        assert isinstance(p, Param) and p.description
        if p.type == "bool":
            assert isinstance(p.default, bool) and p.min is None and p.max is None
        else:
            assert p.min <= p.default <= p.max, p
            assert not p.log or p.min > 0, p
        if p.name.startswith("beta") or p.name in ("momentum", "alpha"):
            assert 0 <= p.min and p.max < 1, p  # [0, 1)
    described = spec.describe()
    assert described["id"] == optimizer_id and [d["name"] for d in described["params"]] == [p.name for p in spec.params]


def test_flags_and_documentation():
    for spec in OPTIMIZERS.values():
        factory = getattr(spec.factory, "func", spec.factory)
        doc = inspect.getdoc(factory)
        assert doc and "θ ←" in doc, f"{spec.id}: the docstring states the update rule"
        assert spec.needs_hessian == (spec.id in ("newton", "saddle-free-newton"))
        assert (spec.torch is not None) == (spec.id in TORCH)
        extras = set(inspect.signature(spec.factory).parameters) - {p.name for p in spec.params}
        assert ("seed" in extras) == (spec.id == "perturbed-gd"), spec.id
        assert ("hessian" in extras) == spec.needs_hessian


def test_the_extra_flags_are_booleans():
    bools = {(s.id, p.name) for s in OPTIMIZERS.values() for p in s.params if p.type == "bool"}
    assert bools == {("rmsprop", "centered"), ("nadam", "decoupled_weight_decay"), ("radam", "decoupled_weight_decay")}


def test_sgd_family_shares_one_rule():
    """`sgd` is `momentum` at μ = 0, and `nesterov` at μ = 0 is `sgd` too."""
    rng = np.random.default_rng(0)
    P, G = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    plain = OPTIMIZERS["sgd"].factory(lr=0.1)
    for other_id in ("momentum", "nesterov"):
        other = OPTIMIZERS[other_id].factory(lr=0.1, momentum=0.0)
        assert np.array_equal(plain.update(G, plain.init(P), P, 1)[0], other.update(G, other.init(P), P, 1)[0])
