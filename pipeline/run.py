"""The chain as plain functions: applicant folder -> pages -> documents -> findings -> report.

`audit_applicant` is what the CLI, the Prefect flows and the tests all call; nothing here knows
about Prefect. Bad files become file records (and so findings), never exceptions; an internal
failure in one file or rule is recorded as a ProcessingError and the rest still runs.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from preaudit.extractors.base import extractor_for
from preaudit.extractors.contract import resolve_roster
from preaudit.extractors.publicity_form import resolve_listed
from preaudit.extractors.resemblance import label_resemblance
from preaudit.extractors.rosters import others_masked
from preaudit.extractors.salary_approval import resolve_roster as resolve_salary_roster
from preaudit.pipeline import __version__
from preaudit.pipeline.values.certainty import assess_case
from preaudit.pipeline.intake.classify import classify_page, group_pages, resemblance
from preaudit.pipeline.integrity.dupindex import FingerprintIndex
from preaudit.pipeline.errors import InputError
from preaudit.pipeline.integrity.fingerprints import Fingerprint, document_fingerprints, id_hash
from preaudit.pipeline.intake.blacklist import Blacklist
from preaudit.pipeline.intake.ingest import ApplicantInput, Batch, discover
from preaudit.pipeline.integrity.facts import document_meta, pdf_structure
from preaudit.pipeline.model import (NO_TEXT_READ, Case, CaseRecord, Declared, DocType, Document, FieldValue, FileRecord, Page,
                                     ProcessingError, Report, SourceFile)
from preaudit.pipeline.intake.ocr import OcrCache
from preaudit.pipeline.intake.render import render_file
from preaudit.pipeline.intake.readings import reread_names
from preaudit.pipeline.intake.source import SourceDocument
from preaudit.validators.notice import application_year
from preaudit.validators.policy import Policy
from preaudit.validators.rules._common import identity_number
from preaudit.validators.registry import run_rules

log = logging.getLogger(__name__)


@dataclass
class StageTimer:
    """Wall seconds per stage, summed over a run (bench/ reads these)."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, stage: str, started: float) -> None:
        self.seconds[stage] += time.perf_counter() - started


@dataclass
class FileResult:
    record: FileRecord
    documents: list[Document]
    errors: list[ProcessingError]
    fingerprints: list[Fingerprint] = field(default_factory=list)


def read_file(sf: SourceFile, ocr: OcrCache | None, timer: StageTimer | None = None) -> FileResult:
    """One input file -> its record and documents; never raises for bad input."""
    timer = timer or StageTimer()
    if sf.refused is not None:  # a link, a device, a file over a bound: never opened (pipeline/intake/walk.py)
        return FileResult(FileRecord(path=sf.path, sha256=sf.sha256, size=sf.size, status=sf.refused, reason=sf.reason), [], [])
    if sf.kind == "unsupported":
        return FileResult(FileRecord(path=sf.path, sha256=sf.sha256, size=sf.size, status="unsupported", reason="不支持的文件类型"), [], [])
    t = time.perf_counter()
    try:
        result = render_file(sf, ocr)
    except InputError as exc:
        timer.add("render", t)
        return FileResult(FileRecord(path=sf.path, sha256=sf.sha256, size=sf.size, status="unreadable", reason=str(exc)), [], [])
    except Exception as exc:  # noqa: BLE001 - a library crash on one file must not stop the batch
        timer.add("render", t)
        log.exception("reading %s failed", sf.path)
        return FileResult(
            FileRecord(path=sf.path, sha256=sf.sha256, size=sf.size, status="unreadable", reason=f"文件无法处理：{type(exc).__name__}"),
            [],
            [ProcessingError(stage="render", file=sf.path, message=f"{type(exc).__name__}: {exc}")],
        )
    timer.add("render+ocr", t)
    pages = result.pages
    if not any(p.lines for p in pages):
        kinds = {classify_page(p).doc_type for p in pages}
        if kinds != {DocType.PHOTO}:
            result.close()
            return FileResult(
                FileRecord(path=sf.path, sha256=sf.sha256, size=sf.size, status="unreadable", pages=result.page_count, reason=NO_TEXT_READ),
                [],
                [],
            )
    t = time.perf_counter()
    documents, errors = extract_documents(sf, pages)
    # a name read by OCR, read again against the declared one while the page images are here
    documents = reread_names(documents, pages, sf.expected_names, ocr)
    timer.add("extract", t)
    t = time.perf_counter()
    # integrity asks the file as render read it (result.source): nothing opens the file again
    documents, fingerprints = _integrity(sf, documents, pages, ocr, errors, result.source)
    timer.add("integrity", t)
    result.close()
    record = FileRecord(path=sf.path, sha256=sf.sha256, size=sf.size, status="processed", pages=result.page_count,
                        **_truncation(result.page_count, len(pages)))
    return FileResult(record, documents, errors, fingerprints)


