"""Pages -> typed page groups: keyword anchors (pipeline/intake/classify.yaml) plus a little layout.

No model download: a title like 养老保险个人参保证明 is decisive, and the rest are weighted hints.
A type is a candidate only where the page shows that type's own evidence (classify.yaml
`requires`; and not where it shows another type's own title, `excludes`): the words every personnel form shares (姓名, 性别, 出生) never make an ID card of a
工资审批表. Evidence may be a value's shape where the law fixes it (pipeline/values/cards.py): a valid ID
number whose birth date is printed again on another line is a card front even when OCR lost every
label; a validity period and a public-security authority are a card back. A form that shows its
printed words and nothing filled in (a blank card template) is no document of that type
(`values`). A page that is no candidate type is `other`. An image file with almost no text is a
photo only when it looks like one (pipeline/intake/portraitlike.py: a figure on a plain backdrop).
A page that carries both ID card faces is parted between them (`together`), each face typed and
read from its own lines. Consecutive pages of one file that do not start a new document are
grouped with the page before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import cv2
import yaml

from preaudit.extractors.base import fold, line_rows
from preaudit.pipeline.values import cards
from preaudit.pipeline.intake.faces import face_part, faces_of
from preaudit.pipeline.values.idnumber import is_valid_id_number
from preaudit.pipeline.model import DocType, Page, TextLine
from preaudit.pipeline.intake.portraitlike import judge as judge_photo
from preaudit.pipeline.values.text import nfkc

_LABELS = Path(__file__).with_name("classify.yaml")


@dataclass(frozen=True)
class Classification:
    doc_type: DocType
    confidence: float
    score: float
    page: Page | None = None  # the part of the page this document was read from (one card face)


@dataclass
class PageGroup:
    """Pages of one file that form one document."""

    doc_type: DocType
    confidence: float
    pages: list[Page]


@lru_cache(maxsize=1)
def _config() -> dict:
    return yaml.safe_load(_LABELS.read_text(encoding="utf-8"))


def photo_spec() -> dict:
    """classify.yaml `photo`: what a photo looks like and how its backdrop colours are named."""
    return _config().get("photo") or {}


def _key(word: str) -> str:
    return word if word.startswith("@") else nfkc(word)


@lru_cache(maxsize=1)
def _anchors() -> tuple[float, dict[DocType, dict[str, float]]]:
    data = _config()
    types = {DocType(k): {_key(w): float(s) for w, s in v.items()} for k, v in data["types"].items()}
    return float(data["min_score"]), types


@lru_cache(maxsize=1)
def _requires() -> dict[DocType, list[list[str]]]:
    data = _config().get("requires") or {}
    return {DocType(k): [[_key(w) for w in group] for group in v] for k, v in data.items()}


@lru_cache(maxsize=1)
def _excludes() -> dict[DocType, list[str]]:
    data = _config().get("excludes") or {}
    return {DocType(k): [_key(w) for w in v] for k, v in data.items()}


@lru_cache(maxsize=1)
def _values() -> dict[DocType, tuple[list[str], int]]:
    data = _config().get("values") or {}
    return {DocType(k): (sorted((nfkc(w) for w in v["printed"]), key=len, reverse=True), int(v["min_chars"]))
            for k, v in data.items()}


ID_NUMBER = "@id_number"
GAP = nfkc("…")  # "..." once the anchors are normalised
PLUS = "+"  # `a+b`: every part somewhere on the page
MAX_GAP = 12  # characters between the words of an `a…b` anchor (a name and 同志的)


def _in_order(line: str, words: list[str], at_end: bool = False) -> bool:
    """The words on one line in this order, each at most MAX_GAP characters after the last; with
    `at_end`, the last word ends the line (a title: 学历学位情况核实表, not 经核实 in a sentence)."""
    at = line.find(words[0])
    if at < 0:
        return False
    end = at + len(words[0])
    for word in words[1:]:
        nxt = line.find(word, end)
        if nxt < 0 or nxt - end > MAX_GAP:
            return False
        end = nxt + len(word)
    return not at_end or end == len(line) or _in_order(line[at + 1:], words, at_end)


def _is_id_number(line: str) -> bool:
    """A line that is nothing but an 18-character ID number passing GB 11643 (check digit, date)."""
    candidate = line.upper()
    return len(candidate) == 18 and candidate[:17].isdigit() and is_valid_id_number(candidate)


class _Evidence:
    """One page's (or card face's) text, with the shape anchors computed once."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.lines = lines
        # traditional forms OCR returns for simplified ones (簽發機關, 公民身份號碼) folded back
        self.norm = [fold(nfkc(line.text)) for line in lines]
        self.text = "\n".join(self.norm)
        self._shapes: dict[str, bool] = {}
        self._rows: set[str] | None = None

    def row_texts(self) -> set[str]:
        """Each visual line's boxes joined: a title of spaced characters (证    明) that OCR read as one
        box per character is one line here."""
        if self._rows is None:
            self._rows = {"".join(fold(nfkc(ln.text)) for ln in row) for row in line_rows(self.lines)}
        return self._rows

    def shape(self, name: str) -> bool:
        if name not in self._shapes:
            self._shapes[name] = SHAPES[name](self)
        return self._shapes[name]

    def matches(self, keyword: str) -> bool:
        """`kw` anywhere; `kw$` at the end of a line (a title: 教师资格证书, not 资格证书 in running
        text); `^kw` at the start of a line; `a…b` the words in this order on one line, a few
        characters apart (关于聘用孙鹏同志的通知: the way official documents title themselves), and
        `a…b$` so with b ending the line or the visual line (学历学位情况核实表, a form's title);
        `@shape` a line of that shape (SHAPES); `^kw$` a line that is nothing but the word (a title
        such as 证  明, its spaces gone); `a+b` every part on the page, each read as above (a
        bare 证明 title is evidence only together with what the letter certifies)."""
        if PLUS in keyword:
            return all(self.matches(part) for part in keyword.split(PLUS))
        if keyword.startswith("@"):
            return self.shape(keyword)
        if keyword.startswith("^") and keyword.endswith("$"):
            return keyword[1:-1] in self.norm or keyword[1:-1] in self.row_texts()
        if GAP in keyword and keyword.endswith("$"):  # a title with words between: 学历…核实表$
            words = keyword[:-1].split(GAP)
            return any(_in_order(line, words, at_end=True) for line in (*self.norm, *self.row_texts()))
        if keyword.endswith("$"):
            return any(line.endswith(keyword[:-1]) for line in self.norm)
        if keyword.startswith("^"):
            return any(line.startswith(keyword[1:]) for line in self.norm)
        if GAP in keyword:
            return any(_in_order(line, keyword.split(GAP)) for line in self.norm)
        return keyword in self.text


