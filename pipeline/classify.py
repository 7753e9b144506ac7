"""Pages -> typed page groups: keyword anchors (pipeline/classify.yaml) plus a little layout.

No model download: a title like 养老保险个人参保证明 is decisive, and the rest are weighted hints.
A type is a candidate only where the page shows that type's own evidence (classify.yaml
`requires`): the words every personnel form shares (姓名, 性别, 出生) never make an ID card of a
工资审批表. A page that is no candidate type is `other`. An image file with almost no text and
portrait proportions is a photo. Consecutive pages of one file that do not start a new document are
grouped with the page before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from pipeline.idnumber import is_valid_id_number
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
def _config() -> dict:
    return yaml.safe_load(_LABELS.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _anchors() -> tuple[float, dict[DocType, dict[str, float]]]:
    data = _config()
    types = {DocType(k): {nfkc(w): float(s) for w, s in v.items()} for k, v in data["types"].items()}
    return float(data["min_score"]), types


@lru_cache(maxsize=1)
def _requires() -> dict[DocType, list[list[str]]]:
    data = _config().get("requires") or {}
    return {DocType(k): [[nfkc(w) if w != ID_NUMBER else w for w in group] for group in v] for k, v in data.items()}


ID_NUMBER = "@id_number"


def _is_id_number(line: str) -> bool:
    """A line that is nothing but an 18-character ID number passing GB 11643 (check digit, date)."""
    candidate = line.upper()
    return len(candidate) == 18 and candidate[:17].isdigit() and is_valid_id_number(candidate)


def _matches(keyword: str, text: str, lines: list[str]) -> bool:
    """`kw` anywhere; `kw$` at the end of a line (a title: 教师资格证书, not 资格证书 in running
    text); `^kw` at the start of a line; `@id_number` a line that is a valid ID number."""
    if keyword == ID_NUMBER:
        return any(_is_id_number(line) for line in lines)
    if keyword.endswith("$"):
        return any(line.endswith(keyword[:-1]) for line in lines)
    if keyword.startswith("^"):
        return any(line.startswith(keyword[1:]) for line in lines)
    return keyword in text


def _scores(page: Page) -> dict[DocType, float]:
    """Each type's anchor score on the page; 0 for a type whose required evidence is absent."""
    _, types = _anchors()
    requires = _requires()
    text = nfkc(page.text)
    lines = [nfkc(line.text) for line in page.lines]
    scores = {}
    for t, kws in types.items():
        if all(any(_matches(kw, text, lines) for kw in group) for group in requires.get(t, [])):
            scores[t] = sum(w for kw, w in kws.items() if _matches(kw, text, lines))
        else:
            scores[t] = 0.0
    return scores


def _is_photo(page: Page, text: str) -> bool:
    """An image file with (almost) no text and portrait proportions (classify.yaml `photo`)."""
    spec = _config().get("photo") or {}
    suffix = PurePosixPath(page.file.replace("\\", "/")).suffix.lower().lstrip(".")
    file_types = {str(x).lower() for x in spec.get("file_types", [])}
    if file_types and suffix not in file_types:
        return False
    # the file's own proportions: OCR may have turned or straightened a page with no text to go by
    width, height = (page.geometry or {}).get("source_size") or (page.width, page.height)
    return len(text) < int(spec.get("max_chars", 12)) and height > width * float(spec.get("min_aspect", 1.15))


def classify_page(page: Page) -> Classification:
    """The most likely document type of one page, with a confidence in 0..1."""
    min_score, _ = _anchors()
    text = nfkc(page.text)
    scores = _scores(page)
    best = max(scores, key=lambda t: scores[t])
    best_score = scores[best]
    if best_score < min_score:
        if _is_photo(page, text):
            return Classification(DocType.PHOTO, 0.6, 0.0)
        return Classification(DocType.OTHER, 0.5, best_score)
    runner_up = max((s for t, s in scores.items() if t != best), default=0.0)
    confidence = min(0.99, 0.5 + 0.5 * (best_score - runner_up) / best_score + 0.05 * min(best_score, 6) / 6)
    return Classification(best, round(confidence, 4), best_score)


def page_types(page: Page) -> list[Classification]:
    """The documents on one page: usually one; two where a page carries a set of documents side
    by side (classify.yaml `together`: an A4 copy of both faces of the ID card) and every
    type of the set scores at least `together_min_score`."""
    best = classify_page(page)
    data = _config()
    scores = _scores(page)
    floor = float(data.get("together_min_score", 4))
    for names in data.get("together", []):
        members = [DocType(n) for n in names]
        if best.doc_type in members and all(scores[t] >= floor for t in members):
            total = sum(s for t, s in scores.items() if t not in members)
            return [
                Classification(t, round(min(0.99, 0.5 + 0.5 * scores[t] / (scores[t] + total)), 4), scores[t])
                for t in members
            ]
    return [best]


def group_pages(pages: list[Page]) -> list[PageGroup]:
    """Group one file's pages into documents: a typed page continues the document before it
    when it has the same type or no type of its own; a page of two documents is a group for each."""
    groups: list[PageGroup] = []
    for page in pages:
        found = page_types(page)
        if len(found) > 1:
            groups.extend(PageGroup(doc_type=c.doc_type, confidence=c.confidence, pages=[page]) for c in found)
            continue
        c = found[0]
        if groups and (c.doc_type == DocType.OTHER or c.doc_type == groups[-1].doc_type):
            groups[-1].pages.append(page)
            continue
        groups.append(PageGroup(doc_type=c.doc_type, confidence=c.confidence, pages=[page]))
    return groups
