"""Speed of the pipeline by stage, and of the naive baseline, on a generated corpus (issue 3).

    .venv/bin/python bench/speed.py [--applicants 12] [--seed 7] [--work bench/out/speed]
                                    [--json PATH] [--engine paddle|rapid]
                                    [--baseline-pages 40 | --no-baseline] [--reuse]

Two child processes run one after the other on the same generated batch, each with a fresh
engine and a memory-only OCR cache (so every raster page is really OCRed once), so that their
peak RSS is their own:

- pipeline: `preaudit.pipeline.run.audit_batch` as `preaudit audit` runs it (one worker), then the
  reports written as `preaudit audit` writes them. Stages are timed by wrapping the functions
  `preaudit.pipeline.run` calls (discover = ingest, render_file = render, the OCR engine's read = OCR,
  extract_documents = extract, run_rules = validate, write_applicant/write_batch = report);
  render excludes the OCR time inside it. Wall seconds (perf_counter) and CPU seconds
  (process_time: every thread of the process, so ONNX Runtime's too). Model loading is done
  before timing starts and reported on its own. Pages are split by how the pipeline read
  them: `text` (every page from a PDF text layer) and `raster` (scans, photos, image PDFs).
- baseline: the same OCR engine and models run on every page at full resolution with the
  engine's settings as the pipeline constructs them, and nothing else: PDF pages (text layer
  or not) rendered at 300 dpi, images decoded at their own size, no resizing, no text-layer
  shortcut, no cache. `--baseline-pages N` measures N pages spread evenly over both kinds
  (0 = every page) and extrapolates per kind to the whole batch.

Printed: seconds per page by stage for text-layer PDFs and rasters, and the parts of stages
(`PARTS`: the text-layer check, seals, detection, recognition), per applicant, peak RSS, the
baseline's seconds per page and the ratio baseline / pipeline. Written as JSON too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_SEED, POLICY, ROOT, bench_state, generate, table  # noqa: E402

SCHEMA = "preaudit.bench.speed/1"
STAGES = ("ingest", "render", "ocr", "extract", "validate", "report")
# "integrity" (seals, PDF structure, fingerprints: preaudit.pipeline.run._integrity) is timed apart when
# the pipeline has it; OCR run inside any stage is counted as OCR.
SHOWN = ("ingest", "render", "ocr", "extract", "integrity", "validate", "report")
# Parts of those stages, timed inside them (issue 17: where the time goes): "check" (the text layer
# checked against the rendered page, in render), "seals" (finding seals: in integrity, and in render
# for the second look under them; OCR of their rings excluded), "detect" and "recognise" (the two
# models inside OCR; the rest of "ocr" is paddlex's glue: box sorting, crops, batching).
PARTS = {"check": "render", "seals": "render + integrity", "detect": "ocr", "recognise": "ocr"}
BASELINE_DPI = 300


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


class Clock:
    """Wall and CPU seconds of one timed span."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


# --------------------------------------------------------------------------- child: pipeline

