"""The request fields that select a ``data`` surface: dataset, model, loss, L2, and minibatches.

They are part of every run request (``RunSettings`` inherits them), of the grid and classify queries, and
of the datasets API, so ``surface=data&dataset=moons&model=logistic`` means the same surface everywhere.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from errorscape.data.surface import MAX_SIZE, MIN_SIZE


class DataSelection(BaseModel):
    """Which dataset, model and loss make the surface when ``surface=data`` (ignored otherwise)."""

    model_config = ConfigDict(extra="forbid")

    dataset: Optional[str] = Field(None, max_length=40, pattern=r"^[A-Za-z0-9_-]+$",
                                   description="surface=data: a built-in dataset id (GET /api/datasets) or an "
                                   "upload's id (u-…, from POST /api/datasets); default moons")
    model: Optional[str] = Field(None, max_length=40, description="surface=data: linear, tanh (regression), "
                                 "logistic (classification) or network (both); default: linear for regression data, logistic for classification")
    loss: Optional[Literal["mse", "cross-entropy"]] = Field(
        None, description="surface=data: mse, or cross-entropy (classification); default: cross-entropy for "
        "classification, mse for regression")
    l2: float = Field(0.0, ge=0, le=10, description="surface=data: L2 penalty ½·l2·(w₁² + w₂²) (torch's weight_decay)")
    data_seed: int = Field(0, ge=0, le=2**32 - 1, description="surface=data: seed of a built-in dataset")
    data_size: Optional[int] = Field(None, ge=MIN_SIZE, le=MAX_SIZE,
                                     description="surface=data: rows of a built-in dataset (default 200)")
    batch_size: Optional[int] = Field(None, ge=1, le=MAX_SIZE, description="surface=data: minibatch SGD: each "
                                      "update uses the gradient of this many rows, drawn with the run's seed; "
                                      "frames report the full-data loss (default: full batch)")
    weights: Optional[str] = Field(None, max_length=20, pattern=r"^[a-z0-9-]+$",
                                   description="surface=data, model=network: which two weights are free (GET "
                                   "/api/datasets lists the choices); default in-out")


#: the selection's field names, for routes that pass them on
DATA_FIELDS = tuple(DataSelection.model_fields)


class FitQuery(DataSelection):
    """GET /api/datasets/fit: the selection plus the weight pairs whose fit to draw."""

    w: str = Field(..., max_length=2000, description="weight pairs 'w1,w2;w1,w2;…' (1 to 24)")
    n: int = Field(50, ge=2, le=100, description="grid points per axis of the data space")


class PointsQuery(BaseModel):
    """GET /api/datasets/{id}: which draw of a built-in dataset."""

    model_config = ConfigDict(extra="forbid")

    data_seed: int = DataSelection.model_fields["data_seed"]
    data_size: Optional[int] = DataSelection.model_fields["data_size"]


class MinibatchQuery(DataSelection):
    """GET /api/datasets/minibatch: update ``step``'s minibatch surface beside the full-data one."""

    batch_size: int = Field(16, ge=1, le=MAX_SIZE, description="rows per minibatch")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="the run's seed (it draws the minibatches)")
    step: int = Field(1, ge=1, le=100_000, description="update number whose minibatch to show")
    n: int = Field(60, ge=2, le=200, description="grid points per axis")
    x: Optional[float] = Field(None, ge=-1e6, le=1e6, description="weights where to compare the gradients")
    y: Optional[float] = Field(None, ge=-1e6, le=1e6, description="weights where to compare the gradients")