# Anchors that are shapes of values the law fixes (pipeline/values/cards.py), not words.
SHAPES: dict[str, Callable[[_Evidence], bool]] = {
    # a line that is nothing but a valid ID number (the card prints it apart from its label)
    "@id_number": lambda ev: any(_is_id_number(line) for line in ev.norm),
    # a valid number, and its birth date printed again on another line: the card front's 出生
    "@birth_of_number": lambda ev: cards.has_birth_of_number(ev.lines),
    # 2016.05.09-2036.05.09 / 2010.01.02-长期: the card back's period of validity
    "@validity_period": lambda ev: any(cards.is_validity_period(line) for line in ev.norm),
    # 昆明市公安局盘龙分局: the card back's issuing authority
    "@authority": lambda ev: any(cards.is_authority(line) for line in ev.norm),
}


def _filled(t: DocType, ev: _Evidence) -> bool:
    """Whether the page shows more than the form's printed words (classify.yaml `values`): a
    blank template of the card, labels and all, is no card."""
    spec = _values().get(t)
    if spec is None:
        return True
    printed, min_chars = spec
    rest = 0
    for line in ev.norm:
        for word in printed:
            line = line.replace(word, "")
        rest += sum(1 for ch in line if ch.isalnum())
    return rest >= min_chars


def _scores_of(ev: _Evidence) -> dict[DocType, float]:
    """Each type's anchor score; 0 for a type whose required evidence or values are absent."""
    _, types = _anchors()
    requires = _requires()
    excludes = _excludes()
    scores = {}
    for t, kws in types.items():
        if (all(any(ev.matches(kw) for kw in group) for group in requires.get(t, [])) and _filled(t, ev)
                and not any(ev.matches(kw) for kw in excludes.get(t, []))):
            scores[t] = sum(w for kw, w in kws.items() if ev.matches(kw))
        else:
            scores[t] = 0.0
    # a page titled as one of our forms is that form, whatever personal-data labels it shares with
    # the card (an employee's filing prints 姓名, 民族, 出生 and the ID number too)
    titled = _titles()
    if _form_title(ev, titled) is not None or any(
            scores[t] > 0 and any(w >= titled["min_weight"] and ev.matches(kw) for kw, w in types[t].items())
            for t in types if t not in titled["untitled"]):
        for t in titled["untitled"]:
            scores[t] = 0.0
    return scores


