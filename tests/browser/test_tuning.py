"""The fair race's settings on the page: K, the lr grid and a second hyperparameter, bounded by what the API
publishes; the tuned table is the API's; the settings (and the map's) travel in the URL hash, so a shared
link and an embed show the same table, race and map."""

from __future__ import annotations

import json

import httpx
import pytest

from .conftest import open_app, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]

RACE = """() => { const e = window.errorscape; const spec = (id) => e.optimizers.find(o => o.id === id);
    const racer = (id, lr) => ({optimizer: id, params: {...Object.fromEntries(spec(id).params.map(p => [p.name, p.default])), lr}});
    e.store.set({surface: 'himmelblau', steps: 60, speed: Infinity,
                 racers: [racer('momentum', 0.01), racer('sgd', 0.01), racer('adam', 0.05)]}); }"""
TABLE = "() => Array.from(document.querySelectorAll('.hypermap-tuned tbody tr')).map(r => Array.from(r.children).map(c => c.textContent))"
Z = "() => document.getElementById('plot-hypermap').data[0].z"


@pytest.fixture(scope="module")
def app(browser, live_server):
    page, log = open_app(browser, live_server, {"width": 1280, "height": 800})
    page.evaluate(RACE)
    page.wait_for_timeout(300)
    page.locator("details.hypermap summary").click()
    yield page, log, live_server
    page.context.close()


def _fill(page, values: dict) -> None:
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(str(value))


def test_the_controls_take_their_bounds_from_the_api(app):
    page, _, base = app
    limits = httpx.get(f"{base}/api/tuning").json()
    attr = lambda name, a: page.locator(f"[name={name}]").get_attribute(a)  # noqa: E731
    assert float(attr("tune-k", "max")) == limits["restarts"][1] and float(attr("tune-k", "min")) == limits["restarts"][0]
    assert float(attr("tune-lr-n", "max")) == limits["axis_n"][1] and float(attr("x-n", "max")) == limits["axis_n"][1]
    optimizers = {o["id"]: o for o in httpx.get(f"{base}/api/optimizers").json()}
    lr = [next(p for p in optimizers[i]["params"] if p["name"] == "lr") for i in ("sgd", "momentum", "adam")]
    assert float(attr("tune-lr-min", "min")) == max(p["min"] for p in lr)
    assert float(attr("tune-lr-max", "max")) == min(p["max"] for p in lr)
    # the defaults are the API's: K and the lr grid
    assert float(page.locator("[name=tune-k]").input_value()) == limits["tune"]["restarts"]
    assert float(page.locator("[name=tune-lr-n]").input_value()) == limits["tune"]["lr"]["n"]
    options = page.locator("[name=hypermap-metric] option").evaluate_all("os => os.map(o => o.value)")
    assert options == [m["id"] for m in limits["metrics"]]
    seconds = page.locator("[name=tune-second] option").evaluate_all("os => os.map(o => o.value)")
    assert "momentum" in seconds and "beta1" in seconds and "lr" not in seconds


@pytest.mark.parametrize("values, words", [
    ({"tune-k": 5000}, ["restarts", "1000"]),
    ({"tune-k": 3, "tune-lr-min": 1e-9}, ["lr.min", "1e-08"]),
    ({"tune-k": 3, "tune-lr-min": 1e-3, "tune-lr-n": 101}, ["lr.n", "100"]),
])
def test_out_of_range_settings_show_the_apis_message(app, values, words):
    page, log, _ = app
    _fill(page, values)
    page.locator("#hypermap-tune").click()
    page.wait_for_function("() => !document.querySelector('.tune-status').textContent.startsWith('Tuning')")
    text = page.locator(".tune-status").inner_text()
    assert all(w in text for w in words), text
    # Chromium logs the refused request itself; nothing else may have gone wrong
    assert all("status of 422" in e for e in log.errors), log.errors
    log.errors.clear()