def child_pipeline(batch: Path, out: Path, engine_name: str) -> dict[str, Any]:
    import numpy as np

    import preaudit.pipeline.run as run
    from preaudit.pipeline.auditor import AuditOptions, Auditor
    from preaudit.pipeline.intake.crops import PageCropper
    from preaudit.pipeline.intake.ocr import make_engine
    from preaudit.pipeline.report.writer import write_applicant, write_batch

    state = bench_state(batch.parent.parent)  # work/corpus/batch -> work/state
    engine = make_engine(engine_name, None, state)
    clock = Clock()
    engine.read(np.full((64, 256, 3), 255, np.uint8))  # load the models before timing
    load_wall, load_cpu = clock.stop()
    rss_loaded = _rss_mb()

    stage = {s: [0.0, 0.0] for s in STAGES + ("integrity",)}
    ocr_total = [0.0, 0.0]
    per_file: dict[str, dict[str, Any]] = {}
    per_app: dict[str, dict[str, Any]] = {}
    current = {"file": None}

    def file_entry(key: str) -> dict[str, Any]:
        return per_file.setdefault(key, {s: [0.0, 0.0] for s in ("render", "ocr", "extract", "integrity")}
                                   | {"pages": 0, "kind": None})

    class TimedEngine:
        name = engine.name

        def read(self, image):  # noqa: ANN001, ANN202 - OcrEngine protocol
            c = Clock()
            try:
                return engine.read(image)
            finally:
                w, u = c.stop()
                ocr_total[0] += w
                ocr_total[1] += u
                stage["ocr"][0] += w
                stage["ocr"][1] += u
                if current["file"] is not None:
                    f = file_entry(current["file"])
                    f["ocr"][0] += w
                    f["ocr"][1] += u

    def wrap(name: str, fn, per_file_stage: bool):  # noqa: ANN001, ANN202
        """Time `fn` as stage `name`, without the OCR done inside it."""
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            sf = args[0] if per_file_stage and args else None
            key = getattr(sf, "abs_path", None)
            outer = current["file"]
            if key:
                file_entry(key)
                current["file"] = key
            before = tuple(ocr_total)
            c = Clock()
            try:
                result = fn(*args, **kwargs)
            finally:
                w, u = c.stop()
                w -= ocr_total[0] - before[0]
                u -= ocr_total[1] - before[1]
                stage[name][0] += w
                stage[name][1] += u
                if key:
                    per_file[key][name][0] += w
                    per_file[key][name][1] += u
                current["file"] = outer
            if name == "render" and key:
                pages = getattr(result, "pages", [])
                per_file[key]["pages"] = len(pages)
                per_file[key]["kind"] = ("text" if pages and all(p.source == "pdf_text" for p in pages)
                                         else "raster")
            return result
        return timed

    def per_applicant(fn, key_of):  # noqa: ANN001, ANN202
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            c = Clock()
            result = fn(*args, **kwargs)
            w, u = c.stop()
            entry = per_app.setdefault(key_of(args[0]), {"wall": 0.0, "cpu": 0.0})
            entry["wall"] += w
            entry["cpu"] += u
            return result
        return timed

    # the functions preaudit.pipeline.run calls by module-level name (absent ones are skipped)
    run.discover = wrap("ingest", run.discover, False)
    run.render_file = wrap("render", run.render_file, True)
    run.extract_documents = wrap("extract", run.extract_documents, True)
    if hasattr(run, "_integrity"):
        run._integrity = wrap("integrity", run._integrity, True)
    run.run_rules = wrap("validate", run.run_rules, False)
    if hasattr(run, "check_duplicates"):
        run.check_duplicates = wrap("validate", run.check_duplicates, False)
    if hasattr(run, "collect_applicant"):
        run.collect_applicant = per_applicant(run.collect_applicant, lambda a: a.key)
        run.judge_applicant = per_applicant(run.judge_applicant, lambda c: c.applicant.key)
    else:
        run.audit_applicant = per_applicant(run.audit_applicant, lambda a: a.key)
    parts = {name: [0.0, 0.0] for name in PARTS}

    def part(name: str, fn, minus_ocr: bool = True):  # noqa: ANN001, ANN202
        """Time `fn` as part `name` of a stage (the stage's own figure still includes it)."""
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            before = tuple(ocr_total)
            c = Clock()
            try:
                return fn(*args, **kwargs)
            finally:
                w, u = c.stop()
                if minus_ocr:
                    w, u = w - (ocr_total[0] - before[0]), u - (ocr_total[1] - before[1])
                parts[name][0] += w
                parts[name][1] += u
        return timed

    def part_of_generator(name: str, fn):  # noqa: ANN001, ANN202
        """Time a paddlex predictor call, whose work happens as its results are drawn."""
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            c = Clock()
            items = list(fn(*args, **kwargs))
            w, u = c.stop()
            parts[name][0] += w
            parts[name][1] += u
            return iter(items)
        return timed

    import preaudit.pipeline.integrity.facts as facts
    import preaudit.pipeline.integrity.underseal as underseal
    import preaudit.pipeline.intake.render as render

    render.check_text_layer = part("check", render.check_text_layer)
    facts.scan_seals = part("seals", facts.scan_seals)
    underseal.find_seals = part("seals", underseal.find_seals)
    inner = getattr(getattr(getattr(engine, "_ocr", None), "paddlex_pipeline", None), "_pipeline", None)
    if inner is not None and hasattr(inner, "text_det_model") and hasattr(inner, "text_rec_model"):
        inner.text_det_model = part_of_generator("detect", inner.text_det_model)
        inner.text_rec_model = part_of_generator("recognise", inner.text_rec_model)
    else:  # another engine: no split of its reads
        del parts["detect"], parts["recognise"]
    auditor = Auditor(AuditOptions(policy=POLICY, engine=engine_name, state_dir=state, cache=False), engine=TimedEngine())
    policy, ocr = auditor.policy, auditor.ocr
    total = Clock()
    result = auditor.audit_batch(batch)
    audit_wall, audit_cpu = total.stop()
    c = Clock()
    for report in result.reports:
        write_applicant(report, out, crops=PageCropper())
    write_batch(result.batch, result.reports, out, policy.policy)
    w, u = c.stop()
    stage["report"] = [w, u]
    kinds: dict[str, dict[str, Any]] = defaultdict(lambda: {"files": 0, "pages": 0, **{
        s: [0.0, 0.0] for s in ("render", "ocr", "extract", "integrity")}})
    for f in per_file.values():
        k = kinds[f["kind"] or "unreadable"]
        k["files"] += 1
        k["pages"] += f["pages"]
        for s in ("render", "ocr", "extract", "integrity"):
            k[s][0] += f[s][0]
            k[s][1] += f[s][1]
    apps = [{"key": k, "wall": round(v["wall"], 3), "cpu": round(v["cpu"], 3)} for k, v in per_app.items()]
    return {"model_load": {"wall": round(load_wall, 3), "cpu": round(load_cpu, 3)},
            "rss_after_load_mb": round(rss_loaded, 1), "peak_rss_mb": round(_rss_mb(), 1),
            "audit": {"wall": round(audit_wall, 3), "cpu": round(audit_cpu, 3)},
            "stages": {s: {"wall": round(v[0], 3), "cpu": round(v[1], 3)} for s, v in stage.items()},
            "parts": {s: {"wall": round(v[0], 3), "cpu": round(v[1], 3), "of": PARTS[s]} for s, v in parts.items()},
            "kinds": {k: {"files": v["files"], "pages": v["pages"],
                          **{s: {"wall": round(v[s][0], 3), "cpu": round(v[s][1], 3)}
                             for s in ("render", "ocr", "extract", "integrity")}} for k, v in kinds.items()},
            "applicants": apps, "ocr_calls": ocr.misses}


