"""Issue 12, class 1: valid ID numbers whose area code is newer than the holder were rejected.

The command line, given only a manifest row, must accept 370782198710011234 (诸城市, code since 1989,
born 1987) and 530114198503120017 (呈贡区, code since 2011, born 1985) without ID_NUMBER_INVALID.
"""

from __future__ import annotations

import csv
import json

from preaudit.pipeline.cli import main
from preaudit.pipeline.intake.ingest import safe_key

NUMBERS = {"王成": "370782198710011234", "李春梅": "530114198503120017"}


def test_manifest_numbers_issued_before_their_area_code_are_accepted(tmp_path, monkeypatch):
    monkeypatch.setenv("PREAUDIT_STATE_DIR", str(tmp_path / "state"))
    batch = tmp_path / "batch"
    batch.mkdir()
    with open(batch / "applicants.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["文件夹", "姓名", "身份证号", "申报单位", "申报级别", "学历", "单位性质"])
        for name, number in NUMBERS.items():
            (batch / name).mkdir()
            (batch / name / "说明.txt").write_text("材料待补", encoding="utf-8")
            w.writerow([name, name, number, "昆明盘龙云海科技有限公司", "助理级", "本科", "企业"])
    out = tmp_path / "out"
    assert main(["audit", str(batch), "--out", str(out), "--state-dir", str(tmp_path / "state")]) == 0
    for name in NUMBERS:
        report = json.loads((out / safe_key(name) / "report.json").read_text(encoding="utf-8"))
        codes = [f["code"] for f in report["findings"]]
        assert "ID_NUMBER_INVALID" not in codes, report["findings"]
        assert "DOC_MISSING" in codes  # the folder holds no attachment: the audit did run
