"""Startup and import time: `truthlens serve` to /healthz 200, idle RSS, import costs.

    .venv/bin/python benchmarks/startup.py [--repeat 5]

Each figure is the median of `--repeat` fresh interpreter runs: wall time of
`import truthlens`, of the app module, of loading every plugin (`create_plugin_host`),
the slowest imports under `python -X importtime -c "import truthlens.app; ..."`, and the
time from starting `truthlens serve` (throw-away SQLite file, migrations included) to
the first 200 from /healthz, with the server's RSS once idle.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from benchmarks import machine  # noqa: E402
from benchmarks.read_load import _free_port, _wait_ok  # noqa: E402

PYTHON = sys.executable
TIMED = {
    "import truthlens": "import truthlens",
    "import truthlens.app (service, schema)": "import truthlens.app",
    "load all plugins (create_plugin_host)": (
        "from truthlens.plugin_manager import create_plugin_host; create_plugin_host()"
    ),
}


def _wall(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    output = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    return float(output.stdout.strip().splitlines()[-1]) * 1000


def _importtime(top: int) -> list[tuple[str, float]]:
    """The `top` modules with the largest cumulative import time (ms)."""
    code = "import truthlens.app; from truthlens.plugin_manager import create_plugin_host; " \
        "create_plugin_host()"  # fmt: skip
    stderr = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    ).stderr
    found: dict[str, float] = {}
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match:
            cumulative, indent, name = match.groups()
            if len(indent) <= 2:  # top-level imports and their direct children
                found[name] = max(found.get(name, 0.0), int(cumulative) / 1000)
    return sorted(found.items(), key=lambda kv: -kv[1])[:top]


def _serve_once(folder: Path, n: int) -> tuple[float, float]:
    port = _free_port()
    env = {**os.environ, "TRUTHLENS_DATABASE_URL": f"sqlite+aiosqlite:///{folder}/s{n}.db",
           "TRUTHLENS_LOG_LEVEL": "warning"}  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(Path(PYTHON).parent / "truthlens"), "serve", "--port", str(port)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ok(f"http://127.0.0.1:{port}/healthz")
        ready = (time.perf_counter() - start) * 1000
        time.sleep(2)
        rss = psutil.Process(process.pid).memory_info().rss / 1e6
    finally:
        process.terminate()
        process.wait(15)
    return ready, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    header = machine.describe()
    rows: list[tuple[str, float, float]] = []
    for label, statement in TIMED.items():
        times = [_wall(statement) for _ in range(args.repeat)]
        rows.append((label, machine.median(times), min(times)))
    with tempfile.TemporaryDirectory() as tmp:
        served = [_serve_once(Path(tmp), n) for n in range(args.repeat)]
    rows.append(
        ("truthlens serve → /healthz 200", machine.median([s[0] for s in served]),
         min(s[0] for s in served))
    )  # fmt: skip
    print(header)
    print(f"median and best of {args.repeat} fresh processes\n")
    print(machine.table(("what", "median ms", "best ms"), rows))
    print(
        f"\nidle RSS of `truthlens serve`: median {machine.median([s[1] for s in served]):.0f} MB"
    )
    print("\nslowest imports (-X importtime, cumulative ms, one run):\n")
    print(machine.table(("module", "ms"), _importtime(args.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