# --------------------------------------------------------------------------- child: the command line

def child_cli(batch: Path, out: Path, engine_name: str, workers: int) -> dict[str, Any]:
    """`preaudit audit --workers N` as a user runs it, cold (`--no-cache`: every page OCRed, no
    index kept), timed from outside: wall, the CPU of the command and its reader processes, and
    the peak RSS of the largest of them (ru_maxrss of children: one process's peak, not a sum)."""
    cmd = [sys.executable, "-m", "preaudit.pipeline.cli", "audit", str(batch), "--out", str(out),
           "--engine", engine_name, "--no-cache", "--no-resume", "--no-progress", "--workers", str(workers),
           "--state-dir", str(bench_state(batch.parent.parent))]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = Clock()
    proc = subprocess.run(cmd, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True)
    wall = time.perf_counter() - clock.wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"speed bench: preaudit audit --workers {workers} failed: {proc.stderr[-2000:]}")
    applicants = sum(1 for p in out.iterdir() if (p / "report.json").is_file())
    return {"workers": workers, "wall": round(wall, 3),
            "cpu": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 3),
            "peak_rss_mb": round(after.ru_maxrss / 1024.0, 1), "applicants": applicants,
            "per_applicant_wall": round(wall / max(1, applicants), 3)}


# --------------------------------------------------------------------------- child: baseline

