"""The Auditor (pipeline/auditor.py): options become resources in one place, with no setting passed
through the environment, and a test can audit with a fake engine."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from preaudit.pipeline.auditor import AuditOptions, Auditor, get_auditor
from preaudit.pipeline.intake import ocr as ocr_mod
from preaudit.pipeline.model import DocType
from tests.helpers import rows

ROOT = Path(__file__).resolve().parents[2]
XUEXIN_LINES = ["教育部学历证书电子注册备案表", "更新日期：2024年05月06日", "姓名 张伟", "性别 男",
                "证件号码 110101199003071234", "毕业院校 昆明理工大学", "层次 本科", "专业 土木工程"]


class FakeEngine:
    """Answers every page with the same lines and counts the pages it was shown."""

    name = "fake"

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.calls = 0

    def read(self, image: np.ndarray):  # noqa: ANN201 - OcrEngine protocol
        self.calls += 1
        return rows(self.texts)


def _batch(root: Path) -> Path:
    folder = root / "batch" / "张伟"
    folder.mkdir(parents=True)
    image = np.full((1400, 1000, 3), 255, np.uint8)
    cv2.putText(image, "scan", (100, 200), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 0), 5)
    cv2.imwrite(str(folder / "学信网.jpg"), image)
    return root / "batch"


def test_options_check_the_engine_against_the_registry_and_resolve_the_state_dir(tmp_path):
    with pytest.raises(ValueError, match="unknown OCR engine"):
        AuditOptions(engine="tesseract")
    with pytest.raises(ValueError, match="threads"):
        AuditOptions(threads=0)
    options = AuditOptions(state_dir=Path("rel/state"))
    assert options.state_dir.is_absolute()
    assert AuditOptions(state_dir=tmp_path, cache=False).cache_dir is None
    assert AuditOptions(state_dir=tmp_path).cache_dir == tmp_path


def test_one_auditor_per_process_and_options(tmp_path):
    a = get_auditor(AuditOptions(engine="rapid", state_dir=tmp_path, cache=False))
    assert get_auditor(AuditOptions(engine="rapid", state_dir=tmp_path, cache=False)) is a
    b = get_auditor(AuditOptions(engine="rapid", state_dir=tmp_path, cache=False, as_of=None, threads=1))
    assert b is not a
    assert a.policy.policy == "kunming-panlong-2024q3"


def test_the_engine_gets_its_model_folder_and_threads_from_the_options(tmp_path):
    auditor = Auditor(AuditOptions(engine="paddle", state_dir=tmp_path / "st", cache=False, threads=3))
    engine = auditor.engine
    assert isinstance(engine, ocr_mod.PaddleEngine)
    assert engine.state_dir == (tmp_path / "st").absolute() and engine._threads == 3
    assert auditor.ocr.cache_dir is None


def test_an_auditor_with_a_fake_engine_audits_a_batch(tmp_path):
    engine = FakeEngine(XUEXIN_LINES)
    auditor = Auditor(AuditOptions(state_dir=tmp_path / "state", cache=False), engine=engine)
    result = auditor.audit_batch(_batch(tmp_path))
    assert engine.calls >= 1
    (report,) = result.reports
    assert [f.status for f in report.files] == ["processed"]
    assert report.documents[0].doc_type is DocType.XUEXIN_RECORD
    assert report.documents[0].value("name") == "张伟"


def test_the_written_run_uses_the_auditors_index_and_writes_reports(tmp_path):
    auditor = Auditor(AuditOptions(state_dir=tmp_path / "state"), engine=FakeEngine(XUEXIN_LINES))
    try:
        result = auditor.run(_batch(tmp_path), tmp_path / "out", resume=False)
    finally:
        auditor.close()
    assert result.audited == ["张伟"]
    assert (tmp_path / "out" / "张伟" / "report.json").is_file()
    assert (tmp_path / "state" / "fingerprints.sqlite").is_file()  # persistent: the cache is on


def test_the_command_line_offers_the_registrys_engines(monkeypatch):
    from preaudit.pipeline.cli import build_parser

    monkeypatch.setitem(ocr_mod.ENGINES, "fake", lambda threads, state_dir: FakeEngine([]))
    args = build_parser().parse_args(["audit", "in", "--out", "o", "--engine", "fake"])
    assert args.engine == "fake"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["audit", "in", "--out", "o", "--engine", "nonesuch"])


def test_the_command_line_exports_nothing(tmp_path, monkeypatch):
    from preaudit.pipeline.cli import main

    monkeypatch.delenv("PREAUDIT_STATE_DIR", raising=False)
    monkeypatch.delenv("PREAUDIT_OCR_THREADS", raising=False)
    before = dict(os.environ)
    (tmp_path / "empty").mkdir()
    main(["audit", str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "--state-dir", str(tmp_path / "st"),
          "--threads", "1", "--engine", "rapid", "--no-progress"])
    added = {k for k in os.environ if k.startswith("PREAUDIT_") and k not in before}
    assert added == set()


def _environment_writes(path: Path) -> list[str]:
    """`os.environ[...] = `, `os.environ.setdefault(...)` and `os.putenv` of PREAUDIT_ names in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = None
        if isinstance(node, ast.Assign):
            target = next((t for t in node.targets if isinstance(t, ast.Subscript)), None)
            key = target.slice if target is not None else None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("setdefault", "putenv") \
                and node.args:
            key = node.args[0]
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.startswith("PREAUDIT_"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {key.value}")
    return found


def test_no_setting_travels_through_the_environment():
    """The state directory and the thread count reach the engine only through AuditOptions."""
    files = [p for d in ("pipeline", "extractors", "validators", "flows", "bench") for p in (ROOT / d).rglob("*.py")]
    assert [w for p in files for w in _environment_writes(p)] == []
    assert "export PREAUDIT" not in (ROOT / "Makefile").read_text(encoding="utf-8")
