"""Accuracy of the pipeline on a generated corpus with ground truth (issue 3).

    .venv/bin/python bench/accuracy.py [--applicants 40] [--seed 7] [--work bench/out/accuracy]
                                       [--json PATH] [--engine paddle|rapid] [--workers 1]
                                       [--reuse] [--state-dir DIR] [--fraud-applicants N]
                                       [--families dev|holdout|both]

Generates the corpus (fixtures/: 40 applicants cover every scenario of the cycle; more repeat
it with other people and deliveries), audits it with the default policy exactly as
`preaudit audit` does (`preaudit.pipeline.run.audit_batch`), and compares each report with truth.json:

- per document type: document-type accuracy (a truth document counts as typed when the report
  has a document of that type for the same file) and field exact-match after normalisation
  (NFKC, whitespace removed, case-folded; numbers to cents; the pension table row by row on
  month, employer, region, base and status). `fields` counts every field of every truth
  document of the type (a document not found counts all its fields wrong); `typed` only those
  of documents typed correctly. Fields the corpus made unreadable on purpose are left out.
  The same figures split by how the file was made (born-digital PDF, phone photo, scan) are in
  the JSON and in the printed table, with the overall figures per class (`overall`) and the
  share of pension certificates whose whole monthly table is right (`monthly_tables_exact`).
- per finding code: recall over the applicants whose truth expects the code, and the
  applicants where it was reported although neither expected nor tolerated.
- false-alarm rate: the share of clean applicants (expected verdict `pass`) with any error.
- verdict accuracy: strict (report verdict == expected) and tolerant (== the verdict of the
  expected codes plus the tolerated codes that were reported).
- files accounted for: input files that appear in report.json `files`, and whose status
  (processed | unreadable | unsupported) matches the truth.

- calibration (JSON only): every field value the reports carry for a truth document, bucketed by
  its `source` and confidence decile and by its `certainty` where the report has one, with how
  many of them were right, so that confidence thresholds can be calibrated.
- seeded-fault recall over all expected codes, and a second false-alarm rate: clean applicants
  with any fraud-family finding (DUPLICATE_DOCUMENT, PDF_EDITED, SEAL_MISSING,
  SEAL_TEXT_MISMATCH, ID_CARD_VALIDITY_INVALID), whatever its severity.

`--families dev|holdout|both` draws the documents after the bundled eight with the independent
layout families of fixtures/families/ (`preaudit fixtures --families`) instead of the corpus's
own layouts, and adds the figures per family (document type + family name); `both` generates
and audits two corpora, the development families and the held-out ones, and reports them
separately (JSON `families.dev` / `families.holdout`). Held-out families are for measuring only.

The figures are printed and written as JSON (default `<work>/accuracy.json`), each applicant's
report.json dict under `<work>/reports/` (`<work>/reports-<families>/` with families). An OCR cache
under `--state-dir` makes a rerun on the same corpus fast (the OCR results are the same).
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
from _common import (DEFAULT_SEED, POLICY, ROOT, field_equal, generate, ratio,  # noqa: E402
                     report_files_by_truth_path, table, bench_auditor)

SCHEMA = "preaudit.bench.accuracy/1"


def audit(batch: Path, engine: str, workers: int, state_dir: Path | None) -> tuple[dict[str, dict], float]:
    """Audit the batch; return {applicant key: report.json dict} and the wall seconds."""
    from preaudit.pipeline.report.writer import report_json

    auditor = bench_auditor(engine, state_dir, batch.parent)
    started = time.perf_counter()
    result = auditor.audit_batch(batch, workers=workers)
    wall = time.perf_counter() - started
    reports = {r.key: report_json(r) for r in result.reports}
    return reports, wall


DELIVERY_CLASSES = {"text_pdf": "born_digital", "edited_pdf": "born_digital",
                    "phone_jpg": "phone_photo", "photo_jpg": "phone_photo"}


def delivery_class(spec: dict) -> str:
    """born_digital (text-layer PDFs) | phone_photo (pages and cards photographed) | scan (the rest)."""
    return DELIVERY_CLASSES.get(spec.get("delivery", ""), "scan")


FRAUD_CODES = frozenset({"DUPLICATE_DOCUMENT", "PDF_EDITED", "SEAL_MISSING", "SEAL_TEXT_MISMATCH",
                         "ID_CARD_VALIDITY_INVALID"})


class Calibration:
    """Field values of the reports with whether each was right, bucketed for calibrating
    confidence thresholds: by `source` and confidence decile, and by `certainty` (a report
    field may not carry one)."""

    def __init__(self) -> None:
        self.by_source: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        self.by_certainty: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.by_certainty_source: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        self.certain_wrong: list[dict[str, Any]] = []

    # Deciles below 0.8; finer above, where the threshold for "certain" is chosen.
    EDGES = (0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 1.0001)

    @classmethod
    def decile(cls, conf: Any) -> str:
        try:
            c = min(max(float(conf), 0.0), 1.0)
        except (TypeError, ValueError):
            return "none"
        if c < cls.EDGES[0]:
            k = min(int(c * 10), 9)
            return f"{k / 10:.2f}-{(k + 1) / 10:.2f}"
        for lo, hi in zip(cls.EDGES, cls.EDGES[1:]):
            if lo <= c < hi:
                return f"{lo:.2f}-{min(hi, 1.0):.2f}"
        return "1.00-1.00"

    def add(self, field: dict, ok: bool, doc_type: str = "", name: str = "", truth: Any = None) -> None:
        source = str(field.get("source") or "unknown")
        if not ok and field.get("certainty") == "certain" and len(self.certain_wrong) < 60:
            # the values a wrong "certain" would let an error rest on: what the mechanism missed
            self.certain_wrong.append({"type": doc_type, "field": name, "source": source,
                                       "confidence": field.get("confidence"),
                                       "truth": str(truth)[:60], "read": str(field.get("value"))[:60]})
        cell = self.by_source[source][self.decile(field.get("confidence"))]
        cell[0] += 1
        cell[1] += bool(ok)
        certainty = field.get("certainty")
        if certainty is not None:
            for cell in (self.by_certainty[str(certainty)], self.by_certainty_source[str(certainty)][source]):
                cell[0] += 1
                cell[1] += bool(ok)

    def result(self) -> dict[str, Any]:
        def cell(v: list[int]) -> dict[str, Any]:
            return {"n": v[0], "correct": v[1], "accuracy": ratio(v[1], v[0])}

        return {
            "by_source_decile": {s: {d: cell(v) for d, v in sorted(b.items())}
                                 for s, b in sorted(self.by_source.items())},
            "by_certainty": {c: cell(v) for c, v in sorted(self.by_certainty.items())},
            "by_certainty_source": {c: {s: cell(v) for s, v in sorted(b.items())}
                                    for c, b in sorted(self.by_certainty_source.items())},
            "certain_but_wrong": self.certain_wrong,
        }


def score(batch: Path, truth: dict, reports: dict[str, dict]) -> dict[str, Any]:
    from preaudit.fixtures.scenarios import verdict_of
    from preaudit.pipeline.intake.ingest import safe_key

    docs: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    by_group: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    field_stats: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    codes: dict[str, dict[str, Any]] = defaultdict(lambda: {"expected": 0, "reported": 0,
                                                            "missed": [], "unexpected": []})
    files = {"total": 0, "listed": 0, "status_ok": 0, "missing": []}
    verdicts = {"strict": 0, "tolerant": 0, "n": 0}
    clean = {"n": 0, "with_error": 0, "applicants": [], "with_fraud": 0, "fraud_applicants": []}
    by_family: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    calib = Calibration()
    applicants = []
    for folder, app in sorted(truth["applicants"].items(), key=lambda kv: kv[1]["index"]):
        key = safe_key(folder)
        report = reports.get(key)
        found_codes = {f["code"] for f in report["findings"]} if report else set()
        errors = sorted({f["code"] for f in report["findings"] if f["severity"] == "error"}) if report else []
        expected, tolerated = set(app["expected_codes"]), set(app["tolerated_codes"])
        for code in expected:
            codes[code]["expected"] += 1
            if code in found_codes:
                codes[code]["reported"] += 1
            else:
                codes[code]["missed"].append(folder)
        for code in found_codes - expected - tolerated:
            codes[code]["unexpected"].append(folder)
        got_verdict = report["verdict"] if report else "missing"
        verdicts["n"] += 1
        verdicts["strict"] += got_verdict == app["expected_verdict"]
        verdicts["tolerant"] += got_verdict == verdict_of(expected | (found_codes & tolerated))
        if app["expected_verdict"] == "pass":
            clean["n"] += 1
            if errors:
                clean["with_error"] += 1
                clean["applicants"].append({"folder": folder, "scenario": app["scenario"],
                                            "errors": errors})
            fraud = sorted(found_codes & FRAUD_CODES)
            if fraud:
                clean["with_fraud"] += 1
                clean["fraud_applicants"].append({"folder": folder, "scenario": app["scenario"],
                                                  "codes": fraud})
        applicants.append({
            "folder": folder, "scenario": app["scenario"], "expected_verdict": app["expected_verdict"],
            "verdict": got_verdict, "missed_codes": sorted(expected - found_codes),
            "unexpected_codes": sorted(found_codes - expected - tolerated),
        })
        # files and documents
        path_map = report_files_by_truth_path(batch / folder, report) if report else {}
        status_of = {f["path"]: f["status"] for f in report["files"]} if report else {}
        report_docs = report["documents"] if report else []
        for rel, spec in app["files"].items():
            files["total"] += 1
            rpath = path_map.get(rel)
            if rpath is None:
                files["missing"].append(f"{folder}/{rel}")
            else:
                files["listed"] += 1
                files["status_ok"] += status_of.get(rpath) == spec["status"]
            group = delivery_class(spec)
            for d in spec.get("documents", []):
                t = d["doc_type"]
                fam = by_family[f"{t}/{spec.get('family') or '(corpus layout)'}"]
                candidates = [r for r in report_docs if r["file"] == rpath]
                match = next((r for r in candidates if r["type"] == t and r["page"] == d["page"]), None) \
                    or next((r for r in candidates if r["type"] == t), None)
                docs[t]["n"] += 1
                fam["n"] += 1
                by_group[(t, group)]["n"] += 1
                confusion[t][match["type"] if match else
                             (candidates[0]["type"] if candidates else "none")] += 1
                if match:
                    docs[t]["typed"] += 1
                    fam["typed"] += 1
                    by_group[(t, group)]["typed"] += 1
                skip = set(d.get("unreadable_fields", []))
                for name, value in d["fields"].items():
                    if name in skip:
                        continue
                    got = (match or {}).get("fields", {}).get(name)
                    ok = got is not None and field_equal(name, value, got.get("value"))
                    if got is not None:
                        calib.add(got, ok, t, name, value)
                    docs[t]["fields"] += 1
                    docs[t]["fields_ok"] += ok
                    fam["fields"] += 1
                    fam["fields_ok"] += ok
                    by_group[(t, group)]["fields"] += 1
                    by_group[(t, group)]["fields_ok"] += ok
                    field_stats[(t, name)][0] += 1
                    field_stats[(t, name)][1] += ok
                    if match:
                        docs[t]["typed_fields"] += 1
                        docs[t]["typed_fields_ok"] += ok
    overall: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_, g), v in by_group.items():
        for k in ("n", "typed", "fields", "fields_ok"):
            overall[g][k] += v[k]
            overall["all"][k] += v[k]
    return {
        "overall": {g: {"documents": v["n"], "type_accuracy": ratio(v["typed"], v["n"]),
                        "fields": v["fields"], "field_exact": ratio(v["fields_ok"], v["fields"])}
                    for g, v in sorted(overall.items())},
        "monthly_tables_exact": field_stats.get(("pension_certificate", "months"), [0, 0])[1]
        / max(1, field_stats.get(("pension_certificate", "months"), [0, 0])[0]),
        "documents": {t: {"n": v["n"], "type_accuracy": ratio(v["typed"], v["n"]),
                          "field_exact": ratio(v["fields_ok"], v["fields"]), "fields": v["fields"],
                          "field_exact_when_typed": ratio(v["typed_fields_ok"], v["typed_fields"]),
                          "confusion": dict(confusion[t])}
                      for t, v in sorted(docs.items())},
        "documents_by_source": {f"{t}/{g}": {"n": v["n"], "type_accuracy": ratio(v["typed"], v["n"]),
                                             "field_exact": ratio(v["fields_ok"], v["fields"])}
                                for (t, g), v in sorted(by_group.items())},
        "fields": {f"{t}.{name}": {"n": n, "exact": ratio(ok, n)}
                   for (t, name), (n, ok) in sorted(field_stats.items())},
        "codes": {c: {"expected": v["expected"], "reported": v["reported"],
                      "recall": ratio(v["reported"], v["expected"]), "missed": v["missed"],
                      "unexpected": v["unexpected"]}
                  for c, v in sorted(codes.items())},
        "false_alarm_rate": ratio(clean["with_error"], clean["n"]),
        "false_alarm_rate_fraud": ratio(clean["with_fraud"], clean["n"]),
        "clean_applicants": clean["n"],
        "false_alarms": clean["applicants"],
        "fraud_false_alarms": clean["fraud_applicants"],
        "code_recall": ratio(sum(v["reported"] for v in codes.values()),
                             sum(v["expected"] for v in codes.values())),
        "by_family": {k: {"documents": v["n"], "type_accuracy": ratio(v["typed"], v["n"]),
                          "fields": v["fields"], "field_exact": ratio(v["fields_ok"], v["fields"])}
                      for k, v in sorted(by_family.items())},
        "calibration": calib.result(),
        "verdict_accuracy": ratio(verdicts["strict"], verdicts["n"]),
        "verdict_accuracy_tolerant": ratio(verdicts["tolerant"], verdicts["n"]),
        "files": {"total": files["total"], "accounted_for": ratio(files["listed"], files["total"]),
                  "status_match": ratio(files["status_ok"], files["total"]),
                  "missing": files["missing"]},
        "applicants": applicants,
    }


CLASSES = ("born_digital", "phone_photo", "scan")


def show(result: dict[str, Any]) -> None:
    c = result["corpus"]
    print(f"corpus: {c['applicants']} applicants, seed {c['seed']}, {c['files']} files, "
          f"{c['documents']} documents; engine {result['engine']}; audit {result['audit_seconds']:.1f} s "
          f"wall ({result['audit_seconds'] / max(1, c['applicants']):.1f} s per applicant)")
    print()
    rows = []
    o = result["overall"]
    for t, v in result["documents"].items():
        g = result["documents_by_source"]
        rows.append([t, v["n"], _p(v["type_accuracy"]), _p(v["field_exact"]), v["fields"],
                     _p(v["field_exact_when_typed"])]
                    + [_p(g.get(f"{t}/{c}", {}).get("field_exact")) for c in CLASSES])
    rows.append(["(all)", o["all"]["documents"], _p(o["all"]["type_accuracy"]), _p(o["all"]["field_exact"]),
                 o["all"]["fields"], ""] + [_p(o.get(c, {}).get("field_exact")) for c in CLASSES])
    print(table(rows, ["document type", "docs", "type acc", "fields exact", "fields", "when typed",
                       "born-digital", "phone photo", "scan"]))
    print(f"pension certificates with every monthly row right: {_p(result['monthly_tables_exact'])}")
    print()
    rows = [[code, v["expected"], v["reported"], _p(v["recall"]), len(v["unexpected"])]
            for code, v in result["codes"].items() if v["expected"] or v["unexpected"]]
    print(table(rows, ["finding code", "expected", "reported", "recall", "unexpected"]))
    print()
    print(f"false-alarm rate: {_p(result['false_alarm_rate'])} of {result['clean_applicants']} clean "
          f"applicants have an error finding"
          + (": " + "; ".join(f"{a['scenario']} {','.join(a['errors'])}" for a in result["false_alarms"])
             if result["false_alarms"] else ""))
    print(f"fraud-family false alarms: {_p(result['false_alarm_rate_fraud'])} of clean applicants have a "
          f"fraud-family finding"
          + (": " + "; ".join(f"{a['scenario']} {','.join(a['codes'])}" for a in result["fraud_false_alarms"])
             if result["fraud_false_alarms"] else ""))
    print(f"seeded-fault recall: {_p(result['code_recall'])} of expected finding codes reported")
    print(f"verdict accuracy: {_p(result['verdict_accuracy'])} strict, "
          f"{_p(result['verdict_accuracy_tolerant'])} with tolerated side-effect codes")
    f = result["files"]
    print(f"files accounted for: {_p(f['accounted_for'])} of {f['total']} "
          f"(status as expected: {_p(f['status_match'])})")


def show_families(result: dict[str, Any]) -> None:
    """The per-family and per-difficulty tables of a `--families` corpus."""
    rows = [[k, v["documents"], _p(v["type_accuracy"]), _p(v["field_exact"]), v["fields"]]
            for k, v in result["by_family"].items()]
    print(table(rows, ["document type / family", "docs", "type acc", "fields exact", "fields"]))
    print()
    o = result["overall"]
    rows = [[c, o.get(c, {}).get("documents", 0), _p(o.get(c, {}).get("type_accuracy")),
             _p(o.get(c, {}).get("field_exact")), o.get(c, {}).get("fields", 0)] for c in CLASSES + ("all",)]
    print(table(rows, ["difficulty", "docs", "type acc", "fields exact", "fields"]))
    print()
    print(f"fields overall {_p(o['all']['field_exact'])}, types overall {_p(o['all']['type_accuracy'])}, "
          f"verdicts {_p(result['verdict_accuracy'])}, seeded-fault recall {_p(result['code_recall'])}, "
          f"false alarms on clean applicants: any error {_p(result['false_alarm_rate'])}, "
          f"any fraud-family finding {_p(result['false_alarm_rate_fraud'])}")


def _p(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def run_corpus(args: argparse.Namespace, families: str | None) -> dict[str, Any]:
    """Generate (or reuse) one corpus, audit it, score it; save its reports."""
    started = time.perf_counter()
    batch, truth = generate(args.work, args.applicants, args.seed, args.reuse, args.faults, families)
    generated = time.perf_counter() - started
    reports, wall = audit(batch, args.engine, args.workers, args.state_dir)
    result = {"schema": SCHEMA, "engine": args.engine, "workers": args.workers,
              "generate_seconds": round(generated, 2), "audit_seconds": round(wall, 2),
              "corpus": {"applicants": len(truth["applicants"]), "seed": args.seed,
                         "families": families,
                         "files": sum(len(a["files"]) for a in truth["applicants"].values()),
                         "documents": sum(len(f.get("documents", [])) for a in truth["applicants"].values()
                                          for f in a["files"].values())}}
    result.update(score(batch, truth, reports))
    saved = args.work / ("reports" if families is None else f"reports-{families}")
    saved.mkdir(parents=True, exist_ok=True)
    for key, report in reports.items():  # report.json as `preaudit audit` writes it, to look into
        (saved / f"{key}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--applicants", type=int, default=40)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "accuracy")
    ap.add_argument("--json", type=Path, default=None, help="default: <work>/accuracy.json")
    ap.add_argument("--engine", choices=("paddle", "rapid"), default="paddle")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--faults", nargs="*", default=None, help="restrict the scenario cycle (fixtures --faults)")
    ap.add_argument("--reuse", action="store_true", help="reuse a corpus already in <work> with this seed and size")
    ap.add_argument("--state-dir", type=Path, default=None, help="OCR disk cache (default: memory only)")
    ap.add_argument("--fraud-applicants", type=int, default=0,
                    help="also run the fraud section (bench/fraud.py) on about N applicants; 0: skip")
    ap.add_argument("--families", choices=("dev", "holdout", "blind", "exposed", "both", "all"), default=None,
                    help="draw with the layout families of fixtures/families/: the development set, the "
                         "held-out set, the blind set (the newest generation), the exposed (older) blind ones, dev and held-out (both) or all four as corpora "
                         "reported separately (default: the corpus's own layouts)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.families is None:
        result = run_corpus(args, None)
    else:
        sets = {"both": ("dev", "holdout"), "all": ("dev", "holdout", "exposed", "blind")}.get(
            args.families, (args.families,))
        runs = {name: run_corpus(args, name) for name in sets}
        result = {"schema": SCHEMA, "engine": args.engine, "workers": args.workers,
                  "families": runs}
    if args.fraud_applicants > 0:  # issue 8: its own corpus, two batches, one persistent index
        import fraud
        rounds, clean = fraud.split(args.fraud_applicants)
        result["fraud"] = fraud.run(args.work / "fraud", rounds, clean, args.seed, args.engine,
                                    args.workers, args.state_dir, args.reuse)
    out = args.json or args.work / "accuracy.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.families is None:
        show(result)
    else:
        for name, run in result["families"].items():
            print(f"===== {name} families " + "=" * 60)
            show(run)
            print()
            show_families(run)
            print()
    if "fraud" in result:
        print()
        import fraud
        fraud.show(result["fraud"])
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