def _pages(batch: Path) -> list[dict[str, Any]]:
    """Every page of the batch: (file, page index, kind as the pipeline would read it)."""
    import pymupdf

    from preaudit.pipeline.intake.ingest import discover
    from preaudit.pipeline.intake.render import text_layer_is_usable, text_layer_lines

    out = []
    for applicant in discover(batch).applicants:
        for sf in applicant.files:
            if sf.kind == "image" and sf.size:
                out.append({"path": sf.abs_path, "page": 0, "kind": "raster", "pdf": False})
            elif sf.kind == "pdf" and sf.size:
                try:
                    with pymupdf.open(sf.abs_path) as doc:
                        if doc.needs_pass:
                            continue
                        for i, page in enumerate(doc):
                            usable = text_layer_is_usable(text_layer_lines(page))
                            out.append({"path": sf.abs_path, "page": i, "pdf": True,
                                        "kind": "text" if usable else "raster"})
                except Exception:  # noqa: BLE001 - unreadable files are not pages
                    continue
    return out


def _sample(pages: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    if n <= 0 or n >= len(pages):
        return pages
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in pages:
        by_kind[p["kind"]].append(p)
    out = []
    for kind, items in sorted(by_kind.items()):
        quota = max(1, round(n * len(items) / len(pages)))
        step = len(items) / quota
        out += [items[int(i * step)] for i in range(min(quota, len(items)))]
    return out


def child_baseline(batch: Path, engine_name: str, sample: int, dpi: int = BASELINE_DPI) -> dict[str, Any]:
    import cv2
    import numpy as np
    import pymupdf

    from preaudit.pipeline.intake.ocr import make_engine

    engine = make_engine(engine_name, None, bench_state(batch.parent.parent))
    clock = Clock()
    engine.read(np.full((64, 256, 3), 255, np.uint8))
    load_wall, load_cpu = clock.stop()
    pages = _pages(batch)
    chosen = _sample(pages, sample)
    kinds: dict[str, dict[str, Any]] = defaultdict(lambda: {"measured": 0, "render": [0.0, 0.0],
                                                            "ocr": [0.0, 0.0], "pixels": 0})
    for p in chosen:
        c = Clock()
        if p["pdf"]:  # the file's kind as ingest sniffed it, not its name (a PDF saved as .jpg)
            with pymupdf.open(p["path"]) as doc:
                pix = doc[p["page"]].get_pixmap(dpi=dpi)
                img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)
                img = cv2.cvtColor(img[:, :, :3], cv2.COLOR_RGB2BGR)
        else:
            img = cv2.imdecode(np.fromfile(p["path"], np.uint8), cv2.IMREAD_COLOR)
        rw, ru = c.stop()
        if img is None:  # a corrupt image: the pipeline reports it unreadable, the baseline skips it
            continue
        c = Clock()
        engine.read(img)
        ow, ou = c.stop()
        k = kinds[p["kind"]]
        k["measured"] += 1
        k["pixels"] += int(img.shape[0] * img.shape[1])
        k["render"][0] += rw
        k["render"][1] += ru
        k["ocr"][0] += ow
        k["ocr"][1] += ou
    counts = defaultdict(int)
    for p in pages:
        counts[p["kind"]] += 1
    return {"model_load": {"wall": round(load_wall, 3), "cpu": round(load_cpu, 3)},
            "peak_rss_mb": round(_rss_mb(), 1), "dpi": dpi, "pages": dict(counts),
            "kinds": {k: {"measured": v["measured"], "pages": counts[k],
                          "megapixels_per_page": round(v["pixels"] / max(1, v["measured"]) / 1e6, 2),
                          "render": {"wall": round(v["render"][0], 3), "cpu": round(v["render"][1], 3)},
                          "ocr": {"wall": round(v["ocr"][0], 3), "cpu": round(v["ocr"][1], 3)}}
                      for k, v in kinds.items()}}


