"""The summary's report cache keeps only what a row shows (issue 17: memory flat over a long batch)."""

from __future__ import annotations

import json
from pathlib import Path

from preaudit.pipeline.report import summary


def test_the_cache_holds_no_document_fields(tmp_path: Path) -> None:
    folder = tmp_path / "张三_01"
    folder.mkdir()
    report = {
        "schema": summary.SCHEMA, "verdict": "pass", "applicant": {"name": "张三"}, "files": [],
        "findings": [{"code": "X", "severity": "info", "message": "m"}],
        "documents": [{"type": "id_card_front", "file": "a.jpg", "fields": {"name": {"value": "张三" * 500}}}],
        "case": {"declared": {"name": "张三"}},
    }
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    parsed = summary._parse(folder / "report.json")
    assert parsed is not None and parsed.data is not None
    assert parsed.data["documents"] == [{"type": "id_card_front", "file": "a.jpg"}]
    assert "case" not in parsed.data
    view = summary.load_views(tmp_path)["张三_01"]
    assert view.verdict == "pass" and view.documents == (("id_card_front", "a.jpg"),)
