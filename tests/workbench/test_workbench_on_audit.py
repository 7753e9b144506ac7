"""The workbench over a real `preaudit audit` output (a manifest-only batch: nothing to OCR): the queue
lists it, the case page shows its findings, a decision is recorded and survives a re-audit of the
unchanged folder, and no page shows the declared ID number."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from preaudit.pipeline.cli import main
from preaudit.workbench import trail
from tests.workbench.workbench_builders import add_reviewers, login, make_client

HEADER = ["文件夹", "姓名", "身份证号", "申报单位", "申报系列", "申报专业", "申报级别", "学历", "专业对口", "申报日期", "单位性质"]
FULL = "530103199003070012"
ROW = {"文件夹": "张伟", "姓名": "张伟", "身份证号": FULL, "申报单位": "曲靖麒麟化工有限公司", "申报系列": "工程",
       "申报专业": "化学工程", "申报级别": "中级", "学历": "本科", "专业对口": "是", "申报日期": "2023-11-10",
       "单位性质": "非公经济组织"}


def _batch(root: Path) -> Path:
    (root / "张伟").mkdir(parents=True)
    (root / "张伟" / "note.txt").write_text("x", encoding="utf-8")  # unsupported: nothing to OCR
    with (root / "applicants.csv").open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, HEADER)
        writer.writeheader()
        writer.writerow(ROW)
    return root


def test_review_an_audited_batch(tmp_path):
    batch, out, state = _batch(tmp_path / "batch"), tmp_path / "out", tmp_path / "state"
    run = ["audit", str(batch), "--out", str(out), "--policy", "qujing-2023", "--state-dir", str(state), "--no-progress"]
    assert main(run) == 0
    add_reviewers(state)
    with make_client(out, state) as client:
        login(client, "李审核")
        queue = client.get("/").text
        assert "张伟" in queue and "共 1 人" in queue
        page = client.get("/case/张伟").text
        assert "DOC_UNSUPPORTED" in page and "一、" in page
        article = re.search(r'<article[^>]*id="f(\d+)".*?</article>', page, re.S)
        data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', article.group(0)))
        r = client.post("/case/张伟/decide", data=data | {"decision": "需补充", "reason": "请上传PDF"}, follow_redirects=False)
        assert r.status_code == 303
        for html in (queue, page, client.get("/case/张伟").text, client.get("/case/张伟/report.html").text):
            assert FULL not in html
    assert main(run + ["--no-resume"]) == 0  # re-audited, nothing changed
    with make_client(out, state) as client:
        login(client, "李审核")
        again = client.get("/case/张伟").text
        assert "审核意见：<strong>需补充</strong>" in again and "outdated-badge" not in again
    assert main(["review-log", str(out), "--verify"]) == 0
    assert len(trail.entries(out)) == 1
