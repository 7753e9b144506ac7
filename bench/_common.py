"""Shared by bench/accuracy.py and bench/speed.py: corpus generation, value normalisation,
report <-> truth file matching, and small table printing. Not a test helper: benches only."""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POLICY = "kunming-panlong-2024q3"
DEFAULT_SEED = 7


def generate(work: Path, applicants: int, seed: int, reuse: bool = False,
             faults: list[str] | None = None, families: str | None = None) -> tuple[Path, dict]:
    """A generated corpus under `work/corpus` (`work/corpus-<families>` with layout families)
    (batch + truth.json); reused when asked and when the stored truth has the same seed, size
    and families. `faults` restricts the scenario cycle as `preaudit fixtures --faults` does;
    `families` ("dev" | "holdout" | "blind" | "exposed") draws with fixtures/families/ as `--families` does."""
    from preaudit.fixtures.generate import generate_batch

    out = work / (f"corpus-{families}" if families else "corpus")
    truth_path = out / "truth.json"
    if reuse and truth_path.is_file() and not faults:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if truth.get("seed") == seed and len(truth.get("applicants", {})) == applicants \
                and truth.get("families") == families:
            return out / "batch", truth
    kwargs = {"families": families} if families else {}
    truth = generate_batch(out, applicants, seed, faults=faults or None, **kwargs)
    return out / "batch", truth


def bench_state(work: Path) -> Path:
    """The bench's state directory: model links and paddlex's cache stay out of $HOME (OCR.md)."""
    return work / "state"


def bench_auditor(engine: str, state_dir: Path | None, work: Path, threads: int | None = None) -> Any:
    """The Auditor a bench audits with (pipeline/auditor.py): the bench policy, and the OCR cache
    in STATE_DIR/ocr-cache when a state directory is given (none otherwise)."""
    from preaudit.pipeline.auditor import AuditOptions, get_auditor

    cache = Path(state_dir) / "ocr-cache" if state_dir else None
    return get_auditor(AuditOptions(policy=POLICY, engine=engine, state_dir=cache or bench_state(work),
                                    cache=cache is not None, threads=threads))


def norm(value: Any) -> Any:
    """Normalise a field value for exact-match: NFKC, no whitespace, case-folded strings;
    numbers rounded to cents; month tables as sorted tuples; None, '' and [] alike."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return round(float(value), 2) if math.isfinite(float(value)) else None
    if isinstance(value, str):
        text = "".join(unicodedata.normalize("NFKC", value).split()).casefold()
        if len(text) <= 9 and re.fullmatch(r"-?\d+(\.\d+)?", text):
            return round(float(text), 2)  # "358" == 358, "4500.00" == 4500 (not ID numbers)
        return text
    if isinstance(value, dict):
        return tuple(sorted((k, norm(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        items = [norm(v) for v in value]
        if items and all(isinstance(v, tuple) for v in items):
            return tuple(sorted(items))
        return tuple(items)
    return str(value)


MONTH_KEYS = ("month", "employer", "region", "base", "status")


def months_norm(rows: Any) -> Any:
    if not isinstance(rows, list):
        return norm(rows)
    out = []
    for r in rows:
        if isinstance(r, dict):
            out.append(tuple(_number(r.get(k)) if k == "base" else norm(r.get(k))
                             for k in MONTH_KEYS))
    return tuple(sorted(out, key=repr))


def _number(value: Any) -> Any:
    try:
        return round(float(str(value).replace(",", "")), 2)
    except (TypeError, ValueError):
        return norm(value)


def field_equal(name: str, expected: Any, got: Any) -> bool:
    if name == "months":
        return months_norm(expected) == months_norm(got)
    return norm(expected) == norm(got)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def report_files_by_truth_path(folder: Path, report: dict) -> dict[str, str]:
    """truth path -> the path the report uses for it (matched by content hash, then by name)."""
    by_sha = {f.get("sha256"): f["path"] for f in report.get("files", [])}
    names = {f["path"] for f in report.get("files", [])}
    out: dict[str, str] = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name == "applicant.yaml":
            continue
        rel = p.relative_to(folder).as_posix()
        if rel in names:
            out[rel] = rel
            continue
        got = by_sha.get(sha256(p))
        if got is not None:
            out[rel] = got
    return out


def table(rows: list[list[Any]], header: list[str]) -> str:
    """A plain fixed-width table (CJK characters count double)."""
    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for k, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(r)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def pct(num: float, den: float) -> str:
    return "n/a" if not den else f"{100.0 * num / den:.1f}%"


def ratio(num: float, den: float) -> float | None:
    return None if not den else round(num / den, 4)
