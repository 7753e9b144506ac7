"""Memory over a long batch (issue 17): RSS of one `preaudit audit` process over 1,000 applicants.

    .venv/bin/python bench/soak.py [--applicants 1000] [--distinct 50] [--cold 50] [--seed 7]
                                   [--work bench/out/soak] [--state-dir DIR] [--json PATH]
                                   [--families dev|holdout] [--faults ...] [--engine paddle|rapid]
                                   [--ref 100] [--trace 50 150] [--reuse] [--warm-start]

Corpus: `--distinct` applicants are generated (bench/_common.py `generate`), then the batch of
`--applicants` is built from copies of their folders under new names, `a0001_<original>`,
`a0002_<original>`, ... (applicant i copies distinct applicant (i-1) mod distinct, so the first
`--distinct` applicants are the originals' bytes seen for the first time). applicants.csv gets one
row per copy with its 文件夹 set to the copy's folder (how ingest matches rows to folders first);
name, ID number and the rest stay the original's, so a copy's documents agree with its row and
the copies of one original are one person applying several times: the fingerprint index does not
flag the same person's documents (pipeline/integrity/dupindex.py), so copies do not flood each
other with DUPLICATE_DOCUMENT. Reuse between *different* originals (the generator's
duplicate_source / duplicate_reuse pairs) is multiplied by the copies: each copy of the reuser
names every copy of the source, and those are judged again (batch.json's `run.rejudged`); that
is fine for a memory soak, and reported. A manifest row whose folder the generator left out is
kept once; a folder the manifest leaves out is copied without a row.

The run: one child process audits the whole batch exactly as `preaudit audit` does
(`Auditor.run`, pipeline/batchrun.py `run_batch`: reports written per applicant, the summary
rebuilt every few seconds, the persistent fingerprint index and the disk OCR cache in the
state directory), with a fresh state each run: `<state-dir>/ocr` and the fingerprint index are
removed first (model links stay), so the first `--cold` applicants are read with an empty OCR
cache and timed, and the rest (copies: the same bytes, the same content-hash keys) are OCR
cache hits. The child's progress hook (begin/end of each applicant) records wall and CPU
seconds, OCR misses and its own RSS at each applicant's completion; the parent samples the
child's RSS (psutil) every `--interval` seconds. `--trace N M ...` takes tracemalloc snapshots
in the child after applicants N, M, ... and writes the largest growths between consecutive
snapshots (slows the child down: timings of a traced run mean nothing); `--warm-start` keeps the
state directory's disk OCR cache from an earlier run, so such a run OCRs nothing.

Printed and written as JSON: RSS at applicant `--ref` (100) and at the last, their ratio (the
issue's bar: within 10 %), peak RSS, applicants per minute (all, and the warm part), the cold
slice's wall and CPU per applicant. The plot, RSS over time and over applicants completed, goes
to `<work>/../soak.png` by default (bench/out/soak.png), drawn with OpenCV (no matplotlib).

Copies share bytes, so the OCR cache's in-memory readings only ever hold the distinct applicants'
pages; with distinct people they are bounded anyway (OcrCache.MEMORY_ENTRIES, an LRU over the disk
cache). The JSON's `child.ocr_memory` gives their entry count and size.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_SEED, POLICY, ROOT, generate, table  # noqa: E402

SCHEMA = "preaudit.bench.soak/1"
FLAT = 1.10  # the issue's bar: RSS at the last applicant within 10 % of RSS at applicant 100
PEAK_MB = 1024.0  # and at most 1 GB per worker
MIN_CHILD_MB = 1.0  # below this the child has not started its interpreter yet: no sample


def _rss_self_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _rss_of(pid: int) -> float | None:
    """RSS of another process in MB (psutil when installed, else /proc)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / (1024.0 * 1024.0)
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - the child has exited
        return None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------- corpus

