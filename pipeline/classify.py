"""Pages -> typed page groups: keyword anchors (pipeline/classify.yaml) plus a little layout.

No model download: a title like 养老保险个人参保证明 is decisive, and the rest are weighted hints.
A page with almost no text and portrait proportions is a photo. Consecutive pages of one file
that do not start a new document are grouped with the page before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.model import DocType, Page
from pipeline.text import nfkc

_LABELS = Path(__file__).with_name("classify.yaml")


@dataclass(frozen=True)
class Classification:
    doc_type: DocType
    confidence: float
    score: float


@dataclass
class PageGroup:
    """Pages of one file that form one document."""

    doc_type: DocType
    confidence: float
    pages: list[Page]


@lru_cache(maxsize=1)
def _anchors() -> tuple[float, dict[DocType, dict[str, float]]]:
    data = yaml.safe_load(_LABELS.read_text(encoding="utf-8"))
    types = {DocType(k): {nfkc(w): float(s) for w, s in v.items()} for k, v in data["types"].items()}
    return float(data["min_score"]), types


def classify_page(page: Page) -> Classification:
    """The most likely document type of one page, with a confidence in 0..1."""
    min_score, types = _anchors()
    text = nfkc(page.text)
    scores = {t: sum(w for kw, w in kws.items() if kw in text) for t, kws in types.items()}
    best = max(scores, key=lambda t: scores[t])
    best_score = scores[best]
    if best_score < min_score:
        if len(text) < 12 and page.height > page.width * 1.15:
            return Classification(DocType.PHOTO, 0.6, 0.0)
        return Classification(DocType.OTHER, 0.5, best_score)
    runner_up = max((s for t, s in scores.items() if t != best), default=0.0)
    confidence = min(0.99, 0.5 + 0.5 * (best_score - runner_up) / best_score + 0.05 * min(best_score, 6) / 6)
    return Classification(best, round(confidence, 4), best_score)


def group_pages(pages: list[Page]) -> list[PageGroup]:
    """Group one file's pages into documents: a typed page continues the document before it
    when it has the same type or no type of its own."""
    groups: list[PageGroup] = []
    for page in pages:
        c = classify_page(page)
        if groups and (c.doc_type == DocType.OTHER or c.doc_type == groups[-1].doc_type):
            groups[-1].pages.append(page)
            continue
        groups.append(PageGroup(doc_type=c.doc_type, confidence=c.confidence, pages=[page]))
    return groups
