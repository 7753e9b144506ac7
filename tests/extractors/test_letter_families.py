"""The unit's letters as the development layout families draw them (fixtures/families/, dev set only:
the held-out family of each type is never drawn here), read from their text layer: a 学历证明 headed
证  明 on the unit's letterhead, the 004 附件2 委托函 with its blanks filled in by hand, the 总公司's
red-head 推荐报告 with the applicants in a table. Typed as their type, and every field read."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from preaudit.extractors.base import extractor_for
from preaudit.fixtures.families import families
from preaudit.fixtures.render import pdf_metadata, subset_and_bytes
from preaudit.pipeline.intake.classify import group_pages
from preaudit.pipeline.intake.render import text_layer_lines
from preaudit.pipeline.model import DocType, Page
from tests.fixtures.test_families_c import applicant

SCENARIO = {"education_unit_proof": "clean_unit_education_proof", "review_delegation": "clean_unit_spelling",
            "branch_recommendation": "clean_unit_spelling"}


def _cases():
    for t, key in SCENARIO.items():
        for fam in families(t, "dev"):
            for index in (3, 5):
                yield pytest.param(fam, key, index, id=f"{fam.label}-{index}")


def _pages(drawn) -> list[Page]:
    data = subset_and_bytes(drawn.doc, pdf_metadata("2024-08-15", "", ""))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [Page(file="letter.pdf", file_sha256="0" * 64, number=i + 1, width=round(p.rect.width),
                     height=round(p.rect.height), source="pdf_text", lines=text_layer_lines(p)) for i, p in enumerate(doc)]


@pytest.mark.parametrize("fam,key,index", list(_cases()))
def test_a_dev_family_letter_is_typed_and_read(fam, key, index):
    assert not fam.held_out
    drawn = fam.draw(applicant(key, index), np.random.default_rng([0, index]))
    groups = group_pages(_pages(drawn))
    assert [g.doc_type for g in groups] == [DocType(fam.doc_type)]
    got = {k: v.value for k, v in extractor_for(groups[0].doc_type)(groups[0].pages).items()}
    expected = {k: v for k, v in drawn.fields.items() if k != "has_seal"}  # the seal detector's, from the image
    assert {k: got.get(k) for k in expected} == expected
