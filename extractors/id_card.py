"""居民身份证, front (identity) and back (issuing authority, validity period)."""

from __future__ import annotations

import re

from extractors.base import FieldReader, field_from_hit, load_labels, normalize, register
from extractors.common import id_number_valid, read_id_number, read_text
from pipeline.model import DocType, FieldValue, Page
from pipeline.text import nfkc, parse_date

FRONT = load_labels("id_card_front")
BACK = load_labels("id_card_back")
_GENDER = re.compile(r"(男|女)")


@register(DocType.ID_CARD_FRONT)
def extract_front(pages: list[Page]) -> dict[str, FieldValue]:
    r = FieldReader(pages)
    stops = FRONT["stop_labels"]
    gender_hit = r.after_label(FRONT["gender"], pattern=r"(男|女)")
    ethnicity_hit = r.after_label(FRONT["ethnicity"], pattern=r"([\u4e00-\u9fff]{1,6}?)(?:族)?(?:出生|$)")
    birth_hit = r.after_label(FRONT["birth_date"], pattern=r"(\d{4}\D{1,3}\d{1,2}\D{1,3}\d{1,2})")
    birth = parse_date(birth_hit.text) if birth_hit else None
    id_number = read_id_number(r, FRONT["id_number"], anywhere=True)
    gender = field_from_hit(gender_hit, gender_hit.text if gender_hit else None)
    if gender.value is None:
        gender = _gender_from_number(id_number)
    return {
        "name": read_text(r, FRONT["name"], stops),
        "gender": gender,
        "ethnicity": field_from_hit(ethnicity_hit, ethnicity_hit.text if ethnicity_hit else None),
        "birth_date": field_from_hit(birth_hit, birth.isoformat() if birth else None),
        "address": _address(r),
        "id_number": id_number,
    }


def _gender_from_number(id_number: FieldValue) -> FieldValue:
    """性别 when OCR found no character after its label: the card prints it twice, as the word and
    as the parity of the number's 17th digit (GB 11643: odd = 男). OCR's detector drops a lone glyph
    between two labels (性别 _ 民族) now and then; the number, read and valid, still says it. The
    value is marked as derived (`raw`) and carries the number's box, capped below a printed reading."""
    number = id_number.value
    if not isinstance(number, str) or not id_number_valid(number):
        return FieldValue()
    return FieldValue(
        value="男" if int(number[16]) % 2 else "女",
        confidence=min(id_number.confidence, FRONT["derived_confidence"]),
        bbox=id_number.bbox,
        page=id_number.page,
        source=id_number.source,
        raw=f"derived:id_number[17]={number[16]}",
    )


def _address(r: FieldReader) -> FieldValue:
    """住址 may wrap onto a second line that carries no label."""
    hit = r.after_label(FRONT["address"], stop_labels=FRONT["stop_labels"])
    if hit is None:
        return FieldValue()
    value = normalize(hit.text)
    # Append continuation lines: just below the value, indented like it, carrying no label.
    labels = [nfkc(x) for k in ("name", "gender", "ethnicity", "birth_date", "id_number") for x in FRONT[k]]
    bbox, bottom, height = hit.bbox, hit.bbox.y1, hit.bbox.height
    below = sorted((ln for p, ln, _ in r.lines if p == hit.page and ln.bbox.y0 >= bottom - 0.3 * height), key=lambda ln: ln.bbox.y0)
    for line in below[:2]:
        norm = normalize(line.text)
        if line.bbox.y0 - bottom > 1.2 * height or abs(line.bbox.x0 - hit.bbox.x0) > 0.05:
            break
        if any(lbl in norm for lbl in labels) or re.search(r"\d{15,}", norm):
            break
        value += norm
        bbox, bottom = bbox.union(line.bbox), line.bbox.y1
    return FieldValue(value=value, confidence=hit.confidence, bbox=bbox, page=hit.page, source=hit.source, raw=hit.text)  # type: ignore[arg-type]


@register(DocType.ID_CARD_BACK)
def extract_back(pages: list[Page]) -> dict[str, FieldValue]:
    r = FieldReader(pages)
    # The period must start with a date: OCR may glue the value's first digit to the label
    # ("有效期限2" + "2023.02.06-长期"), and that stray digit is no value.
    validity = r.after_label(BACK["validity"], pattern=r"(\d{4}\D{1,3}\d{1,2}\D{1,3}\d{1,2}.*)")
    valid_from = valid_until = FieldValue()
    if validity is not None:
        text = nfkc(validity.text)
        dates = re.findall(r"\d{4}[.\-/年]\d{1,2}[.\-/月]\d{1,2}", text)
        if dates:
            start = parse_date(dates[0])
            valid_from = field_from_hit(validity, start.isoformat() if start else None)
        if any(lt in text for lt in BACK["long_term"]):
            valid_until = field_from_hit(validity, "long_term")
        elif len(dates) >= 2:
            end = parse_date(dates[1])
            valid_until = field_from_hit(validity, end.isoformat() if end else None)
    return {
        "issuing_authority": read_text(r, BACK["issuing_authority"]),
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
