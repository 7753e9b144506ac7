"""The command line for an operator: Chinese help naming the policies, --version, an aligned table,
quiet and masked logs, the parent batch's manifest for one folder, a progress bar only on a terminal."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from preaudit.pipeline import __version__
from preaudit.pipeline.report.cells import display_width
from preaudit.pipeline.cli import main, result_table
from preaudit.pipeline.ops.logsetup import setup_logging
from preaudit.pipeline.ops.progress import NullProgress, RichProgress, make_progress


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    libs = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).propagate) for n in ("paddlex", "RapidOCR", "paddleocr")}
    yield
    root.handlers[:], level = saved
    root.setLevel(level)
    for n, (handlers, propagate) in libs.items():
        logging.getLogger(n).handlers[:] = handlers
        logging.getLogger(n).propagate = propagate


def test_version_and_chinese_help_with_the_policies_and_their_titles(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"preaudit {__version__}"
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    text = capsys.readouterr().out
    assert "用法：" in text and "审核基准日" in text and "退出状态" in text
    assert "kunming-panlong-2024q3" in text and "昆明市盘龙区2024年第三期（9月）初级职称考核认定（默认）" in text
    assert "曲靖市2023年度高中级专业技术职称评审" in text


def test_console_table_is_aligned_by_display_width():
    lines = result_table([("阿依古丽·买买提_03", "pass", []), ("li_02", "reject", ["NAME_MISMATCH"]), ("\x1b[2J坏", "needs_review", [])])
    verdicts = ["结论", "通过", "不通过", "需人工复核"]
    columns = [display_width(line[:line.index(v)]) for line, v in zip(lines, verdicts)]
    assert len(set(columns)) == 1, lines
    assert "\x1b" not in "".join(lines) and "NAME_MISMATCH" in lines[2]


def test_library_chatter_is_quiet_and_ids_are_masked(restore_logging, monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    setup_logging(False)
    logging.getLogger("paddlex").info("Creating model: ('PP-OCRv6_small_det', ...)")
    logging.getLogger("RapidOCR").info("Using engine_name: onnxruntime")
    logging.getLogger("paddlex").warning("model in /in/张三_530102199001011238/x")
    try:
        raise ValueError("/in/张三_530102199001011238/a.pdf")
    except ValueError:
        logging.getLogger("preaudit.pipeline.run").exception("reading failed")
    text = err.getvalue()
    assert "Creating model" not in text and "engine_name" not in text and "\x1b[" not in text
    assert "530102********1238" in text and "530102199001011238" not in text


def test_one_applicant_folder_uses_the_parent_batch_manifest_and_says_so(tmp_path, capsys, restore_logging):
    batch = tmp_path / "batch"
    (batch / "张三").mkdir(parents=True)
    (batch / "张三" / "说明.docx").write_bytes(b"not an attachment")
    (batch / "applicants.csv").write_text("文件夹,姓名,身份证号,申报单位\n张三,张三,530102199001011238,某公司\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["audit", str(batch / "张三"), "--out", str(out), "--state-dir", str(tmp_path / "state")]) == 0
    captured = capsys.readouterr()
    assert "审核政策：kunming-panlong-2024q3（昆明市盘龙区2024年第三期（9月）初级职称考核认定）" in captured.err
    assert "上级批次的推荐人员名单" in captured.err
    assert "DECLARED_DATA_MISSING" not in (out / "张三" / "report.json").read_text(encoding="utf-8")
    assert "report: " in captured.out and "审核 1 名申报人" in captured.out
    # a rerun skips it and says so
    assert main(["audit", str(batch / "张三"), "--out", str(out), "--state-dir", str(tmp_path / "state")]) == 0
    assert "未变化而跳过 1 人" in capsys.readouterr().out


def test_bad_arguments_say_so_in_chinese_with_status_2(tmp_path, capsys, restore_logging):
    assert main(["audit", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "输入路径不存在" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert isinstance(make_progress(), NullProgress)  # not a terminal
    bar = make_progress(True)
    assert isinstance(bar, RichProgress)
    bar.start(2, 3)
    bar.begin("张三_01")
    bar.file_done(2)
    bar.end("张三_01")
    bar.skip("李四_02", 1)
    bar.close()
    assert "张三_01" in sys.stderr.getvalue() or "3/3" in sys.stderr.getvalue()