def test_tune_shows_the_apis_table_races_it_and_a_link_does_the_same(app, browser):
    page, log, base = app
    _fill(page, {"tune-k": 3, "tune-lr-min": 0.001, "tune-lr-max": 0.3, "tune-lr-n": 5})
    page.locator("[name=tune-second]").select_option("momentum")
    _fill(page, {"tune-second-min": 0.5, "tune-second-max": 0.9, "tune-second-n": 3})
    page.locator("[name=tune-second-log]").uncheck()
    before = len(log.stream_bodies)
    page.locator("#hypermap-tune").click()
    page.wait_for_function("() => document.querySelectorAll('.hypermap-tuned tbody tr').length === 3")
    page.wait_for_function("() => window.errorscape.runner.streaming || window.errorscape.player.status().received > 0")
    rows = page.evaluate(TABLE)
    state = page.evaluate("() => window.errorscape.store.get()")
    start = page.evaluate("() => window.errorscape.surfaces.find(s => s.id === 'himmelblau').start")
    second = {"param": "momentum", "min": 0.5, "max": 0.9, "n": 3, "log": False}
    runs = [{"optimizer": r["optimizer"], "params": {k: v for k, v in r["params"].items() if k != "lr"},
             **({"second": second} if r["optimizer"] == "momentum" else {})} for r in state["racers"]]
    api = httpx.post(f"{base}/api/tuning/tune", timeout=60, json={
        "surface": "himmelblau", "steps": 60, "seed": state["seed"], "x0": start[0], "y0": start[1], "restarts": 3,
        "lr": {"param": "lr", "min": 0.001, "max": 0.3, "n": 5, "log": True}, "runs": runs}).json()
    assert [r[0] for r in rows] == [row["race_label"] for row in api["table"]]
    assert "momentum = " in rows[0][1] and "momentum 0.5–0.9 (3)" in rows[0][2] and "momentum" not in rows[1][2]
    # the race runs the tuned settings
    assert len(log.stream_bodies) > before
    sent = json.loads(log.stream_bodies[-1])["runs"]
    assert [r["params"]["lr"] for r in sent] == [row["tuned"]["lr"] for row in api["table"]]
    assert sent[0]["params"]["momentum"] == api["table"][0]["tuned"]["momentum"]
    screenshot(page, "tune17-tune-1280")
    hash_ = page.evaluate("() => location.hash")
    assert "tune=k3__lr_log_0p001_0p3_5__momentum_lin_0p5_0p9_3" in hash_
    for path in ("/", "/embed"):
        other, other_log = open_app(browser, base, {"width": 1280, "height": 800}, path=path + hash_)
        other.wait_for_function("() => document.querySelectorAll('.hypermap-tuned tbody tr').length === 3")
        assert other.evaluate(TABLE) == rows
        assert other.locator("[name=tune-second]").input_value() == "momentum"
        other.wait_for_function("() => window.errorscape.player.status().received > 0")
        assert json.loads(other_log.stream_bodies[-1])["runs"] == sent
        assert not other_log.errors, other_log.errors
        other.context.close()
    assert not log.errors, log.errors


def test_a_long_map_link_reopens_the_same_map(app, browser):
    page, log, base = app
    # full-precision ends make the hash value longer than the 64 characters a key used to allow
    _fill(page, {"x-min": 0.00031622776601683794, "x-max": 0.31622776601683794, "x-n": 9, "y-min": 0, "y-max": 0.95, "y-n": 7})
    page.locator("[name=hypermap-metric]").select_option("steps_to_target")
    page.locator("#hypermap-run").click()
    page.wait_for_function("() => document.getElementById('plot-hypermap')?.data?.[0]?.x?.length === 9")
    z = page.evaluate(Z)
    hash_ = page.evaluate("() => location.hash")
    assert "map=lr_log_0p00031622776601683794_0p31622776601683794_9__momentum_lin_0_0p95_7__steps_to_target" in hash_
    screenshot(page, "tune17-map-1280")
    other, other_log = open_app(browser, base, {"width": 390, "height": 844}, path="/" + hash_)
    other.wait_for_function("() => document.getElementById('plot-hypermap')?.data?.length === 2")
    other.wait_for_function("() => document.querySelectorAll('.hypermap-tuned tbody tr').length === 3")
    assert other.evaluate(Z) == z
    assert other.locator("[name=hypermap-metric]").input_value() == "steps_to_target"
    assert other.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(other, "tune17-map-tune-390")
    assert not other_log.errors, other_log.errors
    other.context.close()


def test_the_tuning_hash_round_trips_and_drops_what_is_malformed(app):
    page, _, _ = app
    got = page.evaluate("""async () => {
      const m = await import(document.body.dataset.static + "/js/tuninghash.js");
      const tune = {k: 8, lr: {param: "lr", log: true, min: 0.0001, max: 1, n: 13},
                    second: {param: "lr_decay", log: false, min: 0, max: 0.5, n: 4}};
      const x = {param: "weight_decay", log: false, min: 0, max: 0.0031622776601683794, n: 100};
      return {tune: m.decodeTune(m.encodeTune(tune)), same: tune,
              map: m.decodeMap(m.encodeMap(x, tune.lr, "diverged"), ["loss", "diverged"]), x,
              bad: [m.decodeMap("lr_log_0p1_1_5__momentum_lin_0_1_5__evil", ["loss"]),
                    m.decodeMap("lr_log_0p1_1__momentum_lin_0_1_5__loss", ["loss"]),
                    m.decodeTune("k8__momentum_lin_0_1_4"), m.decodeTune("k8p5__lr_log_0p1_1_5"),
                    m.decodeTune("k8__lr_log_0p1_1_5__x"), m.decodeTune("8__lr_log_0p1_1_5"),
                    m.decodeAxis("lr_log_0p1_1_2p5"), m.decodeAxis("lr_exp_0p1_1_5")]};
    }""")
    assert got["tune"] == got["same"]
    assert got["map"] == {"x": got["x"], "y": got["same"]["lr"], "metric": "diverged"}
    assert got["bad"] == [None] * 8
