"""Run the scale-out path for real and break it: compose (nginx + replicas) and the Kubernetes
Deployment (podman kube play), each with a replica killed mid-stream. Started by deploy/scaleout/run,
which installs what this needs; see docs/deploy.md ("How the scale-out path is proven").

    python deploy/scaleout/check.py compose|kube [--viewers 200]

All traffic goes to 127.0.0.1 (published ports) or to podman's own container network on this
machine; every load is a fixed number of viewers with a deadline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import page  # noqa: E402
import viewers  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "errorscape-scaleout"
COMPOSE_PORT, KUBE_PORT = 18080, 18081
STEPS, FPS = 200, 10  # each viewer's run: 20 s paced, as the page streams by default
KILL_AFTER = 8.0  # seconds into a run: every viewer is mid-stream by then
TICK = os.sysconf("SC_CLK_TCK")


def sh(*cmd: str, check: bool = True) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {done.returncode}: {done.stderr.strip()[-800:]}")
    return done.stdout.strip()


def get(url: str, timeout: float = 20.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


def wait_ok(url: str, limit: float = 90.0) -> float:
    start = time.monotonic()
    while True:
        try:
            get(url)
            return time.monotonic() - start
        except OSError:
            if time.monotonic() - start > limit:
                raise RuntimeError(f"{url} did not answer 200 within {limit:.0f} s")
            time.sleep(1)


# --- one replica: its address, its memory and CPU, its open streams ---------------------------

def ip_of(container: str) -> str:
    return sh("podman", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", container).split()[0]


def proc(container: str) -> tuple[float, float]:
    """(resident memory in MiB, CPU seconds used so far) of the container's app process."""
    pid = sh("podman", "inspect", "-f", "{{.State.Pid}}", container)
    rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS:"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return rss / 1024, (int(fields[11]) + int(fields[12])) / TICK


def metric(container: str, name: str) -> float:
    """A metric from the replica's own /metrics, on podman's network (not through the proxy)."""
    text = get(f"http://{ip_of(container)}:8000/metrics")
    return float(next(line.split()[-1] for line in text.splitlines() if line.startswith(name + " ")))


def open_streams(container: str) -> int:
    return int(metric(container, "errorscape_open_streams"))


class Load:
    """Viewers through the proxy; optionally kills a replica KILL_AFTER seconds in, and samples every
    replica's open streams and memory half-way through the runs."""

    def __init__(self, base: str, replicas: list[str], count: int, kill=None):
        self.base, self.replicas, self.count, self.kill = base, replicas, count, kill
        self.samples: dict[str, tuple[int, float]] = {}
        self.killed: str | None = None

    def _side(self) -> None:
        time.sleep(KILL_AFTER)
        try:  # a sample that times out on an overloaded machine must not stop the kill
            self.samples = {r: (open_streams(r), proc(r)[0]) for r in self.replicas}
        except (OSError, RuntimeError) as exc:
            print(f"  (sampling the replicas failed: {exc})")
            self.samples = {r: (-1, -1.0) for r in self.replicas}
        if self.kill:
            self.killed = self.kill()

    def run(self) -> tuple[list[viewers.Viewing], float]:
        side = threading.Thread(target=self._side)
        start = time.monotonic()
        side.start()
        result = viewers.watch(self.base, viewers.queries(self.count, STEPS, FPS))
        side.join()
        return result, time.monotonic() - start


def report(label: str, result: list[viewers.Viewing], references=None) -> list[str]:
    problems, line = viewers.summary(result, STEPS, references)
    print(f"  {label}: {line}")
    for p in problems[:10]:
        print(f"    {p}")
    reasons: dict[str, int] = {}
    for v in result:
        for f in v.failures:
            reasons[f[:90]] = reasons.get(f[:90], 0) + 1
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:5]:
        print(f"    {n} x reconnect after: {reason}")
    return problems


def stream_smoke(base: str) -> list[str]:
    done = subprocess.run([sys.executable, str(ROOT / "deploy" / "check_stream.py"), base], text=True)
    return [] if done.returncode == 0 else [f"check_stream.py failed through {base}"]


