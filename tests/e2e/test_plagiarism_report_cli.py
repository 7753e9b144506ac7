"""004 附件1 §四 and §四(二) on the command line, under pingliang-2022-engineering: the 论文 cell's 知网:否 asks
for the unit's 查重报告, which is read (both layouts, text PDFs under the unit's seal) and compared with the
declared 查重率; a paper published after 2022-09-30 does not count (a warning)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from preaudit.fixtures import forms
from preaudit.fixtures.records import PlagiarismReport
from preaudit.fixtures.render import pdf_bytes, pdf_metadata
from preaudit.pipeline.cli import main

UNIT = "平凉市崆峒区建设工程有限公司"
HEADER = "文件夹,姓名,申报单位,申报系列,申报专业,申报级别,学历,申报日期,单位性质,论文"


def _audit(tmp_path: Path, rows: dict[str, str], uploads: dict[str, PlagiarismReport], layout: str) -> dict[str, dict]:
    batch = tmp_path / "batch"
    draw = forms.draw_plagiarism_report_cnki if layout == "cnki" else forms.draw_plagiarism_report_letter
    lines = [HEADER]
    for folder, papers in rows.items():
        (batch / folder).mkdir(parents=True)
        lines.append(f'{folder},{folder},{UNIT},工程,建筑,中级,本科,2022-09-20,企业,"{papers}"')
        if folder in uploads:
            drawn = draw(uploads[folder])
            (batch / folder / "论文查重报告.pdf").write_bytes(pdf_bytes(drawn.doc, pdf_metadata(drawn.created, drawn.title, "WPS")))
    (batch / "applicants.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--state-dir", str(tmp_path / "state"), "--no-progress",
          "--policy", "pingliang-2022-engineering"])
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")}


def _codes(report: dict, *codes: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in report["findings"]:
        if f["code"] in codes:
            out.setdefault(f["code"], []).append(f)
    return out


@pytest.mark.ocr
@pytest.mark.parametrize("layout", ["cnki", "letter"])
def test_the_report_is_read_required_and_compared(tmp_path, layout):
    report_of = PlagiarismReport("桥梁检测技术研究", "张伟", 12.3, date(2022, 9, 5), UNIT)
    wrong_of = PlagiarismReport("黄土边坡稳定性分析", "李娜", 19.5, date(2022, 9, 6), UNIT)
    reports = _audit(tmp_path, {
        # declared as the report says, 知网:否, published in time: nothing about papers to say
        "张伟": "省级;12%;否;发表:2022-05;知网:否;桥梁检测技术研究",
        # the report says 19.5 %, the declared rate 14 % (a text layer: certain, an error); over 15 % for 核心
        "李娜": "核心;14%;否;发表:2022-09;知网:否;黄土边坡稳定性分析",
        # 知网:否 without its report; a second paper published after the cutoff
        "王强": "省级;10%;否;知网:否;一篇论文|省级;8%;否;发表:2022年10月;另一篇论文",
    }, {"张伟": report_of, "李娜": wrong_of}, layout)
    codes = ("DOC_MISSING", "PLAGIARISM_RATE_MISMATCH", "PLAGIARISM_RATE_HIGH", "PAPER_AFTER_CUTOFF", "SEAL_MISSING",
             "PAPER_SIMILARITY_HIGH")

    zhang = reports["张伟"]
    [doc] = [d for d in zhang["documents"] if d["type"] == "plagiarism_report"]
    assert {k: doc["fields"][k]["value"] for k in ("title", "author", "similarity", "check_date")} == {
        "title": "桥梁检测技术研究", "author": "张伟", "similarity": "12.3", "check_date": "2022-09-05"}
    assert doc["fields"]["has_seal"]["value"] is True
    found = _codes(zhang, *codes)
    assert not [f for f in found.get("DOC_MISSING", []) if f["evidence"]["document"] == "plagiarism_report"]
    assert set(found) <= {"DOC_MISSING"}

    li = _codes(reports["李娜"], *codes)
    [mismatch] = li["PLAGIARISM_RATE_MISMATCH"]
    assert mismatch["severity"] == "error" and mismatch["evidence"]["report_similarity"] == 19.5
    assert [f["severity"] for f in li["PLAGIARISM_RATE_HIGH"]] == ["warning"]
    assert "PAPER_AFTER_CUTOFF" not in li and "PAPER_SIMILARITY_HIGH" not in li

    wang = _codes(reports["王强"], *codes)
    [missing] = [f for f in wang["DOC_MISSING"] if f["evidence"]["document"] == "plagiarism_report"]
    assert missing["severity"] == "error" and missing["evidence"]["condition"]["when"] == "paper_not_in_cnki"
    [late] = wang["PAPER_AFTER_CUTOFF"]
    assert late["severity"] == "warning" and late["evidence"]["published"] == "2022-10"