def _truncation(page_count: int, pages_read: int) -> dict:
    """pages_read and a reason when only the first pages of a long PDF were read (pdf.max_pages)."""
    if pages_read >= page_count:
        return {}
    return {"pages_read": pages_read,
            "reason": f"共 {page_count} 页，按页数上限只读取了前 {pages_read} 页，其余页面未审核"}


def _integrity(
    sf: SourceFile, documents: list[Document], pages: list[Page], ocr: OcrCache | None, errors: list[ProcessingError],
    source: SourceDocument | None = None,
) -> tuple[list[Document], list[Fingerprint]]:
    """Seals, PDF structure and fingerprints, while the pages and the file as read (`source`,
    render's; read here when not handed in) are still in memory."""
    pdf = None
    own = source is None and sf.kind == "pdf"
    if sf.kind == "pdf":
        try:
            source = source or SourceDocument.of(sf)
            pdf = pdf_structure(source)
        except InputError as exc:
            errors.append(ProcessingError(stage="integrity", file=sf.path, message=str(exc)))
    by_number = {p.number: p for p in pages}
    out_docs: list[Document] = []
    prints: list[Fingerprint] = []
    for doc in documents:
        doc_pages = [by_number[n] for n in doc.pages if n in by_number]
        doc = document_meta(sf, doc, doc_pages, ocr, pdf, source)
        prints.extend(document_fingerprints(doc, doc_pages))
        out_docs.append(doc)
    if own and source is not None:
        source.close()
    return out_docs, prints


def extract_documents(sf: SourceFile, pages: list[Page]) -> tuple[list[Document], list[ProcessingError]]:
    """Classify a file's pages, group them, and run each group's extractor."""
    documents: list[Document] = []
    errors: list[ProcessingError] = []
    for group in group_pages(pages):
        fields: dict[str, FieldValue] = {}
        extractor = extractor_for(group.doc_type)
        if extractor is not None:
            try:
                fields = extractor(group.pages)
            except Exception as exc:  # noqa: BLE001 - keep the document, record the failure
                log.exception("extractor %s failed on %s", group.doc_type.value, sf.path)
                errors.append(ProcessingError(stage="extract", file=sf.path, message=f"{type(exc).__name__}: {exc}"))
        numbers = [p.number for p in group.pages]
        documents.append(
            Document(
                file=sf.path,
                file_sha256=sf.sha256,
                page=numbers[0],
                pages=numbers,
                doc_type=group.doc_type,
                type_confidence=group.confidence,
                source="ocr" if any(p.source == "ocr" for p in group.pages) else "pdf_text",
                fields=fields,
                meta={"geometry": {str(p.number): p.geometry for p in group.pages if p.geometry}}
                | ({"resembles": _resembles(group.pages)} if group.doc_type is DocType.OTHER else {}),
            )
        )
    return documents, errors


def _resembles(pages: list[Page]) -> list[str]:
    """The types an untyped group may still be: by their own words (the classifier's anchors) or by
    the labels of their fields (another unit's form under a title we do not know)."""
    by_words = resemblance(pages)
    return by_words + [t for t in label_resemblance(pages) if t not in by_words]


def resolve_as_of(applicant: ApplicantInput, policy: Policy, as_of: date | None) -> tuple[date, str]:
    """--as-of wins, then the declared 申报日期, then the policy's default reference date, then
    (a policy without a dated notice) the audit date; with where it came from (Case.as_of_source)."""
    declared = applicant.declared.application_date if applicant.declared is not None else None
    return policy.as_of_for(override=as_of, declared=declared)


@dataclass
class Collected:
    """Everything read from one applicant folder, before judgement."""

    applicant: ApplicantInput
    files: list[FileRecord]
    documents: list[Document]
    errors: list[ProcessingError]
    fingerprints: list[Fingerprint]

    @property
    def person(self) -> str:
        """A token for the person: their ID number's hash (declared, else the ID card's)."""
        declared = self.applicant.declared
        number = declared.id_number if declared and declared.id_number else None
        if number is None:
            fronts = [d for d in self.documents if d.doc_type == DocType.ID_CARD_FRONT and d.value("id_number")]
            number = fronts[0].value("id_number") if fronts else None
        return id_hash(number) if number else f"key:{self.applicant.key}"


