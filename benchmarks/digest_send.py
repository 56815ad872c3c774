#!/usr/bin/env python3
"""How long `emptychair digest --send --all` takes to say "already sent", against the first send.

    .venv/bin/python benchmarks/digest_send.py --count 15000 --runs 3

Generates one week of N stories (generate.py, --shape week), sends every digest of that week once to a
real SMTP server (aiosmtpd on 127.0.0.1, as the tests use), then re-runs the same command `--runs` times:
each re-run has nobody to send to. Prints the medians of wall time (seconds) as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

HERE = Path(__file__).resolve().parent
WEEK = "2026-W47"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="emptychair-send-") as folder:
        work = Path(folder)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--count",
                str(arguments.count),
                "--out",
                str(work),
                "--shape",
                "week",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        controller = Controller(Sink(), hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            config = {
                "site_name": "Send benchmark",
                "site_url": "https://intranet.example/",
                "docs_dir": "stories",
                "theme": {"name": "material"},
                "plugins": [
                    {
                        "emptychair": {
                            "email": {
                                "smtp_host": "127.0.0.1",
                                "smtp_port": controller.port,
                                "starttls": False,
                            }
                        }
                    }
                ],
            }
            (work / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
            command = [sys.executable, "-m", "emptychair", "digest", "--week", WEEK, "--send", "--all"]
            env_note = os.getloadavg()
            first, sent = timed(command, work)
            again = [timed(command, work)[0] for _ in range(arguments.runs)]
        finally:
            controller.stop()
    print(
        json.dumps(
            {
                "stories": arguments.count,
                "first_send_s": round(first, 2),
                "already_sent_median_s": round(statistics.median(again), 2),
                "already_sent_runs_s": [round(value, 2) for value in again],
                "digests_sent": sent.stderr.count("sent "),
                "load_before": [round(value, 2) for value in env_note],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
