"""Ingest: a batch folder, one applicant folder, or a zip of either -> applicants with their files.

This is the only module that walks user folders and reads the manifest (applicants.csv/.xlsx)
and per-folder applicant.yaml. Every file found is returned, whatever it is, so that nothing is
dropped silently: unsupported ones are marked, not skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import InputError
from pipeline.model import Declared, SourceFile, mask_ids_in_text
from pipeline.text import nfkc, parse_date

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp"}
MANIFEST_NAMES = ("applicants.xlsx", "applicants.csv")
APPLICANT_YAML = "applicant.yaml"

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
    _tmp: Any = None  # keeps an extracted zip alive for the batch's lifetime


def safe_key(name: str) -> str:
    """The applicant key: the folder name made filesystem-safe (CONTRACT.md), with any ID number
    in it masked: folders are often named 姓名_身份证号, and the key appears in summaries."""
    key = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", mask_ids_in_text(name)).strip().strip(".")
    return key or "_"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"BM", b"II*\x00", b"MM\x00*")


def _sniff(path: Path) -> str | None:
    """The kind the bytes say, whatever the name says: a PDF saved as 学历.jpg is still a PDF."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return None
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return None


def _kind(path: Path) -> str:
    sniffed = _sniff(path)
    if sniffed is not None:
        return sniffed
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return "unsupported"


def _is_attachment_candidate(path: Path) -> bool:
    return path.is_file() and path.name != APPLICANT_YAML and path.name not in MANIFEST_NAMES


def list_source_files(folder: Path) -> list[SourceFile]:
    """Every file under an applicant folder (recursively), sorted by relative path."""
    out: list[SourceFile] = []
    for p in sorted(folder.rglob("*"), key=lambda q: q.relative_to(folder).as_posix()):
        if not p.is_file() or p.name == APPLICANT_YAML:
            continue
        try:
            digest, size = sha256_file(p), p.stat().st_size
        except OSError:
            digest, size = "", 0
        out.append(
            SourceFile(
                path=p.relative_to(folder).as_posix(),
                abs_path=str(p),
                sha256=digest,
                size=size,
                kind=_kind(p),  # type: ignore[arg-type]
            )
        )
    return out


def _fix_zip_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def extract_zip(path: Path) -> tuple[Path, Any]:
    """Extract a zip into a temporary folder, refusing paths that escape it."""
    tmp = tempfile.TemporaryDirectory(prefix="preaudit-zip-")
    root = Path(tmp.name)
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = _fix_zip_name(info)
                if name.startswith("__MACOSX/"):
                    continue
                target = (root / name).resolve()
                if not str(target).startswith(str(root.resolve())):
                    continue
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src:
                    target.write_bytes(src.read())
    except (zipfile.BadZipFile, OSError) as exc:
        tmp.cleanup()
        raise InputError(f"无法解压 {path.name}: {exc}") from exc
    # A zip of one folder: descend into it.
    entries = [p for p in root.iterdir()]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0], tmp
    return root, tmp


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _row_to_declared(row: dict[str, Any]) -> tuple[Declared, list[str]]:
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
        elif key == "id_number":
            data[key] = nfkc(value).upper()
        elif key in Declared.model_fields:
            data[key] = value
    return Declared(**data), problems


def read_manifest(path: Path) -> list[tuple[Declared, list[str]]]:
    """Rows of applicants.csv (UTF-8 with or without BOM, or GBK) or applicants.xlsx."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        wb.close()
        if not rows:
            return []
        header = [_cell(h) for h in rows[0]]
        dict_rows = [dict(zip(header, r)) for r in rows[1:] if any(c not in (None, "") for c in r)]
    else:
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError(f"{path.name} 编码无法识别")
        dict_rows = [r for r in csv.DictReader(io.StringIO(text)) if any((v or "").strip() for v in r.values())]
    return [_row_to_declared(r) for r in dict_rows]


def read_applicant_yaml(path: Path) -> tuple[Declared, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise InputError(f"{path} 不是键值格式")
    return _row_to_declared({str(k): v for k, v in data.items()})


def _merge(base: Declared | None, override: Declared) -> Declared:
    if base is None:
        return override
    return base.model_copy(update=override.model_dump(exclude_none=True))


def _match_row(folder: str, rows: list[Declared]) -> Declared | None:
    by_folder = [r for r in rows if r.folder and nfkc(r.folder) == nfkc(folder)]
    if by_folder:
        return by_folder[0]
    by_id = [r for r in rows if r.id_number and r.id_number in nfkc(folder).upper()]
    if len(by_id) == 1:
        return by_id[0]
    by_name = [r for r in rows if r.name and nfkc(folder).startswith(nfkc(r.name))]
    if len(by_name) == 1:
        return by_name[0]
    return None


def _looks_like_applicant_folder(folder: Path) -> bool:
    return any(_is_attachment_candidate(p) for p in folder.iterdir()) or (folder / APPLICANT_YAML).exists()


def discover(input_path: Path) -> Batch:
    """Find applicants in a batch folder, one applicant folder, or a zip of either.

    Raises:
        InputError: the input does not exist or the zip cannot be opened.
    """
    tmp = None
    if not input_path.exists():
        raise InputError(f"输入路径不存在: {input_path}")
    root = input_path
    if input_path.is_file():
        if input_path.suffix.lower() != ".zip":
            raise InputError(f"输入须为文件夹或 .zip: {input_path}")
        root, tmp = extract_zip(input_path)

    manifest = next((root / n for n in MANIFEST_NAMES if (root / n).exists()), None)
    subdirs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "__MACOSX")))
    root_files = [p for p in root.iterdir() if _is_attachment_candidate(p)]
    batch = Batch(root=root, applicants=[], manifest=manifest, _tmp=tmp)

    # A batch has applicant sub-folders and either a manifest or no attachments of its own;
    # a folder holding attachments (and maybe sub-folders of scans) is one applicant.
    if subdirs and (manifest is not None or not root_files) and not (root / APPLICANT_YAML).exists():
        folders = subdirs
        batch.stray_files = sorted(p.name for p in root_files)
    else:
        folders = [root]  # a single applicant folder

    rows: list[Declared] = []
    if manifest is not None:
        try:
            parsed = read_manifest(manifest)
            rows = [d for d, _ in parsed]
            for _, problems in parsed:
                batch.notes.extend(problems)
        except (InputError, OSError, ValueError) as exc:
            batch.notes.append(f"名单文件 {manifest.name} 无法读取: {exc}")

    used_keys: set[str] = set()
    for folder in folders:
        key = safe_key(folder.name)
        while key in used_keys:
            key += "_"
        used_keys.add(key)
        declared = _match_row(folder.name, rows) if rows else None
        source = "manifest" if declared else None
        problems: list[str] = []
        yaml_path = folder / APPLICANT_YAML
        if yaml_path.exists():
            try:
                override, problems = read_applicant_yaml(yaml_path)
                declared = _merge(declared, override)
                source = "manifest+applicant.yaml" if source else "applicant.yaml"
            except (InputError, OSError, yaml.YAMLError) as exc:
                problems = [f"applicant.yaml 无法读取: {exc}"]
        batch.applicants.append(
            ApplicantInput(
                key=key,
                folder=folder,
                files=list_source_files(folder),
                declared=declared,
                declared_source=source,
                manifest_errors=problems,
            )
        )
    if folders == subdirs:
        batch.applicants = [a for a in batch.applicants if a.files or a.declared]
    return batch