# --------------------------------------------------------------------------- parent

def _child(args: argparse.Namespace, mode: str, batch: Path, result: Path, workers: int = 1) -> dict[str, Any]:
    out = args.work / ("reports" if mode != "cli" else f"reports-workers{workers}")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--batch", str(batch),
           "--result", str(result), "--engine", args.engine,
           "--baseline-pages", str(args.baseline_pages), "--baseline-dpi", str(args.baseline_dpi),
           "--out", str(out), "--cli-workers", str(workers)]
    proc = subprocess.run(cmd, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"speed bench: the {mode} child failed ({proc.returncode})")
    return json.loads(result.read_text(encoding="utf-8"))


def summarise(pipe: dict[str, Any], base: dict[str, Any] | None, applicants: int) -> dict[str, Any]:
    kinds = pipe["kinds"]
    pages = {k: v["pages"] for k, v in kinds.items() if k in ("text", "raster")}
    all_pages = sum(pages.values())
    per_page: dict[str, dict[str, Any]] = {}
    for kind in ("text", "raster"):
        v = kinds.get(kind)
        if not v or not v["pages"]:
            continue
        per_page[kind] = {s: {"wall": round(v[s]["wall"] / v["pages"], 4),
                              "cpu": round(v[s]["cpu"] / v["pages"], 4)}
                          for s in ("render", "ocr", "extract", "integrity") if s in v}
    st = pipe["stages"]
    per_page["all"] = {s: {"wall": round(st[s]["wall"] / max(1, all_pages), 4),
                           "cpu": round(st[s]["cpu"] / max(1, all_pages), 4)} for s in SHOWN if s in st}
    per_page["parts"] = {s: {"wall": round(v["wall"] / max(1, all_pages), 4), "cpu": round(v["cpu"] / max(1, all_pages), 4),
                             "of": v["of"]} for s, v in pipe.get("parts", {}).items()}
    total_wall = pipe["audit"]["wall"] + st["report"]["wall"]
    total_cpu = pipe["audit"]["cpu"] + st["report"]["cpu"]
    per_page["all"]["total"] = {"wall": round(total_wall / max(1, all_pages), 4),
                                "cpu": round(total_cpu / max(1, all_pages), 4)}
    walls = [a["wall"] for a in pipe["applicants"]]
    out: dict[str, Any] = {
        "pages": pages, "per_page": per_page,
        "per_applicant": {"wall_mean": round(statistics.fmean(walls), 3) if walls else None,
                          "wall_median": round(statistics.median(walls), 3) if walls else None,
                          "wall_max": round(max(walls), 3) if walls else None,
                          "cpu_mean": round(statistics.fmean(a["cpu"] for a in pipe["applicants"]), 3)
                          if walls else None,
                          "report_wall_mean": round(st["report"]["wall"] / max(1, applicants), 3)},
        "pipeline_total": {"wall": round(total_wall, 3), "cpu": round(total_cpu, 3)},
    }
    if base:
        est_wall = est_cpu = 0.0
        bp: dict[str, Any] = {}
        for kind, v in base["kinds"].items():
            if not v["measured"]:
                continue
            w = (v["render"]["wall"] + v["ocr"]["wall"]) / v["measured"]
            u = (v["render"]["cpu"] + v["ocr"]["cpu"]) / v["measured"]
            bp[kind] = {"wall": round(w, 4), "cpu": round(u, 4), "measured": v["measured"],
                        "pages": v["pages"]}
            est_wall += w * v["pages"]
            est_cpu += u * v["pages"]
        n = sum(base["pages"].values())
        bp["all"] = {"wall": round(est_wall / max(1, n), 4), "cpu": round(est_cpu / max(1, n), 4)}
        pipe_ocr_wall = st["render"]["wall"] + st["ocr"]["wall"]
        out["baseline"] = {"per_page": bp, "estimated_total": {"wall": round(est_wall, 2), "cpu": round(est_cpu, 2)},
                           "peak_rss_mb": base["peak_rss_mb"], "dpi": base["dpi"]}
        out["ratio"] = {
            "baseline_over_pipeline_total_wall": round(est_wall / total_wall, 2) if total_wall else None,
            "baseline_over_pipeline_total_cpu": round(est_cpu / total_cpu, 2) if total_cpu else None,
            "baseline_over_pipeline_render_ocr_wall": round(est_wall / pipe_ocr_wall, 2) if pipe_ocr_wall else None,
        }
        for kind in ("text", "raster"):
            if kind in bp and kind in per_page:
                mine = per_page[kind]["render"]["wall"] + per_page[kind]["ocr"]["wall"]
                out["ratio"][f"{kind}_page_render_ocr_wall"] = round(bp[kind]["wall"] / mine, 2) if mine else None
    return out


