"""Walking applicant folders: no link followed, devices never opened, files over the bound refused,
and the batch-level entries that are not audited listed with a status and a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from preaudit.pipeline.intake.ingest import discover
from preaudit.pipeline.intake.limits import DEFAULT_FILE, limits
from preaudit.pipeline.intake.walk import list_source_files, open_regular

HEADER = "文件夹,姓名,身份证号,申报单位\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    return folder


def _by_path(files):
    return {f.path: f for f in files}


def test_links_and_pipes_in_an_applicant_folder_are_refused_never_read(tmp_path, outside):
    folder = tmp_path / "batch" / "张伟"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.pdf").write_bytes(b"%PDF-1.4 a")
    os.symlink(outside / "secret.pdf", folder / "out.pdf")
    os.symlink("a.pdf", folder / "in.pdf")
    os.symlink(outside, folder / "sub" / "linked_dir")
    os.symlink(folder / "nowhere", folder / "dangling.pdf")
    os.mkfifo(folder / "pipe.pdf")
    files = _by_path(list_source_files(folder, tmp_path / "batch"))
    assert set(files) == {"a.pdf", "out.pdf", "in.pdf", "sub/linked_dir", "dangling.pdf", "pipe.pdf"}
    assert files["a.pdf"].refused is None and files["a.pdf"].sha256 and files["a.pdf"].kind == "pdf"
    for name in ("out.pdf", "in.pdf", "sub/linked_dir", "dangling.pdf", "pipe.pdf"):
        assert files[name].refused == "unsupported" and files[name].sha256 == "" and files[name].reason, name
    assert str(outside) not in files["out.pdf"].reason and "之外" in files["out.pdf"].reason
    assert "张伟/a.pdf" in files["in.pdf"].reason  # a link inside the root may say where it points
    assert "管道" in files["pipe.pdf"].reason


def test_a_file_over_the_size_bound_is_refused_without_reading(tmp_path, monkeypatch):
    small = tmp_path / "limits.yaml"
    small.write_text(DEFAULT_FILE.read_text(encoding="utf-8").replace("max_bytes: 268435456", "max_bytes: 1000"),
                     encoding="utf-8")
    monkeypatch.setenv("PREAUDIT_LIMITS", str(small))
    assert limits().files_max_bytes == 1000
    (tmp_path / "big.pdf").write_bytes(b"%PDF" + bytes(2000))
    (tmp_path / "ok.pdf").write_bytes(b"%PDF" + bytes(10))
    files = _by_path(list_source_files(tmp_path))
    assert files["big.pdf"].refused == "unreadable" and "过大" in files["big.pdf"].reason and files["big.pdf"].size == 2004
    assert files["ok.pdf"].refused is None


def test_open_regular_refuses_links_and_pipes(tmp_path):
    (tmp_path / "f").write_bytes(b"x")
    os.symlink(tmp_path / "f", tmp_path / "l")
    os.mkfifo(tmp_path / "p")
    with open_regular(tmp_path / "f") as fh:
        assert fh.read() == b"x"
    for name in ("l", "p"):
        with pytest.raises(OSError):
            open_regular(tmp_path / name)


def test_batch_entries_that_are_not_audited_are_listed(tmp_path, outside):
    root = tmp_path / "batch"
    for name in ("张伟", "..evil", "李娜"):
        (root / name).mkdir(parents=True)
        (root / name / "a.pdf").write_bytes(b"%PDF-1.4")
    (root / "空").mkdir()
    (root / "有名单的空文件夹").mkdir()
    os.symlink(outside, root / "链接")
    os.symlink(root / "张伟", root / "内部链接")
    os.symlink(outside / "secret.pdf", root / "secret.pdf")
    (root / "applicants.csv").write_text(HEADER + "张伟,张伟,,单位\n有名单的空文件夹,王芳,,单位\n缺席,赵六,,单位\n",
                                         encoding="utf-8")
    batch = discover(root)
    skipped = {e.path: (e.status, e.reason) for e in batch.skipped}
    assert [a.key for a in batch.applicants] == ["张伟", "有名单的空文件夹", "李娜"]
    assert skipped["..evil/"][0] == "unsupported" and skipped["空/"][0] == "empty"
    assert skipped["链接"][0] == "unsupported" and "文件夹" in skipped["链接"][1]
    assert skipped["内部链接"][0] == "unsupported" and skipped["secret.pdf"][0] == "unsupported"
    assert skipped["applicants.csv 第3条（文件夹“缺席”，姓名“赵六”）"][0] == "missing"
    assert len(skipped) == 6
    assert not any(str(outside) in reason for _, reason in skipped.values())


def test_of_two_manifests_the_xlsx_is_read_and_the_csv_listed(tmp_path):
    root = tmp_path / "batch"
    (root / "张伟").mkdir(parents=True)
    (root / "张伟" / "a.pdf").write_bytes(b"%PDF-1.4")
    (root / "applicants.csv").write_text(HEADER + "张伟,张伟,,单位\n", encoding="utf-8")
    (root / "applicants.xlsx").write_bytes(b"not really an xlsx")
    batch = discover(root)
    skipped = {e.path: e.status for e in batch.skipped}
    assert batch.manifest.name == "applicants.xlsx"
    assert skipped == {"applicants.csv": "unsupported", "applicants.xlsx": "unreadable"}  # broken: listed and noted
    assert batch.notes and [a.key for a in batch.applicants] == ["张伟"]


def test_a_manifest_row_without_its_folder_is_listed_as_missing(tmp_path):
    root = tmp_path / "batch"
    (root / "张伟").mkdir(parents=True)
    (root / "张伟" / "a.pdf").write_bytes(b"%PDF-1.4")
    (root / "applicants.csv").write_text(HEADER + "张伟,张伟,,单位\n=cmd|' /C calc'!A0,+1,,单位\n", encoding="utf-8")
    batch = discover(root)
    [missing] = batch.skipped
    assert missing.status == "missing" and "第2条" in missing.path and "=cmd|' /C calc'!A0" in missing.path
    assert batch.applicants[0].declared.name == "张伟"


def test_a_zip_s_skipped_entries_reach_the_batch(tmp_path):
    from tests.hostile.make_cases import stored, write_zip

    z = write_zip(tmp_path / "b.zip", [stored("甲/a.pdf", b"%PDF"), stored("../x.pdf", b"x"), stored("乙/", b"")])
    with discover(z) as batch:
        extracted = batch.root
        assert [e.path for e in batch.skipped] == ["b.zip!/../x.pdf", "乙/"]
        assert [s for s in batch.skipped if s.path == "乙/"][0].status == "empty"
        assert extracted.exists()
    assert not extracted.exists()  # closing the batch removes the extraction folder


def test_applicant_yaml_through_a_link_is_not_read(tmp_path, outside):
    folder = tmp_path / "张伟"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"%PDF-1.4")
    (outside / "applicant.yaml").write_text("name: 外人\n", encoding="utf-8")
    os.symlink(outside / "applicant.yaml", folder / "applicant.yaml")
    [applicant] = discover(folder).applicants
    assert applicant.declared is None
    assert {f.path: f.refused for f in applicant.files} == {"a.pdf": None, "applicant.yaml": "unsupported"}
