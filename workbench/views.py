"""What the pages show, built from the reports and the trail: every text masked here, before any
template sees it. A full ID number leaves this module only as a value the reviewer asked to reveal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from preaudit.pipeline.model import ID_LIKE, Finding, Report, Severity, mask_id_number
from preaudit.pipeline.report.evidence import evidence_groups
from preaudit.pipeline.report.html import notice_groups, reviewer_only
from preaudit.pipeline.report.wording import (
    code_zh,
    doc_type_zh,
    document_title,
    evidence_rows,
    field_zh,
    format_value,
    is_id_field,
    ranked_findings,
    safe,
    severity_zh,
    source_zh,
    verdict_zh,
)
from preaudit.workbench.cases import Applicant
from preaudit.workbench.pages import PageImage
from preaudit.workbench.rerun import corrections_summary
from preaudit.workbench.decisions import Standing, needs_decision, review_state, signatures, snapshot, standings
from preaudit.workbench.signoff import LEVELS, final_verdict, may_sign
from preaudit.workbench.trail import DECISIONS, Entry

PAGE_SIZE = 50
VERDICTS = ("reject", "needs_review", "pass")
INFO_GROUP = "提示（供审核人员参考，无需申报人补正）"


# --------------------------------------------------------------------------- queue


@dataclass(frozen=True)
class QueueRow:
    key: str
    name: str
    id_masked: str
    unit: str
    level: str
    verdict: str
    verdict_zh: str
    errors: int
    warnings: int
    infos: int
    state: str


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    counts: dict[str, int]


def queue_row(a: Applicant, rows: list[Entry]) -> QueueRow:
    r = a.report
    return QueueRow(
        key=a.key, name=safe(r.name), id_masked=mask_id_number(r.id_number), unit=safe(r.unit), level=safe(r.level),
        verdict=r.verdict, verdict_zh=verdict_zh(r.verdict), errors=a.count(Severity.ERROR),
        warnings=a.count(Severity.WARNING), infos=a.count(Severity.INFO),
        state=review_state(r.findings, a.keys, rows),
    )


_SORTS = {
    "key": lambda r: r.key,
    "name": lambda r: (r.name, r.key),
    "verdict": lambda r: (VERDICTS.index(r.verdict) if r.verdict in VERDICTS else 9, r.key),
    "state": lambda r: (("未审", "审核中", "已审").index(r.state), r.key),
    "errors": lambda r: (-r.errors, -r.warnings, r.key),
}
SORTS = tuple(_SORTS)


def queue_page(applicants: list[Applicant], trail: list[Entry], *, verdict: str = "", state: str = "", q: str = "",
               sort: str = "verdict", page: int = 1) -> QueuePage:
    """The queue: filtered by verdict and review state, searched by name, masked ID or key, sorted,
    PAGE_SIZE rows a page."""
    by_applicant: dict[str, list[Entry]] = {}
    for e in trail:
        by_applicant.setdefault(e.applicant, []).append(e)
    rows = [queue_row(a, by_applicant.get(a.key, [])) for a in applicants]
    counts = {s: sum(1 for r in rows if r.state == s) for s in ("未审", "审核中", "已审")}
    counts |= {v: sum(1 for r in rows if r.verdict == v) for v in VERDICTS}
    needle = q.strip().lower()
    if verdict:
        rows = [r for r in rows if r.verdict == verdict]
    if state:
        rows = [r for r in rows if r.state == state]
    if needle:
        rows = [r for r in rows if needle in r.name.lower() or needle in r.id_masked.lower() or needle in r.key.lower()]
    rows.sort(key=_SORTS.get(sort, _SORTS["verdict"]))
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(1, page), pages)
    return QueuePage(rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], len(rows), page, pages, counts)


# --------------------------------------------------------------------------- case


@dataclass
class FieldView:
    document: int
    name: str
    label: str
    value: str
    confidence: str
    unsure: str
    page: str
    revealable: bool
    revealed: str = ""
    correctable: bool = False  # a value (not a table) a reviewer may correct
    corrected: bool = False  # the value is a reviewer's correction (人工更正)


@dataclass
class EvidenceView:
    document: int
    title: str
    fields: list[FieldView]
    crops: list[str]


@dataclass
class FindingView:
    index: int
    number: int
    finding_id: str
    evidence_hash: str
    severity: str
    severity_zh: str
    code: str
    code_zh: str
    rule_id: str
    message: str
    evidence: list[EvidenceView]
    compared: list[tuple[str, str]]
    reviewer_only: bool
    required: bool
    standing: dict[str, Any] | None
    history: list[dict[str, Any]]


@dataclass
class GroupView:
    title: str
    findings: list[FindingView] = field(default_factory=list)


@dataclass(frozen=True)
class BoxView:
    """A field's box over a page preview, in percent of the page (SVG attributes, no inline style)."""

    document: int
    name: str
    label: str
    x: str
    y: str
    w: str
    h: str