# --- compose -----------------------------------------------------------------------------------

def compose(*args: str, check: bool = True) -> str:
    tool = os.environ.get("PODMAN_COMPOSE", "podman-compose")  # the run script's own install
    return sh(tool, "-p", PROJECT, "--in-pod", "false", "-f", str(ROOT / "compose.yaml"), *args, check=check)


def ready(apps: list[str], proxy: str) -> None:
    """Wait for each replica's /readyz (as an orchestrator would), then have nginx resolve `app`
    afresh: it marks a replica that refused a connection while starting as down for 10 s."""
    for app in apps:
        wait_ok(f"http://{ip_of(app)}:8000/readyz")
    sh("podman", "exec", proxy, "nginx", "-s", "reload")
    time.sleep(1)


def compose_down() -> None:
    """`down` knows only the containers of one replica: remove the rest by the project's label."""
    compose("down", "-t", "2", check=False)
    left = sh("podman", "ps", "-aq", "--filter", f"label=io.podman.compose.project={PROJECT}", check=False).split()
    if left:
        sh("podman", "rm", "-f", "-t", "2", *left, check=False)
    sh("podman", "network", "rm", "-f", f"{PROJECT}_default", check=False)


def compose_check(count: int) -> list[str]:
    env_port = f"127.0.0.1:{COMPOSE_PORT}"
    os.environ["ERRORSCAPE_PUBLISH"] = env_port  # compose.yaml publishes nginx there
    base = f"http://{env_port}/errorscape"
    problems: list[str] = []
    compose_down()  # a clean state, whatever an earlier run left
    try:
        start = time.monotonic()
        compose("up", "-d", "--no-build", "--scale", "app=2")
        apps = sh("podman", "ps", "--format", "{{.Names}}", "--filter", f"label=io.podman.compose.project={PROJECT}",
                  "--filter", "label=com.docker.compose.service=app").split()
        proxy = sh("podman", "ps", "--format", "{{.Names}}", "--filter", f"label=io.podman.compose.project={PROJECT}",
                   "--filter", "label=com.docker.compose.service=proxy").split()[0]
        print(f"compose: up with {len(apps)} app replicas {apps} behind {proxy}")
        ready(apps, proxy)
        print(f"  every replica ready, healthz through nginx {time.monotonic() - start:.1f} s after `up`")
        wait_ok(base + "/healthz")
        problems += [] if len(apps) >= 2 else [f"only {len(apps)} app replicas"]
        problems += stream_smoke(base)
        idle = {a: proc(a) for a in apps}
        print("  idle: " + ", ".join(f"{a} {m:.0f} MiB" for a, (m, _) in idle.items()))

        sent = {a: metric(a, "errorscape_frames_sent_total") for a in apps}
        load = Load(base, apps, count)
        baseline, took = load.run()
        after = {a: proc(a) for a in apps}
        # Which replica served what: frames sent by each (open streams half-way depend on how far
        # each replica has got on a busy machine).
        spread = [round(metric(a, "errorscape_frames_sent_total") - sent[a]) for a in apps]
        cpu = sum(after[a][1] - idle[a][1] for a in apps)
        print(f"  {count} paced viewers, no failure: {took:.1f} s; open streams per replica half-way "
              f"{ {a: s for a, (s, _) in load.samples.items()} }; memory then "
              f"{ {a: round(m) for a, (_, m) in load.samples.items()} } MiB; app CPU {cpu:.1f} s "
              f"= {cpu / took:.2f} cores for {count} viewers at {FPS} frames/s")
        problems += report("uninterrupted", baseline)
        print(f"  frames sent by each replica: {spread}")
        if min(spread) < sum(spread) // 4:
            problems.append(f"viewers not spread over the replicas: {spread}")

        victim = apps[0]
        load = Load(base, apps, count, kill=lambda: (sh("podman", "kill", victim), victim)[1])
        interrupted, took = load.run()
        print(f"  killed {load.killed} (SIGKILL) {KILL_AFTER:.0f} s in, with {load.samples[victim][0]} streams open on it")
        problems += report("through the kill", interrupted, baseline)
        if not any(v.connections > 1 for v in interrupted):
            problems.append("no viewer resumed: the kill broke no stream")

        # The killed replica comes back (restart: unless-stopped); nginx resolves `app` at start.
        sh("podman", "start", victim, check=False)
        ready(apps, proxy)

        def kill_the_pages_replica() -> str:
            holder = next((a for a in apps if open_streams(a) > 0), apps[-1])
            sh("podman", "kill", holder)
            return holder

        problems += page.run_through_failure(base, kill_the_pages_replica, ROOT / "test-artifacts" / "scaleout-page.png")
    finally:
        if problems:
            for c in sh("podman", "ps", "-a", "--format", "{{.Names}}", "--filter", f"label=io.podman.compose.project={PROJECT}").split():
                print(f"--- {c}: {sh('podman', 'inspect', '-f', '{{.State.Status}} restarts={{.RestartCount}}', c, check=False)}")
                print(subprocess.run(["podman", "logs", "--tail", "8", c], capture_output=True, text=True).stderr[-1500:])
        compose_down()
    return problems


