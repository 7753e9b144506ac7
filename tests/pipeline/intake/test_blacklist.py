"""pipeline/intake/blacklist.py: the 失信/黑名单 list (--blacklist), read whole and bounded, or refused."""

from __future__ import annotations

import os
from datetime import date

import pytest
from openpyxl import Workbook

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.blacklist import read_blacklist
from preaudit.pipeline.intake.limits import DEFAULT_FILE, limits

A = "530102199003071238"
B = "53010219900307123X"


def _csv(path, text, encoding="utf-8-sig"):
    path.write_bytes(text.encode(encoding))
    return path


def test_a_csv_list_with_every_column(tmp_path):
    bl = read_blacklist(_csv(tmp_path / "失信名单.csv",
                             f"身份证号,姓名,原因,期限\n{A},张伟,提供虚假材料,2023-05-01至2026-04-30\n"
                             f"{B.lower()},李娜,,长期\n"))
    [row] = bl.lookup(A)
    assert (row.name, row.reason, row.until, row.line) == ("张伟", "提供虚假材料", date(2026, 4, 30), 2)
    [row] = bl.lookup(B)  # a lower-case x on the list, the number as the card prints it
    assert row.until is None and row.until_raw == "长期"
    assert bl.lookup("110101199003071234") == [] and bl.rows == 2 and bl.file == "失信名单.csv"
    assert A not in repr(bl.entries)  # numbers kept as hashes


def test_gbk_and_xlsx_lists(tmp_path):
    bl = read_blacklist(_csv(tmp_path / "gbk.csv", f"公民身份号码,姓名\n{A},张伟\n", "gbk"))
    assert bl.lookup(A)[0].name == "张伟"
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "身份证号码", "记录期限"])
    ws.append([1, "张伟", A, date(2025, 12, 31)])
    wb.save(tmp_path / "list.xlsx")
    [row] = read_blacklist(tmp_path / "list.xlsx").lookup(A)
    assert row.until == date(2025, 12, 31)


def test_rows_without_an_id_number_s_shape_are_left_out_and_said(tmp_path):
    bl = read_blacklist(_csv(tmp_path / "l.csv", f"身份证号,姓名\n{A},张伟\n5301021990,王五\n,赵六\n"))
    assert bl.lookup(A) and len(bl.problems) == 2 and "第 3 行" in bl.problems[0]


@pytest.mark.parametrize(("name", "content", "why"), [
    ("l.csv", "姓名,原因\n张伟,虚假材料\n", "缺少“身份证号”列"),
    ("l.csv", "", "没有内容"),
    ("l.csv", b"\xff\xfe\x00\xd8garbage\x81", "编码无法识别"),
    ("l.xlsx", b"PK\x03\x04 not a workbook", "不是有效的 xlsx"),
    ("l.txt", "身份证号\n" + A, "不是 csv 或 xlsx"),
    ("l.csv", '身份证号,姓名\n"' + A + ',张伟\n' + "x" * 10, "无法解析"),
])
def test_a_malformed_list_is_refused_whole(tmp_path, name, content, why):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    with pytest.raises(InputError, match=why):
        read_blacklist(path)


def test_a_missing_file_or_a_link_is_refused(tmp_path):
    with pytest.raises(InputError):
        read_blacklist(tmp_path / "none.csv")
    real = _csv(tmp_path / "real.csv", f"身份证号\n{A}\n")
    os.symlink(real, tmp_path / "link.csv")
    with pytest.raises(InputError):
        read_blacklist(tmp_path / "link.csv")


def test_the_bounds_hold(tmp_path, monkeypatch):
    small = tmp_path / "limits.yaml"
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    text = text.replace("  max_bytes: 16777216\n  # Rows read: a province", "  max_bytes: 200\n  # Rows read: a province")
    small.write_text(text.replace("max_rows: 200000", "max_rows: 3"), encoding="utf-8")
    monkeypatch.setenv("PREAUDIT_LIMITS", str(small))
    assert limits().blacklist_max_bytes == 200 and limits().blacklist_max_rows == 3
    with pytest.raises(InputError, match="行数超过上限"):
        read_blacklist(_csv(tmp_path / "rows.csv", "身份证号\n" + f"{A}\n" * 5))
    with pytest.raises(InputError, match="过大"):
        read_blacklist(_csv(tmp_path / "big.csv", "身份证号,原因\n" + f"{A},{'很长的原因' * 40}\n"))
    wb = Workbook()
    wb.active.append(["身份证号", "原因"])
    wb.active.append([A, "x" * 300])
    wb.save(tmp_path / "big.xlsx")
    with pytest.raises(InputError, match="解压后过大"):
        read_blacklist(tmp_path / "big.xlsx")
