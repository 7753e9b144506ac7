"""Checks that need nothing but the manifest hold on the command line (issue 15 "Done when"):
each applicant folder holds one unreadable file, so no OCR runs and the findings come from the
declared data and the policy's scope and timeline."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from preaudit.pipeline.cli import main

HEADER = ["文件夹", "姓名", "身份证号", "申报单位", "申报系列", "申报专业", "申报级别", "学历", "专业对口", "申报日期", "单位性质"]
BASE = {"姓名": "张伟", "身份证号": "530103199003070012", "申报单位": "昆明盘龙云海科技有限公司", "申报系列": "工程",
        "申报专业": "计算机应用", "申报级别": "助理级", "学历": "本科", "专业对口": "是", "申报日期": "2024-09-10",
        "单位性质": "非公经济组织"}


def _audit(tmp_path: Path, policy: str, rows: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    batch = tmp_path / "batch"
    batch.mkdir()
    with (batch / "applicants.csv").open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, HEADER)
        writer.writeheader()
        for folder, row in rows.items():
            (batch / folder).mkdir()
            (batch / folder / "note.txt").write_text("x", encoding="utf-8")  # unsupported: nothing to OCR
            writer.writerow(BASE | {"文件夹": folder} | row)
    out = tmp_path / "out"
    main(["audit", str(batch), "--out", str(out), "--policy", policy, "--no-cache", "--no-progress"])
    reports = {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")}
    return {key: {f["code"] for f in r["findings"]} for key, r in reports.items()}


def test_panlong_scope_and_window(tmp_path):
    codes = _audit(tmp_path, "kunming-panlong-2024q3", {
        "clean": {},
        "intermediate": {"申报级别": "中级"},
        "accountant": {"申报系列": "会计", "申报专业": "会计"},
        "late": {"申报日期": "2024-10-08"},
    })
    scope_codes = {"LEVEL_OUT_OF_SCOPE", "SERIES_EXCLUDED", "APPLICATION_WINDOW"}
    assert codes["clean"] & scope_codes == set()
    assert codes["intermediate"] & scope_codes == {"LEVEL_OUT_OF_SCOPE"}
    assert codes["accountant"] & scope_codes == {"SERIES_EXCLUDED"}
    assert codes["late"] & scope_codes == {"APPLICATION_WINDOW"}


def test_qujing_covers_no_junior_level(tmp_path):
    codes = _audit(tmp_path, "qujing-2023", {
        "junior": {"申报级别": "员级", "申报日期": "2023-10-10"},
        "intermediate": {"申报级别": "中级", "申报日期": "2023-10-10"},
    })
    assert "LEVEL_OUT_OF_SCOPE" in codes["junior"]
    assert "LEVEL_OUT_OF_SCOPE" not in codes["intermediate"]


@pytest.mark.parametrize(("filed", "missing"), [("", True), ("2024-04-08", False)])
def test_the_guide_needs_the_application_date(tmp_path, filed, missing):
    codes = _audit(tmp_path, "kunming-guide", {"a": {"申报日期": filed}})
    assert ("APPLICATION_DATE_MISSING" in codes["a"]) is missing
