"""Run every benchmark of the project and print the figures with the machine they ran on.

    python benchmarks/run.py [--scale small|standard|national] [--json] [--only NAME]

Benchmarks live in `benchmarks/bench_*.py`: each module lists `BENCHMARKS` (names; the function is the name with
dots as underscores), may define `prepare(scale, workdir)` to write shared input files once, and each function
`fn(scale, workdir) -> list[dict]` returns result rows. `scale` is the number of results of the scale (small 10,000,
standard 100,000, national 1,000,000); a module may cap it with `MAX_SCALE`.

Each benchmark runs in a fresh child process with its own empty SQLite database (or the database of DATABASE_URL),
so peak memory is its own. Each one measures a baseline in the same run, because absolute times on a shared
machine mean little: the ratio says how we compare with that baseline, the target is the issue's figure.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SCALES = {"small": 10_000, "standard": 100_000, "national": 1_000_000}


def machine() -> dict:
    import django

    info = {
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "database": "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
    }
    try:
        with open("/proc/meminfo") as handle:
            info["memory_gb"] = round(int(handle.readline().split()[1]) / 1024 / 1024, 1)
        with open("/proc/cpuinfo") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
            info["processor"] = names[0] if names else info["processor"]
    except OSError:
        pass
    return info


def child(name: str, scale: int, workdir: Path) -> dict:
    """Runs inside the child process: set Django up on an empty database and run one benchmark."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govkpi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    module_name, _, function = name.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, function.replace(".", "_"))(min(scale, getattr(module, "MAX_SCALE", scale)), workdir)


def run_child(name: str, scale_name: str, workdir: Path) -> list[dict]:
    data_dir = Path(tempfile.mkdtemp(prefix="govkpi-bench-", dir=workdir))
    env = dict(os.environ, GOVKPI_DATA_DIR=str(data_dir))
    database = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        from urllib.parse import urlparse

        # A benchmark gets a fresh database of its own (other runs may be going on), dropped afterwards.
        url = urlparse(env["DATABASE_URL"])
        database = ["-h", url.hostname or "127.0.0.1", "-U", url.username or "postgres", f"govkpi_bench_{os.getpid()}"]
        subprocess.run(["dropdb", "--if-exists", *database], check=True)
        subprocess.run(["createdb", *database], check=True)
        env["DATABASE_URL"] = url._replace(path=f"/{database[-1]}").geturl()
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", name, "--scale", scale_name, "--workdir", str(workdir)],
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        if database:
            subprocess.run(["dropdb", "--if-exists", "--force", *database], check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"benchmark {name} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(report: dict) -> str:
    lines = [f"machine: {json.dumps(report['machine'], ensure_ascii=False)}", ""]
    header = ("name", "value", "unit", "target", "baseline", "ratio", "passed")
    rows = [header] + [
        (
            r["name"],
            f"{r['value']:,.1f}",
            r["unit"],
            r["target"],
            f"{r['baseline']:,.1f}" if r["baseline"] else "",
            f"{r['ratio']:.2f}" if r["ratio"] is not None else "",
            "yes" if r["passed"] else "NO",
        )
        for r in report["results"]
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines += ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines += ["", "baselines: " + "; ".join(f"{r['name']}: {r['baseline_what']}" for r in report["results"])]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=list(SCALES), default="standard")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--only", help="run only the benchmarks whose name starts with this")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, SCALES[args.scale], Path(args.workdir))))
        return

    # A module without BENCHMARKS is a script of its own (bench_budget.py), run directly.
    modules = [m for m in (importlib.import_module(path.stem) for path in sorted(HERE.glob("bench_*.py")))
               if hasattr(m, "BENCHMARKS")]
    names = [f"{m.__name__}:{n}" for m in modules for n in m.BENCHMARKS if not args.only or n.startswith(args.only)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govkpi-bench-") as workdir:
        for module in modules:
            if hasattr(module, "prepare") and any(name.startswith(module.__name__ + ":") for name in names):
                module.prepare(min(SCALES[args.scale], getattr(module, "MAX_SCALE", SCALES[args.scale])), Path(workdir))
        results = [r for name in names for r in run_child(name, args.scale, Path(workdir))]
    sys.path.insert(0, str(HERE.parent))
    report = {
        "machine": machine(),
        "scale": args.scale,
        "seconds": round(time.perf_counter() - started, 1),
        "results": results,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else table(report))


if __name__ == "__main__":
    main()
