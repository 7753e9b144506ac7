"""One application a year and the 失信 list on the command line (issue 15): a second batch of the same
year finds the person's first in the state directory; --blacklist names a listed applicant; a broken
list stops the run (exit status 2). Manifest-only applicants: nothing to OCR."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from preaudit.pipeline.cli import main

HEADER = ["文件夹", "姓名", "身份证号", "申报单位", "申报系列", "申报专业", "申报级别", "学历", "专业对口", "申报日期", "单位性质"]
ROW = {"姓名": "张伟", "身份证号": "530103199003070012", "申报单位": "曲靖麒麟化工有限公司", "申报系列": "工程",
       "申报专业": "化学工程", "申报级别": "中级", "学历": "本科", "专业对口": "是", "申报日期": "2023-11-10",
       "单位性质": "非公经济组织"}


def _batch(root: Path, folder: str, **row) -> Path:
    root.mkdir(parents=True)
    (root / folder).mkdir()
    (root / folder / "note.txt").write_text("x", encoding="utf-8")  # unsupported: nothing to OCR
    with (root / "applicants.csv").open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, HEADER)
        writer.writeheader()
        writer.writerow(ROW | {"文件夹": folder} | row)
    return root


def _report(out: Path) -> dict:
    [path] = out.glob("*/report.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _codes(report: dict, code: str) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == code]


def test_a_second_batch_of_the_same_year_names_the_first_for_the_reviewer(tmp_path):
    state = tmp_path / "state"
    first = _batch(tmp_path / "2023-05" / "batch", "张伟")
    second = _batch(tmp_path / "2023-11" / "batch", "张伟_重报")
    other_year = _batch(tmp_path / "2024-05" / "batch", "张伟", 申报日期="2024-05-10")
    run = ["--policy", "qujing-2023", "--state-dir", str(state), "--no-progress"]
    assert main(["audit", str(first), "--out", str(tmp_path / "o1"), *run]) == 0
    assert _codes(_report(tmp_path / "o1"), "APPLICATION_REPEATED") == []
    assert main(["audit", str(second), "--out", str(tmp_path / "o2"), *run]) == 0
    [f] = _codes(_report(tmp_path / "o2"), "APPLICATION_REPEATED")
    # only typed into the manifest, never read from an ID card: a reviewer looks
    assert f["severity"] == "warning" and f["evidence"]["year"] == 2023
    assert [a["batch"] for a in f["evidence"]["applications"]] == [str(first.resolve())]
    assert "2023-05" not in f["message"] and "530103" not in f["message"]
    html = (tmp_path / "o2").glob("*/report.html").__next__().read_text(encoding="utf-8")
    assert "530103199003070012" not in html
    # --as-of gives the guide's year; qujing has no timeline, so the year is the reference date's
    assert main(["audit", str(other_year), "--out", str(tmp_path / "o3"), *run, "--as-of", "2024-05-10"]) == 0
    assert _codes(_report(tmp_path / "o3"), "APPLICATION_REPEATED") == []


def test_a_listed_applicant_and_a_broken_list(tmp_path, capsys):
    batch = _batch(tmp_path / "batch", "张伟")
    listed = tmp_path / "失信名单.csv"
    listed.write_text(f"身份证号,姓名,原因,期限\n{ROW['身份证号']},张伟,提供虚假材料,2025-06-30\n", encoding="utf-8")
    run = ["--policy", "qujing-2023", "--no-cache", "--no-progress"]
    assert main(["audit", str(batch), "--out", str(tmp_path / "o"), *run, "--blacklist", str(listed)]) == 0
    [f] = _codes(_report(tmp_path / "o"), "BLACKLISTED")
    assert f["severity"] == "warning" and f["evidence"]["entries"][0]["line"] == 2
    assert "2025-06-30" in f["message"] and "虚假" not in f["message"]
    broken = tmp_path / "broken.csv"
    broken.write_text("姓名,原因\n张伟,x\n", encoding="utf-8")
    assert main(["audit", str(batch), "--out", str(tmp_path / "o2"), *run, "--blacklist", str(broken)]) == 2
    assert "身份证号" in capsys.readouterr().err
