"""The 居民身份证 as the law fixes it, used as evidence where OCR loses the printed labels.

The card's content is set by the Resident Identity Card Law and GB 11643: the portrait face prints
姓名 性别 民族 出生 住址 公民身份号码, the number's digits 7–14 are the holder's birth date and its
last digit a check digit; the emblem face prints 中华人民共和国 居民身份证, the issuing authority (a
county-level public-security organ: …公安局, …分局) and the period of validity, two dates the same
day of the year 5, 10 or 20 years apart, or a date and 长期. These facts hold for every rendering,
font, camera and seal, so a page can be typed, and a value found, by them when a label is faint,
split or under a seal: a valid number whose birth date is printed again on another line is a card
front; a validity period beside an authority is a card back.

Everything here is a pure function of text lines (no image, no OCR engine).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from preaudit.pipeline.values.idnumber import birth_date, check_id_number
from preaudit.pipeline.model import BBox, TextLine
from preaudit.pipeline.values.text import nfkc

# The 56 ethnic groups (民族) a card may print, without the suffix 族.
ETHNIC_GROUPS = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
_ID_RUN = re.compile(r"[0-9Xx]{17,}")
# A public-security organ: 昆明市公安局, 昆明市公安局盘龙分局, 富民县公安局, 某某公安分局, 某某派出所.
_AUTHORITY = re.compile(r"(公安|分局|派出所)")
_AUTHORITY_END = ("局", "厅", "处", "所")
LONG_TERM = "长期"
VALID_YEARS = (5, 10, 20)
MAX_YEARS = 30  # an end further from the start than this is no reading of a card's period


def digits(text: str) -> str:
    return re.sub(r"\D", "", nfkc(text))


def numbers_in(text: str) -> list[str]:
    """The 18-character numbers in a text that pass GB 11643 (check digit, birth date)."""
    out = []
    for m in _ID_RUN.finditer(nfkc(text).upper()):
        run = m.group(0)
        for i in range(0, len(run) - 17):
            cand = run[i:i + 18]
            if check_id_number(cand).valid and cand not in out:
                out.append(cand)
    return out


def valid_numbers(lines: list[TextLine]) -> list[str]:
    """The valid 18-character numbers on the lines."""
    out: list[str] = []
    for ln in lines:
        out += [n for n in numbers_in(ln.text) if n not in out]
    return out


def shows_date(text: str, d: date) -> bool:
    """Whether a line prints date `d` (1988年11月23日, 1988 年 1 月 2 日, 1988.01.02; the 年月日 may be
    lost to OCR: 1988年1123), and is not itself an ID number."""
    t = nfkc(text)
    if _ID_RUN.search(t.upper()):
        return False
    found = digits(t)
    forms = {f"{d.year}{d.month}{d.day}", f"{d.year}{d.month:02d}{d.day:02d}", f"{d.year}{d.month:02d}{d.day}",
             f"{d.year}{d.month}{d.day:02d}"}
    return any(found == f or (found.startswith(f) and len(found) <= len(f) + 1) for f in forms)


def rows(lines: list[TextLine]) -> list[TextLine]:
    """The lines joined row by row (boxes side by side whose middles lie within half a line
    height), left to right: OCR cuts 1988 年 11 月 23 日 into pieces where a label is faint."""
    out: list[list[TextLine]] = []
    for ln in sorted(lines, key=lambda x: x.bbox.cy):
        for row in out:
            ref = row[-1]
            if abs(ref.bbox.cy - ln.bbox.cy) < 0.5 * max(ref.bbox.height, ln.bbox.height):
                row.append(ln)
                break
        else:
            out.append([ln])
    joined = []
    for row in out:
        row.sort(key=lambda x: x.bbox.x0)
        box = row[0].bbox
        for ln in row[1:]:
            box = box.union(ln.bbox)
        joined.append(TextLine(text="".join(ln.text for ln in row), bbox=box, confidence=min(ln.confidence for ln in row),
                               source=row[0].source))
    return joined


def birth_line(lines: list[TextLine], number: str) -> TextLine | None:
    """The line (or the row of boxes) that prints the birth date held in `number` (the card's
    出生 line)."""
    born = birth_date(number)
    if born is None:
        return None
    found = next((ln for ln in lines if shows_date(ln.text, born)), None)
    if found is None:
        found = next((ln for ln in rows(lines) if shows_date(ln.text, born)), None)
    return found


def has_birth_of_number(lines: list[TextLine]) -> bool:
    """A valid number and, on another line, the birth date it holds: the front's structure."""
    return any(birth_line(lines, n) is not None for n in valid_numbers(lines))


def parse_loose_date(text: str) -> date | None:
    """YYYYMMDD from a run of eight digits."""
    if len(text) < 8:
        return None
    try:
        d = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return d if 1900 <= d.year <= 2200 else None


@dataclass(frozen=True)
class Validity:
    start: date
    end: date | None  # None: 长期
    inferred: bool  # part of the period was completed from the card's structure (a lost day or separator)

    @property
    def exact(self) -> bool:
        """A period the law allows: 5, 10 or 20 years to the day, or 长期."""
        if self.end is None:
            return True
        return (self.end.month, self.end.day) == (self.start.month, self.start.day) and self.end.year - self.start.year in VALID_YEARS


_SEPARATED = re.compile(r"(?<!\d)(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})(?!\d)")
# Letters the recogniser returns for digits it half sees (a seal's ink, a signature over the line):
# 2020.10.T0, 2O3O, 2024.0S.01. Read as digits only between digits and date separators.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "i": "1",
                                   "T": "1", "|": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "G": "6",
                                   "B": "8", "g": "9", "q": "9"})