def show(res: dict[str, Any]) -> None:
    p, s = res["pipeline"], res["summary"]
    pages = s["pages"]
    print(f"corpus: {res['corpus']['applicants']} applicants, seed {res['corpus']['seed']}, "
          f"{sum(pages.values())} pages read ({pages.get('text', 0)} text-layer, {pages.get('raster', 0)} raster); "
          f"engine {res['engine']}; {res['machine']}")
    print(f"model load: {p['model_load']['wall']:.1f} s wall (not counted below); peak RSS "
          f"{p['peak_rss_mb']:.0f} MB (after load {p['rss_after_load_mb']:.0f} MB)")
    print()
    rows = []
    pp = s["per_page"]
    for st in SHOWN:
        if st not in p["stages"] or (st == "integrity" and not p["stages"][st]["wall"]):
            continue
        total = p["stages"][st]
        row = [st, f"{total['wall']:.2f}", f"{total['cpu']:.2f}"]
        for kind in ("text", "raster"):
            v = pp.get(kind, {}).get(st)
            row.append(f"{v['wall']:.3f} / {v['cpu']:.3f}" if v else "-")
        v = pp["all"][st]
        row.append(f"{v['wall']:.3f} / {v['cpu']:.3f}")
        rows.append(row)
    t = pp["all"]["total"]
    rows.append(["total", f"{s['pipeline_total']['wall']:.2f}", f"{s['pipeline_total']['cpu']:.2f}", "", "",
                 f"{t['wall']:.3f} / {t['cpu']:.3f}"])
    for name, v in p.get("parts", {}).items():
        q = pp.get("parts", {}).get(name)
        rows.append([f"  {name} (in {v['of']})", f"{v['wall']:.2f}", f"{v['cpu']:.2f}", "", "",
                     f"{q['wall']:.3f} / {q['cpu']:.3f}" if q else "-"])
    print(table(rows, ["stage", "wall s", "cpu s", "text PDF s/page (wall / cpu)",
                       "raster s/page (wall / cpu)", "all pages s/page"]))
    a = s["per_applicant"]
    print(f"\nper applicant: {a['wall_mean']:.2f} s wall mean (median {a['wall_median']:.2f}, max "
          f"{a['wall_max']:.2f}), {a['cpu_mean']:.2f} s CPU mean; + {a['report_wall_mean']:.2f} s to write its reports")
    if "baseline" in s:
        b = s["baseline"]
        bp = b["per_page"]
        print(f"\nnaive baseline (same engine, every page at full resolution: PDFs at {b['dpi']} dpi, "
              f"images as they are; no text layer, no resizing, no cache): peak RSS {b['peak_rss_mb']:.0f} MB")
        for kind in ("text", "raster", "all"):
            if kind in bp:
                extra = f" ({bp[kind]['measured']} of {bp[kind]['pages']} pages measured)" if kind != "all" else ""
                print(f"  {kind:6s} {bp[kind]['wall']:.3f} s/page wall, {bp[kind]['cpu']:.3f} s/page CPU{extra}")
        r = s["ratio"]
        print(f"  estimated for the whole batch: {b['estimated_total']['wall']:.1f} s wall, "
              f"{b['estimated_total']['cpu']:.1f} s CPU")
        print(f"ratio baseline / pipeline: {r['baseline_over_pipeline_total_wall']}x wall, "
              f"{r['baseline_over_pipeline_total_cpu']}x CPU (whole audit incl. extract, validate, reports); "
              f"{r['baseline_over_pipeline_render_ocr_wall']}x against the pipeline's render+OCR"
              + (f"; per raster page {r['raster_page_render_ocr_wall']}x" if r.get("raster_page_render_ocr_wall") else ""))