@dataclass
class PreviewView:
    page: int
    src: str
    width: int
    height: int
    boxes: list[BoxView]


@dataclass
class DocumentView:
    index: int
    title: str
    info: str
    fields: list[FieldView]
    previews: list[PreviewView] = field(default_factory=list)


@dataclass
class CaseView:
    key: str
    name: str
    id_masked: str
    unit: str
    level: str
    verdict: str
    verdict_zh: str
    counts: dict[str, int]
    state: str
    policy: str
    as_of: str
    groups: list[GroupView]
    documents: list[DocumentView]
    final_zh: str = ""
    undecided: int = 0
    snapshot: str = ""
    signed: list[dict[str, Any]] = field(default_factory=list)
    sign_refusal: str = ""
    sign_level: str = ""
    decisions: tuple[str, ...] = DECISIONS
    # a re-run on reviewers' corrections (workbench/rerun.py): what was corrected and what changed
    rerun: bool = False
    corrections: list[dict[str, str]] = field(default_factory=list)
    disappeared: list[tuple[str, str]] = field(default_factory=list)
    appeared: list[tuple[str, str]] = field(default_factory=list)
    carried_over: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rerun_error: str = ""


def _holds_id(name: str, value: Any) -> bool:
    return (is_id_field(name) and bool(value)) or (isinstance(value, str) and bool(ID_LIKE.search(value)))


def field_view(report: Report, doc_index: int, name: str, revealed: dict[tuple[int, str], str]) -> FieldView:
    doc = report.documents[doc_index]
    fv = doc.fields.get(name)
    value = fv.value if fv is not None else None
    conf = f"{fv.confidence:.2f}" if fv is not None and fv.found else "—"
    unsure = safe("；".join(fv.why)) if fv is not None and fv.certainty == "unsure" else ""
    return FieldView(
        document=doc_index, name=name, label=field_zh(doc.doc_type, name), value=safe(format_value(value, name)),
        confidence=conf, unsure=unsure, page=str(fv.page or "") if fv is not None else "",
        revealable=_holds_id(name, value), revealed=revealed.get((doc_index, name), ""),
        correctable=fv is not None and not isinstance(value, (list, dict)),
        corrected=fv is not None and fv.source == "reviewer",
    )


def _pct(v: float) -> str:
    return f"{min(max(v, 0.0), 1.0) * 100:.2f}"


def preview_views(key: str, report: Report, doc_index: int, pages: dict[int, PageImage]) -> list[PreviewView]:
    """The previews of one document's pages, each with a box per field read from that page."""
    doc = report.documents[doc_index]
    out = []
    for number, image in sorted(pages.items()):
        boxes = [
            BoxView(doc_index, name, field_zh(doc.doc_type, name), _pct(b.x0), _pct(b.y0),
                    _pct(b.x1 - b.x0), _pct(b.y1 - b.y0))
            for name, fv in doc.fields.items()
            if (b := fv.bbox) is not None and (fv.page or doc.page) == number
        ]
        out.append(PreviewView(number, f"/case/{quote(key, safe='')}/page/{image.number}.jpg", image.width,
                               image.height, boxes))
    return out


def _standing_view(s: Standing | None) -> dict[str, Any] | None:
    if s is None:
        return None
    e = s.entry
    return {"decision": s.decision, "user": e.user, "role": e.role, "ts": e.ts[:19].replace("T", " "),
            "reason": e.reason, "current": s.current}


