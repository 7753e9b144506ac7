"""summary.csv / summary.xlsx / batch.json: inert cells, rebuilt from every report in OUT, owner-only."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from preaudit.pipeline.report.cells import console_text, csv_cell, display_width, pad
from preaudit.pipeline.intake.ingest import Batch, safe_key
from preaudit.pipeline.model import FileRecord, Finding, Report, Severity
from preaudit.pipeline.report.writer import write_applicant, write_batch
from preaudit.pipeline.ops.resume import RECORD_NAME
from preaudit.pipeline.report.summary import PendingApplicant

HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1:A9)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"]
FORMULA = re.compile(r"^[=+\-@\t\r]")


def _report(key: str, name: str = "张三", unit: str = "某单位", level: str = "助理级", message: str = "问题", file: str = "a.pdf",
            severity: Severity = Severity.ERROR) -> Report:
    return Report(
        key=key, name=name, unit=unit, level=level, policy="kunming-panlong-2024q3", as_of=date(2024, 9, 20),
        files=[FileRecord(path=file, sha256="0" * 64, status="unsupported", reason="不支持的文件类型")],
        findings=[Finding(code="DOC_UNSUPPORTED", severity=severity, message=message, evidence={"file": file}, rule_id="documents.unsupported")],
    )


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "out"
    reports = [
        _report(f"k{i}", name=h, unit=h, level=h, message=h, file=h + ".pdf") for i, h in enumerate(HOSTILE)
    ] + [_report(safe_key(HOSTILE[0]), name="李四")]
    for r in reports:
        write_applicant(r, out)
    write_batch(Batch(root=out, applicants=[], stray_files=["=1+1.pdf"]), reports, out, "kunming-panlong-2024q3")
    return out


def test_no_formula_cell_in_summary_xlsx_and_every_text_cell_is_a_string(hostile_out):
    with zipfile.ZipFile(hostile_out / "summary.xlsx") as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 2
    for xml in sheets:
        assert "<f>" not in xml and "<f " not in xml
        for cell in re.findall(r"<c [^>]*>", xml):
            t = re.search(r' t="([a-zA-Z]+)"', cell)
            assert t is not None and t.group(1) in ("s", "inlineStr", "n"), cell
    wb = load_workbook(hostile_out / "summary.xlsx")
    values = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for h in ("=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1:A9)"):
        assert h in values, h  # kept as the text it was, not evaluated, not altered
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


def test_summary_csv_quotes_every_cell_and_escapes_formula_starts(hostile_out):
    with (hostile_out / "summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        raw = fh.read()
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert rows[0][0] == "key" and len(rows) == 1 + len(HOSTILE) + 1
    for row in rows[1:]:
        for cell in row:
            assert not FORMULA.match(cell), cell
    names = {r[1] for r in rows[1:]}
    assert {"'=cmd|' /C calc'!A0", "'+1", "'-1", "'@SUM(A1:A9)", "'\tx", "'\rx"} <= names
    # every cell quoted: the file is a sequence of "…" fields, also around numbers
    assert re.fullmatch(r'(?:"(?:[^"]|"")*"(?:,|\r\n))+', raw, flags=re.S), raw[:200]


def test_csv_cell_rule():
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("-2") == "'-2" and csv_cell("@x") == "'@x"
    assert csv_cell("\t=1") == "'\t=1" and csv_cell("\r=1") == "'\r=1"
    assert csv_cell("张三") == "张三" and csv_cell(3) == 3 and csv_cell(None) == "" and csv_cell(True) == "true"


def test_console_text_and_display_width():
    assert console_text("a\x1b[2Jb\x9bc\x7f") == "a?[2Jb?c?"
    assert display_width("阿依古丽·买买提") == 15 and display_width("abc") == 3
    assert display_width(pad("张三", 10)) == 10


@dataclass
class _Skipped:
    path: str
    status: str
    reason: str


def test_summary_describes_every_report_in_out_whoever_wrote_it(tmp_path):
    out = tmp_path / "out"
    a, b = _report("甲_01"), _report("乙_02", name="李四", severity=Severity.WARNING)
    write_applicant(a, out)
    batch = Batch(root=tmp_path, applicants=[], stray_files=["x.pdf"])
    batch.skipped = [_Skipped("链接_530102199001011238", "unsupported", "符号链接指向输入目录之外")]  # type: ignore[attr-defined]
    write_batch(batch, [a], out, "kunming-panlong-2024q3")
    # an upload writes another applicant into the same OUT: the batch's row stays
    write_applicant(b, out)
    rows = write_batch(None, [b], out, "kunming-panlong-2024q3")
    assert [r["key"] for r in rows] == ["乙_02", "甲_01"]
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [r["key"] for r in data["applicants"]] == ["乙_02", "甲_01"]
    assert data["counts"] | {} == data["counts"] and data["counts"]["reject"] == 1 and data["counts"]["needs_review"] == 1
    assert data["unassigned_files"] == ["x.pdf"]  # kept from the batch run
    assert data["skipped_entries"] == [{"path": "链接_530102********1238", "status": "unsupported", "reason": "符号链接指向输入目录之外"}]
    assert data["counts"]["skipped_entries"] == 1
    with (out / "summary.csv").open(encoding="utf-8-sig") as fh:
        assert [r["key"] for r in csv.DictReader(fh)] == ["乙_02", "甲_01"]
    wb = load_workbook(out / "summary.xlsx")
    assert [c.value for c in wb["汇总"]["A"][1:]] == ["乙_02", "甲_01"]


def test_summary_says_which_applicants_are_complete(tmp_path):
    out = tmp_path / "out"
    for r in (_report("a"), _report("b"), _report("c")):
        write_applicant(r, out)
    (out / "b" / "report.pdf").unlink()  # a kill between report.json and report.pdf
    (out / "c" / "report.json").write_text('{"schema": "preaudit.report/1"', encoding="utf-8")  # half a file
    rows = write_batch(None, [], out, "p", pending=[PendingApplicant("d", name="王五", id_number="530102199001011238", files=3)])
    complete = {r["key"]: r["complete"] for r in rows}
    assert complete == {"a": True, "b": False, "c": False, "d": False}
    pending = next(r for r in rows if r["key"] == "d")
    assert pending["verdict"] == "" and pending["verdict_zh"] == "未完成" and pending["id_number_masked"] == "530102********1238"
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert data["counts"]["complete"] == 1 and data["counts"]["pending"] == 3
    with (out / "summary.csv").open(encoding="utf-8-sig") as fh:
        assert {r["key"]: r["complete"] for r in csv.DictReader(fh)} == {"a": "true", "b": "false", "c": "false", "d": "false"}
    assert "530102199001011238" not in (out / "summary.csv").read_text(encoding="utf-8-sig")


def test_rewriting_a_report_replaces_its_completion_record(tmp_path):
    out = tmp_path / "out"
    folder = write_applicant(_report("a"), out)
    first = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    write_applicant(_report("a", message="另一个问题"), out)
    second = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    assert first["report_sha256"] != second["report_sha256"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_out_is_created_owner_only(tmp_path):
    out = tmp_path / "new" / "out"
    write_applicant(_report("a"), out)
    write_batch(None, [], out, "p")
    for path in [out.parent, out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode == 0o700, (path, oct(mode))
        else:
            assert mode == 0o600, (path, oct(mode))