def show_rounds(rounds: list[dict[str, Any]]) -> None:
    """Per round: the staged pipeline, the baseline's estimate, their ratio, and each command timed."""
    rows = []
    for i, r in enumerate(rounds, 1):
        s = r["summary"]
        ratio = s.get("ratio", {}).get("baseline_over_pipeline_total_wall")
        base = s.get("baseline", {}).get("estimated_total", {}).get("wall")
        row = [str(i), f"{s['pipeline_total']['wall']:.1f}", f"{base:.1f}" if base else "-", f"{ratio}x" if ratio else "-"]
        row += [f"{c['wall']:.1f} s, {c['per_applicant_wall']:.2f} s/app, peak {c['peak_rss_mb']:.0f} MB"
                for c in r["cli"]]
        rows.append(row)
    heads = ["round", "pipeline s (staged, 1 process)", "baseline s (est.)", "baseline / pipeline"]
    heads += [f"preaudit audit --workers {c['workers']} (cold)" for c in rounds[0]["cli"]]
    print()
    print(table(rows, heads))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--applicants", type=int, default=12)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "speed")
    ap.add_argument("--json", type=Path, default=None, help="default: <work>/speed.json")
    ap.add_argument("--engine", choices=("paddle", "rapid"), default="paddle")
    ap.add_argument("--baseline-pages", type=int, default=40, help="pages the baseline measures (0 = all)")
    ap.add_argument("--baseline-dpi", type=int, default=300, help="PDF render resolution of the baseline")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--faults", nargs="*", default=None, help="restrict the scenario cycle (fixtures --faults)")
    ap.add_argument("--families", choices=("dev", "holdout", "blind", "exposed"), default=None,
                    help="draw the corpus with fixtures/families/ (the blind families' mix: holdout)")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--workers", type=int, nargs="*", default=[],
                    help="also time `preaudit audit --workers N` (cold, from outside) for each N given")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run pipeline, baseline and each --workers command in turn this many times")
    ap.add_argument("--cli-workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--child", choices=("pipeline", "baseline", "cli"), help=argparse.SUPPRESS)
    ap.add_argument("--batch", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        if args.child == "pipeline":
            data = child_pipeline(args.batch, args.out, args.engine)
        elif args.child == "cli":
            data = child_cli(args.batch, args.out, args.engine, args.cli_workers)
        else:
            data = child_baseline(args.batch, args.engine, args.baseline_pages, args.baseline_dpi)
        args.result.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    batch, truth = generate(args.work, args.applicants, args.seed, args.reuse, args.faults,
                           families=args.families)
    rounds = []
    for r in range(max(1, args.rounds)):  # in turn, so that a busy spell of the machine hits all alike
        pipe = _child(args, "pipeline", batch, args.work / "pipeline.json")
        base = None if args.no_baseline else _child(args, "baseline", batch, args.work / "baseline.json")
        cli = [_child(args, "cli", batch, args.work / f"cli-{n}.json", n) for n in args.workers]
        rounds.append({"pipeline": pipe, "baseline": base, "cli": cli,
                       "summary": summarise(pipe, base, len(truth["applicants"]))})
    first = rounds[0]
    res = {"schema": SCHEMA, "engine": args.engine,
           "machine": f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
           "corpus": {"applicants": len(truth["applicants"]), "seed": args.seed, "families": args.families},
           "pipeline": first["pipeline"], "baseline": first["baseline"], "summary": first["summary"],
           "rounds": rounds}
    out = args.json or args.work / "speed.json"
    out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    show(res)
    show_rounds(rounds)
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
