"""The core library stands alone: importable without any web framework, its public names all present."""

import json
import subprocess
import sys

WEB = ("fastapi", "starlette", "uvicorn", "jinja2", "pydantic", "prometheus_client", "app")


def test_importing_errorscape_loads_no_web_framework():
    code = ("import json, sys, errorscape, errorscape.lessons.counting, errorscape.lessons.minibatch, "
            "errorscape.lessons.ndim_runs, errorscape.lessons.catalogue, errorscape.surfaces.mlp_slice; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
    assert "numpy" in loaded
    assert not set(WEB) & set(loaded)


def test_every_public_name_is_there():
    import errorscape

    for name in errorscape.__all__:
        assert getattr(errorscape, name) is not None
    assert "mlp-slice" in errorscape.LAZY_SURFACES and "rastrigin" in errorscape.N_DIMENSIONAL
