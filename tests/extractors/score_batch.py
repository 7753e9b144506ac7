"""Field exact-match figures of an audited generated batch against its ground truth.

    .venv/bin/preaudit fixtures /tmp/r4
    .venv/bin/preaudit audit /tmp/r4/batch --out /tmp/r4/out --state-dir /tmp/r4state
    .venv/bin/python -m tests.extractors.score_batch /tmp/r4/truth.json /tmp/r4/out [-v]

Every field the truth gives for a file is compared with the value in that file's document of the
same type in report.json (strings after `preaudit.pipeline.values.text.nfkc`; the pension table by month and
status). Figures are per document type and per delivery (text-layer PDF or scan). A file whose
document is missing or of another type counts every field as wrong. Fields listed in SKIP are
not read yet by design and are reported apart.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from preaudit.pipeline.intake.ingest import safe_key
from preaudit.pipeline.values.text import nfkc

SKIP: set[tuple[str, str]] = set()  # (doc type, field) pairs not scored


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return nfkc(value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def _months(rows: Any) -> Any:
    if not isinstance(rows, list):
        return rows
    return [{k: r.get(k) for k in ("month", "status")} for r in rows if isinstance(r, dict)]


def score(truth_path: Path, out: Path) -> tuple[dict, list]:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[tuple] = []
    for folder, app in sorted(truth["applicants"].items()):
        report_path = out / safe_key(folder) / "report.json"
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {"documents": []}
        docs = {(d["file"], d["type"]): d for d in report["documents"]}
        for path, spec in sorted(app["files"].items()):
            delivery = "text_pdf" if spec.get("delivery") == "text_pdf" else "scan"
            # a file may hold several documents (both ID card faces on one copy)
            for entry in spec.get("documents") or [spec, *spec.get("also", [])]:
                _score_document(entry, path, folder, delivery, docs, counts, wrong)
    return dict(counts), wrong


def _score_document(entry: dict, path: str, folder: str, delivery: str, docs: dict, counts: dict, wrong: list) -> None:
    doc_type = entry.get("doc_type")
    if not doc_type or not entry.get("fields"):
        return
    doc = docs.get((path, doc_type))
    for name, expected in entry["fields"].items():
        if (doc_type, name) in SKIP:
            continue
        got = doc["fields"].get(name, {}).get("value") if doc else None
        if name == "months":
            expected, got = _months(expected), _months(got)
        counts[(doc_type, delivery)][1] += 1
        if doc is not None and _norm(got) == _norm(expected):
            counts[(doc_type, delivery)][0] += 1
        else:
            wrong.append((folder, path, doc_type, name, expected, got if doc else "<no document of that type>"))


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if len(args) != 2:
        print(__doc__)
        return 2
    counts, wrong = score(Path(args[0]), Path(args[1]))
    print(f"{'doc type':<28}{'delivery':<10}{'exact':>8}{'fields':>8}{'rate':>9}")
    for (doc_type, delivery), (ok, total) in sorted(counts.items()):
        print(f"{doc_type:<28}{delivery:<10}{ok:>8}{total:>8}{100 * ok / total:>8.1f}%")
    ok, total = sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())
    print(f"{'all':<38}{ok:>8}{total:>8}{100 * ok / max(total, 1):>8.1f}%")
    if SKIP:
        print("not scored:", ", ".join(f"{t}.{f}" for t, f in sorted(SKIP)))
    if verbose or wrong:
        for item in wrong if verbose else wrong[:40]:
            print("  MISMATCH", *item)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