def _form_title(ev: _Evidence, titled: dict) -> str | None:
    """The page's title when it has one of any form (classify.yaml `titles`): a line near the top,
    about centred, that names a document (职工劳动合同鉴证登记表, 事业单位聘用合同) and is no label with its
    value. A card (front, back, photo) has none, so a titled page is none of them, whether or not the
    title is one of ours."""
    lo, hi = titled["length"]
    for line, norm in zip(ev.lines, ev.norm):
        text = norm.replace(" ", "")
        b = line.bbox
        if (b.y0 <= titled["top"] and abs((b.x0 + b.x1) / 2 - 0.5) <= titled["off_centre"] and lo <= len(text) <= hi
                and ":" not in text and text.endswith(titled["form_suffixes"])):
            return text
    return None


@lru_cache(maxsize=1)
def _titles() -> dict:
    spec = _config().get("titles") or {}
    return {"min_weight": float(spec.get("min_weight", 1e9)),
            "untitled": [DocType(t) for t in spec.get("untitled", [])],
            "form_suffixes": tuple(spec.get("form_suffixes", ())) or ("\0",),
            "top": float(spec.get("top", 0.0)), "off_centre": float(spec.get("off_centre", 0.0)),
            "length": tuple(spec.get("length", (0, 0)))}


def _scores(page: Page) -> dict[DocType, float]:
    return _scores_of(_Evidence(page.lines))


def _is_photo(page: Page, text: str) -> bool:
    """An image file with (almost) no text, a photo's proportions and the look of a photo
    (classify.yaml `photo`), in any quarter turn (a photo uploaded on its side is still the
    applicant's photo; its pixel size then tells the photo rule it is off specification)."""
    spec = _config().get("photo") or {}
    suffix = PurePosixPath(page.file.replace("\\", "/")).suffix.lower().lstrip(".")
    file_types = {str(x).lower() for x in spec.get("file_types", [])}
    if file_types and suffix not in file_types:
        return False
    # the file's own proportions: OCR may have turned or straightened a page with no text to go by
    width, height = (page.geometry or {}).get("source_size") or (page.width, page.height)
    if len(text) >= int(spec.get("max_chars", 12)):
        return False
    upright = height > width * float(spec.get("min_aspect", 1.15))
    if page.image is None:
        return upright  # nothing to look at (a page built from text alone): proportions decide
    if not upright and width <= height * float(spec.get("min_aspect", 1.15)):
        return False
    look = spec.get("look") or {}
    turns = (None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE, cv2.ROTATE_180)
    return any(judge_photo(page.image if t is None else cv2.rotate(page.image, t), look).photo for t in turns)


def _classification(scores: dict[DocType, float], page: Page | None = None) -> Classification | None:
    min_score, _ = _anchors()
    best = max(scores, key=lambda t: scores[t])
    best_score = scores[best]
    if best_score < min_score:
        return None
    runner_up = max((s for t, s in scores.items() if t != best), default=0.0)
    confidence = min(0.99, 0.5 + 0.5 * (best_score - runner_up) / best_score + 0.05 * min(best_score, 6) / 6)
    return Classification(best, round(confidence, 4), best_score, page)


def classify_lines(lines: list[TextLine]) -> Classification:
    """The most likely document type of a page's text alone (no photo rule): for judging which
    quarter turn of a page reads as a document."""
    scores = _scores_of(_Evidence(lines))
    found = _classification(scores)
    return found or Classification(DocType.OTHER, 0.5, max(scores.values(), default=0.0))


def resemblance(pages: list[Page]) -> list[str]:
    """The types whose own words pages that fit no type still show (their weighted anchors reach
    `min_score`, required evidence aside): a required document may be among the pages that could
    not be typed (another city's title, a lost heading), so its absence is then not certain."""
    min_score, types = _anchors()
    ev = _Evidence([line for page in pages for line in page.lines])
    return [t.value for t, kws in types.items()
            if t not in (DocType.OTHER, DocType.PHOTO) and sum(w for kw, w in kws.items() if ev.matches(kw)) >= min_score]


