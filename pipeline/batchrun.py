"""The batch audit that survives a kill: each applicant written when judged, a rerun skips what is done.

`preaudit audit` runs this. Per applicant, in batch order: read its files (threads when
workers > 1), add its fingerprints to the index, look them up, judge, and write OUT/<key>/report.*
with its completion record (pipeline/ops/resume.py) at once. A kill loses at most the applicants
being read; the summary (rebuilt every few seconds and at the end, pipeline/report/summary.py) lists the
rest as not complete.

Reuse across applicants stays batch-wide. The fingerprint index (pipeline/integrity/dupindex.py) is the
memory: when the later applicant B of a pair is judged, the earlier A is in the index, so B's report
has DUPLICATE_DOCUMENT at once. A was judged before B existed: as soon as B's lookup names A, A's
stored fingerprints are looked up again and, when the reuse findings they give under the policy
changed (`reuse_digest`), A is judged again and its reports rewritten (A's folder read again
through the OCR cache: a run keeps no applicant's reading or report once it is written, so that
its memory stays flat over a long batch, bench/soak.py). A final pass does this for every applicant of the batch, so a run killed between
B's report and A's rewrite is set right by the next run. Hits are always computed from the
fingerprints as the index stores them (`FingerprintIndex.stored`), so a first judgement and a later
look give the same list.

A rerun skips an applicant whose completion record matches its inputs (files by content hash,
declared data, policy, reference date, engine, code) and whose stored fingerprints are the ones
it was judged with, when its reports are present and valid. That needs the persistent index of a
state directory: without one (`--no-cache`) every applicant is audited again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from preaudit.pipeline import __version__
from preaudit.pipeline.integrity.dupindex import FingerprintIndex
from preaudit.pipeline.integrity.fingerprints import Fingerprint
from preaudit.pipeline.intake.ingest import ApplicantInput, Batch
from preaudit.pipeline.model import FileRecord, Report
from preaudit.pipeline.ops.opsconfig import operations
from preaudit.pipeline.report.outdir import private_out_dir
from preaudit.pipeline.ops.progress import NullProgress, Progress
from preaudit.pipeline.intake.crops import PageCropper
from preaudit.pipeline.report.writer import write_applicant, write_batch
from preaudit.pipeline.ops.resume import input_key, read_record, unchanged
from preaudit.pipeline.run import Collected, StageTimer
from preaudit.pipeline.scope import discover_scope
from preaudit.pipeline.report.summary import PendingApplicant
from preaudit.validators.policy import Policy

if TYPE_CHECKING:
    from preaudit.pipeline.auditor import Auditor

log = logging.getLogger(__name__)


def canonical_hits(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each hit once, in a fixed order (the same hits give the same report)."""
    unique = {json.dumps(h, sort_keys=True, ensure_ascii=False): h for h in hits}
    return [unique[k] for k in sorted(unique)]


