"""Ingest: a batch folder, one applicant folder, or a zip of either -> applicants with their files.

This is the only module that reads the manifest (applicants.csv/.xlsx) and per-folder
applicant.yaml, and decides which folders are applicants. Nothing is dropped silently: every file
in an applicant folder is returned (links, devices and files over a bound marked as refused, see
pipeline/intake/walk.py), and every other entry that is not audited (a link or hidden folder at the
batch root, an empty folder without a manifest row, a manifest row without its folder, a zip
entry not extracted: pipeline/intake/unzip.py) is in `Batch.skipped` with a status and a reason, for
batch.json. No link is ever followed, the batch's own root excepted.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from preaudit.pipeline.errors import InputError
from preaudit.pipeline.intake.limits import limits, mib
from preaudit.pipeline.intake.manifest_cells import READERS
from preaudit.pipeline.model import Declared, SourceFile, mask_ids_in_text
from preaudit.pipeline.values.text import nfkc, parse_date, parse_month
from preaudit.pipeline.intake.unzip import extract_zip
from preaudit.pipeline.intake.walk import (  # noqa: F401 - re-exported: callers import them from here
    APPLICANT_YAML, IMAGE_SUFFIXES, PDF_SUFFIXES, SkippedEntry, entries, file_kind, link_reason, list_source_files,
    open_regular, read_text_bounded, sha256_file, special_reason,
)

MANIFEST_NAMES = ("applicants.xlsx", "applicants.csv")

# CONTRACT.md manifest headers: Chinese header -> English key.
MANIFEST_HEADERS = {
    "文件夹": "folder",
    "姓名": "name",
    "身份证号": "id_number",
    "申报单位": "unit",
    "申报系列": "series",
    "申报专业": "specialty",
    "申报级别": "level",
    "学历": "education",
    "专业对口": "major_matches",
    "申报日期": "application_date",
    "单位性质": "unit_type",
    "主要工作业绩": "work_summary",
    "人员身份": "staff_category",
    # issue 15: read by pipeline/intake/manifest_cells.py (formats in docs/contract.md)
    "现有职称级别": "current_title_level",
    "取得现职称时间": "current_title_date",
    "聘任时间": "appointment_date",
    "申报类型": "application_type",
    "继续教育证书编号": "continuing_education",
    "论文": "papers",
    "退回次数": "returns_count",
    "毕业时间": "graduation_date",
    "毕业日期": "graduation_date",
    # 001 §三(一)2, §五(五)2(3): the unit a 劳务派遣公司 dispatches the applicant to
    "用工单位": "user_unit",
    # 003 §二 Q10: a 管理 or 工勤 post the applicant moved from (转岗 into a professional post)
    "原岗位类别": "former_post",
}
_YES = {"是", "yes", "y", "true", "1", "对口"}
_NO = {"否", "no", "n", "false", "0", "不对口"}


@dataclass
class ApplicantInput:
    """One applicant folder as found on disk, with its declared data if any."""

    key: str
    folder: Path
    files: list[SourceFile]
    declared: Declared | None = None
    declared_source: str | None = None
    manifest_errors: list[str] = field(default_factory=list)


@dataclass
class Batch:
    """What `discover` found: applicants plus files that belong to no applicant."""

    root: Path
    applicants: list[ApplicantInput]
    manifest: Path | None = None
    stray_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)  # batch.json `skipped_entries`
    _tmp: Any = None  # keeps an extracted zip alive for the batch's lifetime

    def close(self) -> None:
        """Remove the folder a zip was extracted into (idempotent; also done at exit)."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "Batch":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def safe_key(name: str) -> str:
    """The applicant key: the folder name made filesystem-safe (CONTRACT.md), with any ID number
    in it masked: folders are often named 姓名_身份证号, and the key appears in summaries."""
    key = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", mask_ids_in_text(name)).strip().strip(".")
    return key or "_"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _row_to_declared(row: dict[str, Any]) -> tuple[Declared, list[str]]:
    """One manifest row (or applicant.yaml) as Declared, with the problems of the cells that could
    not be read (Chinese, quoting the cell): such a cell is left out, the rest of the row kept."""
    data: dict[str, Any] = {}
    problems: list[str] = []
    for raw_key, raw_value in row.items():
        if raw_key is None:
            continue
        key = MANIFEST_HEADERS.get(nfkc(str(raw_key)), nfkc(str(raw_key)))
        value = _cell(raw_value)
        if value == "":
            continue
        if key == "major_matches":
            low = value.lower()
            data[key] = True if low in _YES else False if low in _NO else None
        elif key == "application_date":
            parsed = parse_date(value)
            if parsed is None:
                problems.append(f"申报日期“{value}”无法识别")
            data[key] = parsed
        elif key == "graduation_date":
            parsed = parse_date(value)
            month = parse_month(value) if parsed is None else None
            if parsed is None and month is not None:
                parsed = date(int(month[:4]), int(month[5:]), 1)
            if parsed is None:
                problems.append(f"毕业时间“{value}”无法识别")
            data[key] = parsed
        elif key == "id_number":
            data[key] = nfkc(value).upper()
        elif key in READERS:
            parsed, problem = READERS[key](value)
            if problem is not None:
                problems.append(problem)
            if parsed is not None:
                data[key] = parsed
        elif key in Declared.model_fields:
            data[key] = value
    return Declared(**data), problems