def classify_page(page: Page) -> Classification:
    """The most likely document type of one page, with a confidence in 0..1."""
    text = nfkc(page.text)
    scores = _scores(page)
    found = _classification(scores)
    if found is not None:
        return found
    if _is_photo(page, text):
        return Classification(DocType.PHOTO, 0.6, 0.0)
    return Classification(DocType.OTHER, 0.5, max(scores.values(), default=0.0))


def _face_anchors(ev: _Evidence, t: DocType) -> list[TextLine]:
    """The lines a card face is known by: its printed words and lines of its values' shapes."""
    spec = _face_spec(t)
    words = [nfkc(w) for w in spec.get("words", [])]
    line_shapes = {
        "@id_number": lambda s: bool(cards.numbers_in(s)),
        "@validity_period": cards.is_validity_period,
        "@authority": cards.is_authority,
    }
    tests = [line_shapes[s] for s in spec.get("shapes", []) if s in line_shapes]
    out = [ln for ln, norm in zip(ev.lines, ev.norm) if any(w in norm for w in words) or any(f(norm) for f in tests)]
    if "@birth_of_number" in spec.get("shapes", []):
        for number in cards.valid_numbers(ev.lines):
            born = cards.birth_line(ev.lines, number)
            if born is not None and born not in out:
                out.append(born)
    return out


def _part(page: Page, lines: list[TextLine]) -> Page:
    """The page restricted to some of its lines (one card face): same image, same geometry, same
    page-relative boxes, so evidence crops and masks are cut from the page as read."""
    return page.model_copy(update={"lines": lines})


def _faces(page: Page, members: list[DocType]) -> list[Classification] | None:
    """Two card faces on one page, each typed from its own lines (classify.yaml `card_faces`):
    the page's lines are parted between the faces by where each face's anchors lie
    (preaudit.pipeline.values.cards.split_faces), and each part must be that face on its own."""
    if len(members) != 2:
        return None
    ev = _Evidence(page.lines)
    first, second = (_face_anchors(ev, t) for t in members)
    aspect = page.height / page.width if page.width else 1.0
    split = cards.split_faces(page.lines, first, second, aspect)
    if split is None:
        return None
    out: list[Classification | None] = []
    for t, lines in zip(members, split):
        part = _part(page, lines)
        scores = _scores_of(_Evidence(lines))
        if scores.get(t, 0.0) < _anchors()[0]:
            out.append(None)
            continue
        others = sum(s for k, s in scores.items() if k != t)
        out.append(Classification(t, round(min(0.99, 0.5 + 0.5 * scores[t] / (scores[t] + others)), 4), scores[t], part))
    if all(c is None for c in out):
        return None
    # a face whose key value is hidden (a copy's watermark over the ID number) beside the other face,
    # found in full: still that face when its own printed words show apart (card_faces `beside_words`),
    # so its value reads as unreadable, never the whole face as missing
    for k, (t, lines) in enumerate(zip(members, split)):
        if out[k] is None:
            words, rows = _face_words(lines, t)
            need = int(_face_spec(t).get("beside_words", 0))
            if not need or words < need or rows < 2:
                return None  # (on one line, the words are a header: 中华人民共和国居民身份证复印件)
            out[k] = Classification(t, face_beside_confidence(), float(words), _part(page, lines))
    return [c for c in out if c is not None]


def _face_spec(t: DocType) -> dict:
    """A card face's entry in classify.yaml `card_faces` (its words, shapes, beside_words)."""
    return (_config().get("card_faces") or {}).get(t.value) or {}


def face_beside_confidence() -> float:
    """The confidence of a face typed by its printed words beside its pair (classify.yaml)."""
    return float(_config()["face_beside_confidence"])


def _face_words(lines: list[TextLine], t: DocType) -> tuple[int, int]:
    """How many of a card face's printed words (card_faces `words`) its lines show, and on how
    many lines."""
    spec = _face_spec(t)
    words = [nfkc(w) for w in spec.get("words", [])]
    normed = [nfkc(ln.text) for ln in lines]
    return sum(1 for w in words if any(w in n for n in normed)), sum(1 for n in normed if any(w in n for w in words))


def _read_faces(page: Page, members: list[DocType]) -> dict[DocType, Classification]:
    """The card faces found on the page and read one by one (preaudit.pipeline.intake.faces), by type: each
    reading that is one of `members` on its own, the best reading of each type."""
    out: dict[DocType, Classification] = {}
    for reading in faces_of(page):
        scores = _scores_of(_Evidence(reading.lines))
        found = _classification(scores)
        if found is None or found.doc_type not in members:
            continue
        if found.doc_type not in out or found.score > out[found.doc_type].score:
            out[found.doc_type] = Classification(found.doc_type, found.confidence, found.score, face_part(page, reading))
    return out


