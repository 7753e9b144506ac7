"""Inline vs threads vs processes for a batch audit on this machine (issue 7).

    .venv/bin/python bench/concurrency.py --applicants 4 --seed 1 [--workers 2] [--repeat 1]

Each mode runs in a fresh child process (so engine loading and ONNX Runtime's thread setting are
the same for every mode), on the same generated batch, with a memory-only OCR cache per applicant
(every raster page is OCRed once per run, in every mode). Figures are wall seconds from the first
line of the child to the last report, engine load included, as ratios to `inline` from the same
round because the machine is shared and noisy (the 1-minute load average is printed with each),
and the CPU seconds each mode used, which decide throughput when the machine is saturated anyway.
The code is copied to a temporary snapshot first, so edits made while the bench runs do
not reach it. Every mode's reports are compared with inline's: a mode that changes a verdict,
finding or field is reported as such.

Modes (W = --workers, C = cores):
  inline              one applicant after another; engine threads = C
  threads             W threads, one shared engine (its read lock serialises OCR); engine threads = C
  threads-matched     same, engine threads = C // W
  threads-engine-each W threads, one engine per thread (what dropping the shared lock would give);
                      engine threads = C // W. Bench-only: pipeline/intake/ocr.py is not changed.
  processes           W processes, one engine each; engine threads = C // W
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MODES = ("inline", "threads", "threads-matched", "threads-engine-each", "processes")
POLICY = "kunming-panlong-2024q3"


# --------------------------------------------------------------------------- child side

class EnginePerThread:
    """An OcrEngine that gives each calling thread its own PaddleEngine (bench only)."""

    name = "paddle"

    def __init__(self, threads: int, state: Path) -> None:
        self._threads = threads
        self._state = state
        self._local = threading.local()

    def read(self, image):  # noqa: ANN001 - OcrEngine protocol
        from preaudit.pipeline.intake.ocr import PaddleEngine

        engine = getattr(self._local, "engine", None)
        if engine is None:
            engine = self._local.engine = PaddleEngine(self._threads, self._state)
        return engine.read(image)


_PROC_ENGINE = None


def _proc_init(engine_name: str, threads: int, state: Path) -> None:
    global _PROC_ENGINE
    from preaudit.pipeline.intake.ocr import make_engine

    _PROC_ENGINE = make_engine(engine_name, threads, state)


def _audit_one(applicant, policy, engine):  # noqa: ANN001, ANN202
    from preaudit.pipeline.intake.ocr import OcrCache
    from preaudit.pipeline.run import StageTimer, audit_applicant

    timer = StageTimer()
    report = audit_applicant(applicant, policy, OcrCache(engine, None), timer=timer)
    return report, dict(timer.seconds)


def _audit_in_process(applicant, policy):  # noqa: ANN001, ANN202
    return _audit_one(applicant, policy, _PROC_ENGINE)


def _fingerprint(report) -> dict:  # noqa: ANN001
    data = report.to_json()
    return {"verdict": report.verdict, "findings": sorted(f["code"] for f in data["findings"]), "documents": data["documents"]}


def child(mode: str, batch_dir: Path, workers: int, engine_name: str, threads: int, state: Path) -> dict:
    started = time.perf_counter()
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    from preaudit.pipeline.intake.ingest import discover
    from preaudit.pipeline.intake.ocr import make_engine
    from preaudit.validators.policy import load_policy

    policy = load_policy(POLICY)
    applicants = discover(batch_dir).applicants
    if mode == "inline":
        engine = make_engine(engine_name, threads, state)
        results = [_audit_one(a, policy, engine) for a in applicants]
    elif mode in ("threads", "threads-matched"):
        engine = make_engine(engine_name, threads, state)
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(lambda a: _audit_one(a, policy, engine), applicants))
    elif mode == "threads-engine-each":
        engine = EnginePerThread(threads, state)
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(lambda a: _audit_one(a, policy, engine), applicants))
    elif mode == "processes":
        with ProcessPoolExecutor(workers, initializer=_proc_init, initargs=(engine_name, threads, state)) as pool:
            results = list(pool.map(_audit_in_process, applicants, [policy] * len(applicants)))
    else:
        raise SystemExit(f"unknown mode {mode}")
    wall = time.perf_counter() - started
    stages: dict[str, float] = {}
    for _, secs in results:
        for k, v in secs.items():
            stages[k] = stages.get(k, 0.0) + v
    return {
        "mode": mode,
        "wall_s": round(wall, 2),
        "stage_s": {k: round(v, 2) for k, v in sorted(stages.items())},
        "reports": {r.key: _fingerprint(r) for r, _ in results},
    }


# --------------------------------------------------------------------------- parent side

def snapshot(dest: Path) -> Path:
    """Copy the code a child runs, so that edits made meanwhile do not reach the measurement."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pipeline", "extractors", "validators", "fixtures"):  # importable as preaudit.<name> from dest
        shutil.copytree(ROOT / name, dest / "preaudit" / name, ignore=ignore)
    (dest / "bench").mkdir(parents=True)
    shutil.copy2(__file__, dest / "bench" / "concurrency.py")
    return dest / "bench" / "concurrency.py"