def case_view(a: Applicant, trail: list[Entry], crops: list[dict[int, list[str]]],
              revealed: dict[tuple[int, str], str] | None = None, role: str = "",
              previews: dict[int, dict[int, PageImage]] | None = None) -> CaseView:
    """The case page: findings grouped as in the 一次性告知单 (notes last), each with its evidence
    fields and crops, its compared values, the decision that stands and every decision made; each
    document's fields beside its page previews (`previews`, workbench/pages.py) with their boxes."""
    report, revealed = a.report, revealed or {}
    index_of = {id(f): i for i, f in enumerate(report.findings)}
    rank_of = {id(f): n for n, f in enumerate(ranked_findings(report))}
    stand = standings(a.keys, trail)
    key_of = {k.index: k for k in a.keys}

    def view(f: Finding) -> FindingView:
        i = index_of[id(f)]
        k = key_of[i]
        shown = crops[rank_of[id(f)]] if rank_of[id(f)] < len(crops) else {}
        evidence: dict[int, EvidenceView] = {}
        for g in evidence_groups(report, f, None):
            ev = evidence.setdefault(g.doc_index, EvidenceView(g.doc_index, document_title(g.doc), [], shown.get(g.doc_index, [])))
            ev.fields += [field_view(report, g.doc_index, ef.field, revealed) for ef in g.fields]
        history = [
            {"decision": str(e.payload.get("decision", "")), "user": e.user, "role": e.role,
             "ts": e.ts[:19].replace("T", " "), "reason": e.reason,
             "current": e.finding_id == k.finding_id and e.evidence_hash == k.evidence_hash}
            for e in trail
            if e.action == "decision" and (e.finding_id == k.finding_id or e.payload.get("lineage") == k.lineage)
        ]
        return FindingView(
            index=i, number=rank_of[id(f)] + 1, finding_id=k.finding_id, evidence_hash=k.evidence_hash,
            severity=f.severity.value, severity_zh=severity_zh(f.severity), code=f.code, code_zh=code_zh(f.code),
            rule_id=f.rule_id, message=safe(f.message), evidence=list(evidence.values()),
            compared=[(safe(k_), safe(v)) for k_, v in evidence_rows(f)], reviewer_only=reviewer_only(f),
            required=needs_decision(f), standing=_standing_view(stand.get(i)), history=history,
        )

    groups = [GroupView(safe(g.title), [view(f) for f in g.findings]) for g in notice_groups(report)]
    infos = [f for f in ranked_findings(report) if f.severity == Severity.INFO]
    if infos:
        groups.append(GroupView(INFO_GROUP, [view(f) for f in infos]))
    documents = []
    for d, doc in enumerate(report.documents):
        pages = "、".join(str(p) for p in (doc.pages or [doc.page]))
        documents.append(DocumentView(
            d, f"材料{d + 1}：{doc_type_zh(doc.doc_type)}",
            safe(f"文件：{doc.file} · 第{pages}页 · 读取方式：{source_zh(doc.source)}"),
            [field_view(report, d, name, revealed) for name in doc.fields],
            preview_views(a.key, report, d, (previews or {}).get(d, {})),
        ))
    final = final_verdict(report.findings, a.keys, trail)
    signed = [{"user": e.user, "role": e.role, "level": LEVELS.get(e.role, e.role), "ts": e.ts[:19].replace("T", " "),
               "final": str(e.payload.get("final_zh", "")), "opinion": e.reason, "current": current}
              for e, current in signatures(a.keys, trail)]
    refusal = may_sign(role, a.keys, trail) or (f"尚有{final.undecided}项错误或警告未审核（或审核意见已过期）。" if final.undecided else "")
    done = a.rerun
    rerun_info: dict[str, Any] = {"rerun_error": safe(a.rerun_error)}
    if done is not None:
        rerun_info |= {
            "rerun": True, "corrections": [{k: safe(v) for k, v in c.items()} for c in corrections_summary(done)],
            "disappeared": [(safe(c), safe(m)) for c, m in done.disappeared],
            "appeared": [(safe(c), safe(m)) for c, m in done.appeared], "carried_over": list(done.carried_over),
            "skipped": [safe(f"材料{c.document + 1}的字段“{c.field}”") for c in done.skipped],
        }
    return CaseView(
        **rerun_info,
        final_zh=final.verdict_zh, undecided=final.undecided, snapshot=snapshot(a.keys), signed=signed,
        sign_refusal=refusal, sign_level=LEVELS.get(role, ""),
        key=a.key, name=safe(report.name), id_masked=mask_id_number(report.id_number), unit=safe(report.unit),
        level=safe(report.level), verdict=report.verdict, verdict_zh=verdict_zh(report.verdict),
        counts={s.value: a.count(s) for s in Severity}, state=review_state(report.findings, a.keys, trail),
        policy=safe(report.policy), as_of=report.as_of.isoformat(), groups=groups, documents=documents,
    )
