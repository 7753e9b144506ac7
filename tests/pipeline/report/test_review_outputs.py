"""The reviewers' record (review.json) in the report writers: the 复核意见 section, notice.pdf, the
summary's 复核 columns, and what a re-audit keeps (only a record that covers the new report.json)."""

from __future__ import annotations

import csv
import dataclasses
import hashlib

import pymupdf
import pytest

from preaudit.pipeline.intake.crops import PageCropper
from preaudit.pipeline.ops.resume import record_vouches
from preaudit.pipeline.report.review import NOTICE_NAME, Item, Review, Signature, read_review
from preaudit.pipeline.report.summary import report_sha256, write_summary
from preaudit.pipeline.report.writer import publish_review, write_applicant
from tests.pipeline.report.report_builders import ANY_FULL_ID, build_report


def _review(folder, verdict_zh="退回补正") -> Review:
    digest = hashlib.sha256((folder / "report.json").read_bytes()).hexdigest()
    sig = Signature(role="单位审核", level="单位审核意见", user="赵审核", date="2024-09-12", verdict_zh=verdict_zh,
                    opinion="请补正后再报")
    items = (Item(index=3, decision="需补充", reason="请补传续签合同", user="赵审核", date="2024-09-12"),
             Item(index=0, decision="驳回", reason="单位已更名", user="赵审核", date="2024-09-12"))
    return Review(report_sha256=digest, verdict="return", verdict_zh=verdict_zh, signatures=(sig,), items=items)


@pytest.fixture()
def signed(tmp_path):
    report = build_report(tmp_path / "src" / "申报人A")
    out = tmp_path / "out"
    folder = write_applicant(report, out, crops=PageCropper())
    publish_review(folder, _review(folder))
    return report, out, folder


def _text(path) -> str:
    with pymupdf.open(path) as doc:
        return "".join(p.get_text() for p in doc)


def test_publish_adds_the_section_and_keeps_the_record_vouching(signed):
    report, out, folder = signed
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "复核结论：退回补正" in html and "赵审核" in html and "请补传续签合同" in html and "单位已更名" in html
    assert "data:image/" in html  # the crops of the page as written
    assert "复核意见" in _text(folder / "report.pdf")
    notice = _text(folder / NOTICE_NAME)
    assert "续签合同" in notice and "不一致" not in notice and not ANY_FULL_ID.search(notice.replace("\n", ""))
    assert record_vouches(folder, report_sha256(folder))


def test_a_review_of_another_report_json_is_refused(signed):
    _, _, folder = signed
    stale = dataclasses.replace(_review(folder), report_sha256="0" * 64)
    with pytest.raises(ValueError):
        publish_review(folder, stale)


def test_a_reaudit_keeps_the_section_only_while_the_record_covers_report_json(signed):
    report, out, folder = signed
    write_applicant(report, out, crops=PageCropper())  # the same report.json: the sign-off still covers it
    assert "复核结论：退回补正" in (folder / "report.html").read_text(encoding="utf-8")
    assert "复核意见" in _text(folder / "report.pdf") and (folder / NOTICE_NAME).is_file()
    write_summary(out, report.policy)
    with (out / "summary.csv").open(encoding="utf-8-sig") as fh:
        [row] = list(csv.DictReader(fh))
    assert (row["review_verdict"], row["reviewer"], row["review_date"]) == ("退回补正", "赵审核", "2024-09-12")

    changed = report.model_copy(update={"findings": report.findings[1:]})  # a re-audit with other findings
    write_applicant(changed, out, crops=PageCropper())
    assert read_review(folder, report_sha256(folder)) is None
    assert "复核意见" not in (folder / "report.html").read_text(encoding="utf-8")
    assert "复核意见" not in _text(folder / "report.pdf") and not (folder / NOTICE_NAME).exists()
    write_summary(out, report.policy)
    with (out / "summary.csv").open(encoding="utf-8-sig") as fh:
        [row] = list(csv.DictReader(fh))
    assert (row["review_verdict"], row["reviewer"], row["review_date"]) == ("", "", "")
