"""Hostile-size inputs of ``drugkg extract`` and ``drugkg accept``, at 1x, 10x and 100x (on demand, not
part of the test run)::

    python benchmarks/bench_hostile.py [--scales 1,10,100] [--only prose,unterminated,names,accept]

Each run is a fresh ``python -m kg`` process on the graph of ``$DRUGKG_BUILD_DIR`` (build it first:
``drugkg build --no-datasets``); printed: the input's size, seconds and peak memory (MiB) per scale,
and the ratio of the 100x time to 10x times the 10x one (about 1 when the time is linear).

- ``prose``: a label-like paragraph repeated (1x = 4 KB);
- ``unterminated``: one sentence with no full stop (1x = 5 KB);
- ``names``: drug names separated by commas (1x = 4.5 KB; 100x stays under the 50,000 mentions
  extract keeps per text, a text past it is refused in seconds);
- ``accept``: ``accept`` of the draft ``extract`` made of ``prose`` (its candidates grow with it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

PROSE = (
    "Diazepam is a benzodiazepine. Diazepam is not an antidepressant. Sertraline treats depression. "
    "Lorazepam causes drowsiness and dizziness. Clonazepam interacts with opioids, which can cause "
    "respiratory depression. Do not use sertraline with monoamine oxidase inhibitors.\n"
)
NAMES = ["diazepam", "clonazepam", "lorazepam", "sertraline", "fluoxetine", "alprazolam", "zolpidem", "buspirone"]

#: One run in a process of its own: its seconds and peak memory, from the process that waits for it.
_PROBE = (
    "import json, resource, subprocess, sys, time\n"
    "started = time.monotonic()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps({'code': done.returncode, 'seconds': time.monotonic() - started,\n"
    "  'peak_mib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 'err': done.stderr[-300:]}))\n"
)


def measure(*argv: str) -> dict:
    """``python -m kg ARGV``: exit code, seconds, peak MiB, end of stderr."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, sys.executable, "-m", "kg", *argv], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def make_input(kind: str, scale: int) -> str:
    if kind in ("prose", "accept"):
        return PROSE * (16 * scale)  # 1x: about 4 KB (100x: 20,800 mentions)
    if kind == "unterminated":
        return "Diazepam " + "and " * (1250 * scale)  # 1x: 5 KB, no full stop
    names = ", ".join(NAMES[n % len(NAMES)] for n in range(450 * scale))  # 1x: 4.5 KB (100x: 45,000 mentions)
    return f"Names\n{names}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--only", default="prose,unterminated,names,accept")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    with tempfile.TemporaryDirectory(prefix="drugkg-bench-hostile-") as tmp:
        folder = Path(tmp)
        for kind in args.only.split(","):
            times = {}
            for scale in scales:
                text = folder / f"{kind}-{scale}.txt"
                text.write_text(make_input(kind, scale), encoding="utf-8")
                draft = folder / f"{kind}-{scale}.trig"
                result = measure("extract", str(text), "--format", "trig", "-o", str(draft), "--no-adverse-model", "-q")
                if kind == "accept" and result["code"] == 0:
                    data = folder / f"data-{scale}"
                    result = measure("accept", str(draft), "--data", str(data), "-q")
                size = text.stat().st_size
                times[scale] = result["seconds"]
                status = "ok" if result["code"] == 0 else f"exit {result['code']}: {result['err'].strip()}"
                print(
                    f"{kind:13} {scale:>4}x {size / 1024:>9.0f} KB {result['seconds']:>8.1f} s "
                    f"{result['peak_mib']:>7.0f} MiB  {status}",
                    flush=True,
                )
            if 10 in times and 100 in times and times[10] > 0:
                print(f"{kind:13} 100x / (10 x 10x) = {times[100] / (10 * times[10]):.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
