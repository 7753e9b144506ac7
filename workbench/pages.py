"""The page previews the audit left in OUT/<key>/pages (pipeline/report/pages.py), read back.

The applicant's source files may be gone at review time; the previews (ID numbers already blacked
out) are what the case page draws the field boxes over. They are trusted only while their
index.json names the report.json that stands, and only files named <n>.jpg inside that folder are
ever served.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from preaudit.pipeline.report.pages import INDEX_NAME, PAGES_DIR, SCHEMA
from preaudit.pipeline.report.wording import text_digest

_IMAGE_NAME = re.compile(r"[1-9][0-9]{0,4}\.jpg")


@dataclass(frozen=True)
class PageImage:
    """One preview of a document page: image number and pixel size."""

    number: int
    width: int
    height: int


def previews(folder: Path) -> dict[int, dict[int, PageImage]]:
    """document index -> page -> preview; {} when there are none or they belong to another report.json."""
    try:
        index = json.loads((Path(folder) / PAGES_DIR / INDEX_NAME).read_text(encoding="utf-8"))
        current = text_digest((Path(folder) / "report.json").read_text(encoding="utf-8"))
        if index.get("schema") != SCHEMA or index.get("report_sha256") != current:
            return {}
        images = {int(n): (int(s["width"]), int(s["height"])) for n, s in index["images"].items()}
        out: dict[int, dict[int, PageImage]] = {}
        for d, pages in index["documents"].items():
            for p, n in pages.items():
                if int(n) in images:
                    out.setdefault(int(d), {})[int(p)] = PageImage(int(n), *images[int(n)])
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def image_file(folder: Path, name: str) -> Path | None:
    """OUT/<key>/pages/<name> when `name` is a preview's name (<n>.jpg) and a plain file there."""
    if not _IMAGE_NAME.fullmatch(name):
        return None
    path = Path(folder) / PAGES_DIR / name
    if path.parent.is_symlink():
        return None
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return path if stat.S_ISREG(st.st_mode) else None