def collect_applicant(
    applicant: ApplicantInput,
    ocr: OcrCache | None,
    timer: StageTimer | None = None,
    on_file: Callable[[FileRecord], None] | None = None,
    reader: Callable[[list[SourceFile], StageTimer], Iterable[FileResult]] | None = None,
) -> Collected:
    """Read every file of one applicant folder (never raises for bad input); `on_file` is told
    of each file read (the progress bar). `reader`: reads the files elsewhere, as `read_file`
    does, yielding their results in order (pipeline/readers.py's worker processes)."""
    timer = timer or StageTimer()
    collected = Collected(applicant, [], [], [], [])
    declared = applicant.declared.name if applicant.declared is not None and applicant.declared.name else None
    files = [sf.model_copy(update={"expected_names": (declared,)}) for sf in applicant.files] if declared \
        else applicant.files
    results = reader(files, timer) if reader is not None else (read_file(sf, ocr, timer) for sf in files)
    for result in results:
        collected.files.append(result.record)
        collected.documents.extend(result.documents)
        collected.errors.extend(result.errors)
        collected.fingerprints.extend(result.fingerprints)
        if on_file is not None:
            on_file(result.record)
    collected.errors.extend(ProcessingError(stage="ingest", file="applicant.yaml", message=m) for m in applicant.manifest_errors)
    return collected


def check_duplicates(index: FingerprintIndex, batch_id: str, collected: list[Collected]) -> list[list[dict]]:
    """Register every applicant's fingerprints, then look each one up against everyone else
    (this batch and earlier ones)."""
    for c in collected:
        index.add(batch_id, c.applicant.key, c.person, c.fingerprints)
    return [[hit.to_json() for hit in index.matches(c.applicant.key, c.person, c.fingerprints)] for c in collected]


# the document types read from a list of several people, each with how the applicant's row is taken
ROSTERS = {DocType.CONTRACT_FILING: resolve_roster, DocType.LABOR_CONTRACT: resolve_roster,
           DocType.SALARY_APPROVAL: resolve_salary_roster, DocType.PUBLICITY_FORM: resolve_listed}


def resolve_rosters(documents: list[Document], declared: Declared | None) -> list[Document]:
    """Rosters (a contract 备案花名册, a 工资审批表 list of several people) with the applicant's row taken as the
    employee: an extractor cannot know whose row it is; the declared name and ID number, else the
    ID card's, say so; where the declared pair finds no row (a mistyped number, no name declared),
    the card's is tried. A roster with no such row keeps its employee fields empty. Every row's ID
    number is masked afterwards: a report holds the applicant's number only."""
    front = next((d for d in documents if d.doc_type == DocType.ID_CARD_FRONT), None)
    name = (declared.name if declared else None) or (front.value("name") if front else None)
    number = (declared.id_number if declared else None) or (front.value("id_number") if front else None)
    tries = [(name, number)]
    if front is not None and (front.value("name"), front.value("id_number")) != (name, number):
        tries.append((front.value("name"), front.value("id_number")))

    def resolved(d: Document) -> Document:
        fields = d.fields
        for who, num in tries:
            fields = ROSTERS[d.doc_type](d.fields, who, num)
            if fields is not d.fields:
                break
        # the other people's ID numbers are theirs, not the applicant's: masked before any report
        return d.model_copy(update={"fields": {**fields, "employees": others_masked(fields["employees"])}})

    return [resolved(d) if d.doc_type in ROSTERS and "employees" in d.fields else d for d in documents]