def _digest(items: list[str]) -> str:
    h = hashlib.sha256()
    for item in items:
        h.update(item.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def fingerprints_digest(prints: list[Fingerprint]) -> str:
    return _digest([f"{f.kind}|{f.file}|{f.doc_type}|{f.extra}|{f.value}" for f in prints])


# The rules that read Case.duplicates (tests/pipeline/test_batchrun.py checks that no other does).
REUSE_RULES = ("fraud.duplicate_document",)


def reuse_digest(policy: Policy, key: str, hits: list[dict[str, Any]]) -> str:
    """Digest of the reuse findings these hits give under the policy: the index reports near
    candidates the policy's thresholds then drop, so raw hits change more often than a report
    would. An applicant is judged again only when this digest changes."""
    from preaudit.pipeline.model import Case
    from preaudit.validators.registry import get_rule

    case = Case(key=key, as_of=date(2000, 1, 1), duplicates=canonical_hits(hits))
    found: list[str] = []
    for entry in policy.rules:
        spec = get_rule(entry.id) if entry.enabled and entry.id in REUSE_RULES else None
        if spec is None:
            continue
        for f in spec.fn(case, **policy.params_for(entry.id)) or []:
            found.append(json.dumps({"rule": entry.id, "code": f.code, "message": f.message, "evidence": f.evidence},
                                    sort_keys=True, ensure_ascii=False, default=str))
    return _digest(sorted(found))


def lookup(index: FingerprintIndex, batch_id: str, key: str) -> tuple[list[Fingerprint], list[dict[str, Any]]]:
    """The applicant's stored fingerprints and their hits under other people, canonical."""
    person, prints = index.stored(batch_id, key)
    if not prints:
        return [], []
    return prints, canonical_hits([h.to_json() for h in index.matches(key, person, prints)])


def register_and_lookup(index: FingerprintIndex, batch_id: str, collected: Collected) -> tuple[list[Fingerprint], list[dict[str, Any]]]:
    """Add an applicant's fingerprints to the index, then look them up."""
    index.add(batch_id, collected.applicant.key, collected.person, collected.fingerprints)
    return lookup(index, batch_id, collected.applicant.key)


def batch_hits(index: FingerprintIndex, batch_id: str, collected: list[Collected]) -> list[tuple[list[Fingerprint], list[dict[str, Any]]]]:
    """Everyone registered before anyone is looked up (the Prefect batch flow, which reads the
    whole batch first); per applicant its stored fingerprints and canonical hits."""
    for c in collected:
        index.add(batch_id, c.applicant.key, c.person, c.fingerprints)
    return [lookup(index, batch_id, c.applicant.key) for c in collected]


def record_for(inputs: str, prints: list[Fingerprint], reuse: str) -> dict[str, Any]:
    """The entries of a completion record (pipeline/ops/resume.py) that let a rerun skip the applicant."""
    return {"inputs": inputs, "fingerprints": fingerprints_digest(prints), "duplicates": reuse,
            "pipeline_version": __version__}


def audit_one(
    applicant: ApplicantInput,
    auditor: Auditor,
    out: Path,
    batch_id: str,
    *,
    resolve: Callable[[str], ApplicantInput | None] | None = None,
) -> Report:
    """Audit one applicant (an upload) into `out` and write its reports; then judge again every
    earlier applicant of the same batch id that its hits name and whose hits changed (`resolve`
    finds that applicant's folder by key; one that is gone keeps its report)."""
    policy, as_of, engine, index = auditor.policy, auditor.options.as_of, auditor.options.engine, auditor.index
    collected = auditor.collect(applicant)
    prints, hits = register_and_lookup(index, batch_id, collected)
    report = auditor.judge(collected, hits, batch_id=batch_id)
    record = record_for(input_key(applicant, policy, as_of, engine, auditor.resources_key), prints,
                        reuse_digest(policy, applicant.key, hits))
    write_applicant(report, out, record=record, crops=PageCropper())
    named = {h.get("other_applicant") for h in hits if h.get("other_batch") == batch_id}
    for other in sorted(k for k in named if isinstance(k, str) and k != applicant.key):
        other_prints, other_hits = lookup(index, batch_id, other)
        reuse = reuse_digest(policy, other, other_hits)
        previous = read_record(out / other)
        if previous is None or previous.get("duplicates") == reuse or resolve is None:
            continue
        earlier = resolve(other)
        if earlier is None:
            continue
        again = auditor.judge(auditor.collect(earlier), other_hits, batch_id=batch_id)
        write_applicant(again, out, record=record_for(input_key(earlier, policy, as_of, engine, auditor.resources_key),
                                                      other_prints, reuse), crops=PageCropper())
        log.info("%s: judged again (documents reused by %s)", other, applicant.key)
    return report


def pending_of(applicant: ApplicantInput) -> PendingApplicant:
    d = applicant.declared
    return PendingApplicant(
        key=applicant.key, name=(d.name if d else None) or "", id_number=(d.id_number if d else None) or "",
        unit=(d.unit if d else None) or "", level=(d.level if d else None) or "", files=len(applicant.files),
    )


@dataclass
class RunResult:
    """What a run did: the batch, each written applicant's verdict, and which applicants it audited,
    skipped as unchanged, or judged again because a later applicant reused their documents. The
    reports themselves are in OUT only (a run holds none: memory flat over a long batch)."""

    batch: Batch
    batch_id: str
    parent_manifest: Path | None
    verdicts: dict[str, str] = field(default_factory=dict)
    audited: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejudged: list[str] = field(default_factory=list)
    timer: StageTimer = field(default_factory=StageTimer)

    def run_json(self) -> dict[str, Any]:
        """batch.json's `run` block (keys are masked applicant keys)."""
        return {
            "audited": len(self.audited), "skipped_unchanged": len(self.skipped), "rejudged": len(self.rejudged),
            "audited_keys": list(self.audited), "skipped_keys": list(self.skipped), "rejudged_keys": list(self.rejudged),
            "parent_manifest": self.parent_manifest.name if self.parent_manifest else None,
        }


class _Runner:
    def __init__(self, result: RunResult, auditor: Auditor, out: Path, progress: Progress, extra: dict[str, Any]) -> None:
        self.r = result
        self.auditor = auditor
        self.policy, self.ocr, self.out, self.index = auditor.policy, auditor.ocr, out, auditor.index
        self.as_of, self.engine, self.progress, self.extra = auditor.options.as_of, auditor.options.engine, progress, extra
        self.by_key = {a.key: a for a in result.batch.applicants}
        self.inputs = {a.key: input_key(a, self.policy, self.as_of, self.engine, auditor.resources_key)
                       for a in result.batch.applicants}
        self.done: set[str] = set()
        self.last_summary = 0.0  # when the last summary rewrite ended (monotonic seconds)
        self.summary_cost = 0.0  # how long it took

    # ------------------------------------------------------------------ steps
    def collect(self, applicant: ApplicantInput) -> Collected:
        self.progress.begin(applicant.key)
        return self.auditor.collect(applicant, self.r.timer, on_file=self._file_done)

    def _file_done(self, record: FileRecord) -> None:
        self.progress.file_done(record.pages or 0)

    def judge_and_write(self, collected: Collected, prints: list[Fingerprint], hits: list[dict[str, Any]]) -> Report:
        key = collected.applicant.key
        t = time.perf_counter()
        report = self.auditor.judge(collected, hits, self.r.timer, batch_id=self.r.batch_id)
        reuse = reuse_digest(self.policy, key, hits)
        write_applicant(report, self.out, record=record_for(self.inputs[key], prints, reuse), crops=PageCropper())
        self.r.timer.add("report", t)
        self.r.verdicts[key] = report.verdict
        return report

    def process(self, collected: Collected) -> None:
        key = collected.applicant.key
        t = time.perf_counter()
        prints, hits = register_and_lookup(self.index, self.r.batch_id, collected)
        self.r.timer.add("duplicates", t)
        report = self.judge_and_write(collected, prints, hits)
        del collected  # written: the earlier applicants judged again below are read afresh, not beside it
        self.done.add(key)
        self.r.audited.append(key)
        self.progress.end(key)
        log.info("%s: %s", key, report.verdict)
        # the earlier applicant of a pair learns of the reuse now, not at the end
        named = {h.get("other_applicant") for h in hits if h.get("other_batch") == self.r.batch_id}
        for other in sorted(k for k in named if isinstance(k, str) and k in self.done and k != key):
            self.recheck(other)

    def recheck(self, key: str) -> None:
        """Judge `key` again if its reuse hits changed since its report was written."""
        prints, hits = lookup(self.index, self.r.batch_id, key)
        record = read_record(self.out / key)
        if record is not None and record.get("duplicates") == reuse_digest(self.policy, key, hits):
            return
        # read again (OCR cache hits): what was read is not kept after an applicant is written
        self.judge_and_write(self.auditor.collect(self.by_key[key], self.r.timer), prints, hits)
        if key not in self.r.rejudged:
            self.r.rejudged.append(key)
        log.info("%s: judged again (documents reused by a later applicant)", key)

    def summary(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_summary < summary_wait(self.summary_cost):
            return
        pending = [pending_of(a) for a in self.r.batch.applicants if a.key not in self.done]
        extra = {**self.extra, "ocr": self.ocr_figures(), "run": self.r.run_json()}
        write_batch(self.r.batch, [], self.out, self.policy.policy, extra=extra, pending=pending)
        self.last_summary = time.monotonic()
        self.summary_cost = self.last_summary - now

    def ocr_figures(self) -> dict[str, Any]:
        hits, misses = self.auditor.ocr_counts
        return {"engine": self.engine, "cache_hits": hits, "cache_misses": misses}

    # ------------------------------------------------------------------ run
    def run(self, workers: int, resume: bool) -> None:
        applicants = self.r.batch.applicants
        self.progress.start(len(applicants), sum(len(a.files) for a in applicants))
        todo = []
        for a in applicants:
            if resume and unchanged(self.out / a.key, self.inputs[a.key], fingerprints_digest(self.index.stored(self.r.batch_id, a.key)[1])):
                self.r.skipped.append(a.key)
                self.done.add(a.key)
                self.progress.skip(a.key, len(a.files))
            else:
                todo.append(a)
        self.summary(force=True)
        if workers > 1 and len(todo) > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for collected in pool.map(self.collect, todo):  # judged in batch order as each is read
                    self.process(collected)
                    del collected
                    self.summary()
        else:
            for a in todo:
                self.process(self.collect(a))
                self.summary()
        for key in [a.key for a in applicants if a.key in self.done]:  # reuse found after a report was written
            self.recheck(key)
        self.summary(force=True)


def summary_wait(last_cost: float) -> float:
    """Seconds between the end of one summary rewrite and the next (pipeline/ops/operations.yaml):
    at least `rewrite_every_seconds`, and long enough that rewrites take at most `max_time_share` of
    the run, since each costs more as OUT fills (every 5 s made a 1,000-applicant batch quadratic)."""
    ops = operations()
    share = min(max(ops.summary_max_share, 1e-3), 1.0)
    return max(ops.summary_every_s, last_cost * (1.0 - share) / share)


def run_batch(
    input_path: Path,
    auditor: Auditor,
    out: Path,
    *,
    workers: int = 1,
    resume: bool = True,
    progress: Progress | None = None,
    extra: dict[str, Any] | None = None,
    on_scope: Callable[[Batch, Path | None], None] | None = None,
) -> RunResult:
    """Audit the batch (or one applicant folder, with its parent batch's manifest when there is
    one) into `out`, writing each applicant's reports as soon as they are judged.

    `resume`: skip applicants whose reports are complete and whose inputs are unchanged; only
    meaningful with the auditor's persistent index (a state directory with the cache on). `on_scope` is told what will be
    audited (and the parent batch's manifest, if used) before anything is read.

    Raises:
        InputError: the input path itself cannot be read (the only fatal input problem).
    """
    timer = StageTimer()
    t = time.perf_counter()
    batch, parent_manifest = discover_scope(Path(input_path))
    timer.add("ingest", t)
    if on_scope is not None:
        on_scope(batch, parent_manifest)
    batch_id = str((parent_manifest.parent if parent_manifest else Path(input_path)).resolve())
    result = RunResult(batch=batch, batch_id=batch_id, parent_manifest=parent_manifest, timer=timer)
    private_out_dir(out)
    progress = progress or NullProgress()
    try:
        _Runner(result, auditor, Path(out), progress, extra or {}).run(workers, resume)
    finally:
        progress.close()
    return result
