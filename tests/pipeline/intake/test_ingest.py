import zipfile

import pytest

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.ingest import discover, read_manifest, safe_key

HEADER = "文件夹,姓名,身份证号,申报单位,申报系列,申报专业,申报级别,学历,专业对口,申报日期,单位性质\n"


def _batch(root, manifest_encoding="utf-8-sig"):
    (root / "张伟_01").mkdir(parents=True)
    (root / "张伟_01" / "身份证.jpg").write_bytes(b"x")
    (root / "张伟_01" / "sub").mkdir()
    (root / "张伟_01" / "sub" / "社保.pdf").write_bytes(b"%PDF")
    (root / "李娜").mkdir()
    (root / "李娜" / "a.pdf").write_bytes(b"%PDF")
    (root / "applicants.csv").write_text(
        HEADER + "张伟_01,张伟,530102199003071238,昆明云岭科技有限公司,工程,软件,助理级,本科,是,2024-09-10,企业\n"
        "李娜,李娜,530102199511020023,昆明春城软件有限责任公司,工程,软件,助理级,硕士,否,2024/9/12,企业\n",
        encoding=manifest_encoding,
    )
    return root


def test_batch_folder_with_manifest(tmp_path):
    batch = discover(_batch(tmp_path))
    assert [a.key for a in batch.applicants] == ["张伟_01", "李娜"]
    zw = batch.applicants[0]
    assert [f.path for f in zw.files] == ["sub/社保.pdf", "身份证.jpg"]
    assert zw.declared.name == "张伟" and zw.declared.major_matches is True
    assert zw.declared.application_date.isoformat() == "2024-09-10"
    assert batch.applicants[1].declared.application_date.isoformat() == "2024-09-12"
    assert batch.applicants[1].declared.major_matches is False


def test_gbk_manifest_is_read(tmp_path):
    batch = discover(_batch(tmp_path, "gb18030"))
    assert batch.applicants[0].declared.unit == "昆明云岭科技有限公司"


def test_applicant_yaml_overrides_manifest(tmp_path):
    root = _batch(tmp_path)
    (root / "李娜" / "applicant.yaml").write_text("unit: 另一家公司\nlevel: 中级\n", encoding="utf-8")
    li = discover(root).applicants[1]
    assert li.declared.unit == "另一家公司" and li.declared.level == "中级" and li.declared.name == "李娜"
    assert li.declared_source == "manifest+applicant.yaml"
    assert all(f.path != "applicant.yaml" for f in li.files)


def test_single_applicant_folder_without_manifest(tmp_path):
    folder = tmp_path / "王芳_530102199511020023"
    folder.mkdir()
    (folder / "x.png").write_bytes(b"x")
    batch = discover(folder)
    assert len(batch.applicants) == 1 and batch.applicants[0].declared is None


class GbkZipInfo(zipfile.ZipInfo):
    """Writes the name as GBK bytes without the UTF-8 flag, as Chinese Windows zip tools do."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def test_zip_of_a_batch_with_gbk_names(tmp_path):
    root = _batch(tmp_path / "src")
    zpath = tmp_path / "batch.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for p in root.rglob("*"):
            if p.is_file():
                info = GbkZipInfo(p.relative_to(root).as_posix())
                zf.writestr(info, p.read_bytes())
    batch = discover(zpath)
    assert [a.key for a in batch.applicants] == ["张伟_01", "李娜"]
    assert batch.applicants[0].declared.name == "张伟"


def test_every_file_is_listed_even_unsupported(tmp_path):
    root = _batch(tmp_path)
    (root / "李娜" / "说明.docx").write_bytes(b"PK")
    files = {f.path: f.kind for f in discover(root).applicants[1].files}
    assert files == {"a.pdf": "pdf", "说明.docx": "unsupported"}


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("附件2学历.jpg", b"%PDF-1.7\n%\xe2\xe3", "pdf"),  # a PDF renamed .jpg by the applicant
    ("身份证.pdf", b"\xff\xd8\xff\xe0JFIF", "image"),  # a photo renamed .pdf
    ("截图.PNG", b"\x89PNG\r\n\x1a\n", "image"),
    ("坏文件.pdf", b"garbage", "pdf"),  # nothing recognisable: the name decides (then unreadable)
    ("说明.docx", b"PK\x03\x04", "unsupported"),
])
def test_a_file_s_kind_comes_from_its_bytes_before_its_name(tmp_path, name, content, kind):
    root = _batch(tmp_path)
    (root / "李娜" / name).write_bytes(content)
    files = {f.path: f.kind for f in discover(root).applicants[1].files}
    assert files[name] == kind


def test_stray_files_at_batch_root_are_reported(tmp_path):
    root = _batch(tmp_path)
    (root / "遗漏.pdf").write_bytes(b"%PDF")
    assert discover(root).stray_files == ["遗漏.pdf"]


def test_xlsx_manifest_keeps_id_digits(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(["张伟_01", "张伟", "530102199003071238", "单位", "工程", "软件", "助理级", "本科", "是", "2024-09-10", "企业"])
    path = tmp_path / "applicants.xlsx"
    wb.save(path)
    (declared, problems), = read_manifest(path)
    assert declared.id_number == "530102199003071238" and not problems


def test_missing_input_and_bad_zip_raise_input_error(tmp_path):
    with pytest.raises(InputError):
        discover(tmp_path / "nope")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError):
        discover(bad)


def test_safe_key():
    assert safe_key('a/b:c*?"<>|') == "a_b_c______"


@pytest.mark.parametrize(
    ("cell", "expected", "problem"),
    [("2000-07-01", "2000-07-01", False), ("2000年7月", "2000-07-01", False), ("2000.07", "2000-07-01", False),
     ("九十年代", None, True)],
)
def test_graduation_column_reads_a_date_or_a_month(tmp_path, cell, expected, problem):
    """毕业时间 (001 §五(四): 学信网 holds diplomas from 2001 on), a month reading as its first day."""
    (tmp_path / "张伟").mkdir()
    (tmp_path / "张伟" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "applicants.csv").write_text(
        "文件夹,姓名,学历,毕业时间\n" f"张伟,张伟,本科,{cell}\n", encoding="utf-8-sig")
    batch = discover(tmp_path)
    got = batch.applicants[0].declared.graduation_date
    assert (got.isoformat() if got else None) == expected
    assert any("毕业时间" in note for note in batch.notes) is problem
