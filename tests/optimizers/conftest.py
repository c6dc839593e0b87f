"""torch as the reference: float64 by default, one thread (tiny tensors; the CPU is shared)."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture(autouse=True, scope="package")
def torch_float64_single_thread():
    """float64 default dtype: torch keeps NAdam's μ-product and the step counters in the default dtype."""
    dtype, threads = torch.get_default_dtype(), torch.get_num_threads()
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    yield
    torch.set_default_dtype(dtype)
    torch.set_num_threads(threads)
