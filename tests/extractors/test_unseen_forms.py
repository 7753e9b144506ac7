"""Classification and extraction on documents drawn apart from fixtures/ (tests/extractors/
unseen_forms.py): real forms' other label spellings, layouts, column orders, titles and date
formats. Text layer only (no OCR): each page is read as preaudit.pipeline.intake.render reads a born-digital PDF."""

from __future__ import annotations

import unicodedata
from typing import Any

import pymupdf
import pytest

from preaudit.extractors.base import extractor_for
from preaudit.pipeline.intake.classify import group_pages
from preaudit.pipeline.model import DocType, Page
from preaudit.pipeline.intake.render import text_layer_lines
from tests.extractors.unseen_forms import UNSEEN, Unseen


def pages_of(pdf: bytes, name: str) -> list[Page]:
    with pymupdf.open(stream=pdf, filetype="pdf") as d:
        return [
            Page(file=f"{name}.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width), height=round(p.rect.height),
                 source="pdf_text", lines=text_layer_lines(p))
            for i, p in enumerate(d)
        ]


def norm(value: Any) -> Any:
    """Compare as the accuracy bench does, but case-sensitive (ID numbers are upper-case)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return round(float(value), 2)
    if isinstance(value, str):
        return "".join(unicodedata.normalize("NFKC", value).split())
    if isinstance(value, list):
        if all(isinstance(row, dict) for row in value):
            return sorted((tuple(sorted((k, norm(v)) for k, v in row.items())) for row in value), key=repr)
        return sorted((norm(v) for v in value), key=repr)  # a list of plain values (进修科目)
    return value


def read(u: Unseen) -> tuple[list[str], dict[str, Any]]:
    groups = group_pages(pages_of(u.build(), u.key))
    types = [g.doc_type.value for g in groups]
    fields: dict[str, Any] = {}
    if len(groups) == 1 and groups[0].doc_type != DocType.OTHER:
        fn = extractor_for(groups[0].doc_type)
        assert fn is not None
        fields = {k: v.value for k, v in fn(groups[0].pages).items()}
    return types, fields


@pytest.mark.parametrize("u", UNSEEN, ids=[u.key for u in UNSEEN])
def test_unseen_document(u: Unseen) -> None:
    types, fields = read(u)
    assert types == [u.doc_type], u.note
    wrong = {k: (v, fields.get(k)) for k, v in u.fields.items() if norm(v) != norm(fields.get(k))}
    assert not wrong, f"{u.note}: expected, got = {wrong}"


def test_every_contract_type_is_covered() -> None:
    covered = {u.doc_type for u in UNSEEN}
    wanted = {t.value for t in DocType} - {"photo"}  # a photo has no text layer to draw
    assert wanted <= covered
