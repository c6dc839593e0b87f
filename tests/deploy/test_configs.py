"""The shipped deployment files agree with each other, with app/settings.py and with docs/deploy.md.

The container itself is built and run by ../shared/tools/container-check in .ci/run; these checks
keep the files honest on every test run, without podman.
"""

from __future__ import annotations

import dataclasses
import json
import re

import yaml  # the test extra declares PyYAML: a missing one fails here instead of skipping these checks

from app.settings import Settings
from tests.support.server import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()
NGINX = (ROOT / "deploy" / "nginx" / "errorscape.conf.template").read_text()
DOCS = (ROOT / "docs" / "deploy.md").read_text()
PING = Settings().ping_interval


def instructions(name: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.upper().startswith(name + " ")]


def kube() -> dict[str, dict]:
    docs = {}
    for path in sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            docs[doc["kind"]] = doc
    return docs


def env_of(container: dict) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container.get("env", [])}


def seconds(text: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", str(text)).groups()
    return float(number) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[unit]


def test_dockerfile_uses_only_the_official_slim_python_base():
    stages = instructions("FROM")
    assert stages and all(re.fullmatch(r"python:3\.12-slim( AS \w+)?", s, re.I) for s in stages)
    for copy in instructions("COPY"):
        if copy.startswith("--from="):
            assert copy.split()[0] == "--from=build"


def test_dockerfile_runs_as_a_numeric_non_root_user():
    (user,) = instructions("USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) > 0  # numeric, so Kubernetes' runAsNonRoot can check it


def test_dockerfile_cmd_is_exec_form_with_proxy_headers_and_healthcheck_needs_no_curl():
    (cmd,) = instructions("CMD")
    argv = json.loads(cmd)
    assert argv[:3] == ["python", "-m", "app"] and "--proxy-headers" in argv
    (health,) = instructions("HEALTHCHECK")
    assert "urllib" in health and "curl" not in health and "wget" not in health
    assert "PORT" in health


def test_dockerignore_keeps_the_context_small():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "tests", "test-artifacts", "**/__pycache__"} <= ignored


def test_nginx_template_is_set_up_for_server_sent_events():
    for directive in ("proxy_buffering off;", "proxy_cache off;", "proxy_http_version 1.1;",
                      'proxy_set_header Connection "";', "proxy_set_header X-Forwarded-Prefix /errorscape;",
                      "proxy_set_header X-Forwarded-Proto $scheme;", "$proxy_add_x_forwarded_for",
                      "server_tokens off;"):
        assert directive in NGINX, directive
    assert seconds(re.search(r"proxy_read_timeout (\S+);", NGINX).group(1)) > 2 * PING
    assert "text/event-stream" not in re.search(r"gzip_types ([^;]+);", NGINX).group(1)
    upstream_idle = seconds(re.search(r"keepalive_timeout (\S+);", NGINX).group(1))
    assert upstream_idle < Settings().keep_alive_timeout


def test_compose_puts_the_app_behind_nginx_under_the_prefix():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    app, proxy = compose["services"]["app"], compose["services"]["proxy"]
    assert app["environment"]["ERRORSCAPE_ROOT_PATH"] == "/errorscape"
    assert "location /errorscape/ {" in NGINX
    assert "ports" not in app  # only nginx is published
    assert any(v.startswith("./deploy/nginx/errorscape.conf.template:/etc/nginx/templates/") for v in proxy["volumes"])
    assert proxy["environment"]["ERRORSCAPE_UPSTREAM"] == "app:8000"
    assert seconds(app["stop_grace_period"]) > float(app["environment"]["ERRORSCAPE_GRACEFUL_TIMEOUT"])


def test_kubernetes_deployment_probes_limits_and_security():
    deployment = kube()["Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert {"cpu", "memory"} <= set(container["resources"]["requests"]) & set(container["resources"]["limits"])
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert env_of(container)["ERRORSCAPE_ROOT_PATH"] == "/errorscape"


def test_kubernetes_timeouts_agree():
    docs = kube()
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = env_of(container)
    pre_stop = float(container["lifecycle"]["preStop"]["exec"]["command"][-1])
    graceful = float(env["ERRORSCAPE_GRACEFUL_TIMEOUT"])
    assert pod["terminationGracePeriodSeconds"] > pre_stop + graceful
    annotations = docs["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"
    read_timeout = float(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])
    assert read_timeout > 2 * float(env.get("ERRORSCAPE_PING_INTERVAL", PING))
    assert float(env["ERRORSCAPE_KEEP_ALIVE_TIMEOUT"]) > 60  # ingress-nginx's upstream keep-alive


def test_kubernetes_objects_point_at_each_other():
    docs = kube()
    labels = docs["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert docs["Deployment"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert docs["Service"]["spec"]["selector"].items() <= labels.items()
    assert docs["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    target = docs["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", docs["Deployment"]["metadata"]["name"])
    assert docs["HorizontalPodAutoscaler"]["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    backend = docs["Ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == docs["Service"]["metadata"]["name"]


def test_every_setting_is_in_the_configuration_table():
    for field in dataclasses.fields(Settings):
        if field.name == "extra":
            continue
        assert f"`ERRORSCAPE_{field.name.upper()}`" in DOCS, field.name
