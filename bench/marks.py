"""Hand marks on the pledge (001 §五(七) 承诺人手写签名并按手印): the signature and fingerprint
detector (pipeline/integrity/marks.py) on drawn pledges, clean and with a mark left out.

    .venv/bin/python bench/marks.py [--clean 30] [--negative 30] [--seed 7] [--work bench/out/marks]
                                    [--engine paddle|rapid] [--json PATH]

Draws `--clean` pledges with both marks and `--negative` pledges without the signature, without
the fingerprint, or without both (in turn), across the corpus's 信用中国 layout and the
development layout families of fixtures/families/pledge.py (never the held-out one) and across
delivery modes (text PDF, scanned PDF, scans, phone photos, a low-resolution scan); reads each
through the pipeline (pipeline/run.py read_file: render, OCR, extraction, integrity facts) and
counts, per mark, how the detector's yes / no / unknown meets the truth. A family that draws the
fingerprint only sometimes (integrity-gansu) is judged on what it drew.

What matters first is the false alarm: a "no" on a mark that is there (`false_no`); then the
found share of the marks left out (`no` on a missing mark). "unknown" is never a finding.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DELIVERIES = ("text_pdf", "image_pdf", "scan_jpg", "scan_png", "phone_jpg", "low_res_jpg")
NEGATIVES = (("unsigned", True, False), ("no_fingerprint", False, True), ("bare", True, True))


def layouts() -> list[str]:
    from preaudit.fixtures.marks import layouts as dev_layouts

    return dev_layouts()


def draw_case(index: int, seed: int, layout: str, delivery: str, omit: tuple[bool, bool]) -> tuple[bytes, dict]:
    from preaudit.fixtures.marks import pledge_file

    return pledge_file(index, seed, layout, delivery, signature=not omit[0], fingerprint=not omit[1])


def plan(clean: int, negative: int) -> list[tuple[str, str, tuple[bool, bool], str]]:
    """(layout, delivery, (omit signature, omit fingerprint), kind) for each case."""
    lays = layouts()
    out = []
    for i in range(clean):
        out.append((lays[i % len(lays)], DELIVERIES[(i // len(lays) + i) % len(DELIVERIES)], (False, False), "clean"))
    for i in range(negative):
        kind, s, f = NEGATIVES[i % len(NEGATIVES)]
        out.append((lays[(i // len(NEGATIVES)) % len(lays)], DELIVERIES[(i + i // 3) % len(DELIVERIES)], (s, f), kind))
    return out


def run(clean: int, negative: int, seed: int, work: Path, engine: str, keep: bool = False) -> dict[str, Any]:
    from preaudit.fixtures.marks import EXT
    from preaudit.pipeline.intake.ocr import OcrCache, make_engine
    from preaudit.pipeline.intake.walk import source_file
    from preaudit.pipeline.run import read_file

    work.mkdir(parents=True, exist_ok=True)
    ocr = OcrCache(make_engine(engine, None, work / "state"), work / "state")
    cases = []
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        folder = work / "cases" if keep else Path(tmp)
        folder.mkdir(exist_ok=True)
        for i, (layout, delivery, omit, kind) in enumerate(plan(clean, negative)):
            data, truth = draw_case(i, seed, layout, delivery, omit)
            path = folder / f"pledge_{i:03d}.{EXT[delivery]}"
            path.write_bytes(data)
            result = read_file(source_file(path, path.name, folder), ocr)
            pledges = [d for d in result.documents if d.doc_type.value == "pledge"]
            marks = pledges[0].meta.get("marks") if pledges else None
            got = {k: ((marks or {}).get(k) or {}).get("state", "unread") for k in ("signature", "fingerprint")}
            reasons = {k: ((marks or {}).get(k) or {}).get("reason") for k in ("signature", "fingerprint")}
            measures = {k: ((marks or {}).get(k) or {}).get("measures") for k in ("signature", "fingerprint")}
            cases.append({"i": i, "kind": kind, **truth, "got": got, "reasons": reasons, "measures": measures,
                          "classified": bool(pledges)})
            print(f"{i:3d} {kind:15s} {layout:16s} {delivery:12s} sig {truth['signature']!s:5s}->{got['signature']:8s}"
                  f" fp {truth['fingerprint']!s:5s}->{got['fingerprint']:8s} {reasons}", flush=True)
    return {"schema": "preaudit.bench.marks/1", "seed": seed, "clean": clean, "negative": negative,
            "engine": engine, "score": score(cases), "cases": cases}


def score(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Per mark: present/absent × yes/no/unknown; false_no (a "no" on a present mark: a false
    alarm) and found (a "no" on an absent one)."""
    out: dict[str, Any] = {}
    for mark in ("signature", "fingerprint"):
        table: dict[str, Counter] = defaultdict(Counter)
        for c in cases:
            table["present" if c[mark] else "absent"][c["got"][mark]] += 1
        present, absent = table["present"], table["absent"]
        out[mark] = {"present": dict(present), "absent": dict(absent),
                     "false_no": present["no"], "present_total": sum(present.values()),
                     "found": absent["no"], "absent_total": sum(absent.values()),
                     "false_yes": absent["yes"]}
    by_delivery: dict[str, Counter] = defaultdict(Counter)
    for c in cases:
        for mark in ("signature", "fingerprint"):
            by_delivery[c["delivery"]][f"{mark}:{'present' if c[mark] else 'absent'}:{c['got'][mark]}"] += 1
    out["by_delivery"] = {k: dict(v) for k, v in sorted(by_delivery.items())}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=int, default=30)
    ap.add_argument("--negative", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "marks")
    ap.add_argument("--engine", default="paddle")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", action="store_true", help="keep the drawn files under WORK/cases")
    args = ap.parse_args(argv)
    result = run(args.clean, args.negative, args.seed, args.work, args.engine, args.keep)
    for mark in ("signature", "fingerprint"):
        s = result["score"][mark]
        print(f"{mark}: present {s['present_total']} -> {s['present']} (false 'no': {s['false_no']}); "
              f"absent {s['absent_total']} -> {s['absent']} (found: {s['found']}, false 'yes': {s['false_yes']})")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