_LETTER_IN_DATE = re.compile(r"(?<=\d)[OoDQIliT|ZzSsGBgq](?=[\d.\-/])|(?<=[.\-/])[OoDQIliT|ZzSsGBgq](?=\d)")


def digit_lookalikes(text: str) -> str:
    """Letters inside a run of digits and date separators read as the digits they resemble."""
    return _LETTER_IN_DATE.sub(lambda m: m.group(0).translate(_DIGIT_LOOKALIKES), text)


def validity_period(text: str) -> Validity | None:
    """The period of validity printed on a card's back, read from its digits so that a separator
    OCR lost (2023.0801-2033.08.01, 20321013) or mistook (2023.08.01:2033.08.01) does not move a
    date: a start date, then an end date or 长期. An end whose month and day were lost (2036.04) is
    completed with the start's (the card expires on the same day of the year), marked `inferred`."""
    t = digit_lookalikes(nfkc(text))
    long_term = LONG_TERM in t or "长朗" in t or "长明" in t
    head = t.split("长")[0] if long_term else t
    seps = [(m.group(1), m.group(2), m.group(3)) for m in _SEPARATED.finditer(head)]
    run = digits(head)
    if len(seps) >= 2 or (seps and long_term):
        dates = []
        for y, mo, d in seps[:2]:
            try:
                dates.append(date(int(y), int(mo), int(d)))
            except ValueError:
                dates.append(None)
        if dates[0] is not None and (long_term or dates[1] is not None):
            start, end = dates[0], (None if long_term else dates[1])
            if end is None or end > start:
                return Validity(start, end, False)
    start = parse_loose_date(run)
    if start is None:
        return None
    rest = run[8:]
    if long_term:
        return Validity(start, None, len(run) != 8)
    if len(rest) >= 8:
        end = parse_loose_date(rest)
        if end is not None and end > start:
            return Validity(start, end, len(rest) != 8)
    if len(rest) >= 9:
        # the separator read as a digit (2023.12.26-2043.12.26 as 2023.12.2612043.12.26): the end
        # one digit on, taken only where it makes a period the law allows
        end = parse_loose_date(rest[1:])
        if end is not None and Validity(start, end, True).exact:
            return Validity(start, end, True)
    if len(rest) >= 4:
        year = int(rest[:4])
        if 0 < year - start.year <= MAX_YEARS:
            try:
                return Validity(start, start.replace(year=year), True)
            except ValueError:  # 29 February
                return Validity(start, date(year, 2, 28), True)
    return None


def is_validity_period(text: str) -> bool:
    """A period the law allows for a card (5, 10 or 20 years to the day, or 长期): the shape that
    tells a card back from a contract's or a report's term."""
    v = validity_period(text)
    return v is not None and v.exact


def is_authority(text: str) -> bool:
    """An issuing authority's name: a public-security organ, all Han, ending like an office."""
    t = nfkc(text)
    if re.search(r"[0-9A-Za-z]", t) or len(t) < 4:
        return False
    return bool(_AUTHORITY.search(t)) and t.endswith(_AUTHORITY_END)


def ethnic_group(text: str) -> str | None:
    """The ethnic group a value names (彝, 彝族, 维吾尔族), or None."""
    t = nfkc(text).removesuffix("族")
    return t if t in ETHNIC_GROUPS else None


# --------------------------------------------------------------------------- two faces on a page


def _centre(b: BBox) -> tuple[float, float]:
    return (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2


def _box_of(lines: list[TextLine]) -> BBox:
    return BBox(x0=min(ln.bbox.x0 for ln in lines), y0=min(ln.bbox.y0 for ln in lines),
                x1=max(ln.bbox.x1 for ln in lines), y1=max(ln.bbox.y1 for ln in lines))


def _distance(b: BBox, x: float, y: float, aspect: float) -> float:
    """Distance of a point from a box in page-width units (page heights scaled by `aspect`)."""
    dx = max(b.x0 - x, 0.0, x - b.x1)
    dy = (max(b.y0 - y, 0.0, y - b.y1)) * aspect
    return (dx * dx + dy * dy) ** 0.5


def split_faces(lines: list[TextLine], front: list[TextLine], back: list[TextLine], aspect: float = 1.0,
                reach: float = 0.35) -> tuple[list[TextLine], list[TextLine]] | None:
    """The page's lines parted between two card faces, from the lines each face is known by
    (`front`, `back`: their labels and values of the card's own shape).

    Each line goes to the face whose anchor lines lie nearer (distance to the box around them), so
    that the faces may lie side by side, stacked or askew; a line farther from both than `reach`
    times the size of the nearer face's box (a handwritten date under the copy) goes to neither.
    None when the two groups of anchors overlap (no two separate faces to part). `aspect` is the
    page's height / width, so that distances are measured in one unit.
    """
    if not front or not back:
        return None
    fbox, bbox = _box_of(front), _box_of(back)
    if fbox.overlap_share(bbox) > 0.3:
        return None
    out_f: list[TextLine] = []
    out_b: list[TextLine] = []
    anchored_f = {id(ln) for ln in front}
    anchored_b = {id(ln) for ln in back}
    for ln in lines:
        if id(ln) in anchored_f:
            out_f.append(ln)
            continue
        if id(ln) in anchored_b:
            out_b.append(ln)
            continue
        x, y = _centre(ln.bbox)
        df, db = _distance(fbox, x, y, aspect), _distance(bbox, x, y, aspect)
        box, dist, target = (fbox, df, out_f) if df <= db else (bbox, db, out_b)
        size = max(box.x1 - box.x0, (box.y1 - box.y0) * aspect)
        if dist <= reach * size:
            target.append(ln)
    return out_f, out_b
