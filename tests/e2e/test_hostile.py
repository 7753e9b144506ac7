"""Hostile input (issue 13), audited through the CLI in fresh processes: no crash, no entry
unaccounted for, no read through a link, no live formula, bounded memory and temporary folders.

The inputs are built by tests/hostile/make_cases.py (a few MB, a few seconds). Every case reads
PDF text layers only, so no OCR engine is loaded and the test stays in the fast part.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from preaudit.pipeline.intake.ingest import safe_key
from tests.hostile.make_cases import FORMULA_NAMES, make_cases

MAX_RSS = 1.5e9  # bytes: a zip or image bomb must keep the audit under this (issue 13)


# Runs the audit as a grandchild and prints its peak RSS (KiB). A child started by a large
# process (pytest, after the OCR tests) reports that parent's high-water mark as its own
# ru_maxrss, because Linux carries the old mm's peak across vfork and exec; the small wrapper
# in between makes the figure the audit's own.
_PEAK_WRAPPER = (
    "import os, subprocess, sys\n"
    "proc = subprocess.Popen(sys.argv[1:])\n"
    "_, status, usage = os.wait4(proc.pid, 0)\n"
    "print('PEAK_RSS_KIB', usage.ru_maxrss, flush=True)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def _audit(input_path: Path, out: Path, work: Path) -> dict:
    """Run `preaudit audit` in a process of its own, with a TMPDIR of its own; its peak RSS in
    bytes comes from os.wait4 in a small wrapper process (see _PEAK_WRAPPER)."""
    tmpdir = work / f"tmp-{out.name}"
    tmpdir.mkdir()
    env = dict(os.environ, PREAUDIT_STATE_DIR=str(work / "state"), TMPDIR=str(tmpdir))
    env.pop("PREAUDIT_LIMITS", None)
    log = work / f"{out.name}.log"
    cmd = [sys.executable, "-c", _PEAK_WRAPPER,
           sys.executable, "-m", "preaudit.pipeline.cli", "audit", str(input_path), "--out", str(out), "--no-cache"]
    with log.open("w", encoding="utf-8") as fh:
        rc = subprocess.run(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT).returncode
    text = log.read_text(encoding="utf-8")
    peaks = re.findall(r"^PEAK_RSS_KIB (\d+)$", text, re.M)
    return {"rc": rc, "output": text, "maxrss": int(peaks[-1]) * 1024 if peaks else 0,
            "tmp_left": sorted(p.name for p in tmpdir.iterdir())}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("hostile")
    cases = make_cases(work / "in")
    runs = {
        "batch": _audit(cases.batch, work / "out_batch", work),
        "bombs.zip": _audit(cases.bombs_zip, work / "out_bombs", work),
        "images": _audit(cases.images, work / "out_images", work),
    }
    outs = {"batch": work / "out_batch", "bombs.zip": work / "out_bombs", "images": work / "out_images"}
    return {"cases": cases, "runs": runs, "outs": outs}


def _reports(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")}


def _batch(out: Path) -> dict:
    return json.loads((out / "batch.json").read_text(encoding="utf-8"))


def test_no_crash_and_nothing_left_in_the_temporary_folder(hostile):
    for name, run in hostile["runs"].items():
        assert run["rc"] == 0, (name, run["output"][-3000:])
        assert "Traceback" not in run["output"], (name, run["output"][-3000:])
        assert run["tmp_left"] == [], (name, run["tmp_left"])
        assert _reports(hostile["outs"][name]), name


def test_bombs_keep_the_audit_under_1_5_gb(hostile):
    for name in ("bombs.zip", "images"):
        assert 0 < hostile["runs"][name]["maxrss"] < MAX_RSS, (name, hostile["runs"][name]["maxrss"])
    bombs = {e["path"]: e for e in _batch(hostile["outs"]["bombs.zip"])["skipped_entries"]}
    assert bombs["bombs.zip!/李四_02/炸弹.pdf"]["status"] == "unreadable"
    images = next(iter(_reports(hostile["outs"]["images"]).values()))
    files = {f["path"]: f for f in images["files"]}
    for bomb in ("图片炸弹.png", "图片炸弹.pdf"):
        assert files[bomb]["status"] == "unreadable" and "像素" in files[bomb]["reason"], files[bomb]
    assert {f["evidence"]["file"] for f in images["findings"] if f["code"] == "DOC_UNREADABLE"} >= {"图片炸弹.png", "图片炸弹.pdf"}


def _accounted(kind: str, made: str, reports: dict[str, dict], batch: dict) -> bool:
    """Whether one entry the script made shows up in a report or in batch.json."""
    skipped = {e["path"] for e in batch.get("skipped_entries", [])}
    if kind == "bombs.zip":
        # the zip's single top folder is the applicant; its files are in the report
        if f"bombs.zip!/{made}" in skipped or (made.startswith("__MACOSX/") and "bombs.zip!/__MACOSX/" in skipped):
            return True
        folder, _, rel = made.partition("/")
        files = {f["path"] for r in reports.values() for f in r["files"]}
        return rel in files if rel else safe_key(folder) in reports
    if made.startswith("row:"):
        folder = made[4:]
        return safe_key(folder) in reports or any(f"文件夹“{folder}”" in p for p in skipped)
    if made == "applicants.csv":
        return batch.get("manifest") == "applicants.csv"
    if made in batch.get("unassigned_files", []):
        return True
    top, _, rel = made.partition("/")
    if top in skipped or f"{top}/" in skipped:
        return True  # a skipped folder accounts for what is inside it
    if kind == "images":
        files = {f["path"] for r in reports.values() for f in r["files"]}
        return rel in files
    if not rel:
        return safe_key(top) in reports
    return rel in {f["path"] for f in reports.get(safe_key(top), {}).get("files", [])}


def test_every_input_entry_is_in_a_report_or_in_batch_json(hostile):
    lost = []
    for kind, made in hostile["cases"].made.items():
        out = hostile["outs"][kind]
        reports, batch = _reports(out), _batch(out)
        for entry in made:
            if not _accounted(kind, entry, reports, batch):
                lost.append((kind, entry))
        for e in batch.get("skipped_entries", []):
            assert e["status"] in ("unsupported", "unreadable", "empty", "missing") and e["reason"], e
        for r in reports.values():
            for f in r["files"]:
                assert f["status"] == "processed" or f.get("reason"), f
    assert not lost, lost


def test_nothing_is_read_through_a_link(hostile):
    cases = hostile["cases"]
    secrets = {hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()} if Path("/etc/passwd").exists() else set()
    secrets |= {hashlib.sha256(p.read_bytes()).hexdigest() for p in cases.outside.iterdir()}
    for kind, out in hostile["outs"].items():
        for path in [*out.glob("*/report.json"), out / "batch.json"]:
            text = path.read_text(encoding="utf-8")
            assert str(cases.outside) not in text and "/etc/passwd" not in text, path
            assert not any(s in text for s in secrets), path
    reports = _reports(hostile["outs"]["batch"])
    links = {"passwd.pdf", "外部图片.png", "内部链接.pdf", "管道.pdf"}
    files = {f["path"]: f for f in reports["张三_01"]["files"]}
    for name in links:
        assert files[name]["status"] == "unsupported" and files[name]["sha256"] == "", files[name]
    assert not any(d["file"] in links for d in reports["张三_01"]["documents"])
    skipped = {e["path"]: e for e in _batch(hostile["outs"]["batch"])["skipped_entries"]}
    for linked in ("链接文件夹", "内部链接文件夹"):
        assert skipped[linked]["status"] == "unsupported" and safe_key(linked) not in reports


def test_a_long_pdf_says_how_much_of_it_was_read(hostile):
    report = _reports(hostile["outs"]["batch"])["张三_01"]
    long_pdf = next(f for f in report["files"] if f["path"] == "三百页.pdf")
    assert long_pdf["pages"] == 300 and long_pdf["pages_read"] == 50 and "50" in long_pdf["reason"]
    truncated = [f for f in report["findings"] if f["code"] == "DOC_TRUNCATED"]
    assert [f["evidence"]["file"] for f in truncated] == ["三百页.pdf"] and truncated[0]["severity"] == "warning"
    assert next(f for f in report["files"] if f["path"] == "大页面.pdf")["status"] == "processed"


def test_no_live_formula_in_the_summaries(hostile):
    from openpyxl import load_workbook

    out = hostile["outs"]["batch"]
    wb = load_workbook(out / "summary.xlsx")
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert any(t.startswith("=cmd") for t in texts)  # the hostile names are there, as text
    raw = (out / "summary.csv").read_text(encoding="utf-8-sig")
    for line in raw.splitlines():
        assert re.fullmatch(r'("([^"]|"")*")(,("([^"]|"")*"))*', line), line  # every cell quoted
    for row in csv.reader(raw.splitlines()):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    keys = {r[0].lstrip("'") for r in csv.reader(raw.splitlines()[1:])}
    assert {safe_key(n) for n in FORMULA_NAMES} <= keys
