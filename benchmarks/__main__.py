"""Run every benchmark, or those named: ``./zhanggui bench [catalog backend ...]``.

Options after a single name go to that benchmark:
``./zhanggui bench load --conversations 50 --mode cluster``.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {
    "catalog": "catalog_bench.py",
    "backend": "backend_bench.py",
    "nlu": "nlu_bench.py",
    "numbers": "number_extractor_bench.py",
    "dialogue": "dialogue_bench.py",
    "asr": "asr_bench.py",
    "phone-asr": "phone_asr_bench.py",
    "voice": "voice_latency.py",
    "phone": "phone_latency.py",
    "messaging": "messaging_latency.py",
    "codes": "spoken_codes_bench.py",
    "tts": "tts_bench.py",
    "turn": "turn_bench.py",
    "intelligibility": "intelligibility_bench.py",
    "tracker-rows": "tracker_rows.py",
    "load": "load_bench.py",
}


def main(argv: list[str]) -> int:
    names = list(itertools.takewhile(lambda arg: not arg.startswith("-"), argv))
    options = argv[len(names) :]
    if options and len(names) != 1:
        print("options go to one benchmark: ./zhanggui bench load --conversations 50")
        return 2
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; choose from {sorted(BENCHMARKS)}")
        return 2
    failed = []
    for name in names or list(BENCHMARKS):
        script = HERE / BENCHMARKS[name]
        print(f"\n=== {name}: python benchmarks/{script.name} ===", flush=True)
        command = [sys.executable, str(script), *options]
        code = subprocess.run(command, cwd=HERE.parent).returncode
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
