"""Fraud section of the accuracy bench (issue 8): recall on seeded tamper cases, false alarms on
clean applicants.

    .venv/bin/python bench/fraud.py [--rounds 3] [--clean 50] [--seed 7] [--work bench/out/fraud]
                                    [--json PATH] [--engine paddle|rapid] [--workers 1]
                                    [--reuse] [--state-dir DIR]

Generates the fraud corpus (fixtures/fraud.py: two batches, fourteen tamper applicants per round
and `--clean` clean ones), audits the first batch and then the second against one persistent
fingerprint index (SQLite, as `preaudit audit --state-dir` keeps it), and scores:

- per signal family (duplicate, pdf_edited, seal_missing, seal_text) and per variant: recall,
  a case counting as found when the applicant's report has the case's finding code on the
  case's file (the finding's `evidence.file`, or one of its documents);
- false alarms: the share of clean applicants (no seeded case) with any of DUPLICATE_DOCUMENT,
  PDF_EDITED, SEAL_MISSING, SEAL_TEXT_MISMATCH, and per code; and `stray` findings of these codes
  on tamper applicants' files that carry no such case;
- honest look-alikes among the clean applicants (issue 12): per kind (`multi_font`, `signed`,
  `producer` PDFs; `colleague` pairs with the same unit, months and 缴费基数) how many there are
  and how many drew PDF_EDITED or DUPLICATE_DOCUMENT.

`score_fraud(truth, reports, roots)` is shared with bench/accuracy.py (`--fraud-applicants`).
Targets (issue 8): recall >= 95 % duplicates and edited PDFs, >= 90 % missing seals; <= 2 % of
clean applicants with any of the four codes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_auditor, DEFAULT_SEED, POLICY, ROOT, ratio, report_files_by_truth_path, table  # noqa: E402

SCHEMA = "preaudit.bench.fraud/1"
FRAUD_CODES = ("DUPLICATE_DOCUMENT", "PDF_EDITED", "SEAL_MISSING", "SEAL_TEXT_MISMATCH")
FAMILIES = ("duplicate", "pdf_edited", "seal_missing", "seal_text")
FAMILY_CODES = dict(zip(FAMILIES, FRAUD_CODES))
TARGETS = {"duplicate": 0.95, "pdf_edited": 0.95, "seal_missing": 0.90, "seal_text": None}
MAX_CLEAN_FALSE_ALARMS = 0.02
TAMPER_PER_ROUND = 14  # len(preaudit.fixtures.fraud.SLOTS)


def split(applicants: int) -> tuple[int, int]:
    """(rounds, clean) for a fraud corpus of about `applicants` applicants: ~40 % tamper."""
    rounds = max(1, round(applicants * 0.4 / TAMPER_PER_ROUND))
    return rounds, max(0, applicants - TAMPER_PER_ROUND * rounds)


def generate(work: Path, rounds: int, clean: int, seed: int, reuse: bool = False) -> dict:
    from preaudit.fixtures.fraud import generate_fraud

    out = work / "corpus"
    truth_path = out / "truth.json"
    if reuse and truth_path.is_file():
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if (truth.get("seed"), truth.get("rounds"), truth.get("clean")) == (seed, rounds, clean):
            return truth
    return generate_fraud(out, rounds, clean, seed)


def audit(corpus: Path, truth: dict, engine: str, workers: int,
          state_dir: Path | None) -> tuple[dict[str, dict], float]:
    """Audit each batch in order against one fresh persistent index; {key: report dict}, seconds."""
    from preaudit.pipeline.integrity.dupindex import index_for
    from preaudit.pipeline.report.writer import report_json

    auditor = bench_auditor(engine, state_dir, corpus.parent)
    index_dir = corpus.parent / "index"
    (index_dir / "fingerprints.sqlite").unlink(missing_ok=True)
    index = index_for(index_dir)
    reports: dict[str, dict] = {}
    started = time.perf_counter()
    try:
        for k, name in enumerate(truth.get("batches", ["batch"])):
            result = auditor.audit_batch(corpus / name, workers=workers, index=index, batch_id=f"fraud-bench-{k + 1}")
            reports.update({r.key: report_json(r) for r in result.reports})
    finally:
        index.close()
    return reports, time.perf_counter() - started


def _found(report: dict, code: str, rpath: str | None) -> bool:
    if report is None or rpath is None:
        return False
    docs = report.get("documents", [])
    for f in report.get("findings", []):
        if f["code"] != code:
            continue
        ev = f.get("evidence") or {}
        if ev.get("file") == rpath or any(0 <= i < len(docs) and docs[i].get("file") == rpath
                                          for i in f.get("documents", [])):
            return True
    return False


def _finding_files(report: dict, f: dict) -> set[str]:
    docs = report.get("documents", [])
    out = {docs[i]["file"] for i in f.get("documents", []) if 0 <= i < len(docs)}
    ev = f.get("evidence") or {}
    if isinstance(ev.get("file"), str):
        out.add(ev["file"])
    return out


def score_fraud(truth: dict, reports: dict[str, dict], roots: dict[str, Path]) -> dict[str, Any]:
    """Recall per family and variant, false alarms on clean applicants, stray findings.

    `roots`: batch name -> the folder holding that batch's applicant folders.
    """
    from preaudit.pipeline.intake.ingest import safe_key

    fam: dict[str, dict[str, Any]] = defaultdict(lambda: {"cases": 0, "found": 0, "missed": []})
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: {"cases": 0, "found": 0})
    clean = {"n": 0, "with_any": 0, "by_code": defaultdict(int), "applicants": []}
    honest: dict[str, dict[str, Any]] = defaultdict(lambda: {"n": 0, "flagged": 0, "applicants": []})
    stray: list[dict[str, Any]] = []
    for folder, app in sorted(truth["applicants"].items(), key=lambda kv: kv[1]["index"]):
        report = reports.get(safe_key(folder))
        root = roots.get(app.get("batch", "batch"), next(iter(roots.values())))
        path_map = report_files_by_truth_path(root / folder, report) if report else {}
        cases = app.get("fraud", [])
        for case in cases:
            ok = _found(report, case["code"], path_map.get(case["file"]))
            for bucket in (fam[case["family"]], kinds[f"{case['family']}/{case['kind']}"]):
                bucket["cases"] += 1
                bucket["found"] += ok
            if not ok:
                fam[case["family"]]["missed"].append({"folder": folder, "kind": case["kind"],
                                                      "file": case["file"]})
        got = [f for f in (report or {}).get("findings", []) if f["code"] in FRAUD_CODES]
        if not cases:
            clean["n"] += 1
            codes = sorted({f["code"] for f in got})
            kinds_here = {m.split(":", 1)[0] for m in app.get("honest") or []}
            if app.get("colleague_of"):
                kinds_here.add("colleague")
            for kind in kinds_here:
                code = "DUPLICATE_DOCUMENT" if kind == "colleague" else "PDF_EDITED"
                honest[kind]["n"] += 1
                if code in codes:
                    honest[kind]["flagged"] += 1
                    honest[kind]["applicants"].append(folder)
            for c in codes:
                clean["by_code"][c] += 1
            if codes:
                clean["with_any"] += 1
                clean["applicants"].append({"folder": folder, "codes": codes,
                                            "files": sorted({p for f in got for p in _finding_files(report, f)})})
            continue
        expected = {(c["code"], path_map.get(c["file"])) for c in cases}
        for f in got:
            files = _finding_files(report, f)
            if not any((f["code"], p) in expected for p in files):
                stray.append({"folder": folder, "code": f["code"], "files": sorted(files)})
    families = {}
    for name in FAMILIES:
        v = fam.get(name, {"cases": 0, "found": 0, "missed": []})
        families[name] = {"cases": v["cases"], "found": v["found"], "recall": ratio(v["found"], v["cases"]),
                          "target": TARGETS[name], "missed": v["missed"]}
    return {
        "families": families,
        "kinds": {k: {**v, "recall": ratio(v["found"], v["cases"])} for k, v in sorted(kinds.items())},
        "clean_applicants": clean["n"],
        "clean_with_any": clean["with_any"],
        "clean_false_alarm_rate": ratio(clean["with_any"], clean["n"]),
        "clean_false_alarms_by_code": dict(clean["by_code"]),
        "clean_false_alarms": clean["applicants"],
        "max_clean_false_alarm_rate": MAX_CLEAN_FALSE_ALARMS,
        "honest": {k: dict(v) for k, v in sorted(honest.items())},
        "stray": stray,
    }


def show(result: dict[str, Any]) -> None:
    c = result.get("corpus", {})
    if c:
        print(f"fraud corpus: {c['applicants']} applicants in {c['batches']} batches ({c['clean']} clean, "
              f"{c['cases']} tamper cases), seed {c['seed']}; audit {result['audit_seconds']:.1f} s wall")
    rows = [[name, v["cases"], v["found"], _p(v["recall"]), _p(v["target"]) if v["target"] else "-"]
            for name, v in result["families"].items()]
    print(table(rows, ["fraud signal", "cases", "found", "recall", "target"]))
    print()
    rows = [[k, v["cases"], v["found"], _p(v["recall"])] for k, v in result["kinds"].items()]
    print(table(rows, ["variant", "cases", "found", "recall"]))
    print()
    by = ", ".join(f"{k} {v}" for k, v in sorted(result["clean_false_alarms_by_code"].items())) or "none"
    print(f"clean applicants with any fraud finding: {result['clean_with_any']} of {result['clean_applicants']} "
          f"({_p(result['clean_false_alarm_rate'])}; target <= {_p(MAX_CLEAN_FALSE_ALARMS)}); by code: {by}")
    if result.get("honest"):
        print("honest look-alikes among them: " + ", ".join(
            f"{k} {v['flagged']} of {v['n']} flagged" for k, v in result["honest"].items()))
    print(f"stray fraud findings on tamper applicants' other files: {len(result['stray'])}")
    for fam in result["families"].values():
        for m in fam["missed"][:8]:
            print(f"  missed: {m['kind']} {m['folder']}/{m['file']}")
    for a in result["clean_false_alarms"][:8]:
        print(f"  false alarm: {a['folder']} {','.join(a['codes'])} {a['files']}")
    for s in result["stray"][:8]:
        print(f"  stray: {s['folder']} {s['code']} {s['files']}")


def _p(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def run(work: Path, rounds: int, clean: int, seed: int, engine: str = "paddle", workers: int = 1,
        state_dir: Path | None = None, reuse: bool = False) -> dict[str, Any]:
    """Generate, audit and score; the result dict (also what accuracy.json holds under "fraud")."""
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    truth = generate(work, rounds, clean, seed, reuse)
    generated = time.perf_counter() - started
    corpus = work / "corpus"
    reports, wall = audit(corpus, truth, engine, workers, state_dir)
    apps = truth["applicants"].values()
    result: dict[str, Any] = {
        "schema": SCHEMA, "engine": engine, "workers": workers,
        "generate_seconds": round(generated, 2), "audit_seconds": round(wall, 2),
        "corpus": {"applicants": len(truth["applicants"]), "seed": seed, "rounds": rounds,
                   "clean": sum(1 for a in apps if not a.get("fraud")),
                   "cases": sum(len(a.get("fraud", [])) for a in apps),
                   "batches": len(truth.get("batches", ["batch"]))},
    }
    result.update(score_fraud(truth, reports, {b: corpus / b for b in truth.get("batches", ["batch"])}))
    saved = work / "reports"
    saved.mkdir(parents=True, exist_ok=True)
    for key, report in reports.items():
        (saved / f"{key}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3, help="fourteen tamper applicants per round")
    ap.add_argument("--clean", type=int, default=50, help="clean applicants")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "fraud")
    ap.add_argument("--json", type=Path, default=None, help="default: <work>/fraud.json")
    ap.add_argument("--engine", choices=("paddle", "rapid"), default="paddle")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--reuse", action="store_true", help="reuse a corpus already in <work> with these settings")
    ap.add_argument("--state-dir", type=Path, default=None, help="OCR disk cache (default: memory only)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    result = run(args.work, args.rounds, args.clean, args.seed, args.engine, args.workers,
                 args.state_dir, args.reuse)
    out = args.json or args.work / "fraud.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    show(result)
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
