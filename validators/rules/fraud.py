"""Fraud and tamper signals: reused documents, edited PDFs, ID card validity, implausible ages.

(Seal presence and seal text are judged by validators.rules.seals on the same detector facts.)

Each rule turns facts the pipeline gathered (`Case.duplicates`, `Document.meta`) into graded
findings with their evidence; thresholds and lists come from the policy. Forged materials cost
the applicant the title and a 3-year credit record, and the unit its right to recommend
(001 §六(一)(二), 003 §一(一)): a finding here says what was seen, never "forged".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from pipeline.idnumber import birth_date
from pipeline.model import Case, DocType, Finding
from pipeline.text import nfkc
from validators.registry import finding, rule
from validators.rules._common import as_date, doc_label, join_cn

KIND_LABELS = {
    "file_sha256": "文件完全相同",
    "text_sha256": "文字内容完全相同",
    "photo_dhash": "照片相同",
    "portrait_dhash": "身份证人像相同",
    "verification_code": "学信网在线验证码相同",
    "certificate_number": "证书编号相同",
    "id_number": "同一身份证号对应不同姓名",
}


# 001 §六(一), 003 §一(一): 提供虚假材料……记入诚信档案. The same file, photo, verification code or
# certificate number under two different people means at least one of them is not theirs.
@rule("fraud.duplicate_document")
def duplicate_document(
    case: Case,
    *,
    kinds: list[str] = ["file_sha256", "text_sha256", "photo_dhash", "portrait_dhash", "verification_code", "certificate_number", "id_number"],  # noqa: B006
    max_photo_distance: int = 4,
    max_portrait_distance: int = 16,
) -> Iterator[Finding]:
    """One finding per own file and other applicant, naming the other applicant's key and file.
    Near kinds count within their distance: `photo_dhash` (64-bit, 1-inch photos) within
    `max_photo_distance`, `portrait_dhash` (144-bit, ID-card portraits) within `max_portrait_distance`."""
    limits = {"photo_dhash": max_photo_distance, "portrait_dhash": max_portrait_distance}
    grouped: dict[tuple[str, str], list[dict]] = {}
    for hit in case.duplicates:
        if hit.get("kind") not in kinds:
            continue
        if hit.get("kind") in limits and int(hit.get("distance", 0)) > limits[hit["kind"]]:
            continue
        grouped.setdefault((hit["file"], hit["other_applicant"]), []).append(hit)
    for (file, other), hits in sorted(grouped.items()):
        docs = [i for i, d in enumerate(case.documents) if d.file == file]
        others = sorted({h["other_file"] for h in hits})
        how = join_cn(sorted({KIND_LABELS.get(h["kind"], h["kind"]) for h in hits}))
        yield finding(
            "DUPLICATE_DOCUMENT",
            f"您上传的“{file}”与申报人“{other}”的材料“{join_cn(others)}”重复（{how}）。"
            "每位申报人须上传本人的材料，请核实后上传本人的真实材料。",
            documents=docs,
            evidence={
                "file": file,
                "other_applicant": other,
                "other_files": others,
                "other_batch": hits[0].get("other_batch"),
                "signals": [{k: v for k, v in h.items() if k in ("kind", "distance", "other_name")} for h in hits],
            },
        )


def _parse(ts: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(ts) if ts else None
    except ValueError:
        return None


def _hidden_text(doc) -> list[dict]:
    """Text-layer runs the rendered page does not show (under a white box, white or invisible),
    as pipeline/render.py records them in `meta["geometry"][page]["hidden_text"]`."""
    out = []
    for page, geo in sorted((doc.meta.get("geometry") or {}).items(), key=lambda kv: int(kv[0])):
        for h in (geo or {}).get("hidden_text") or []:
            if isinstance(h, dict) and nfkc(str(h.get("text") or "")).strip():
                out.append({"page": int(page), "text": h["text"], "bbox": h.get("bbox")})
    return out


# 001 §五(四)(五): 学信网 reports and 12333 certificates are issued as PDFs by their systems; an
# incremental save, an editor's producer string, a field in a foreign font, or text in the text
# layer that the rendered page does not show (a white box over the issued value) means the file
# was changed after issue.
@rule("fraud.pdf_edited")
def pdf_edited(
    case: Case,
    *,
    doc_types: list[str],
    editor_producers: list[str],
    max_incremental_updates: int = 0,
    max_days_modified_after_creation: int = 1,
    font_anomaly_fields: list[str] = ["name", "id_number", "certificate_number", "verification_code", "graduation_date", "employer"],  # noqa: B006
    min_hidden_chars: int = 1,
) -> Iterator[Finding]:
    """Signs of editing after issue on born-digital PDFs of the listed types."""
    editors = [nfkc(e).lower() for e in editor_producers]
    for i, doc in enumerate(case.documents):
        pdf = doc.meta.get("pdf")
        if doc.doc_type.value not in doc_types or not pdf:
            continue
        signals: list[str] = []
        evidence: dict = {"file": doc.file, "producer": pdf.get("producer"), "creator": pdf.get("creator")}
        updates = int(pdf.get("incremental_updates") or 0)
        if updates > max_incremental_updates:
            signals.append(f"文件在生成后被增量保存过 {updates} 次")
            evidence["incremental_updates"] = updates
        tools = " ".join(nfkc(str(pdf.get(k) or "")).lower() for k in ("producer", "creator"))
        used = [e for e in editors if e and e in tools]
        if used:
            signals.append(f"文件由编辑软件生成或修改（{join_cn(used)}）")
        created, modified = _parse(pdf.get("creation_date")), _parse(pdf.get("mod_date"))
        if created and modified:
            evidence |= {"creation_date": pdf.get("creation_date"), "mod_date": pdf.get("mod_date")}
            if modified < created:
                signals.append("修改时间早于生成时间")
            elif (modified - created).days > max_days_modified_after_creation:
                signals.append(f"生成 {(modified - created).days} 天后被修改")
        odd = [a for a in doc.meta.get("font_anomalies") or [] if a.get("field") in font_anomaly_fields]
        if odd:
            signals.append("部分栏目使用了文件其他部分没有的字体（" + join_cn(sorted({a["field"] for a in odd})) + "）")
            evidence["font_anomalies"] = odd
        hidden = _hidden_text(doc)
        hidden_chars = sum(len(nfkc(h["text"]).strip()) for h in hidden)
        if hidden and hidden_chars >= min_hidden_chars:
            shown = join_cn([f"“{h['text']}”" for h in hidden[:3]]) + ("等" if len(hidden) > 3 else "")
            signals.append(f"文字层与页面显示不一致：{shown}在文字层中存在但页面上被遮盖或不可见")
            evidence["hidden_text"] = hidden
        if signals:
            evidence["signals"] = signals
            yield finding(
                "PDF_EDITED",
                f"{doc_label(doc.doc_type)}“{doc.file}”有生成后被修改的迹象：{'；'.join(signals)}。"
                "请重新从官方系统下载或打印原件后上传，不得自行编辑。",
                documents=[i],
                evidence=evidence,
            )


def _years_between(start: date, end: date) -> int | None:
    """Whole years from start to end when end is the same month-day (Feb 29 tolerated)."""
    years = end.year - start.year
    if (end.month, end.day) == (start.month, start.day):
        return years
    if (start.month, start.day) == (2, 29) and (end.month, end.day) in ((2, 28), (3, 1)):
        return years
    return None


# 001 §五(三) 身份证正反面; 居民身份证法 第五条: 16–25 岁 10 年, 26–45 岁 20 年, 46 岁以上 长期, 未满 16 岁 5 年.
@rule("identity.id_card_validity_period")
def id_card_validity_period(case: Case, *, allowed_years: list[int] = [5, 10, 20]) -> Iterator[Finding]:  # noqa: B006
    """An ID card back whose validity period is not one the law allows."""
    for i, doc in case.of_type(DocType.ID_CARD_BACK):
        start, end = as_date(doc.value("valid_from")), doc.value("valid_until")
        if start is None or end in (None, "long_term", "长期"):
            continue
        end_date = as_date(end)
        if end_date is None:
            continue
        years = _years_between(start, end_date)
        if years not in allowed_years:
            yield finding(
                "ID_CARD_VALIDITY_INVALID",
                f"身份证反面的有效期限（{start.isoformat()} 至 {end_date.isoformat()}）不是法定的 "
                f"{'/'.join(str(y) for y in allowed_years)} 年或长期，请核对身份证并重新上传清晰的反面照片。",
                documents=[i],
                evidence={"valid_from": start.isoformat(), "valid_until": end_date.isoformat(), "years": years},
            )


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# 001 §一(一): 专业技术人员 — a working professional; a birth date giving an age under 16 or over
# 100 on the application date means a made-up or mistyped number.
@rule("identity.plausible_age")
def plausible_age(case: Case, *, min_age: int = 16, max_age: int = 100) -> Iterator[Finding]:
    """ID numbers (declared or printed) whose birth date makes the holder implausibly young or old."""
    seen: set[str] = set()
    sources: list[tuple[str, list[int], tuple[int | None, str]]] = []
    if case.declared and case.declared.id_number:
        sources.append((nfkc(case.declared.id_number).upper(), [], (None, "id_number")))
    for i, doc in enumerate(case.documents):
        for name in ("id_number", "employee_id_number"):
            value = doc.value(name)
            if isinstance(value, str) and len(value) == 18:
                sources.append((nfkc(value).upper(), [i], (i, name)))
    for number, docs, ref in sources:
        if number in seen:
            continue
        seen.add(number)
        birth = birth_date(number)
        if birth is None:
            continue  # an undecodable date is identity.id_number_valid's finding
        age = _age(birth, case.as_of)
        if not (min_age <= age <= max_age):
            yield finding(
                "ID_NUMBER_INVALID",
                f"身份证号中的出生日期（{birth.isoformat()}）表明申报人在申报日为 {age} 岁，不在 {min_age}–{max_age} 岁之间，"
                "请核对身份证号是否填写或识别有误。",
                documents=docs,
                evidence={"birth_date": birth.isoformat(), "age": age, "as_of": case.as_of.isoformat()},
                relied_on=[ref],
            )
