"""Finding identity: a stable finding id and an evidence hash, so that a decision survives a re-audit.

A finding's id is what the finding is about: its code, its rule, the documents it points at (their
files' SHA-256 and pages), the fields it relied on and the evidence keys that name a document, file
or field. Its evidence hash is what it showed: the compared values (the evidence dict), the values
of the fields it relied on and its severity. After a re-audit a decision carries over when both are
unchanged, and is outdated (过期) when the id is the same but the evidence changed, or when only the
finding's lineage (the id without file hashes: the file was replaced) is the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from preaudit.pipeline.model import Finding, Report
from preaudit.workbench.canonical import digest

# Evidence keys that say which thing a finding is about (two DOC_MISSING differ by `document`).
NAMING_KEYS = ("document", "document_name", "file", "field", "party", "paper", "title", "condition")
ID_LENGTH = 20


@dataclass(frozen=True)
class FindingKey:
    """A finding's index in report.json and its three hashes."""

    index: int
    finding_id: str
    lineage: str
    evidence_hash: str


def _about(report: Report, finding: Finding, *, with_hashes: bool) -> dict[str, Any]:
    hashes = {f.path: f.sha256 for f in report.files}
    docs = []
    for i in finding.documents:
        if 0 <= i < len(report.documents):
            doc = report.documents[i]
            entry: dict[str, Any] = {"type": doc.doc_type.value, "file": doc.file, "pages": list(doc.pages or [doc.page])}
            if with_hashes:
                entry["sha256"] = hashes.get(doc.file, "")
            docs.append(entry)
    fields = sorted({(str(r.document), r.field) for r in finding.relied_on})
    naming = {k: finding.evidence[k] for k in NAMING_KEYS if k in finding.evidence}
    return {"code": finding.code, "rule": finding.rule_id, "documents": docs, "fields": fields, "naming": naming}


def _relied_values(report: Report, finding: Finding) -> list[Any]:
    values = []
    for ref in finding.relied_on:
        if ref.document is not None and 0 <= ref.document < len(report.documents):
            fv = report.documents[ref.document].fields.get(ref.field)
            values.append([ref.document, ref.field, fv.value if fv is not None else None])
        else:
            values.append([str(ref.document), ref.field, None])
    return values


def evidence_hash(report: Report, finding: Finding) -> str:
    """SHA-256 over what the finding showed: severity, evidence (compared values) and relied-on values."""
    return digest({"severity": finding.severity.value, "evidence": finding.evidence,
                   "relied": _relied_values(report, finding)})


def finding_keys(report: Report) -> list[FindingKey]:
    """Every finding's id, lineage and evidence hash, in report.json's order. Two findings that would
    share an id (the same code about the same thing) get `#2`, `#3` … in the order they come."""
    seen: dict[str, int] = {}
    out = []
    for i, f in enumerate(report.findings):
        fid = digest(_about(report, f, with_hashes=True))[:ID_LENGTH]
        lineage = digest(_about(report, f, with_hashes=False))[:ID_LENGTH]
        n = seen.get(fid, 0) + 1
        seen[fid] = n
        if n > 1:
            fid, lineage = f"{fid}#{n}", f"{lineage}#{n}"
        out.append(FindingKey(i, fid, lineage, evidence_hash(report, f)))
    return out