def build_batch(source: Path, dest: Path, applicants: int) -> list[dict[str, str]]:
    """`applicants` copies of the applicant folders of `source` under `dest` (see the docstring);
    returns [{folder, original}] in batch order."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    originals = sorted(p for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not originals:
        raise SystemExit(f"soak bench: no applicant folders under {source}")
    width = max(4, len(str(applicants)))
    copies: list[dict[str, str]] = []
    for i in range(applicants):
        orig = originals[i % len(originals)]
        name = f"a{i + 1:0{width}d}_{orig.name}"
        shutil.copytree(orig, dest / name)
        copies.append({"folder": name, "original": orig.name})
    manifest = source / "applicants.csv"
    if manifest.is_file():
        text = manifest.read_bytes().decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text))
        header = next(reader)
        rows = [r for r in reader if any(c.strip() for c in r)]
        col = header.index("文件夹")
        by_folder: dict[str, list[str]] = {}
        for r in rows:
            by_folder.setdefault(r[col], r)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for c in copies:
            row = by_folder.get(c["original"])
            if row is not None:
                writer.writerow([c["folder"] if k == col else v for k, v in enumerate(row)])
        names = {o.name for o in originals}
        for r in rows:  # a row without its folder (a scenario): kept once
            if r[col] not in names:
                writer.writerow(r)
        (dest / "applicants.csv").write_bytes(out.getvalue().encode("utf-8-sig"))
    return copies


def fresh_state(state: Path, keep_ocr: bool = False) -> None:
    """Remove the OCR cache (unless `keep_ocr`) and the fingerprint index of the state directory
    (model links stay)."""
    from preaudit.pipeline.integrity.dupindex import INDEX_FILE

    if not keep_ocr:
        shutil.rmtree(state / "ocr", ignore_errors=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = state / (INDEX_FILE + suffix)
        if p.exists():
            p.unlink()


# --------------------------------------------------------------------------- child

class SoakProgress:
    """pipeline/ops/progress.py's Progress: per applicant wall, CPU, OCR misses and RSS at its end,
    one JSON line each (flushed, so the parent can read them while the child runs)."""

    def __init__(self, path: Path, ocr: Any, trace_at: list[int], trace_out: Path | None) -> None:
        self.fh = path.open("w", encoding="utf-8")
        self.ocr = ocr
        self.count = 0
        self.t0 = time.perf_counter()
        self.started: tuple[float, float, int] = (0.0, 0.0, 0)
        self.trace_at = sorted(set(trace_at))
        self.trace_out = trace_out
        self.snapshots: list[tuple[int, Any]] = []
        self.traces: list[dict[str, Any]] = []

    def start(self, applicants: int, files: int) -> None:
        pass

    def begin(self, key: str) -> None:
        self.started = (time.perf_counter(), time.process_time(), self.ocr.misses)

    def file_done(self, pages: int) -> None:
        pass

    def skip(self, key: str, files: int) -> None:
        pass

    def end(self, key: str) -> None:
        wall0, cpu0, misses0 = self.started
        now = time.perf_counter()
        self.count += 1
        entry = {"i": self.count, "key": key, "t": round(now - self.t0, 3), "wall": round(now - wall0, 4),
                 "cpu": round(time.process_time() - cpu0, 4), "ocr_misses": self.ocr.misses - misses0,
                 "rss_mb": round(_rss_self_mb(), 1)}
        self.fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.fh.flush()
        if self.count in self.trace_at:
            self._snapshot()

    def _snapshot(self) -> None:
        import gc
        import tracemalloc

        gc.collect()
        snap = tracemalloc.take_snapshot().filter_traces((tracemalloc.Filter(False, tracemalloc.__file__),))
        traced, _ = tracemalloc.get_traced_memory()
        if self.snapshots:
            at, before = self.snapshots[-1]
            top = snap.compare_to(before, "traceback")[:25]
            self.traces.append({"from": at, "to": self.count, "traced_mb": round(traced / 2**20, 1),
                                "top": [{"where": str(s.traceback[-1]), "code": _own_frame(s.traceback),
                                         "size_diff_kb": round(s.size_diff / 1024, 1),
                                         "count_diff": s.count_diff, "size_kb": round(s.size / 1024, 1)}
                                        for s in top]})
        else:
            self.traces.append({"at": self.count, "traced_mb": round(traced / 2**20, 1)})
        self.snapshots = [(self.count, snap)]

    def close(self) -> None:
        self.fh.close()


def _own_frame(tb: Any) -> str:
    """The innermost frame of a traceback in the project's code (where the allocation is kept)."""
    root = str(ROOT)
    frames = [f for f in tb if f.filename.startswith(root) or "/preaudit/" in f.filename]
    frames = [f for f in frames if not f.filename.endswith("bench/soak.py")] or frames
    return str(frames[-1]) if frames else str(tb[-1])


