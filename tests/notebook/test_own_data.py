"""Your own data in a notebook: data= takes CSV text, a CSV file's path or arrays (X, y), checks them as
POST /api/datasets checks an upload (the same messages), writes nothing, and runs exactly what the API
runs on the uploaded file, frame for frame."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import errorscape
from errorscape import notebook as nb
from errorscape.data.csvdata import MAX_ROWS
from tests.data.test_csv import HOSTILE

from .test_equality import assert_same

MOONS_LIKE = "x1,x2,label\n" + "".join(f"{np.cos(k):.6f},{np.sin(3 * k):.6f},{k % 2}\n" for k in range(60))
LINE = "".join(f"{k / 10},{1.5 * k / 10 - 0.25 + 0.1 * np.sin(k)}\n" for k in range(-20, 20))


def upload(client, text: str) -> str:
    r = client.post("/api/datasets", content=text.encode(), headers={"content-type": "text/csv"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def arrays(text: str) -> tuple[np.ndarray, np.ndarray]:
    rows = np.array([[float(v) for v in line.split(",")] for line in text.splitlines() if line[0] != "x"])
    return rows[:, :-1], rows[:, -1]


@pytest.mark.parametrize("form", ["text", "bytes", "path", "str path", "arrays", "1-d x"])
def test_every_form_runs_what_the_api_runs_on_the_upload(client, tmp_path, form):
    text = LINE if form == "1-d x" else MOONS_LIKE
    file = tmp_path / "mine.csv"
    file.write_text(text)
    x, y = arrays(text)
    data = {"text": text, "bytes": text.encode(), "path": file, "str path": str(file), "arrays": (x, y),
            "1-d x": (x[:, 0], y)}[form]
    query = {"model": "network" if form == "arrays" else None, "optimizer": "adam", "lr": 0.05, "steps": 25,
             "batch_size": 16, "seed": 3, "l2": 0.01}
    query = {k: v for k, v in query.items() if v is not None}
    api = client.get("/api/runs", params={"surface": "data", "dataset": upload(client, text), **query, "format": "json"})
    assert api.status_code == 200, api.text
    settings = dict(query)
    result = nb.run("data", settings.pop("optimizer"), data=data, **settings)
    assert_same(api.json(), result)


def test_race_surface_and_grid_take_data_too(client):
    key = upload(client, MOONS_LIKE)
    body = {"surface": "data", "dataset": key, "model": "logistic", "loss": "mse", "steps": 15,
            "runs": [{"optimizer": "sgd", "params": {"lr": 0.5}}, {"optimizer": "rmsprop", "params": {"lr": 0.05}}]}
    api = client.post("/api/runs?format=json", json=body)
    assert api.status_code == 200, api.text
    args = {k: v for k, v in body.items() if k not in ("surface", "dataset", "runs")}
    assert_same(api.json(), errorscape.race("data", body["runs"], data=MOONS_LIKE, **args))
    described = errorscape.surface("data", data=MOONS_LIKE, model="logistic")
    assert described == client.get("/api/surfaces/data", params={"dataset": key, "model": "logistic"}).json()
    assert described["extra"]["dataset"]["id"] == key and "columns" not in described["extra"]["dataset"]
    grid = errorscape.grid("data", n=5, data=MOONS_LIKE)
    assert grid["z"].tolist() == client.get("/api/surfaces/data/grid", params={"dataset": key, "n": 5}).json()["z"]


def test_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    errorscape.run("data", "adam", data=LINE, steps=5)
    assert sorted(os.listdir(tmp_path)) == before


@pytest.mark.parametrize("raw, status, words", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_files_get_the_uploads_messages(client, raw, status, words):
    with pytest.raises(errorscape.ParamError) as caught:
        errorscape.run("data", "sgd", data=raw)
    assert caught.value.param == "data" and all(w in caught.value.message for w in words), caught.value.message
    if status == 422:  # over 1 MB the server refuses the body before parsing it, with its own words
        api = client.post("/api/datasets", content=raw, headers={"content-type": "text/csv"}).json()
        assert caught.value.message == api["errors"][0]["message"]


def test_hostile_arrays_get_the_same_messages_as_the_same_csv():
    x, y = arrays(MOONS_LIKE)
    cases = [
        ((np.where(np.arange(60)[:, None] == 4, np.nan, x), y), "line 6, column 1: 'nan' is not a finite number"),
        ((x, np.where(np.arange(60) == 2, 2.0, y)), "line 4, column 3: the label must be 0 or 1 (got '2.0')"),
        ((x * 1e7, y), "line 2, column 1: '10000000.0' is out of range"),
        ((np.zeros((MAX_ROWS + 3, 2)), np.zeros(MAX_ROWS + 3)), f"line {MAX_ROWS + 2}: too many rows"),
        ((x[:1], y[:1]), "line 1: 1 data row; at least 2 are needed"),
        ((np.zeros((5, 3)), np.zeros(5)), "too many columns (4)"),
        ((x, y[:-1]), "X must be (n,), (n, 1) or (n, 2) and y (n,), the same n; got X (60, 2), y (59,)"),
        ((np.zeros((2, 2, 2)), np.zeros(2)), "got X (2, 2, 2)"),
        (([["a", "b"], ["c", "d"]], [0, 1]), "X and y must hold numbers only"),
        (([[None, 1], [2, 3]], [0, 1]), "line 2, column 1: 'nan' is not a finite number"),  # None is NaN to numpy
        ((np.array([[1, 2], [np.inf, 3]]), [0, 1]), "line 3, column 1: 'inf' is not a finite number"),
    ]
    for data, words in cases:
        with pytest.raises(errorscape.ParamError) as caught:
            errorscape.run("data", "sgd", data=data)
        assert caught.value.param == "data" and words in caught.value.message, (words, caught.value.message)


@pytest.mark.parametrize("call, words", [
    (lambda: errorscape.run("data", "sgd", data=LINE, dataset="moons"), "not both"),
    (lambda: errorscape.run("himmelblau", "sgd", data=LINE), 'surface="data" only'),
    (lambda: errorscape.run("data", "sgd", data="no-such-file.csv"), "cannot read the file 'no-such-file.csv'"),
    (lambda: errorscape.run("data", "sgd", data=Path(".")), "cannot read the file"),
    (lambda: errorscape.run("data", "sgd", data=42), "got int"),
    (lambda: errorscape.run("data", "sgd", data=LINE, data_size=100), "applies to built-in datasets only"),
    (lambda: errorscape.surface("data", data={"x": [1]}), "got dict"),
])
def test_wrong_calls_say_what_to_give(call, words):
    with pytest.raises(errorscape.ParamError) as caught:
        call()
    assert words in caught.value.message, caught.value.message


def test_a_file_over_a_megabyte_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x,y\n" + b"1,2\n" * 300_000)
    with pytest.raises(errorscape.ParamError) as caught:
        errorscape.run("data", "sgd", data=big)
    assert caught.value.status == 413 and "the file is 1,200,004 bytes; at most 1,048,576 (1 MB)" in caught.value.message
