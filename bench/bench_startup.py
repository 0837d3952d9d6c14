"""How fast does the command line start? ``ipflow deadline compute`` and ``ipflow --help``.

Runs each command as a fresh process several times and prints the median wall time
and the peak resident memory, next to ``python -c pass`` from the same run (the
baseline: what any Python command costs here) and the ratio. Goals (issue 20):
``deadline compute`` ≤ 0.3 s and ≤ 60 MB, ``--help`` ≤ 0.5 s.

``--scale`` is the number of runs per command (default 7).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS: dict[str, list[str]] = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "ipflow deadline compute": [
        sys.executable,
        "-m",
        "ipflow.cli",
        "deadline",
        "compute",
        "samr.filing_check",
        "2026-03-02",
        "--json",
    ],
    "ipflow --help": [sys.executable, "-m", "ipflow.cli", "--help"],
}


def measure(argv: list[str], runs: int) -> float:
    """Median wall seconds over ``runs`` fresh processes."""
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=7, help="runs per command")
    runs = parser.parse_args().scale
    base_time = measure(COMMANDS["python -c pass (baseline)"], runs)
    print(f"startup, median of {runs} runs")
    print(f"  {'python -c pass (baseline)':28} {base_time * 1000:7.1f} ms")
    for name, argv in list(COMMANDS.items())[1:]:
        measure(argv, 1)  # warm the file cache
        seconds = measure(argv, runs)
        rss = max_rss(argv)
        print(
            f"  {name:28} {seconds * 1000:7.1f} ms  {rss:5.1f} MB  "
            f"{seconds / base_time:5.1f}× baseline"
        )


def max_rss(argv: list[str]) -> float:
    """Peak RSS in MB of one run of ``argv`` alone (a fresh measuring process)."""
    probe = (  # ru_maxrss of the children, in KB on Linux
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv], check=True, capture_output=True, text=True
    )
    return int(done.stdout.strip()) / 1024


if __name__ == "__main__":
    main()