def judge_applicant(
    collected: Collected,
    policy: Policy,
    as_of: date | None = None,
    duplicates: list[dict] | None = None,
    timer: StageTimer | None = None,
    *,
    index: FingerprintIndex | None = None,
    batch_id: str = "",
    blacklist: Blacklist | None = None,
) -> Report:
    """Run the policy's rules over what was read and build the report.

    With an index and a batch id, the application is recorded in the index (the person's ID
    number hash, the notice's year, whether the number was read certainly) and the same person's
    applications in other batches are handed to the rules (`Case.applications`); with a 失信 list,
    the rows naming the applicant's ID number (`Case.blacklist`). Both are looked up here, before
    the rules, which stay functions of the case."""
    timer = timer or StageTimer()
    applicant = collected.applicant
    errors = list(collected.errors)
    reference, reference_source = resolve_as_of(applicant, policy, as_of)
    case = Case(
        key=applicant.key,
        declared=applicant.declared,
        declared_source=applicant.declared_source,  # type: ignore[arg-type]
        files=collected.files,
        documents=resolve_rosters(collected.documents, applicant.declared),
        as_of=reference,
        as_of_source=reference_source,  # type: ignore[arg-type]
        duplicates=duplicates or [],
    )
    t = time.perf_counter()
    case = assess_case(case, policy.certainty)  # how sure each value is: once, before any rule
    case = _history(case, collected, policy, index, batch_id, blacklist)
    findings, rule_errors = run_rules(case, policy)
    timer.add("validate", t)
    errors.extend(rule_errors)

    declared = applicant.declared
    front = case.first(DocType.ID_CARD_FRONT)
    front_doc = front[1] if front else None
    name = (declared.name if declared and declared.name else None) or (front_doc.value("name") if front_doc else None) or ""
    id_number = (declared.id_number if declared and declared.id_number else None) or (front_doc.value("id_number") if front_doc else None) or ""
    return Report(
        key=applicant.key,
        name=name,
        id_number=id_number,
        unit=(declared.unit if declared else None) or "",
        series=(declared.series if declared else None) or "",
        level=(declared.level if declared else None) or "",
        policy=policy.policy,
        as_of=reference,
        files=collected.files,
        documents=case.documents,
        findings=findings,
        errors=errors,
        pipeline_version=__version__,
        case=CaseRecord.of(case),  # what a re-run on a reviewer's corrections needs (workbench/rerun.py)
        source_dir=str(applicant.folder),
    )


def _history(case: Case, collected: Collected, policy: Policy, index: FingerprintIndex | None, batch_id: str,
             blacklist: Blacklist | None) -> Case:
    """The case with the person's other applications and their 失信 list rows (see judge_applicant)."""
    number, _, certain = identity_number(case)
    update: dict = {}
    if index is not None and batch_id and number is not None:
        year = application_year(policy.timeline, case.as_of)
        index.record_application(batch_id, collected.applicant.key, collected.person, year, certain)
        update["applications"] = index.applications(batch_id, collected.applicant.key, collected.person)
    if blacklist is not None and number is not None:
        update["blacklist"] = [p.to_json(blacklist.file) for p in blacklist.lookup(number)]
    return case.model_copy(update=update) if update else case


def audit_applicant(
    applicant: ApplicantInput,
    policy: Policy,
    ocr: OcrCache | None,
    as_of: date | None = None,
    timer: StageTimer | None = None,
    index: FingerprintIndex | None = None,
    batch_id: str = "",
) -> Report:
    """Audit one applicant folder end to end and return its report (nothing is written).

    With an index, the applicant's documents are also checked against every other person's
    documents recorded there (earlier batches and uploads), and recorded in turn.
    """
    timer = timer or StageTimer()
    collected = collect_applicant(applicant, ocr, timer)
    batch_id = batch_id or str(applicant.folder.parent)
    duplicates = check_duplicates(index, batch_id, [collected])[0] if index else []
    return judge_applicant(collected, policy, as_of, duplicates, timer, index=index, batch_id=batch_id)


@dataclass
class BatchResult:
    batch: Batch
    reports: list[Report]
    timer: StageTimer


def audit_batch(
    input_path: Path,
    policy: Policy,
    ocr: OcrCache | None,
    as_of: date | None = None,
    workers: int = 1,
    index: FingerprintIndex | None = None,
    batch_id: str = "",
    blacklist: Blacklist | None = None,
) -> BatchResult:
    """Discover the applicants under `input_path` and audit each (threads when workers > 1).

    Raises:
        InputError: the input path itself cannot be read (the only fatal input problem).
    """
    timer = StageTimer()
    t = time.perf_counter()
    batch = discover(input_path)
    timer.add("ingest", t)
    if workers > 1 and len(batch.applicants) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            collected = list(pool.map(lambda a: collect_applicant(a, ocr, timer), batch.applicants))
    else:
        collected = [collect_applicant(a, ocr, timer) for a in batch.applicants]
    # Everyone is registered before anyone is looked up, so reuse within the batch is found
    # whichever applicant comes first.
    own_index = index is None
    index = index or FingerprintIndex()
    t = time.perf_counter()
    batch_id = batch_id or str(Path(input_path).resolve())
    duplicates = check_duplicates(index, batch_id, collected)
    timer.add("duplicates", t)
    reports = [judge_applicant(c, policy, as_of, d, timer, index=index, batch_id=batch_id, blacklist=blacklist)
               for c, d in zip(collected, duplicates)]
    if own_index:
        index.close()
    return BatchResult(batch=batch, reports=reports, timer=timer)
