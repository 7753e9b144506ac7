"""What an audit covers: the input as a batch, or one applicant folder inside its batch.

Auditing one applicant folder of a batch (`preaudit audit BATCH/张三 …`) should judge it as the
batch audit did: with its row of the batch's manifest (applicants.csv/.xlsx beside it) and under the
same applicant key. So when the input is a single applicant folder and its parent folder holds a
manifest, the parent is read as the batch and only that folder is kept, and the caller says so.
Reading the parent costs the hashing of its other applicants' files, not their reading.
"""

from __future__ import annotations

from pathlib import Path

from preaudit.pipeline.intake.ingest import MANIFEST_NAMES, Batch, discover


def _manifest(folder: Path) -> Path | None:
    return next((folder / n for n in MANIFEST_NAMES if (folder / n).is_file()), None)


def discover_scope(input_path: Path) -> tuple[Batch, Path | None]:
    """The batch to audit, and the parent batch's manifest when one applicant folder is audited
    with it (None otherwise).

    Raises:
        InputError: the input cannot be read (as preaudit.pipeline.intake.ingest.discover).
    """
    own = discover(input_path)
    path = Path(input_path)
    if not path.is_dir() or _manifest(path) is not None or len(own.applicants) != 1:
        return own, None
    folder = path.absolute()
    if own.applicants[0].folder.absolute() != folder:
        return own, None
    manifest = _manifest(folder.parent)
    if manifest is None:
        return own, None
    parent = discover(folder.parent)
    mine = [a for a in parent.applicants if a.folder.absolute() == folder]
    if not mine:
        return own, None
    parent.applicants = mine
    parent.stray_files = []
    parent.notes.append(f"单个申报人文件夹，按上级批次的推荐人员名单 {manifest.name} 审核")
    skipped = getattr(parent, "skipped", None)
    if skipped:  # intake entries of this folder only (paths relative to the batch root)
        parent.skipped = [e for e in skipped if _entry_path(e).startswith(folder.name)]  # type: ignore[attr-defined]
    return parent, manifest


def _entry_path(entry: object) -> str:
    return str(entry.get("path", "") if isinstance(entry, dict) else getattr(entry, "path", ""))