def run_mode(script: Path, mode: str, batch_dir: Path, workers: int, engine: str, state: Path) -> dict:
    cores = os.cpu_count() or 2
    threads = cores if mode in ("inline", "threads") else max(1, cores // workers)
    env = dict(os.environ, PYTHONPATH=str(script.parents[1]))  # the snapshot's preaudit/ before the editable install
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, str(script), "--child", mode, "--batch", str(batch_dir), "--workers", str(workers), "--engine", engine,
           "--threads", str(threads), "--state", str(state)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["engine_threads"] = threads
    result["load"] = (round(load_before, 1), round(os.getloadavg()[0], 1))
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_s"] = round(cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applicants", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; modes are interleaved within a round")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--engine", default="paddle", choices=("paddle", "rapid"))
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--state", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(child(args.child, args.batch, args.workers, args.engine, args.threads, args.state), ensure_ascii=False))
        return 0

    from preaudit.fixtures.generate import generate_batch

    modes = [m for m in args.modes.split(",") if m]
    with tempfile.TemporaryDirectory(prefix="preaudit-conc-") as tmp:
        tmp_path = Path(tmp)
        script = snapshot(tmp_path / "src")
        generate_batch(tmp_path, args.applicants, args.seed)
        batch_dir = tmp_path / "batch"
        walls: dict[str, list[float]] = {m: [] for m in modes}
        cpus: dict[str, list[float]] = {m: [] for m in modes}
        ratios: dict[str, list[float]] = {m: [] for m in modes}
        last: dict[str, dict] = {}
        for round_no in range(1, args.repeat + 1):
            base = None
            for m in modes:
                got = run_mode(script, m, batch_dir, args.workers, args.engine, tmp_path / "state")
                base = base or (got if m == "inline" else None)
                walls[m].append(got["wall_s"])
                cpus[m].append(got["cpu_s"])
                if base:
                    ratios[m].append(round(got["wall_s"] / base["wall_s"], 3))
                last[m] = got
                same = "" if not base else ("same reports" if got["reports"] == base["reports"] else "REPORTS DIFFER")
                print(f"round {round_no} {m:<20} threads/engine={got['engine_threads']} wall={got['wall_s']:7.2f}s "
                      f"ratio={ratios[m][-1] if base else '-'} cpu={got['cpu_s']}s load={got['load']} {same} stages={got['stage_s']}", flush=True)
    print()
    print(f"{args.applicants} applicants, seed {args.seed}, {args.workers} workers, {os.cpu_count()} cores, engine {args.engine}")
    print(f"{'mode':<20} {'median wall s':>14} {'median ratio to inline':>24} {'median CPU s':>13}")
    for m in modes:
        ratio = f"{statistics.median(ratios[m]):.3f}" if ratios[m] else "-"
        print(f"{m:<20} {statistics.median(walls[m]):>14.2f} {ratio:>24} {statistics.median(cpus[m]):>13.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "walls": walls, "ratios": ratios, "cpu_s": cpus,
                                         "stages": {m: last[m]["stage_s"] for m in modes}}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
