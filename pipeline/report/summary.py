"""summary.csv, summary.xlsx and batch.json, rebuilt from every report in OUT.

OUT is shared: a batch run, the upload watcher and a served flow may all write reports into it.
Each writer therefore rebuilds the summary from every OUT/<key>/report.json (not only its own
reports), under OUT's summary lock, and replaces the three files atomically, so the summary always
describes every report in OUT. Applicants of a running batch that are not judged yet are listed too,
with `complete` false, so a killed run leaves a summary that says what is missing.

The 复核 columns come from OUT/<key>/review.json (pipeline/report/review.py), the record the
workbench writes at a sign-off, and only while it covers the report.json there now.

A report counts as complete when report.json parses with the right schema, report.html and
report.pdf are there, and its completion record (pipeline/ops/resume.py) vouches for all three.
Parsed reports are kept per process by (path, size, mtime), so a rebuild re-reads only what changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from dataclasses import asdict, dataclass, field, is_dataclass, replace
from pathlib import Path
from typing import Any

from preaudit.pipeline.report.cells import csv_cell
from preaudit.pipeline.model import SCHEMA, mask_id_number, mask_ids_in_json, mask_ids_in_text
from preaudit.pipeline.report.outdir import summary_lock, write_private, write_private_text
from preaudit.pipeline.report.review import read_review

VERDICT_ZH = {"pass": "通过", "needs_review": "需人工复核", "reject": "不通过"}
SUMMARY_COLUMNS = [
    "key", "name", "id_number_masked", "unit", "level", "verdict", "verdict_zh",
    "errors", "warnings", "infos", "files", "unreadable_files", "top_findings", "report", "complete",
    "review_verdict", "reviewer", "review_date",
]
PENDING_ZH = "未完成"
TOP_FINDINGS = 3
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
BATCH_ONLY_KEYS = ("manifest", "unassigned_files", "notes", "skipped_entries")



@dataclass(frozen=True)
class ReportView:
    """What the summary needs of one applicant: read from report.json, or a pending applicant."""

    key: str
    name: str = ""
    id_number_masked: str = ""
    unit: str = ""
    level: str = ""
    verdict: str = ""  # "" while pending
    findings: tuple[dict[str, Any], ...] = ()
    documents: tuple[tuple[str, str], ...] = ()  # (type, file) per report.json document
    files: tuple[dict[str, Any], ...] = ()
    file_count: int = 0
    complete: bool = False
    report: str = ""  # OUT-relative path of report.json
    # the latest sign-off that covers this report.json (OUT/<key>/review.json); "" when none
    review_verdict: str = ""
    reviewer: str = ""
    review_date: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any], complete: bool, report: str) -> "ReportView":
        applicant = data.get("applicant") or {}
        files = tuple(f for f in data.get("files") or [] if isinstance(f, dict))
        return cls(
            key=str(applicant.get("key", "")),
            name=str(applicant.get("name") or ""),
            id_number_masked=mask_id_number(applicant.get("id_number_masked") or ""),
            unit=str(applicant.get("unit") or ""),
            level=str(applicant.get("level") or ""),
            verdict=str(data.get("verdict") or ""),
            findings=tuple(f for f in data.get("findings") or [] if isinstance(f, dict)),
            documents=tuple((str(d.get("type", "")), str(d.get("file", ""))) for d in data.get("documents") or [] if isinstance(d, dict)),
            files=files,
            file_count=len(files),
            complete=complete,
            report=report,
        )

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.get("severity") == severity)

    def ranked(self) -> list[dict[str, Any]]:
        return sorted(self.findings, key=lambda f: SEVERITY_RANK.get(str(f.get("severity")), 3))


@dataclass(frozen=True)
class PendingApplicant:
    """An applicant of the running batch whose report is not (re)written yet."""

    key: str
    name: str = ""
    id_number: str = ""
    unit: str = ""
    level: str = ""
    files: int = 0

    def view(self) -> ReportView:
        return ReportView(key=self.key, name=self.name, id_number_masked=mask_id_number(self.id_number),
                          unit=self.unit, level=self.level, file_count=self.files)


@dataclass
class _Parsed:
    stamp: tuple[int, int]
    data: dict[str, Any] | None
    sha256: str


_cache: dict[Path, _Parsed] = {}
_cache_lock = threading.Lock()


def _slim(data: dict[str, Any]) -> dict[str, Any]:
    """What a summary row reads of a report (`ReportView.from_json`): the cache holds one per
    applicant of OUT for as long as the process runs, so not the documents' fields (issue 17:
    memory flat over a thousand applicants; bench/soak.py found the whole reports held here)."""
    keep = {k: data[k] for k in ("schema", "applicant", "files", "findings", "verdict") if k in data}
    keep["documents"] = [{"type": d.get("type"), "file": d.get("file")}
                         for d in data.get("documents") or [] if isinstance(d, dict)]
    return keep


def _parse(path: Path) -> _Parsed | None:
    try:
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns)
        with _cache_lock:
            hit = _cache.get(path)
        if hit is not None and hit.stamp == stamp:
            return hit
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            data = None
    except (UnicodeDecodeError, ValueError):
        data = None
    parsed = _Parsed(stamp, _slim(data) if data is not None else None, hashlib.sha256(raw).hexdigest())
    with _cache_lock:
        _cache[path] = parsed
    return parsed


def report_is_valid(folder: Path) -> bool:
    """report.json parses with the report schema and report.html and report.pdf are there."""
    parsed = _parse(folder / "report.json")
    if parsed is None or parsed.data is None:
        return False
    return all((folder / n).is_file() and (folder / n).stat().st_size > 0 for n in ("report.html", "report.pdf"))


def report_sha256(folder: Path) -> str | None:
    parsed = _parse(folder / "report.json")
    return parsed.sha256 if parsed is not None else None


def load_views(out_dir: Path) -> dict[str, ReportView]:
    """Every OUT/<folder>/report.json as a view (a broken one as an incomplete row)."""
    from preaudit.pipeline.ops.resume import record_vouches

    views: dict[str, ReportView] = {}
    if not out_dir.is_dir():
        return views
    for path in sorted(out_dir.glob("*/report.json")):
        folder = path.parent
        parsed = _parse(path)
        rel = f"{folder.name}/report.json"
        if parsed is None or parsed.data is None:
            views[folder.name] = ReportView(key=folder.name, report=rel)
            continue
        complete = report_is_valid(folder) and record_vouches(folder, parsed.sha256)
        view = ReportView.from_json(parsed.data, complete, rel)
        review = read_review(folder, parsed.sha256)
        if review is not None and review.latest is not None:
            view = replace(view, review_verdict=review.verdict_zh, reviewer=review.latest.user,
                           review_date=review.latest.date)
        views[folder.name] = view
    return views


def top_findings(view: ReportView, n: int = TOP_FINDINGS) -> list[str]:
    return [f"{f.get('code')}: {mask_ids_in_text(str(f.get('message', '')))}" for f in view.ranked()[:n]]


def summary_row(view: ReportView) -> dict[str, Any]:
    """One summary.csv / batch.json row (IDs masked); counts are None while pending."""
    done = bool(view.verdict)
    return {
        "key": view.key,
        "name": mask_ids_in_text(view.name),
        "id_number_masked": view.id_number_masked,
        "unit": mask_ids_in_text(view.unit),
        "level": mask_ids_in_text(view.level),
        "verdict": view.verdict,
        "verdict_zh": VERDICT_ZH.get(view.verdict, PENDING_ZH),
        "errors": view.count("error") if done else None,
        "warnings": view.count("warning") if done else None,
        "infos": view.count("info") if done else None,
        "files": view.file_count,
        "unreadable_files": sum(1 for f in view.files if f.get("status") != "processed") if done else None,
        "top_findings": "；".join(top_findings(view)),
        "report": view.report,
        "complete": view.complete,
        "review_verdict": mask_ids_in_text(view.review_verdict),
        "reviewer": mask_ids_in_text(view.reviewer),
        "review_date": view.review_date,
    }


def csv_text(rows: list[dict[str, Any]]) -> str:
    """summary.csv: every cell quoted, text cells escaped by the OWASP CSV-injection rule."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in SUMMARY_COLUMNS])
    return buf.getvalue()


