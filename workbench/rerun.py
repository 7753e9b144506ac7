"""The rules run again on a reviewer's corrections, and "the findings in force" that every page,
decision and sign-off uses: the pre-audit's, or the re-run's once a field has been corrected.

The case is rebuilt from report.json alone (its documents and its `case` block, pipeline/model.py
`CaseRecord`); corrected fields are replaced; then certainty and the policy's rules run exactly as
pipeline/run.py `judge_applicant` runs them (`assess_case`, then `run_rules`). report.json keeps the
declared ID number masked: it is recovered from the document field that read it (`id_number_ref`,
its reading as report.json holds it, whatever a correction says). With no such field it is unknown
here: the rules run without it and the findings of the rules that read it (DECLARED_ID_RULES) are
the pre-audit's, carried over unchanged. Duplicates, other applications and 失信 rows are the ones
report.json holds (masked): the rules that read them judge them as the pre-audit did.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from preaudit.pipeline.model import Case, Declared, Document, FieldValue, Finding, Report
from preaudit.pipeline.report.wording import code_zh, doc_type_zh, field_zh, ranked_findings
from preaudit.pipeline.report.writer import report_json
from preaudit.pipeline.values.certainty import assess_case
from preaudit.validators.policy import Policy, PolicyError, load_policy
from preaudit.validators.registry import run_rules
from preaudit.workbench.cases import Applicant
from preaudit.workbench.corrections import Correction, corrections
from preaudit.workbench.identity import finding_keys
from preaudit.workbench.trail import Entry

# The rules that read `Case.declared.id_number` (directly, or through validators/rules/_common.py
# `identity_number`, identity.py `_id_sources`, eligibility.py `_id_number`, photo.py
# `_reference_identity`, fraud.py `plausible_age`): carried over when the number is unknown here.
DECLARED_ID_RULES: frozenset[str] = frozenset({
    "identity.id_number_valid", "identity.id_number_consistency", "identity.birth_gender",
    "identity.plausible_age", "eligibility.retirement_age", "eligibility.blacklist", "application.once_a_year",
    "photo.spec",
})
CORRECTED_WHY = "人工更正"


class NotRerunnable(ValueError):
    """The report cannot be judged again here (Chinese message for the page)."""


@dataclass(frozen=True)
class Rerun:
    """What a re-run did: the corrections applied (and those that could not be), the corrected
    report, whether the declared ID number was known, and the findings that came and went."""

    original: Report
    report: Report
    applied: list[Correction]
    skipped: list[Correction]
    id_known: bool
    carried_over: list[str]  # rule ids whose pre-audit findings were kept (the ID number unknown)
    disappeared: list[tuple[str, str]] = field(default_factory=list)  # (code_zh, message) as in report.json
    appeared: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=8)
def policy_named(name: str) -> Policy:
    """The report's policy, loaded once."""
    return load_policy(name)


def recover_declared(report: Report) -> tuple[Declared | None, bool]:
    """The declared data with its ID number recovered from the reading it referred to, and whether
    it is known (False: a number was declared that no document reads)."""
    record = report.case
    if record is None:
        raise NotRerunnable("该报告缺少重新核验所需的申报信息（请用新版本重新生成报告后再更正）。")
    declared = record.declared
    if declared is None or not declared.id_number:
        return declared, True
    ref = record.id_number_ref
    if ref is not None and ref.document is not None and 0 <= ref.document < len(report.documents):
        fv = report.documents[ref.document].fields.get(ref.field)
        if fv is not None and isinstance(fv.value, str) and fv.value:
            return declared.model_copy(update={"id_number": fv.value}), True
    return declared.model_copy(update={"id_number": None}), False


def corrected_documents(documents: list[Document], applied: Iterable[Correction]) -> list[Document]:
    """The documents with each corrected field's value replaced (source reviewer, certain)."""
    out = list(documents)
    for c in applied:
        doc = out[c.document]
        old = doc.fields[c.field]
        new = FieldValue(value=c.value, confidence=1.0, bbox=old.bbox, page=old.page, source="reviewer",
                         raw=str(c.value), certainty="certain", why=[CORRECTED_WHY])
        out[c.document] = doc.model_copy(update={"fields": doc.fields | {c.field: new}})
    return out


def _mark_corrected(case: Case, applied: Iterable[Correction]) -> Case:
    """A reviewer's value is certain, whatever the weighing of readings says of it."""
    documents = list(case.documents)
    for c in applied:
        doc = documents[c.document]
        fv = doc.fields[c.field].model_copy(update={"certainty": "certain", "why": [CORRECTED_WHY]})
        documents[c.document] = doc.model_copy(update={"fields": doc.fields | {c.field: fv}})
    return case.model_copy(update={"documents": documents})


def _in_policy_order(findings: list[Finding], policy: Policy) -> list[Finding]:
    order = {e.id: n for n, e in enumerate(policy.rules)}
    return sorted(findings, key=lambda f: order.get(f.rule_id, len(order)))