def _xlsx_expanded_size(path: Path) -> int:
    """Bytes an xlsx (itself a zip) expands to, by its parts' declared sizes: the zip library
    never returns more than an entry declares, so the sum bounds what openpyxl can read."""
    with zipfile.ZipFile(path) as zf:
        return sum(i.file_size for i in zf.infolist())


def read_manifest(path: Path) -> list[tuple[Declared, list[str]]]:
    """Rows of applicants.csv (UTF-8 with or without BOM, or GBK) or applicants.xlsx, within
    manifest.max_bytes and manifest.max_rows (pipeline/intake/limits.yaml).

    Raises:
        InputError: over a bound, or the encoding is not recognised.
        OSError, ValueError, zipfile.BadZipFile: the file cannot be read.
    """
    bound = limits()
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        size = _xlsx_expanded_size(path)
        if size > bound.manifest_max_bytes:
            raise InputError(f"{path.name} 解压后过大（{mib(size)}，上限 {mib(bound.manifest_max_bytes)}）")
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            rows = []
            for row in ws.iter_rows(values_only=True, max_col=len(MANIFEST_HEADERS) + 8):
                rows.append(row)
                if len(rows) > bound.manifest_max_rows + 1:
                    raise InputError(f"{path.name} 行数超过上限（{bound.manifest_max_rows}）")
        finally:
            wb.close()
        if not rows:
            return []
        header = [_cell(h) for h in rows[0]]
        dict_rows = [dict(zip(header, r)) for r in rows[1:] if any(c not in (None, "") for c in r)]
    else:
        text = read_text_bounded(path, bound.manifest_max_bytes, mib(bound.manifest_max_bytes))
        dict_rows = []
        for r in csv.DictReader(io.StringIO(text)):
            if any((v or "").strip() for v in r.values() if isinstance(v, str)):
                dict_rows.append(r)
            if len(dict_rows) > bound.manifest_max_rows:
                raise InputError(f"{path.name} 行数超过上限（{bound.manifest_max_rows}）")
    return [_row_to_declared(r) for r in dict_rows]


def read_applicant_yaml(path: Path) -> tuple[Declared, list[str]]:
    """An applicant.yaml (never through a link; within manifest.max_bytes); only scalar values
    are taken, so an aliased structure cannot expand when it is turned into text.

    Raises:
        InputError: not a mapping, or over the bound. OSError, yaml.YAMLError: unreadable.
    """
    bound = limits().manifest_max_bytes
    with open_regular(path) as fh:
        raw = fh.read(bound + 1)
    if len(raw) > bound:
        raise InputError(f"{path.name} 过大（上限 {mib(bound)}）")
    data = yaml.safe_load(raw.decode("utf-8")) or {}
    if not isinstance(data, dict):
        raise InputError(f"{path.name} 不是键值格式")
    scalars = {str(k): v for k, v in data.items() if not isinstance(v, (dict, list, set, tuple))}
    declared, problems = _row_to_declared(scalars)
    problems += [f"applicant.yaml 中“{k}”的值不是文本，已忽略" for k, v in data.items() if str(k) not in scalars]
    return declared, problems


def _merge(base: Declared | None, override: Declared) -> Declared:
    if base is None:
        return override
    return base.model_copy(update=override.model_dump(exclude_none=True))


def _match_row(folder: str, rows: list[Declared]) -> int | None:
    """The index of the manifest row for a folder: by 文件夹, else a unique ID number in the
    folder name, else a unique name the folder name starts with."""
    by_folder = [i for i, r in enumerate(rows) if r.folder and nfkc(r.folder) == nfkc(folder)]
    if by_folder:
        return by_folder[0]
    by_id = [i for i, r in enumerate(rows) if r.id_number and r.id_number in nfkc(folder).upper()]
    if len(by_id) == 1:
        return by_id[0]
    by_name = [i for i, r in enumerate(rows) if r.name and nfkc(folder).startswith(nfkc(r.name))]
    if len(by_name) == 1:
        return by_name[0]
    return None


@dataclass
class _Root:
    """The entries at the top of the input, sorted out (nothing followed through a link)."""

    folders: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    has_yaml: bool = False
    skipped: list[SkippedEntry] = field(default_factory=list)


