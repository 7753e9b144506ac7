"""Fraud and tamper signals: reused documents, edited PDFs, ID card validity, implausible ages.

(Seal presence and seal text are judged by preaudit.validators.rules.seals on the same detector facts.)

Each rule turns facts the pipeline gathered (`Case.duplicates`, `Document.meta`) into graded
findings with their evidence; thresholds and lists come from the policy. Forged materials cost
the applicant the title and a 3-year credit record, and the unit its right to recommend
(001 §六(一)(二), 003 §一(一)): a finding here says what was seen, never "forged".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from preaudit.pipeline.values.idnumber import ID_FIELDS, birth_date
from preaudit.pipeline.model import Case, DocType, Finding
from preaudit.pipeline.values.text import nfkc
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import doc_label, join_cn

KIND_LABELS = {
    "file_sha256": "文件完全相同",
    "text_sha256": "文字内容完全相同",
    "photo_hash": "照片相同",
    "photo_dhash": "照片相同",
    "portrait_dhash": "身份证人像相同",
    "verification_code": "学信网在线验证码相同",
    "certificate_number": "证书编号相同",
    "id_number": "同一身份证号对应不同姓名",
    "content": "同一持有人的材料内容相同",
}
CONTENT_LABELS = {"rows": "缴费明细相同", "text": "页面文字相同", "page": "页面图像相同"}
DEFAULT_KINDS = ["file_sha256", "text_sha256", "photo_hash", "photo_dhash", "portrait_dhash", "verification_code",
                 "certificate_number", "id_number", "content"]


def _content_passed(figures: dict, min_text: float, min_rows: float, min_rows_n: int, max_page: int) -> list[str]:
    """Which of a content candidate's figures reach the policy's thresholds (the holder already
    agrees: pipeline/integrity/dupindex.py reports no other candidate)."""
    passed = []
    if figures.get("rows") is not None and figures.get("rows_n", 0) >= min_rows_n and figures["rows"] >= min_rows:
        passed.append("rows")
    if figures.get("text", 0.0) >= min_text:
        passed.append("text")
    if figures.get("page_distance") is not None and figures["page_distance"] <= max_page:
        passed.append("page")
    return passed


# 001 §六(一), 003 §一(一): 提供虚假材料……记入诚信档案. The same file, photo, verification code or
# certificate number under two different people means at least one of them is not theirs; so does
# a document printed for one of them (same holder) whose content another one uploaded again.
@rule("fraud.duplicate_document")
def duplicate_document(
    case: Case,
    *,
    kinds: list[str] = DEFAULT_KINDS,  # noqa: B006
    max_photo_distance: int = 4,
    max_photo_hash_distance: int = 16,
    max_portrait_distance: int = 16,
    min_content_text_similarity: float = 0.6,
    min_content_rows_similarity: float = 0.8,
    min_content_rows: int = 3,
    max_content_page_distance: int = 24,
) -> Iterator[Finding]:
    """One finding per own file and other applicant; its evidence (reviewer-only) names the other
    applicant's key and files and, per signal, the other file, the batch and the similarity
    figures. The message, which the applicant reads, names neither.

    Near kinds count within their distance: `photo_hash` (144-bit, 1-inch photos) within
    `max_photo_hash_distance`, `photo_dhash` (64-bit, only for photos indexed before the 144-bit
    hash) within `max_photo_distance`, `portrait_dhash` (144-bit, ID-card portraits) within
    `max_portrait_distance`. `content` (same holder printed on both documents, one of the two
    applicants) counts when the pension table's rows agree (`min_content_rows_similarity` over at
    least `min_content_rows` rows), the page text does (`min_content_text_similarity`, Jaccard of
    3-grams) or the page image does (`max_content_page_distance` of 256 bits)."""
    limits = {"photo_dhash": max_photo_distance, "photo_hash": max_photo_hash_distance,
              "portrait_dhash": max_portrait_distance}
    grouped: dict[tuple[str, str], list[dict]] = {}
    for hit in case.duplicates:
        kind = hit.get("kind")
        if kind not in kinds:
            continue
        signal = {"kind": kind, "label": KIND_LABELS.get(kind, kind), "other_file": hit.get("other_file"),
                  "other_batch": hit.get("other_batch")}
        figures = dict(hit.get("figures") or {})
        if kind in limits:
            distance = int(hit.get("distance", 0))
            if distance > limits[kind]:
                continue
            signal |= {"distance": distance, "max_distance": limits[kind], **figures}
        elif kind == "content":
            passed = _content_passed(figures, min_content_text_similarity, min_content_rows_similarity,
                                     min_content_rows, max_content_page_distance)
            if not passed:
                continue
            signal |= {**figures, "passed": passed,
                       "label": f"{KIND_LABELS['content']}（{join_cn([CONTENT_LABELS[p] for p in passed])}）",
                       "thresholds": {"text": min_content_text_similarity, "rows": min_content_rows_similarity,
                                      "rows_n": min_content_rows, "page_distance": max_content_page_distance}}
        else:
            signal["similarity"] = 1.0
            if hit.get("other_name"):
                signal["other_name"] = hit["other_name"]
        grouped.setdefault((hit["file"], hit["other_applicant"]), []).append(signal)
    for (file, other), signals in sorted(grouped.items()):
        docs = [i for i, d in enumerate(case.documents) if d.file == file]
        others = sorted({s["other_file"] for s in signals if s.get("other_file")})
        how = join_cn(sorted({s["label"] for s in signals}))
        # The message reaches the applicant (一次性告知单): it never names the other applicant or
        # their files; who and which file stay in the evidence, which the report marks reviewer-only.
        yield finding(
            "DUPLICATE_DOCUMENT",
            f"您上传的“{file}”与其他申报人的材料重复（{how}）。"
            "每位申报人须上传本人的材料，请核实后上传本人的真实材料。",
            documents=docs,
            evidence={
                "file": file,
                "other_applicant": other,
                "other_files": others,
                "other_batch": signals[0].get("other_batch"),
                "signals": signals,
            },
        )


def _parse(ts: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(ts) if ts else None
    except ValueError:
        return None


def _apart(created: datetime, modified: datetime) -> timedelta:
    """modified - created; a date written without a zone is compared by its wall clock."""
    if (created.tzinfo is None) != (modified.tzinfo is None):
        created, modified = created.replace(tzinfo=None), modified.replace(tzinfo=None)
    return modified - created


def _hidden_text(doc) -> list[dict]:
    """Text-layer runs the rendered page does not show (under a white box, white or invisible),
    as pipeline/intake/render.py records them in `meta["geometry"][page]["hidden_text"]`."""
    out = []
    for page, geo in sorted((doc.meta.get("geometry") or {}).items(), key=lambda kv: int(kv[0])):
        for h in (geo or {}).get("hidden_text") or []:
            if isinstance(h, dict) and nfkc(str(h.get("text") or "")).strip():
                out.append({"page": int(page), "text": h["text"], "bbox": h.get("bbox")})
    return out


def _boxes_overlap(a, b) -> bool:
    try:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    except (TypeError, IndexError):
        return False


def _editors_named(pdf: dict, editors: list[str], converters: list[str]) -> list[str]:
    """Editor names in the producer or creator, unless that same string names a converter
    (Acrobat Distiller, PDFMaker: printing to PDF, not editing)."""
    used: list[str] = []
    for key in ("producer", "creator"):
        tool = nfkc(str(pdf.get(key) or "")).lower()
        if not tool or any(c and c in tool for c in converters):
            continue
        used += [e for e in editors if e and e in tool and e not in used]
    return used


def _revision_words(pdf: dict) -> str:
    added = [w for r in pdf.get("revisions") or [] if r.get("changed_pages") for w in r.get("added_text") or []]
    removed = [w for r in pdf.get("revisions") or [] if r.get("changed_pages") for w in r.get("removed_text") or []]
    parts = []
    if added:
        parts.append("新增" + join_cn([f"“{w}”" for w in added[:3]]))
    if removed:
        parts.append("删除" + join_cn([f"“{w}”" for w in removed[:3]]))
    return f"（{'，'.join(parts)}）" if parts else ""


# 001 §五(四)(五): 学信网 reports and 12333 certificates are issued as PDFs by their systems. What an
# issued PDF does not show: a later revision that changes what a page shows (a digital signature's
# revision does not), an editor's producer string, a modification date before creation, text in
# the text layer that the rendered page does not show (a white box over the issued value), or a
# value in a font of its own that was also placed or embedded unlike the issuing system's text.
# Issued PDFs do use several fonts and may be modified a while after creation (a template, a
# signature), so a lone font or a later date is only reported beside one of the above.
@rule("fraud.pdf_edited")
def pdf_edited(
    case: Case,
    *,
    doc_types: list[str],
    editor_producers: list[str],
    converter_producers: list[str] = [],  # noqa: B006
    max_incremental_updates: int = 0,
    max_days_modified_after_creation: int = 1,
    mod_before_creation_tolerance_hours: int = 24,
    font_anomaly_fields: list[str] = ["name", "id_number", "certificate_number", "verification_code", "graduation_date", "employer"],  # noqa: B006
    min_hidden_chars: int = 1,
) -> Iterator[Finding]:
    """Signs of editing after issue on born-digital PDFs of the listed types.

    `max_incremental_updates` counts revisions that changed a page (or could not be opened to
    check); revisions that only add a signature or metadata are listed in the evidence only.
    `max_days_modified_after_creation` and fonts used by one field alone are supporting facts:
    reported only beside a signal that stands on its own."""
    editors = [nfkc(e).lower() for e in editor_producers]
    converters = [nfkc(c).lower() for c in converter_producers]
    for i, doc in enumerate(case.documents):
        pdf = doc.meta.get("pdf")
        if doc.doc_type.value not in doc_types or not pdf:
            continue
        signals: list[str] = []
        supporting: list[str] = []
        evidence: dict = {"file": doc.file, "producer": pdf.get("producer"), "creator": pdf.get("creator")}
        total = int(pdf.get("incremental_updates") or 0)
        if "content_updates" in pdf:
            changed = int(pdf.get("content_updates") or 0) + int(pdf.get("unverified_updates") or 0)
        else:  # facts from before revisions were compared
            changed = total
        if total:
            evidence |= {k: pdf.get(k) for k in ("incremental_updates", "content_updates", "signature_updates",
                                                 "unverified_updates", "revisions") if k in pdf}
        if changed > max_incremental_updates:
            signals.append(f"文件在生成后被增量保存并改动了页面内容 {changed} 次{_revision_words(pdf)}")
        used = _editors_named(pdf, editors, converters)
        if used:
            signals.append(f"文件由编辑软件生成或修改（{join_cn(used)}）")
        created, modified = _parse(pdf.get("creation_date")), _parse(pdf.get("mod_date"))
        if created and modified:
            evidence |= {"creation_date": pdf.get("creation_date"), "mod_date": pdf.get("mod_date")}
            apart = _apart(created, modified)
            if apart < -timedelta(hours=mod_before_creation_tolerance_hours):
                signals.append("修改时间早于生成时间")
            elif apart.days > max_days_modified_after_creation:
                supporting.append(f"生成 {apart.days} 天后被修改")
        hidden = _hidden_text(doc)
        hidden_chars = sum(len(nfkc(h["text"]).strip()) for h in hidden)
        if hidden and hidden_chars >= min_hidden_chars:
            shown = join_cn([f"“{h['text']}”" for h in hidden[:3]]) + ("等" if len(hidden) > 3 else "")
            signals.append(f"文字层与页面显示不一致：{shown}在文字层中存在但页面上被遮盖或不可见")
            evidence["hidden_text"] = hidden
        odd = []
        for a in doc.meta.get("font_anomalies") or []:
            if a.get("field") not in font_anomaly_fields:
                continue
            a = dict(a, support=list(a.get("support") or []))
            if any(h["page"] == a.get("page") and _boxes_overlap(h.get("bbox"), a.get("bbox")) for h in hidden):
                a["support"].append("hidden_text")
            odd.append(a)
        if odd:
            evidence["font_anomalies"] = odd
        backed = sorted({a["field"] for a in odd if a["support"]})
        if backed:
            signals.append("部分栏目使用了文件其他部分没有的字体，且其嵌入方式或排版位置与文件其余文字不同（" + join_cn(backed) + "）")
        lone = sorted({a["field"] for a in odd if not a["support"]} - set(backed))
        if lone:
            supporting.append("部分栏目使用了文件其他部分没有的字体（" + join_cn(lone) + "）")
        if signals:
            evidence["signals"] = signals
            if supporting:
                evidence["supporting"] = supporting
            yield finding(
                "PDF_EDITED",
                f"{doc_label(doc.doc_type)}“{doc.file}”有生成后被修改的迹象：{'；'.join(signals + supporting)}。"
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
        start, end = doc.date("valid_from"), doc.value("valid_until")
        if start is None or end in (None, "long_term", "长期"):
            continue
        end_date = doc.date("valid_until")
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
        for name in ID_FIELDS:
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
