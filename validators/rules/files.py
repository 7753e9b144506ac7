"""Input files: every file that could not be read, or is of a type the pipeline does not read."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model import Case, Finding
from validators.registry import finding, rule


def _documents_from(case: Case, path: str) -> list[int]:
    return [i for i, d in enumerate(case.documents) if d.file == path]


# 001 §五(三)–(八): every attachment must be a legible copy; a file nobody can open is a missing
# attachment in practice, and CONTRACT.md makes it a finding, never a crash.
@rule("files.readable")
def files_readable(case: Case) -> Iterator[Finding]:
    """DOC_UNREADABLE for each input file whose status is `unreadable`."""
    for f in case.files:
        if f.status != "unreadable":
            continue
        why = f"（{f.reason}）" if f.reason else ""
        yield finding(
            "DOC_UNREADABLE",
            f"文件“{f.path}”无法打开或识别不到内容{why}，"
            "请重新上传清晰、完整、未加密的扫描件或照片（JPG、PNG 或 PDF）。",
            documents=_documents_from(case, f.path),
            evidence={"file": f.path, "status": f.status, "reason": f.reason, "sha256": f.sha256},
        )


# 001 §五: attachments are uploaded as images or PDF copies; other formats cannot be reviewed.
@rule("files.supported")
def files_supported(case: Case) -> Iterator[Finding]:
    """DOC_UNSUPPORTED for each input file whose status is `unsupported`."""
    for f in case.files:
        if f.status != "unsupported":
            continue
        yield finding(
            "DOC_UNSUPPORTED",
            f"文件“{f.path}”的格式无法审核，请转换为 JPG、PNG 或 PDF 格式后重新上传。",
            evidence={"file": f.path, "status": f.status, "reason": f.reason, "sha256": f.sha256},
        )
