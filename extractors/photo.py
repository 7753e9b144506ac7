"""1-inch photo (003 Q23(2)): the image's size in pixels, its format and its file name.

Nothing is read from the picture: the photo rules check the specification (> 295×413 px, JPG,
named 身份证号+姓名) from these facts, which are certain (confidence 1.0, no box). The size is the
file's own: OCR preparation resizes small images (a 358×441 photo is read at 731×900), so the
source size recorded in `Page.geometry["source_size"]` wins over the page's when it is there.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from preaudit.extractors.base import load_labels, register
from preaudit.pipeline.model import DocType, FieldValue, Page

LABELS = load_labels("photo")


@register(DocType.PHOTO)
def extract(pages: list[Page]) -> dict[str, FieldValue]:
    page = pages[0]
    path = PurePosixPath(page.file.replace("\\", "/"))
    suffix = path.suffix.lower().lstrip(".")
    fmt = LABELS["formats"].get(suffix, suffix or None)

    size = page.geometry.get("source_size") if isinstance(page.geometry, dict) else None
    width, height = (int(size[0]), int(size[1])) if size else (page.width, page.height)

    def fact(value: object) -> FieldValue:
        return FieldValue(value=value, confidence=1.0 if value is not None else 0.0, page=page.number, source=page.source)

    return {
        "width": fact(width),
        "height": fact(height),
        "format": fact(fmt),
        "file_name": fact(path.name),
    }