def rerun(report: Report, policy: Policy, wanted: list[Correction]) -> Rerun:
    """Judge the report's case again with the corrections applied.

    Raises:
        NotRerunnable: report.json has no `case` block (written before it existed).
    """
    declared, id_known = recover_declared(report)
    record = report.case
    assert record is not None  # recover_declared refused otherwise
    applied = [c for c in wanted if c.usable and 0 <= c.document < len(report.documents)
               and c.field in report.documents[c.document].fields]
    skipped = [c for c in wanted if c not in applied]
    case = Case(
        key=report.key, declared=declared, declared_source=record.declared_source,  # type: ignore[arg-type]
        files=report.files, documents=corrected_documents(report.documents, applied), as_of=report.as_of,
        as_of_source=record.as_of_source,  # type: ignore[arg-type]
        duplicates=record.duplicates, applications=record.applications, blacklist=record.blacklist,
    )
    case = _mark_corrected(assess_case(case, policy.certainty), applied)  # as judge_applicant, then the reviewer's word
    findings, errors = run_rules(case, policy)
    carried: list[str] = []
    if not id_known:
        carried = sorted({e.id for e in policy.rules if e.id in DECLARED_ID_RULES})
        findings = _in_policy_order([f for f in findings if f.rule_id not in DECLARED_ID_RULES]
                                    + [f for f in report.findings if f.rule_id in DECLARED_ID_RULES], policy)
    judged = report.model_copy(update={
        "documents": case.documents, "findings": findings,
        "errors": [e for e in report.errors if e.stage != "validate"] + errors,
    })
    # through report.json's own masking, so that its findings compare with the pre-audit's as read back
    corrected = Report.from_json(report_json(judged))
    before = {k.finding_id: report.findings[k.index] for k in finding_keys(report)}
    after = {k.finding_id: corrected.findings[k.index] for k in finding_keys(corrected)}
    return Rerun(
        original=report, report=corrected, applied=applied, skipped=skipped, id_known=id_known, carried_over=carried,
        disappeared=[(code_zh(f.code), f.message) for fid, f in before.items() if fid not in after],
        appeared=[(code_zh(f.code), f.message) for fid, f in after.items() if fid not in before],
    )


# --------------------------------------------------------------------------- the findings in force

_cache: dict[tuple, Applicant] = {}
_lock = threading.Lock()
_CACHE_SIZE = 256


def in_force(a: Applicant, rows: list[Entry], out: Path, state_dir: Path | None = None) -> Applicant:
    """The applicant as every page, decision and sign-off must see it: as pre-audited, or, once a
    field was corrected, with the re-run's report and finding keys (`Applicant.rerun` says what the
    re-run did). A report that cannot be re-run keeps its pre-audit findings (`rerun_error`)."""
    wanted = corrections(rows, out, state_dir)
    if not wanted:
        return a
    token = (a.key, a.stamp, tuple((c.entry_id, c.usable) for c in wanted))
    with _lock:
        hit = _cache.get(token)
    if hit is not None:
        return hit
    try:
        done = rerun(a.report, policy_named(a.report.policy), wanted)
        result = Applicant(a.key, done.report, finding_keys(done.report), a.stamp, rerun=done)
    except (NotRerunnable, PolicyError) as exc:
        result = replace(a, rerun_error=str(exc))
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[token] = result
    return result


def crops_in_force(a: Applicant, crops: list[dict[int, list[str]]]) -> list[dict[int, list[str]]]:
    """The pre-audit page's crops (by finding rank) for the findings in force: a re-run finding gets
    the crops of the pre-audit finding with its id, a new one none."""
    done = a.rerun
    if done is None:
        return crops
    orig = done.original
    fid = {id(orig.findings[k.index]): k.finding_id for k in finding_keys(orig)}
    by_id = {fid[id(f)]: crops[n] for n, f in enumerate(ranked_findings(orig)) if n < len(crops)}
    now = {id(a.report.findings[k.index]): k.finding_id for k in a.keys}
    return [by_id.get(now[id(f)], {}) for f in ranked_findings(a.report)]


def corrections_summary(done: Rerun) -> list[dict[str, str]]:
    """The corrections as the report's 复核意见 and the page list them (values masked when IDs)."""
    titles = dict(enumerate(done.original.documents))
    return [{"document": f"材料{c.document + 1}：{doc_type_zh(titles[c.document].doc_type)}",
             "field": field_zh(titles[c.document].doc_type, c.field), "old": c.old_shown, "new": c.shown,
             "reason": c.reason, "user": c.user, "ts": c.ts[:19].replace("T", " ")} for c in done.applied]


__all__ = ["CORRECTED_WHY", "DECLARED_ID_RULES", "NotRerunnable", "Rerun", "corrected_documents",
           "corrections_summary", "crops_in_force", "in_force", "policy_named", "recover_declared", "rerun"]