# --- Kubernetes ----------------------------------------------------------------------------------

KUBE = ROOT / "deploy" / "kubernetes"
KUBE_NET = "errorscape-kube"
K8S_VERSIONS = ("1.30.0", "1.33.0")  # the oldest and newest minor versions the manifests target


def validate_manifests() -> list[str]:
    """What podman cannot run (Ingress, HPA, PodDisruptionBudget, the Service's spec) is checked against
    the Kubernetes API schemas, strictly (an unknown field fails), after kustomize when kubectl is here."""
    tool = os.environ.get("KUBERNETES_VALIDATE", "kubernetes-validate")
    files = sorted(str(p) for p in KUBE.glob("*.yaml") if p.name != "kustomization.yaml")
    problems = []
    for version in K8S_VERSIONS:
        done = subprocess.run([tool, "--strict", "--quiet", "-k", version, *files], capture_output=True, text=True)
        print(f"kube: {len(files)} manifests against Kubernetes {version} schemas, strict: "
              f"{'valid' if done.returncode == 0 else 'INVALID'}")
        if done.returncode != 0:
            problems.append(f"kubernetes-validate {version}: {(done.stdout + done.stderr).strip()[-800:]}")
    if shutil_which("kubectl"):
        built = Path(sh("mktemp", "--suffix=.yaml"))
        built.write_text(sh("kubectl", "kustomize", str(KUBE)))
        done = subprocess.run([tool, "--strict", "--quiet", "-k", K8S_VERSIONS[-1], str(built)], capture_output=True, text=True)
        print(f"kube: `kubectl kustomize` output {'valid' if done.returncode == 0 else 'INVALID'}")
        problems += [] if done.returncode == 0 else [f"kustomize output: {done.stdout.strip()[-800:]}"]
        built.unlink()
    return problems


def shutil_which(name: str) -> bool:
    return any(os.access(os.path.join(d, name), os.X_OK) for d in os.environ.get("PATH", "").split(os.pathsep))


def kube_down(names: list[str]) -> None:
    for pod in sh("podman", "pod", "ps", "--format", "{{.Name}}").split():
        if any(pod.startswith(f"{name}-pod") for name in names):
            sh("podman", "pod", "rm", "-f", "-t", "1", pod, check=False)
    subprocess.run(["podman", "rm", "-f", "-t", "1", f"{KUBE_NET}-service"], capture_output=True)


