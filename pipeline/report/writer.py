"""Report writing: report.json, report.html and report.pdf per applicant; summary.csv,
summary.xlsx and batch.json over the whole output folder (pipeline/report/summary.py).

Full ID numbers appear only in report.json's document fields (CONTRACT.md); every other text that
leaves this module goes through `mask_ids_in_text` (HTML/PDF/XLSX: preaudit.pipeline.report.wording.safe), and
evidence crops black out the hidden digits of ID numbers (preaudit.pipeline.report.evidence). Every file is
written atomically and owner-only (pipeline/report/outdir.py): report.json holds full ID numbers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from preaudit.pipeline.locks import MUPDF_LOCK
from preaudit.pipeline.report.evidence import CropMaker, CropSource
from preaudit.pipeline.model import Report, mask_ids_in_json, mask_ids_in_text
from preaudit.pipeline.report.outdir import write_private, write_private_text
from preaudit.pipeline.report.html import printable, render_html, with_review
from preaudit.pipeline.report.notice import render_notice_pdf
from preaudit.pipeline.report.pages import write_previews
from preaudit.pipeline.report.pdf import render_pdf
from preaudit.pipeline.report.review import NOTICE_NAME, Review, read_review, write_review
from preaudit.pipeline.report.wording import text_digest
from preaudit.pipeline.ops.resume import read_record, record_vouches, remove_record, write_record
from preaudit.pipeline.report.summary import SUMMARY_COLUMNS, VERDICT_ZH, BatchInfo, PendingApplicant, write_summary

__all__ = ["SUMMARY_COLUMNS", "VERDICT_ZH", "SEVERITY_ZH", "PendingApplicant", "publish_review", "report_json",
           "write_applicant", "write_batch"]

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
# MuPDF is not thread-safe: reports written from a thread pool (flows) take turns at the
# crops and the PDF layout. A report takes well under a second.
_MUPDF_LOCK = MUPDF_LOCK  # one lock for every MuPDF call in the process (preaudit.pipeline.locks)



def report_json(report: Report) -> dict[str, Any]:
    """report.json: full ID numbers stay only in `documents[].fields` (CONTRACT.md).

    File names are masked too: the 1-inch photo must be named 身份证号+姓名 (003 Q23(2)).
    """
    data = report.to_json()
    fields = [d.pop("fields") for d in data["documents"]]
    data = mask_ids_in_json(data)
    for doc, f in zip(data["documents"], fields):
        doc["fields"] = f
    return data


def write_applicant(
    report: Report, out_dir: Path, record: dict[str, Any] | None = None, *, crops: CropSource | None = None
) -> Path:
    """Write OUT/<key>/report.json, report.html and report.pdf, then the completion record
    (pipeline/ops/resume.py, with `record`'s entries); returns the folder.

    Evidence crops are cut once by `crops` (preaudit.pipeline.intake.crops.PageCropper: from
    the applicant's source files) and shared by the HTML and the PDF; a source file that is gone
    or unreadable only costs its crops (无可用截图), and without `crops` there are none. The
    same source cuts a preview of every page the documents refer to (OUT/<key>/pages,
    pipeline/report/pages.py) for the workbench, ID numbers blacked out as in the crops.

    A reviewers' sign-off (OUT/<key>/review.json, pipeline/report/review.py) keeps its 复核意见
    section only while it covers this very report.json; otherwise the section and notice.pdf go
    (the workbench shows the decisions as outdated and signs again).
    """
    folder = Path(out_dir) / report.key
    remove_record(folder)  # it vouches for the reports about to be replaced
    json_text = json.dumps(report_json(report), ensure_ascii=False, indent=2)
    write_private_text(folder / "report.json", json_text)
    digest = text_digest(json_text)
    review = read_review(folder, digest)
    if review is None:
        (folder / NOTICE_NAME).unlink(missing_ok=True)
    with _MUPDF_LOCK:
        maker = CropMaker(report, crops) if crops is not None else None
        page = render_html(report, maker, json_sha256=digest, review=review)
        print_page = render_html(report, maker, json_sha256=digest, for_print=True, review=review)
        pdf = render_pdf(report, print_page, json_sha256=digest)
        write_previews(folder, report, maker, digest)
    html_bytes = page.encode("utf-8")
    write_private(folder / "report.html", html_bytes)
    write_private(folder / "report.pdf", pdf)
    write_record(folder, json_text, len(html_bytes), len(pdf), record)
    return folder


def publish_review(folder: Path, review: Review, corrected: Report | None = None) -> Path:
    """A sign-off's outputs in OUT/<key>: review.json, report.html and report.pdf with the 复核意见
    section, and notice.pdf (the 一次性告知单 of the items kept); returns the folder.

    report.json is the pre-audit's record and is not touched. The page keeps everything it had,
    evidence crops included (the applicant's source files may be gone by now): only its 复核意见
    section is replaced; a page without a place for it is rendered again from report.json,
    without crops. The completion record is brought up to date when it vouched for the old files.

    With `corrected` (the workbench's re-run on a reviewer's field corrections, whose findings the
    review's items number), the pages show that report instead, rendered anew without crops:
    report.json stays the pre-audit's record, which the review still covers.

    Raises:
        ValueError: the review covers another report.json than the one in `folder`.
    """
    folder = Path(folder)
    json_text = (folder / "report.json").read_text(encoding="utf-8")
    digest = text_digest(json_text)
    if review.report_sha256 != digest:
        raise ValueError("review.json does not cover this report.json")
    report = corrected if corrected is not None else Report.from_json(json.loads(json_text))
    record = read_record(folder)
    vouched = record_vouches(folder, digest, record)
    try:
        old_page = (folder / "report.html").read_text(encoding="utf-8") if corrected is None else ""
    except (OSError, UnicodeDecodeError):
        old_page = ""
    with _MUPDF_LOCK:
        page = with_review(old_page, report, review) or render_html(report, None, json_sha256=digest, review=review)
        pdf = render_pdf(report, printable(page), json_sha256=digest)
        notice = render_notice_pdf(report, review, json_sha256=digest)
    write_review(folder, review)
    html_bytes = page.encode("utf-8")
    write_private(folder / "report.html", html_bytes)
    write_private(folder / "report.pdf", pdf)
    write_private(folder / NOTICE_NAME, notice)
    if vouched and record is not None:
        keep = {k: v for k, v in record.items() if k not in ("schema", "report_sha256", "html_size", "pdf_size")}
        write_record(folder, json_text, len(html_bytes), len(pdf), keep)
    return folder


def write_batch(
    batch: Any,
    reports: list[Report] | None,
    out_dir: Path,
    policy: str,
    extra: dict[str, Any] | None = None,
    pending: list[PendingApplicant] | None = None,
    crops: CropSource | None = None,
) -> list[dict[str, Any]]:
    """Rebuild summary.csv (UTF-8 with BOM), summary.xlsx and batch.json from every report in
    OUT (pipeline/report/summary.py); returns the rows. `batch` (a preaudit.pipeline.intake.ingest.Batch) gives the
    manifest, stray files, notes and the entries skipped at intake; None keeps those of the
    batch.json already there (an upload). `reports` must already be written (write_applicant):
    the summary is read back from OUT, so it never drops another writer's rows; one that is not
    is written here, with evidence crops from `crops`."""
    missing = [r for r in reports or [] if not (Path(out_dir) / r.key / "report.json").is_file()]
    for report in missing:
        write_applicant(report, Path(out_dir), crops=crops)
    info = BatchInfo.of(batch) if batch is not None else None
    return write_summary(Path(out_dir), policy, info, pending, extra)