def _scan_root(root: Path, real_root: Path) -> _Root:
    out = _Root()
    manifests: list[Path] = []
    for entry in entries(root):
        path = Path(entry.path)
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            out.skipped.append(SkippedEntry(entry.name, "unreadable", f"无法读取：{exc.strerror or exc}"))
            continue
        if stat.S_ISLNK(mode):
            what = "链接的文件夹不作为申报人审核；" if os.path.isdir(path) else ""
            out.skipped.append(SkippedEntry(entry.name, "unsupported", what + link_reason(path, real_root)))
        elif stat.S_ISDIR(mode):
            if entry.name.startswith("."):
                out.skipped.append(SkippedEntry(entry.name + "/", "unsupported",
                                                "名称以“.”开头的隐藏文件夹，未作为申报人审核；如是申报材料，请改名后重新审核"))
            elif entry.name == "__MACOSX":
                out.skipped.append(SkippedEntry(entry.name + "/", "unsupported", "macOS 压缩时附带的资源文件夹，未审核"))
            else:
                out.folders.append(path)
        elif not stat.S_ISREG(mode):
            out.skipped.append(SkippedEntry(entry.name, "unsupported", special_reason(mode)))
        elif entry.name == APPLICANT_YAML:
            out.has_yaml = True
        elif entry.name in MANIFEST_NAMES:
            manifests.append(path)
        else:
            out.files.append(path)
    manifests.sort(key=lambda p: MANIFEST_NAMES.index(p.name))  # applicants.xlsx first
    if manifests:
        out.manifest = manifests[0]
        out.skipped += [SkippedEntry(p.name, "unsupported", f"已读取 {manifests[0].name}，此名单未读取") for p in manifests[1:]]
    return out


def _row_label(manifest: Path, index: int, row: Declared) -> str:
    who = "，".join(f"{k}“{v}”" for k, v in (("文件夹", row.folder), ("姓名", row.name)) if v)
    return f"{manifest.name} 第{index + 1}条" + (f"（{who}）" if who else "")


def discover(input_path: Path) -> Batch:
    """Find applicants in a batch folder, one applicant folder, or a zip of either.

    Everything found that is not audited is listed in `Batch.skipped` (see the module docstring).

    Raises:
        InputError: the input does not exist, or the zip cannot be opened or is over a bound
            that concerns the archive as a whole.
    """
    tmp = None
    skipped: list[SkippedEntry] = []
    if not input_path.exists():
        raise InputError(f"输入路径不存在: {input_path}")
    root = input_path  # the operator's own input: a link to it, or above it, is trusted
    if root.is_file():
        if root.suffix.lower() != ".zip":
            raise InputError(f"输入须为文件夹或 .zip: {input_path}")
        root, tmp, skipped = extract_zip(root)
    try:
        return _discover(root, tmp, skipped)
    except BaseException:
        if tmp is not None:
            tmp.cleanup()
        raise


def _discover(root: Path, tmp: Any, skipped: list[SkippedEntry]) -> Batch:
    top = _scan_root(root, Path(os.path.realpath(root)))  # links are judged against the real root
    batch = Batch(root=root, applicants=[], manifest=top.manifest, _tmp=tmp, skipped=skipped)
    # A batch has applicant sub-folders and either a manifest or no attachments of its own;
    # a folder holding attachments (and maybe sub-folders of scans) is one applicant.
    is_batch = bool(top.folders) and (top.manifest is not None or not top.files) and not top.has_yaml
    if is_batch:
        folders = top.folders
        batch.stray_files = sorted(p.name for p in top.files)
        batch.skipped.extend(top.skipped)
    else:
        folders = [root]  # a single applicant folder: its links and hidden folders are its files

    rows: list[Declared] = []
    if top.manifest is not None:
        try:
            parsed = read_manifest(top.manifest)
            rows = [d for d, _ in parsed]
            for i, (row, problems) in enumerate(parsed):
                batch.notes.extend(f"{_row_label(top.manifest, i, row)}：{p}" for p in problems)
        except (InputError, OSError, ValueError, zipfile.BadZipFile, KeyError) as exc:
            batch.notes.append(f"名单文件 {top.manifest.name} 无法读取: {exc}")
            batch.skipped.append(SkippedEntry(top.manifest.name, "unreadable", f"名单文件无法读取：{exc}"))

    used_keys: set[str] = set()
    used_rows: set[int] = set()
    for folder in folders:
        key = safe_key(folder.name)
        while key in used_keys:
            key += "_"
        used_keys.add(key)
        index = _match_row(folder.name, rows) if rows else None
        declared = rows[index] if index is not None else None
        if index is not None:
            used_rows.add(index)
        source = "manifest" if declared else None
        problems: list[str] = []
        yaml_path = folder / APPLICANT_YAML
        if yaml_path.is_file() and not yaml_path.is_symlink():
            try:
                override, problems = read_applicant_yaml(yaml_path)
                declared = _merge(declared, override)
                source = "manifest+applicant.yaml" if source else "applicant.yaml"
            except (InputError, OSError, ValueError, yaml.YAMLError) as exc:
                problems = [f"applicant.yaml 无法读取: {exc}"]
        files = list_source_files(folder, root)
        if is_batch and not files and declared is None:
            batch.skipped.append(SkippedEntry(folder.name + "/", "empty", "空文件夹，推荐人员名单中也没有对应人员，未审核"))
            continue
        batch.applicants.append(ApplicantInput(key=key, folder=folder, files=files, declared=declared,
                                               declared_source=source, manifest_errors=problems))
    if is_batch and top.manifest is not None:
        for i, row in enumerate(rows):
            if i not in used_rows:
                batch.skipped.append(SkippedEntry(_row_label(top.manifest, i, row), "missing",
                                                  "推荐人员名单中有此人，但没有对应的材料文件夹"))
    return batch