def _ocr_memory(ocr: Any) -> dict[str, Any]:
    """Entries and approximate size (the lines' text and boxes as JSON) of the OCR cache's
    in-memory dict (pipeline/intake/ocr.py OcrCache._memory, read, not changed)."""
    memory = getattr(ocr, "_memory", None)
    if not isinstance(memory, dict):
        return {}
    lines = sum(len(v) for v in memory.values())
    size = sum(len(json.dumps([ln.model_dump() for ln in v], ensure_ascii=False)) for v in memory.values())
    return {"entries": len(memory), "lines": lines, "json_kb": round(size / 1024, 1)}


def child(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    from preaudit.pipeline.auditor import AuditOptions, Auditor

    if args.trace:
        import tracemalloc

        tracemalloc.start(12)
    auditor = Auditor(AuditOptions(policy=POLICY, engine=args.engine, state_dir=args.state, cache=True))
    clock = (time.perf_counter(), time.process_time())
    auditor.engine.read(np.full((64, 256, 3), 255, np.uint8))  # load the models before the first applicant
    load = {"wall": round(time.perf_counter() - clock[0], 3), "cpu": round(time.process_time() - clock[1], 3)}
    rss_loaded = _rss_self_mb()
    progress = SoakProgress(args.progress, auditor.ocr, args.trace or [], None)
    t = time.perf_counter()
    try:
        result = auditor.run(args.batch, args.out, workers=1, resume=True, progress=progress)
    finally:
        auditor.close()
    wall = time.perf_counter() - t
    return {"model_load": load, "rss_after_load_mb": round(rss_loaded, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
            "rss_end_mb": round(_rss_self_mb(), 1), "run_wall": round(wall, 3),
            "audited": len(result.audited), "skipped": len(result.skipped), "rejudged": len(result.rejudged),
            "reports_held": len(getattr(result, "reports", {})), "ocr": {"hits": auditor.ocr.hits, "misses": auditor.ocr.misses},
            "ocr_memory": _ocr_memory(auditor.ocr), "traces": progress.traces}


# --------------------------------------------------------------------------- parent

def run_child(args: argparse.Namespace, batch: Path, state: Path) -> tuple[dict[str, Any], list[list[float]], list[dict]]:
    work = args.work
    result, prog = work / "child.json", work / "progress.jsonl"
    for p in (result, prog):
        if p.exists():
            p.unlink()
    out = work / "reports"
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--batch", str(batch), "--out", str(out),
           "--state", str(state), "--result", str(result), "--progress", str(prog), "--engine", args.engine]
    if args.trace:
        cmd += ["--trace", *map(str, args.trace)]
    log = (work / "child.log").open("w", encoding="utf-8")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
    samples: list[list[float]] = []
    while proc.poll() is None:
        rss = _rss_of(proc.pid)
        # None, 0 or a few kB: the child not readable yet (just spawned, mid-exec, its memory not
        # mapped; CI once saw 0.04 MB, which rounds to 0.0) or gone. A Python process is never under 1 MB.
        if rss is not None and rss >= MIN_CHILD_MB:
            samples.append([round(time.perf_counter() - t0, 2), round(rss, 1)])
        time.sleep(args.interval)
    log.close()
    if proc.returncode != 0:
        sys.stderr.write((work / "child.log").read_text(encoding="utf-8", errors="replace")[-4000:])
        raise SystemExit(f"soak bench: the child failed ({proc.returncode})")
    done = [json.loads(line) for line in prog.read_text(encoding="utf-8").splitlines() if line.strip()]
    return json.loads(result.read_text(encoding="utf-8")), samples, done


def summarise(child_data: dict[str, Any], samples: list[list[float]], done: list[dict], cold: int,
              ref: int) -> dict[str, Any]:
    n = len(done)
    ref = max(1, min(ref, n // 2 or 1))
    at_ref = done[ref - 1]["rss_mb"] if n else None
    at_last = done[-1]["rss_mb"] if n else None
    ratio = round(at_last / at_ref, 4) if at_ref else None
    peak = max([s[1] for s in samples] + [d["rss_mb"] for d in done] + [child_data["peak_rss_mb"]])

    def per(items: list[dict]) -> dict[str, Any]:
        if not items:
            return {"applicants": 0}
        walls, cpus = [d["wall"] for d in items], [d["cpu"] for d in items]
        span = items[-1]["t"] - (items[0]["t"] - items[0]["wall"])
        return {"applicants": len(items), "wall_mean": round(statistics.fmean(walls), 3),
                "wall_median": round(statistics.median(walls), 3), "wall_max": round(max(walls), 3),
                "cpu_mean": round(statistics.fmean(cpus), 3), "ocr_misses": sum(d["ocr_misses"] for d in items),
                "per_minute": round(60.0 * len(items) / span, 1) if span > 0 else None}

    # the trend of the warm part (least squares over completions after the cold slice): what 1,000 would give
    tail = [d for d in done if d["i"] > cold] if n - cold >= 10 else []
    slope = projected = None
    if tail:
        xs, ys = [d["i"] for d in tail], [d["rss_mb"] for d in tail]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        den = sum((x - mx) ** 2 for x in xs)
        if den:
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den
            projected = {str(k): round(my + slope * (k - mx), 1) for k in (ref, 1000)}
    trend = {"slope_mb_per_applicant": round(slope, 4) if slope is not None else None, "fit_from": cold + 1,
             "fitted_rss_mb": projected,
             "projected_ratio_1000_over_ref": round(projected["1000"] / projected[str(ref)], 4) if projected else None}
    return {"applicants": n, "ref": ref, "rss_at_ref_mb": at_ref, "rss_at_last_mb": at_last, "ratio_last_over_ref": ratio,
            "flat": ratio is not None and ratio <= FLAT, "peak_rss_mb": round(peak, 1), "under_1gb": peak <= PEAK_MB,
            "rss_after_load_mb": child_data["rss_after_load_mb"], "trend": trend,
            "applicants_per_minute": per(done)["per_minute"] if done else None,
            "cold": per(done[:cold]), "warm": per(done[cold:]), "all": per(done)}


# --------------------------------------------------------------------------- plot (OpenCV)

def _ticks(lo: float, hi: float, n: int = 6) -> list[float]:
    import math

    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.ceil(lo / step) * step
    return [round(start + k * step, 6) for k in range(int((hi - start) / step) + 1)]


def _panel(img: Any, box: tuple[int, int, int, int], xs: list[float], ys: list[float], title: str, xlabel: str,
           marks: list[tuple[float, str]] = ()) -> None:
    import cv2

    x0, y0, x1, y1 = box
    font, black, grey = cv2.FONT_HERSHEY_SIMPLEX, (0, 0, 0), (215, 215, 215)
    cv2.putText(img, title, (x0, y0 - 12), font, 0.55, black, 1, cv2.LINE_AA)
    cv2.rectangle(img, (x0, y0), (x1, y1), black, 1)
    if not xs:
        return
    xmin, xmax = 0.0, max(max(xs), 1e-9)
    ymin, ymax = 0.0, max(ys) * 1.1 if max(ys) > 0 else 1.0

    def px(x: float, y: float) -> tuple[int, int]:
        return (int(x0 + (x - xmin) / (xmax - xmin) * (x1 - x0)), int(y1 - (y - ymin) / (ymax - ymin) * (y1 - y0)))

    for t in _ticks(xmin, xmax):
        p = px(t, ymin)
        cv2.line(img, (p[0], y0), (p[0], y1), grey, 1)
        label = f"{t:g}"
        cv2.putText(img, label, (p[0] - 4 * len(label), y1 + 18), font, 0.4, black, 1, cv2.LINE_AA)
    for t in _ticks(ymin, ymax):
        p = px(xmin, t)
        cv2.line(img, (x0, p[1]), (x1, p[1]), grey, 1)
        cv2.putText(img, f"{t:g}", (x0 - 48, p[1] + 4), font, 0.4, black, 1, cv2.LINE_AA)
    for x, label in marks:
        p = px(x, ymin)
        cv2.line(img, (p[0], y0), (p[0], y1), (60, 160, 60), 1)
        cv2.putText(img, label, (p[0] + 3, y0 + 14), font, 0.4, (60, 140, 60), 1, cv2.LINE_AA)
    cv2.rectangle(img, (x0, y0), (x1, y1), black, 1)
    pts = [px(x, y) for x, y in zip(xs, ys)]
    import numpy as np

    cv2.polylines(img, [np.array(pts, np.int32).reshape(-1, 1, 2)], False, (200, 80, 20), 2, cv2.LINE_AA)
    cv2.putText(img, xlabel, ((x0 + x1) // 2 - 4 * len(xlabel), y1 + 38), font, 0.45, black, 1, cv2.LINE_AA)
    cv2.putText(img, "MB", (x0 - 40, y0 + 4), font, 0.4, black, 1, cv2.LINE_AA)


def plot(path: Path, samples: list[list[float]], done: list[dict], summary: dict[str, Any], cold: int) -> None:
    import cv2
    import numpy as np

    w, h = 1100, 820
    img = np.full((h, w, 3), 255, np.uint8)
    s = summary
    head = (f"preaudit soak: {s['applicants']} applicants, one process; RSS at #{s['ref']} {s['rss_at_ref_mb']} MB, "
            f"at #{s['applicants']} {s['rss_at_last_mb']} MB (x{s['ratio_last_over_ref']}), peak {s['peak_rss_mb']} MB")
    cv2.putText(img, head, (20, 28), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
    marks = [(done[cold - 1]["t"], f"cold slice ({cold})")] if 0 < cold <= len(done) else []
    _panel(img, (80, 80, w - 30, 370), [p[0] for p in samples], [p[1] for p in samples],
           "RSS (MB) of the audit process over time, sampled every ~0.5 s", "seconds since start", marks)
    amarks = [(float(cold), "cold | warm")] if 0 < cold < len(done) else []
    if s["ref"]:
        amarks.append((float(s["ref"]), f"#{s['ref']}"))
    _panel(img, (80, 470, w - 30, 760), [float(d["i"]) for d in done], [d["rss_mb"] for d in done],
           "RSS (MB) at each applicant's completion", "applicants completed", amarks)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), img):
        raise SystemExit(f"soak bench: could not write {path}")


# --------------------------------------------------------------------------- main

def show(res: dict[str, Any]) -> None:
    s, c = res["summary"], res["child"]
    print(f"soak: {s['applicants']} applicants ({res['corpus']['distinct']} distinct, seed {res['corpus']['seed']}, "
          f"families {res['corpus']['families']}), engine {res['engine']}; {res['machine']}")
    print(f"model load {c['model_load']['wall']:.1f} s; RSS after load {c['rss_after_load_mb']:.0f} MB; "
          f"audited {c['audited']}, judged again {c['rejudged']}; OCR {c['ocr']['misses']} misses, {c['ocr']['hits']} hits; "
          f"OCR memory cache {c['ocr_memory'].get('entries')} entries")
    print()
    rows = [[f"RSS at applicant {s['ref']}", f"{s['rss_at_ref_mb']} MB"],
            [f"RSS at applicant {s['applicants']}", f"{s['rss_at_last_mb']} MB"],
            ["ratio last / ref", f"{s['ratio_last_over_ref']} ({'flat' if s['flat'] else 'GROWS'}, bar {FLAT})"],
            ["warm trend", f"{s['trend']['slope_mb_per_applicant']} MB per applicant; fitted at 1000 / at {s['ref']}: "
                           f"{s['trend']['projected_ratio_1000_over_ref']}"],
            ["peak RSS", f"{s['peak_rss_mb']} MB ({'under' if s['under_1gb'] else 'OVER'} 1 GB)"],
            ["applicants / minute (all)", s["applicants_per_minute"]]]
    for name in ("cold", "warm"):
        p = s[name]
        if p["applicants"]:
            rows.append([f"{name}: {p['applicants']} applicants",
                         f"{p['wall_mean']} s wall mean (median {p['wall_median']}, max {p['wall_max']}), "
                         f"{p['cpu_mean']} s CPU mean, {p['per_minute']}/min, {p['ocr_misses']} OCR misses"])
    print(table(rows, ["figure", "value"]))
    for tr in c.get("traces", []):
        if "top" in tr:
            print(f"\ntracemalloc growth, applicant {tr['from']} -> {tr['to']} (traced {tr['traced_mb']} MB):")
            for t in tr["top"][:12]:
                print(f"  {t['size_diff_kb']:>10.1f} KiB  {t['count_diff']:>8d}  {t['code']}  ({t['where']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--applicants", type=int, default=1000)
    ap.add_argument("--distinct", type=int, default=50, help="distinct applicants generated; the rest are copies")
    ap.add_argument("--cold", type=int, default=50, help="the first N applicants, read with an empty OCR cache, timed")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "soak")
    ap.add_argument("--state-dir", type=Path, default=None,
                    help="default <work>/state; its ocr/ and fingerprint index are removed before the run")
    ap.add_argument("--json", type=Path, default=None, help="default: <work>/soak.json")
    ap.add_argument("--png", type=Path, default=None, help="default: <work>/../soak.png")
    ap.add_argument("--families", choices=("dev", "holdout", "blind", "exposed"), default=None)
    ap.add_argument("--faults", nargs="*", default=None, help="restrict the scenario cycle (fixtures --faults)")
    ap.add_argument("--engine", choices=("paddle", "rapid"), default="paddle")
    ap.add_argument("--ref", type=int, default=100, help="the applicant the last is compared with (at most half the batch)")
    ap.add_argument("--interval", type=float, default=0.5, help="seconds between RSS samples")
    ap.add_argument("--trace", type=int, nargs="*", default=None, help="tracemalloc snapshots after these applicants")
    ap.add_argument("--reuse", action="store_true", help="reuse the generated distinct corpus when it matches")
    ap.add_argument("--warm-start", action="store_true",
                    help="keep the state directory's disk OCR cache (no cold slice: for --trace runs)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--batch", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--state", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--progress", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        data = child(args)
        args.result.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return 0
    args.work = args.work.absolute()
    args.work.mkdir(parents=True, exist_ok=True)
    source, truth = generate(args.work, args.distinct, args.seed, args.reuse, args.faults, families=args.families)
    batch = args.work / "soak-batch"
    build_batch(source, batch, args.applicants)
    state = (args.state_dir or args.work / "state").absolute()
    state.mkdir(parents=True, exist_ok=True)
    fresh_state(state, keep_ocr=args.warm_start)
    child_data, samples, done = run_child(args, batch, state)
    summary = summarise(child_data, samples, done, args.cold, args.ref)
    res = {"schema": SCHEMA, "engine": args.engine,
           "machine": f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
           "corpus": {"applicants": args.applicants, "distinct": len(truth["applicants"]), "seed": args.seed,
                      "families": args.families, "faults": args.faults},
           "summary": summary, "child": child_data, "samples": samples, "completed": done}
    out = args.json or args.work / "soak.json"
    out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    png = args.png or args.work.parent / "soak.png"
    plot(png, samples, done, summary, args.cold)
    show(res)
    print(f"\nJSON: {out}\nplot: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
