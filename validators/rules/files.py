"""Input files: every file that could not be read, or is of a type the pipeline does not read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from preaudit.pipeline.model import NO_TEXT_READ, Case, Finding
from preaudit.pipeline.values.text import nfkc
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import doc_label
from preaudit.validators.rules.photo import mask_ids_in_text


UNSUPPORTED_TYPE = "不支持的文件类型"  # pipeline/run.py's reason for a file of another format


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
            # a file that opened but gave the recogniser no text may be readable to a person (a dark
            # or small photo of a card): that it cannot be read is then not certain
            unsure=[f"文件“{f.path}”能打开，但未识别出任何文字，可能是识别失败，请人工查看"] if f.reason == NO_TEXT_READ else [],
        )


# 001 §五: attachments are uploaded as images or PDF copies; other formats cannot be reviewed.
@rule("files.supported")
def files_supported(case: Case) -> Iterator[Finding]:
    """DOC_UNSUPPORTED for each input file whose status is `unsupported`."""
    for f in case.files:
        if f.status != "unsupported":
            continue
        if f.reason and f.reason != UNSUPPORTED_TYPE:  # a link or a device: never read (pipeline/intake/walk.py)
            message = f"文件“{f.path}”未审核（{f.reason}）。"
        else:
            message = f"文件“{f.path}”的格式无法审核，请转换为 JPG、PNG 或 PDF 格式后重新上传。"
        yield finding(
            "DOC_UNSUPPORTED",
            message,
            evidence={"file": f.path, "status": f.status, "reason": f.reason, "sha256": f.sha256},
        )


# CONTRACT.md: nothing is dropped silently. A PDF past pdf.max_pages (pipeline/intake/limits.yaml) is
# read only in part, and the reviewer must know which pages nobody checked.
@rule("files.truncated")
def files_truncated(case: Case) -> Iterator[Finding]:
    """DOC_TRUNCATED for each file of which fewer pages were read than it has."""
    for f in case.files:
        if f.pages_read is None or f.pages_read >= f.pages:
            continue
        yield finding(
            "DOC_TRUNCATED",
            f"文件“{f.path}”共 {f.pages} 页，只审核了前 {f.pages_read} 页，其余页面未审核；"
            "请只上传所需材料，或由审核人员人工查看其余页面。",
            documents=_documents_from(case, f.path),
            evidence={"file": f.path, "pages": f.pages, "pages_read": f.pages_read, "sha256": f.sha256},
        )


# 003 §五(二): 在对应的位置上传原件的扫描件，以图片格式上传……文件须按材料内容命名，便于审核查看.
@rule("files.named_by_content")
def files_named_by_content(case: Case, *, words: dict[str, list[str]]) -> Iterator[Finding]:
    """FILE_NAME_UNCLEAR (one finding listing the files) for each read file whose name holds no
    word of what it was read as (`words`: per document type, the words a name by content uses). A
    file read only as `other`, or only as types `words` does not list (the photo, named 身份证号+姓名
    by its own rule), is not judged; a file holding several documents passes with any one's words.
    The type is the classifier's, so the message says what the file was read as."""
    listed: list[tuple[str, list[str]]] = []
    indices: list[int] = []
    for f in case.files:
        if f.status != "processed":
            continue
        docs = [(i, d) for i, d in enumerate(case.documents) if d.file == f.path and d.doc_type.value in words]
        if not docs:
            continue
        stem = nfkc(PurePosixPath(f.path.replace("\\", "/")).name).lower()
        if any(nfkc(w).lower() in stem for _, d in docs for w in words[d.doc_type.value]):
            continue
        listed.append((f.path, sorted({doc_label(d.doc_type) for _, d in docs})))
        indices.extend(i for i, _ in docs)
    if not listed:
        return
    names = "；".join(f"“{mask_ids_in_text(path)}”（内容为{'、'.join(kinds)}）" for path, kinds in listed)
    yield finding(
        "FILE_NAME_UNCLEAR",
        f"以下文件未按材料内容命名：{names}。请按材料内容重新命名（如“身份证正面.jpg”“参保证明.pdf”），"
        "便于审核查看。",
        documents=indices,
        evidence={"files": [{"file": mask_ids_in_text(p), "read_as": k} for p, k in listed]},
    )
