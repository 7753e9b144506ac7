"""A second look under red seals: a unit stamps its seal over the date it signs, and the full-page
text detector often loses the characters a ring crosses even after the red ink is suppressed.

Each seal's area of the OCR image (seal ink already suppressed) is read once more on its own; a
line found there that the page reading lacks is added when it carries digits (dates, numbers:
the values a seal covers; a date in Chinese numerals counts), so the seal's own ring text never
enters as page text.

The page's suppression gives each red pixel its red channel, which leaves a copier's or printer's
dark red (a red channel of ~150 of 255) as a grey ring over the value, and the value under it is
misread rather than lost (an ID copy's 2022.04.21-2032.04.21 read 122.04.7-2032.047, its authority
明市公安局五华分). So the rows the seal crosses are read again whole, with the seal's ink cleared
(preaudit.pipeline.intake.preprocess.clear_red) and at larger scales (underseal.yaml): such a reading replaces the
page's reading of the same line when it spans that line (a label on it is read again, never
dropped) and has a value's shape that the page's reading lacks (a card's period of validity, a
valid ID number, one date, an issuing authority: `value_shaped`), and is added like the others
where the page has no line there.

A page line that already has a value's shape but that the cleared readings of its row read as another
value, none of them as the page does (a seal's ring over the 3 of 2024-08-30 read as 2024-08-10 on the
page, 2024-08-30 cleared at both scales), is kept as the page read it, with its confidence lowered to
`disputed_confidence`: which reading is right cannot be told, so the value is never certain and a
rule that uses it asks for a look. One cleared reading that agrees with the page settles it.

A name signed by hand beside a signer's label (承诺人(申报人)：) is often covered by the seal too,
and the page reading finds the label with nothing where its value goes. A line a reading of the
seal's area (plain or cleared) finds right of or under such an empty label (the label's line ends at its colon or its signer word,
and no page line stands between) is added when it is shaped like a name (`name_shaped`: 2-6 Han
characters, or a minority name with its ·), with its confidence lowered (a handwriting read), and
never when it is the seal's own text: a unit's words, or like the seal's ring text as read from the
unwrapped ring (preaudit.pipeline.integrity.seals), which is read only when such a line is found.
A name never replaces a page line.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import yaml
from rapidfuzz import fuzz

from preaudit.pipeline.values import cards
from preaudit.pipeline.model import BBox, TextLine
from preaudit.pipeline.intake.ocr import OcrCache
from preaudit.pipeline.intake.preprocess import Prepared, clear_red, red_share
from preaudit.pipeline.integrity.seals import UNIT_WORDS, Seal, find_seals, reading_of, ring_strips, ring_variant
from preaudit.pipeline.values.shapes import authority_problem, contains_label_word, vocabulary
from preaudit.pipeline.values.text import cn_number, nfkc, parse_cn_date, parse_date

MAX_SEALS = 3
MARGIN = 0.25  # of the seal's size, added around it: the date runs out of the ring
MIN_DIGITS = 4
OVERLAP = 0.3  # a new line overlapping a page line by this share of the smaller box is the same line
_DIGIT = re.compile(r"\d")
# a date in Chinese numerals (二〇二四年八月二十六日, the year's first figures may be lost under the ring)
_CN_DATE = re.compile(r"[〇○零O0一二三四五六七八九]{2,4}年[一二三四五六七八九十]{1,2}月")
CN_YEARS = (1900, 2100)  # the years a date in Chinese numerals may name
DATE_DIGITS = 8  # a line that is one date (2024年08月30日), not two run together
VERSION = "u2"  # part of the OCR cache key of the cleared readings
_SEPARATORS = " :：_＿"


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("underseal.yaml").read_text(encoding="utf-8"))


def value_shaped(text: str) -> bool:
    """Whether a line is a value of a shape the law or the calendar fixes: a card's period of
    validity (5, 10 or 20 years, or 长期), a valid ID number, one whole date (in Chinese numerals
    too), an issuing authority."""
    return (cards.is_validity_period(text) or bool(cards.numbers_in(text))
            or (parse_date(text) is not None and len(cards.digits(text)) <= DATE_DIGITS
                and not _LONG_DAY.search(nfkc(text)))
            or _cn_day(text) is not None
            or authority_problem(_unlabelled(text)) is None)


def _cn_day(text: str) -> date | None:
    """A whole date in Chinese numerals of a plausible year (二〇二四年八月二十六日; 二二四年… read
    off a ring is no year of ours), or None."""
    value = parse_cn_date(text)
    if value is None or len(value) != 10 or not CN_YEARS[0] <= int(value[:4]) <= CN_YEARS[1]:
        return None
    return date.fromisoformat(value)


def carries_digits(text: str) -> bool:
    """Whether a line found only under a seal carries a value a seal covers: at least `MIN_DIGITS`
    digits, or a date in Chinese numerals (a 参保证明's 二〇二四年八月二十六日 under the e-seal)."""
    return len(_DIGIT.findall(text)) >= MIN_DIGITS or _CN_DATE.search(nfkc(text)) is not None


def _unlabelled(text: str) -> str:
    """A line without the label words it opens with (签发机关昆明市公安局 -> 昆明市公安局)."""
    t = nfkc(text).strip()
    words = sorted(vocabulary()["label_words"], key=len, reverse=True)
    while True:
        word = next((w for w in words if t.startswith(w) and len(t) > len(w)), None)
        if word is None:
            return t
        t = t[len(word):].lstrip(":： ")


def _area(seal_box: BBox, lines: list[TextLine], widen: float) -> tuple[float, float, float, float]:
    """The seal's box with its margin, widened to the whole of every page line whose middle lies
    within the seal's own height and that reaches into the area (at most `widen` of the page either
    side): the rows the seal crosses, read whole."""
    b = seal_box
    mx, my = (b.x1 - b.x0) * MARGIN, (b.y1 - b.y0) * MARGIN
    x0, y0 = max(0.0, b.x0 - mx), max(0.0, b.y0 - my)
    x1, y1 = min(1.0, b.x1 + mx), min(1.0, b.y1 + my)
    left, right = x0, x1
    for ln in lines:
        if b.y0 <= ln.bbox.cy <= b.y1 and ln.bbox.x0 < x1 and ln.bbox.x1 > x0:
            left, right = min(left, ln.bbox.x0), max(right, ln.bbox.x1)
    return max(left, x0 - widen, 0.0), y0, min(right, x1 + widen, 1.0), y1


def _placed(ln: TextLine, area: tuple[float, float, float, float]) -> TextLine:
    """A line read in an area, with its box on the page."""
    x0, y0, x1, y1 = area
    cw, ch = x1 - x0, y1 - y0
    box = BBox(x0=x0 + ln.bbox.x0 * cw, y0=y0 + ln.bbox.y0 * ch, x1=x0 + ln.bbox.x1 * cw, y1=y0 + ln.bbox.y1 * ch)
    return ln.model_copy(update={"bbox": box})


def read_under_seals(ocr: OcrCache, sha256: str, number: int, prepared: Prepared, lines: list[TextLine]) -> list[TextLine]:
    """`lines` plus the digit-bearing lines that only a reading of each seal's area finds, with a
    page line replaced where the cleared reading of its row spans it and gives it a value's shape it lacked."""
    h, w = prepared.image.shape[:2]
    conf = settings()
    entries = list(lines)  # the page's lines, then those the second look adds; replaced in place
    # the lines the second look reads anew (found only there, or a page line it gives a value's
    # shape): every reading of each, to be settled by a vote
    heard: dict[int, list[TextLine]] = {}
    disputed: set[int] = set()  # page lines whose value a cleared reading of their row reads otherwise
    confirmed: set[int] = set()  # ... and those a cleared reading reads the same (one such reading settles it)
    for i, seal in enumerate(find_seals(prepared.upright)[:MAX_SEALS]):
        b = seal.bbox
        mx, my = (b.x1 - b.x0) * MARGIN, (b.y1 - b.y0) * MARGIN
        x0, y0 = max(0.0, b.x0 - mx), max(0.0, b.y0 - my)
        x1, y1 = min(1.0, b.x1 + mx), min(1.0, b.y1 + my)
        c0, r0, c1, r1 = int(x0 * w), int(y0 * h), int(x1 * w), int(y1 * h)
        if c1 - c0 < 16 or r1 - r0 < 16:
            continue
        readings: list[tuple[list[TextLine], tuple[float, float, float, float], bool]] = []
        crop = prepared.image[r0:r1, c0:c1]
        variant = f"{prepared.variant}:under-seal:{i}:{c0},{r0},{c1},{r1}"
        readings.append((ocr.read(sha256, number, crop, variant=variant), (x0, y0, x1, y1), False))
        area = _area(b, lines, float(conf["max_widen"]))
        a0, b0, a1, b1 = int(area[0] * w), int(area[1] * h), int(area[2] * w), int(area[3] * h)
        rows = clear_red(prepared.upright[b0:b1, a0:a1], float(conf["ink_percentile"]))
        for scale in conf["scales"]:
            img = rows if float(scale) == 1.0 else cv2.resize(rows, None, fx=float(scale), fy=float(scale), interpolation=cv2.INTER_CUBIC)
            key = f"{prepared.variant}:under-seal:{VERSION}:{i}:{a0},{b0},{a1},{b1}:ink{conf['ink_percentile']}:x{scale}"
            readings.append((ocr.read(sha256, number, np.ascontiguousarray(img), variant=key), area, True))
        # the ring under the key the seal facts read it by (pipeline/integrity/facts.py): read once
        ring = _RingText(ocr, sha256, number, prepared.upright, seal, ring_variant(i, seal))
        for found, where, _cleared in readings:
            for raw in found:
                ln = _placed(raw, where)
                name = _name_line(ln, entries, len(lines), h / w)
                if name is not None and not ring.holds(name.text):
                    entries.append(name)
                    continue
                over = [k for k, other in enumerate(entries) if ln.bbox.overlap_share(other.bbox) >= OVERLAP]
                row = [k for k in over if _same_row(ln, entries[k])]
                valued = [k for k in over if carries_digits(entries[k].text)]
                if valued and not row:
                    # another reading of a value's line there, its box drawn a little off
                    k = min(valued, key=lambda j: abs(entries[j].bbox.cy - ln.bbox.cy))
                    if k in heard:
                        heard[k].append(ln)
                    continue
                # the same line read again overlaps it on its row; a box of the row above or below
                # that it touches and that holds no value (the seal's 电子专用章 under a date) makes it
                # no reading of that line
                if row:
                    k = min(row, key=lambda j: abs(entries[j].bbox.cy - ln.bbox.cy))  # the line it reads again
                    if k in heard:
                        heard[k].append(ln)
                    if value_shaped(ln.text):
                        if not value_shaped(entries[k].text) and _covers(ln, entries[k], h / w):
                            entries[k] = ln
                            heard.setdefault(k, [ln])  # a page line read again: its readings vote
                        elif _cleared and k < len(lines) and entries[k] is lines[k] and _covers(ln, entries[k], h / w):
                            same = _value_of(ln.text) == _value_of(entries[k].text)
                            (confirmed if same else disputed).add(k)
                    continue
                if carries_digits(ln.text):
                    heard[len(entries)] = [ln]
                    entries.append(ln)
    _read_under_prints(ocr, sha256, number, prepared, lines, entries)
    seals = find_seals(prepared.upright)[:MAX_SEALS]
    cap = float(conf["disputed_confidence"])
    dropped = set()
    for k, alts in heard.items():
        settled = _settled(alts)
        if settled is None:
            # its readings disagree (八月三日 / 八月三十日): what it says cannot be told; a page line
            # stays as the page read it, a line only the second look found is not added
            if k < len(lines):
                entries[k] = lines[k]
            else:
                dropped.add(k)
        else:
            best, agreed = settled
            entries[k] = best if agreed else best.model_copy(update={"confidence": min(best.confidence, cap)})
    entries = [ln for k, ln in enumerate(entries) if k not in dropped]
    out = entries[:len(lines)]
    for k in disputed - confirmed:
        if out[k] is lines[k]:  # the page's value, read otherwise once the seal is cleared: never sure
            out[k] = lines[k].model_copy(update={"confidence": min(lines[k].confidence, cap)})
    ring = conf["ring"]
    for k, ln in enumerate(out):
        if ln.confidence > cap and any(ring_hides(ln, seal, w, h, ring) for seal in seals):
            out[k] = ln.model_copy(update={"confidence": cap})
    for ln in entries[len(lines):]:  # each before the first page line that starts below it; the reading order stays
        if ln.confidence > cap and any(ring_hides(ln, seal, w, h, ring) for seal in seals):
            ln = ln.model_copy(update={"confidence": cap})
        at = next((k for k, other in enumerate(out) if other.bbox.y0 > ln.bbox.y0), len(out))
        out.insert(at, ln)
    return out


# --------------------------------------------------------------------------- figures under a ring

_FIGURE = re.compile(r"[0-9〇○零一二三四五六七八九十]")


def _ring_radius(seal: Seal, x: float, y: float) -> float:
    """Where a point (pixels) lies against a seal's ring: its elliptic radius, 1.0 on the ring."""
    (cx, cy), (a, b), t = seal.center, seal.axes, np.radians(seal.angle)
    dx, dy = x - cx, y - cy
    u, v = dx * np.cos(t) + dy * np.sin(t), -dx * np.sin(t) + dy * np.cos(t)
    return float(np.hypot(u / max(a, 1.0), v / max(b, 1.0)))


def _char_middles(text: str, x0: float, x1: float, narrow: float) -> list[tuple[str, float]]:
    """Each character of a line with the middle of its place across the line's box (pixels): a Han
    character or a full-width sign takes a whole character's width, a figure, a letter or a point
    `narrow` of one."""
    widths = [1.0 if ord(c) >= 0x2E80 else narrow for c in text]
    total = sum(widths) or 1.0
    out, at = [], 0.0
    for c, wd in zip(text, widths):
        out.append((c, x0 + (x1 - x0) * (at + wd / 2) / total))
        at += wd
    return out


def ring_hides(ln: TextLine, seal: Seal, w: int, h: int, ring: dict[str, Any]) -> bool:
    """Whether a seal's ring may hide or change a figure of a date on a line: a figure the ring's ink
    crosses (a date stamp's 2024 under the ring read 2021 at full confidence), or a date that ends with a
    figure just short of the ring (2024.8.30's 0 under a grey ring read 2024.8.3, whose end looks whole).
    The recogniser's confidence says nothing then, and clearing the red cannot tell either where the ink
    is grey (a copy, a bitonal scan) or the date's own ink has red in it (a violet date stamp). A value
    that checks itself (a valid ID number, a period of validity of a legal length) is not asked."""
    text = nfkc(ln.text)
    if (parse_date(text) is None and _cn_day(text) is None) or cards.numbers_in(text) or cards.is_validity_period(text):
        return False
    b = ln.bbox
    band = float(ring["band"])
    y = b.cy * h
    for c, x in _char_middles(text, b.x0 * w, b.x1 * w, float(ring["narrow"])):
        if _FIGURE.match(c) and abs(_ring_radius(seal, x, y) - 1.0) <= band:
            return True
    if not _FIGURE.match(text.rstrip()[-1:] or " "):
        return False
    height = b.height * h  # one character's height: the figure lost would stand within it past the end
    return any(abs(_ring_radius(seal, b.x1 * w + f * height, y) - 1.0) <= band for f in ring["past_end"])


_CN_DAY = re.compile(r"([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
# a month or day of three digits (8月130日: the ring's stroke read as a 1): no date, whatever its start says
_LONG_DAY = re.compile(r"[年月.\-/]\s*\d{3}")


def _key_of(text: str) -> object:
    """What a reading of a line found only under a seal says, for a vote among the readings: the
    month and day of a date (the year is what a ring clips first: 〇二四年八月二十六日 and 二〇二四年
    八月二十六日 agree), else its digits."""
    t = nfkc(text)
    if cards.is_validity_period(t) or cards.numbers_in(t):
        return cards.digits(t)
    m = _CN_DAY.search(t)
    if m:
        return cn_number(m.group(1)), cn_number(m.group(2))
    day = parse_date(t) if not _LONG_DAY.search(t) else None
    if day is not None:
        return day.month, day.day
    if "年" in t or "月" in t:
        return None  # a date not read whole (8月130日, 024年8月30日): it says nothing to vote with
    digits = cards.digits(t)
    return digits if len(digits) >= MIN_DIGITS else None


def _settled(alts: list[TextLine]) -> tuple[TextLine, bool] | None:
    """Of the readings of one line that only the second look finds (the seal's area, its cleared
    rows at each scale), the one to keep and whether it is agreed: the reading most of them say,
    when at least two say it and more than say anything else (the last of them, at the largest
    scale, with a value's shape where one has it); a line one reading alone found is kept, surely
    only where its value checks itself (a period of validity of a legal span, an ID number whose
    check digit holds), and a date in Chinese numerals never surely; None where the readings disagree (八月三日 at one scale, 八月三十日 at the other)."""
    # a reading votes with a value's shape, or with a date's month and day left legible (上〇二四年八月三十日
    # dissents from 八月三日); digits garbled into no shape (20.05.28242.05.) say nothing
    keys = [key if value_shaped(a.text) or isinstance(key, tuple) else None
            for a, key in ((a, _key_of(a.text)) for a in alts)]
    counts: dict[object, int] = {}
    for key in keys:
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return alts[-1], False
    ranked = sorted(counts.values(), reverse=True)
    top = max(counts, key=lambda k: counts[k])
    if len(counts) > 1 and (ranked[0] < 2 or ranked[0] == ranked[1]):
        return None
    chosen = [a for a, k in zip(alts, keys) if k == top]
    shaped = [a for a in chosen if value_shaped(a.text)] or chosen
    # a date in Chinese numerals read through a ring is never sure, however many readings agree: a
    # stroke the ring hides leaves another valid date (三十日 read 三日 at every scale)
    best = shaped[-1]
    checked = cards.is_validity_period(best.text) or bool(cards.numbers_in(best.text))
    return best, (counts[top] >= 2 or checked) and _cn_day(best.text) is None


def _value_of(text: str) -> object:
    """What a value-shaped line says, for telling two readings of it apart: its one date (2024-08-30
    and 2024年8月30日 agree), else its digits (an ID number, a period of validity), else its text."""
    digits = cards.digits(text)
    if len(digits) <= DATE_DIGITS and (day := parse_date(text)) is not None:
        return day
    return _cn_day(text) or digits or nfkc(text)


def _covers(new: TextLine, old: TextLine, aspect: float) -> bool:
    """Whether a reading spans the whole of the line it would replace (to within a character, one
    line height): a label the old line carries (日期：…) is read again, never dropped. `aspect`
    is the page's height / width."""
    slack = old.bbox.height * aspect
    return new.bbox.x0 <= old.bbox.x0 + slack and new.bbox.x1 >= old.bbox.x1 - slack


def _same_row(a: TextLine, b: TextLine) -> bool:
    """Two boxes on one row of text (their middles within half the taller one's height)."""
    return abs(a.bbox.cy - b.bbox.cy) < 0.5 * max(a.bbox.height, b.bbox.height)


# --------------------------------------------------------------------------- names under a seal


def _read_under_prints(ocr: OcrCache, sha256: str, number: int, prepared: Prepared, lines: list[TextLine],
                       entries: list[TextLine]) -> None:
    """A name signed beside a signer's label and covered by a red fingerprint (按手印 pressed on the
    signature), which is no seal: the page reading finds the label with nothing where its value goes.
    Where red ink lies there, the place is read again with the red cleared; a name-shaped line found
    beside the label is added as under a seal (`_name_line`), read less surely."""
    conf, names = settings(), _names()
    h, w = prepared.upright.shape[:2]
    for k, label in enumerate(lines):
        if not empty_label(label) or not any(nfkc(s) in nfkc(label.text) for s in names["signer_words"]):
            continue
        if any(_same_row(e, label) and e.bbox.x0 >= label.bbox.x1 - 0.5 * label.bbox.height and
               e.bbox.x0 <= label.bbox.x1 + float(names["max_gap"]) * label.bbox.height * h / w
               for e in entries if e is not label and not empty_label(e)):
            continue  # a value is read beside it already (another party's label on the row is none)
        lb = label.bbox
        ch = lb.height * h / w
        x0, x1 = lb.x1 - 0.5 * ch, min(1.0, lb.x1 + float(names["max_gap"]) * ch)
        y0 = max(0.0, lb.y0 - float(names["off_row"]) * lb.height)
        y1 = min(1.0, lb.y1 + float(names["off_row"]) * lb.height)
        c0, r0, c1, r1 = int(x0 * w), int(y0 * h), int(x1 * w), int(y1 * h)
        if c1 - c0 < 16 or r1 - r0 < 16:
            continue
        crop = prepared.upright[r0:r1, c0:c1]
        if crop.ndim != 3 or red_share(crop) < float(names["print_red_share"]):
            continue
        rows = clear_red(crop, float(conf["ink_percentile"]))
        for scale in conf["scales"]:
            img = rows if float(scale) == 1.0 else cv2.resize(rows, None, fx=float(scale), fy=float(scale), interpolation=cv2.INTER_CUBIC)
            key = f"{prepared.variant}:under-print:{VERSION}:{k}:{c0},{r0},{c1},{r1}:x{scale}"
            for raw in ocr.read(sha256, number, np.ascontiguousarray(img), variant=key):
                name = _name_line(_placed(raw, (x0, y0, x1, y1)), entries, len(lines), h / w)
                if name is not None:
                    entries.append(name)


def _names() -> dict[str, Any]:
    return settings()["names"]


def name_shaped(text: str) -> bool:
    """Whether a line is a person's name alone (2-6 Han characters, or a minority name with its ·),
    never a label's or a unit's words: what a signer writes beside 承诺人：."""
    t = nfkc(text).strip(_SEPARATORS)
    if not re.fullmatch(_names()["shape"], t) or contains_label_word(t) is not None:
        return False
    if any(w in t for w in _names()["seal_words"]):
        return False
    return not any((w in t) if len(w) > 1 else t.endswith(w) for w in UNIT_WORDS)


def empty_label(ln: TextLine) -> bool:
    """Whether a page line ends at a label, its value missing: at a colon (日期：), or at a signer
    word with or without an instruction in brackets (承诺人（签字并按手印）, 承诺人(申报人))."""
    t = nfkc(ln.text).strip().rstrip("_＿ ")
    if t.endswith(":"):
        return True
    t = re.sub(r"\([^()]*\)$", "", t)
    return any(t.endswith(nfkc(w)) for w in _names()["signer_words"])


def _name_line(ln: TextLine, entries: list[TextLine], page_count: int, aspect: float) -> TextLine | None:
    """The name a reading of the seal's area gives beside an empty label of the page, as a line to add
    (with its confidence lowered), or None: `ln` itself when it stands alone where the value goes,
    or what follows the label when the reading took the label and the name as one line."""
    labels = [e for e in entries[:page_count] if empty_label(e)]
    if any(ln.bbox.overlap_share(e.bbox) >= OVERLAP for e in entries):
        rest = next((r for e in labels if _same_row(ln, e) and (r := _after_label(ln, e)) is not None), None)
        if rest is None or any(rest.bbox.overlap_share(e.bbox) >= OVERLAP for e in entries):
            return None  # no label before it, or its place is read already (at another scale)
        ln = rest
    if not name_shaped(ln.text):
        return None
    if not any(_beside(ln, e, aspect) and _nothing_between(ln, e, entries) for e in labels):
        return None
    return ln.model_copy(update={"confidence": ln.confidence * float(_names()["confidence_factor"])})


def _after_label(ln: TextLine, label: TextLine) -> TextLine | None:
    """What a reading of a label and its value as one line gives after the label, placed by its
    share of the characters (承诺人(申报人)：张伟 -> 张伟, or with the label's start cut by the read area);
    None when the line does not open with the label."""
    head, text = nfkc(label.text).strip().rstrip(":"), nfkc(ln.text).strip()
    if not head:
        return None
    if text.startswith(head):
        rest = text[len(head):].lstrip(_SEPARATORS)
    else:
        # the seal's area may cut the label's first characters (吉人(申报人):刘涛 for 承诺人(申报人)：):
        # the words before the colon must then end as the label ends
        pre, colon, rest = text.partition(":")
        k = min(len(pre), len(head))
        if not colon or k < 2 or fuzz.ratio(pre[-k:], head[-k:]) < float(_names()["clipped_label_similarity"]):
            return None
        rest = rest.lstrip(_SEPARATORS)
    if not rest:
        return None
    start = len(text) - len(rest)
    b = ln.bbox
    x0 = max(label.bbox.x1, b.x0 + (b.x1 - b.x0) * start / len(text))
    if x0 >= b.x1:
        return None
    return ln.model_copy(update={"text": rest, "bbox": BBox(x0=x0, y0=b.y0, x1=b.x1, y1=b.y1)})


def _beside(ln: TextLine, label: TextLine, aspect: float) -> bool:
    """Whether a line stands where a label's value goes: right of its end on its row (handwriting
    a little off the baseline), or under it. `aspect`: the page's height / width."""
    conf, lb, b = _names(), label.bbox, ln.bbox
    ch = lb.height * aspect  # a character's width, in page widths
    right = (lb.x1 - 0.5 * ch <= b.x0 <= lb.x1 + float(conf["max_gap"]) * ch
             and abs(b.cy - lb.cy) <= float(conf["off_row"]) * max(lb.height, b.height))
    under = (lb.y1 - 0.25 * lb.height < b.y0 <= lb.y1 + float(conf["below"]) * lb.height
             and b.x0 < lb.x1 and b.x1 > lb.x0)
    return right or under


def _nothing_between(ln: TextLine, label: TextLine, entries: list[TextLine]) -> bool:
    """Whether no other line stands between a label and the line beside it (else the label's
    value was read, or the line belongs to another label)."""
    lb, b = label.bbox, ln.bbox
    if b.x0 >= lb.x1 - 0.5 * lb.height:  # right of the label: the gap on the row
        x0, x1, y0, y1 = lb.x1, b.x0, min(lb.y0, b.y0), max(lb.y1, b.y1)
    else:  # under it
        x0, x1, y0, y1 = b.x0, b.x1, lb.y1, b.y0
    return not any(x0 < (e.bbox.x0 + e.bbox.x1) / 2 < x1 and y0 < e.bbox.cy < y1
                   for e in entries if e is not label and e is not ln)


class _RingText:
    """The seal's ring text, read from the unwrapped ring only when asked (a name candidate was
    found), to tell the seal's own words from a name under it."""

    def __init__(self, ocr: OcrCache, sha256: str, number: int, upright: np.ndarray, seal: Seal, key: str) -> None:
        self.ocr, self.sha256, self.number, self.upright, self.seal, self.key = ocr, sha256, number, upright, seal, key
        self._texts: list[str] | None = None

    def texts(self) -> list[str]:
        """The readings of the ring text, until one is clean (names a unit, surely)."""
        if self._texts is None:
            self._texts = []
            for flip in (False, True):
                for strip in ring_strips(self.upright, self.seal, flip=flip):
                    lines = self.ocr.read(self.sha256, self.number, strip.image, variant=f"{self.key}:{strip.name}")
                    reading = reading_of(lines, strip.name)
                    self._texts.append(reading.text)
                    if reading.clean:
                        return self._texts
        return self._texts

    def holds(self, text: str) -> bool:
        """Whether `text` is (a piece of) the seal's ring text."""
        t = nfkc(text).strip(_SEPARATORS)
        limit = float(_names()["max_ring_similarity"])
        return any(r and fuzz.partial_ratio(t, r) > limit for r in self.texts())