def _entry_json(entry: Any) -> dict[str, Any]:
    """A skipped intake entry (preaudit.pipeline.intake.ingest: path, status, reason) as masked JSON."""
    if is_dataclass(entry) and not isinstance(entry, type):
        data = asdict(entry)
    elif isinstance(entry, dict):
        data = dict(entry)
    else:
        data = {k: getattr(entry, k) for k in ("path", "status", "reason") if hasattr(entry, k)}
    return mask_ids_in_json({k: (str(v) if isinstance(v, Path) else v) for k, v in data.items()})


@dataclass
class BatchInfo:
    """What a batch run knows beyond the reports: its manifest, stray files, notes, skipped entries."""

    manifest: str | None = None
    unassigned_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped_entries: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, batch: Any) -> "BatchInfo":
        return cls(
            manifest=batch.manifest.name if getattr(batch, "manifest", None) else None,
            unassigned_files=[mask_ids_in_text(str(s)) for s in getattr(batch, "stray_files", [])],
            notes=[mask_ids_in_text(str(n)) for n in getattr(batch, "notes", [])],
            skipped_entries=[_entry_json(e) for e in getattr(batch, "skipped", []) or []],
        )


def _previous(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / "batch.json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def write_summary(
    out_dir: Path,
    policy: str,
    batch: BatchInfo | None = None,
    pending: list[PendingApplicant] | None = None,
    extra: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Rebuild summary.csv (UTF-8 with BOM), summary.xlsx and batch.json from every report in OUT
    plus the pending applicants; returns the rows. `batch` None (an upload) keeps the batch-level
    fields of the batch.json already there."""
    from preaudit.pipeline.report.xlsx import xlsx_bytes

    out_dir = Path(out_dir)
    with summary_lock(out_dir):
        views = load_views(out_dir)
        for p in pending or []:
            views[p.key] = p.view()
        ordered = [views[k] for k in sorted(views)]
        rows = [summary_row(v) for v in ordered]
        write_private(out_dir / "summary.csv", csv_text(rows).encode("utf-8-sig"))
        write_private(out_dir / "summary.xlsx", xlsx_bytes(ordered, policy))
        previous = _previous(out_dir)
        if batch is None:
            carried = {k: previous[k] for k in previous if k not in ("schema", "policy", "applicants", "counts")}
            info = {k: carried.pop(k, [] if k != "manifest" else None) for k in BATCH_ONLY_KEYS}
        else:
            carried = {}
            info = asdict(batch)
        done = [v for v in ordered if v.verdict]
        counts = {
            "applicants": len(ordered),
            **{v: sum(1 for r in done if r.verdict == v) for v in VERDICT_ZH},
            "complete": sum(1 for v in ordered if v.complete),
            "pending": sum(1 for v in ordered if not v.complete),
            "skipped_entries": len(info["skipped_entries"] or []),
        }
        data = {
            "schema": "preaudit.batch/1",
            "policy": policy,
            "applicants": rows,
            "counts": counts,
            **info,
            **carried,
            **mask_ids_in_json(extra or {}),
        }
        write_private_text(out_dir / "batch.json", json.dumps(data, ensure_ascii=False, indent=2))
    return rows