def _values_shown(c: Classification) -> tuple[int, float]:
    """How much of a card face's values a reading shows (the shapes the law fixes), then its
    score: to choose between a face read on its own and the same face read as part of the page."""
    ev = _Evidence(c.page.lines if c.page is not None else [])
    spec = _face_spec(c.doc_type)
    return sum(1 for s in spec.get("shapes", []) if ev.shape(s)), c.score


def faces_complete(page: Page) -> bool:
    """Whether a page's own reading already gives every card face it shows, each with its key
    value (front: a valid number; back: a period of validity): no need to read the faces apart."""
    found = page_types(page)
    types = {c.doc_type for c in found}
    if not types & {DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK}:
        return True  # no card here
    if types != {DocType.ID_CARD_FRONT, DocType.ID_CARD_BACK}:
        return False
    for c in found:
        lines = (c.page or page).lines
        if c.doc_type == DocType.ID_CARD_FRONT and not cards.valid_numbers(lines):
            return False
        if c.doc_type == DocType.ID_CARD_BACK and not any(cards.is_validity_period(ln.text) for ln in lines):
            return False
    return True


def shows_card(lines: list[TextLine]) -> bool:
    """Whether a reading shows anything of an ID card face (its printed words or value shapes)."""
    ev = _Evidence(lines)
    return any(_face_anchors(ev, DocType(t)) for t in (_config().get("card_faces") or {}))


def page_types(page: Page) -> list[Classification]:
    """The documents on one page: usually one; two where a page carries a set of documents
    (classify.yaml `together`: an A4 copy of both faces of the ID card). Faces read one by one
    (preaudit.pipeline.intake.faces) are typed on their own; else the page's lines are parted between the faces
    where the faces lie apart (each face read from its own part); else both are typed from the
    whole page when each scores at least `together_min_score`."""
    best = classify_page(page)
    data = _config()
    scores = _scores(page)
    floor = float(data.get("together_min_score", 4))
    for names in data.get("together", []):
        members = [DocType(n) for n in names]
        read = _read_faces(page, members)
        if best.doc_type not in members and best.doc_type != DocType.OTHER and not read:
            continue
        faces = _faces(page, members)
        if read:
            by_type = {c.doc_type: c for c in faces or []}
            for t, c in read.items():
                # a face read on its own is read upright and level: it wins unless it shows less
                if t not in by_type or _values_shown(c)[0] >= _values_shown(by_type[t])[0]:
                    by_type[t] = c
            if len(by_type) < len(members) and best.doc_type in members and best.doc_type not in by_type:
                by_type[best.doc_type] = best
            elif best.doc_type in members and by_type.get(best.doc_type) is read.get(best.doc_type):
                # one card: its face read on its own (an outline placed by its words may sit askew)
                # against the page's own reading, which wins where it shows more of the face's values
                own = Classification(best.doc_type, best.confidence, best.score, page)
                if _values_shown(own)[0] > _values_shown(by_type[best.doc_type])[0]:
                    by_type[best.doc_type] = best
            return [by_type[t] for t in members if t in by_type]
        if faces is not None:
            return faces
        if best.doc_type in members and all(scores[t] >= floor for t in members):
            total = sum(s for t, s in scores.items() if t not in members)
            return [
                Classification(t, round(min(0.99, 0.5 + 0.5 * scores[t] / (scores[t] + total)), 4), scores[t])
                for t in members
            ]
    return [best]


def group_pages(pages: list[Page]) -> list[PageGroup]:
    """Group one file's pages into documents: a typed page continues the document before it
    when it has the same type or no type of its own; a page of two documents is a group for each,
    each holding the part of the page it was read from."""
    groups: list[PageGroup] = []
    for page in pages:
        found = page_types(page)
        if len(found) > 1:
            groups.extend(PageGroup(doc_type=c.doc_type, confidence=c.confidence, pages=[c.page or page]) for c in found)
            continue
        c = found[0]
        if groups and (c.doc_type == DocType.OTHER or c.doc_type == groups[-1].doc_type):
            groups[-1].pages.append(page)
            continue
        # a card face read on its own (its outline found or placed) is read from that reading
        groups.append(PageGroup(doc_type=c.doc_type, confidence=c.confidence, pages=[c.page or page]))
    return groups
