"""Completion records: which applicant reports in OUT are complete, and from which inputs.

`write_applicant` writes OUT/<key>/complete.json last, after report.json, report.html and
report.pdf, and removes it first: a kill halfway leaves no record, so the applicant is redone.
The record holds hashes only (no names, no ID numbers):

- `report_sha256`, `html_size`, `pdf_size`: the reports it vouches for;
- `inputs`: a digest of everything the judgement depends on (`input_key`: the applicant's files
  by content hash, the declared data, the policy's full content, the reference date, the OCR
  engine and the code of pipeline/, extractors/ and validators/);
- `fingerprints`, `duplicates`: digests of the applicant's fingerprints as stored in the state
  directory's index and of the reuse findings its report was judged with (pipeline/batchrun.py).

A rerun skips an applicant whose record matches its current inputs and reports (`unchanged`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

RECORD_NAME = "complete.json"
RECORD_SCHEMA = "preaudit.complete/1"
RESUME_VERSION = "resume/1"
_CODE_DIRS = ("pipeline", "extractors", "validators")


@functools.cache
def code_fingerprint() -> str:
    """sha256 over the sources of pipeline/, extractors/ and validators/ (Python and YAML)."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for name in _CODE_DIRS:
        for path in sorted((root / name).rglob("*")):
            if path.suffix in (".py", ".yaml") and path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def digest(parts: list[str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def input_key(applicant: Any, policy: Any, as_of: date | None, engine: str, resources: str = "-") -> str:
    """Digest of what an applicant's report depends on, besides other applicants' documents.

    `applicant` is a preaudit.pipeline.intake.ingest.ApplicantInput, `policy` a preaudit.validators.policy.Policy. The
    folder's absolute path is left out (a zip extracts to a new temporary folder each run).
    `resources`: the Auditor's `resources_key` (a 失信 list's hash), so a new list judges again."""
    declared = applicant.declared.model_dump_json() if applicant.declared else "-"
    return digest([
        RESUME_VERSION,
        code_fingerprint(),
        policy.model_dump_json(),
        as_of.isoformat() if as_of else "-",
        engine,
        *([resources] if resources != "-" else []),  # without a list the digest is as it was
        applicant.key,
        declared,
        applicant.declared_source or "-",
        *applicant.manifest_errors,
        *(f"{f.path}|{f.sha256}|{f.size}|{f.kind}" for f in applicant.files),
    ])


def read_record(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((Path(folder) / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == RECORD_SCHEMA else None


def remove_record(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        (Path(folder) / RECORD_NAME).unlink()


def write_record(folder: Path, json_text: str, html_size: int, pdf_size: int, extra: dict[str, Any] | None = None) -> None:
    """The completion record, written after the three reports."""
    from preaudit.pipeline.report.outdir import write_private_text

    record = {
        "schema": RECORD_SCHEMA,
        "report_sha256": hashlib.sha256(json_text.encode("utf-8")).hexdigest(),
        "html_size": html_size,
        "pdf_size": pdf_size,
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **(extra or {}),
    }
    write_private_text(Path(folder) / RECORD_NAME, json.dumps(record, indent=2))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def record_vouches(folder: Path, report_sha256: str | None, record: dict[str, Any] | None = None) -> bool:
    """The completion record is there and matches report.json, report.html and report.pdf."""
    record = record if record is not None else read_record(folder)
    if record is None or report_sha256 is None:
        return False
    return (
        record.get("report_sha256") == report_sha256
        and record.get("html_size") == _size(Path(folder) / "report.html") > 0
        and record.get("pdf_size") == _size(Path(folder) / "report.pdf") > 0
    )


def unchanged(folder: Path, inputs: str, fingerprints: str | None) -> bool:
    """True when the applicant's reports in `folder` are complete, valid and were made from these
    inputs, and the index still holds the same fingerprints for it (None: not checked)."""
    from preaudit.pipeline.report.summary import report_is_valid, report_sha256

    record = read_record(folder)
    if record is None or record.get("inputs") != inputs:
        return False
    if fingerprints is not None and record.get("fingerprints") != fingerprints:
        return False
    return report_is_valid(folder) and record_vouches(folder, report_sha256(folder), record)