def kube_check(count: int) -> list[str]:
    import yaml  # the test extra has PyYAML

    problems = validate_manifests()
    docs = {d["kind"]: d for p in KUBE.glob("*.yaml") for d in yaml.safe_load_all(p.read_text()) if d}
    deployment, service = docs["Deployment"], docs["Service"]
    # podman 4 plays a Deployment as one pod: play it once per replica, under the replica's name.
    names = [f"{deployment['metadata']['name']}-{i}" for i in range(deployment["spec"]["replicas"])]
    kube_down(names)
    if KUBE_NET not in sh("podman", "network", "ls", "--format", "{{.Name}}").split():
        sh("podman", "network", "create", KUBE_NET)
    base = f"http://127.0.0.1:{KUBE_PORT}/errorscape"
    try:
        start = time.monotonic()
        for name in names:
            replica = json.loads(json.dumps(deployment))
            replica["metadata"]["name"] = name
            replica["spec"]["replicas"] = 1
            # podman 4 publishes every containerPort on the host: keep it to loopback, one port each.
            for port in replica["spec"]["template"]["spec"]["containers"][0]["ports"]:
                port.update(hostIP="127.0.0.1", hostPort=KUBE_PORT + 1 + names.index(name))
            played = Path(sh("mktemp", "--suffix=.yaml"))
            played.write_text(yaml.safe_dump(replica))
            sh("podman", "kube", "play", "--network", KUBE_NET, str(played))
            played.unlink()
        pods = [f"{name}-pod-0" for name in names]  # podman's name for a Deployment's one pod
        apps = [f"{pod}-app" for pod in pods]
        port = deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"]
        # A pod's address is its infra container's (the app container shares its network).
        endpoints = [f"{ip_of(sh('podman', 'pod', 'inspect', '-f', '{{.InfraContainerID}}', pod))}:{port}" for pod in pods]
        for endpoint in endpoints:  # readiness: only ready pods are a Service's endpoints
            wait_ok(f"http://{endpoint}/readyz")
        # The Service (and the Ingress in front of it) stand-in: the shipped nginx config with the
        # Service's endpoints, i.e. both pods, as its upstream servers.
        sh("podman", "run", "-d", "--name", f"{KUBE_NET}-service", "--network", KUBE_NET,
           "-p", f"127.0.0.1:{KUBE_PORT}:8080", "-e", "NGINX_PORT=8080",
           "-e", "ERRORSCAPE_UPSTREAM=" + "; server ".join(endpoints),
           "-v", f"{ROOT / 'deploy' / 'nginx' / 'errorscape.conf.template'}:/etc/nginx/templates/default.conf.template:ro",
           "nginx:1.28")
        print(f"kube: {len(names)} pods from {KUBE.name}/deployment.yaml ({', '.join(endpoints)}); "
              f"Service {service['metadata']['name']}:{service['spec']['ports'][0]['port']} stood in by nginx")
        print(f"  healthz through it after {wait_ok(base + '/healthz'):.1f} s; pods up in {time.monotonic() - start:.1f} s")
        for app in apps:
            user = sh("podman", "exec", app, "id", "-u")
            ro = subprocess.run(["podman", "exec", app, "touch", "/app/x"], capture_output=True).returncode != 0
            print(f"  {app}: runs as uid {user}, root file system read-only: {ro}")
            problems += [] if user == "10001" and ro else [f"{app}: uid {user}, read-only {ro}"]
        problems += stream_smoke(base)
        references = viewers.watch(base, viewers.queries(count, STEPS, 0), ramp_s=0)
        load = Load(base, apps, count, kill=lambda: (sh("podman", "pod", "kill", pods[0]), pods[0])[1])
        interrupted, took = load.run()
        print(f"  {count} paced viewers; killed {load.killed} {KILL_AFTER:.0f} s in with "
              f"{load.samples[apps[0]][0]} streams open on it; run took {took:.1f} s")
        problems += report("through the kill (compared with unpaced uninterrupted runs)", interrupted, references)
        if not any(v.connections > 1 for v in interrupted):
            problems.append("no viewer resumed: the kill broke no stream")
    finally:
        kube_down(names)
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("compose", "kube"))
    parser.add_argument("--viewers", type=int, help="200 for compose, 100 for kube")
    args = parser.parse_args(argv)
    args.viewers = args.viewers or (200 if args.what == "compose" else 100)
    start = time.monotonic()
    problems = (compose_check if args.what == "compose" else kube_check)(args.viewers)
    print(f"{args.what}: {'PASS' if not problems else 'FAIL'} in {time.monotonic() - start:.0f} s")
    for p in problems:
        print(f"  FAIL: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
