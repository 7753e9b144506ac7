"""report.html: the applicant's report for people, one self-contained Chinese page.

The same HTML (with print CSS) is laid out into report.pdf by pipeline/report/pdf.py, so the two
always carry the same content: header with the verdict badge, the 一次性告知单 grouped by
attachment (the only part meant for the applicant), every finding with its evidence crops (for
the reviewer; evidence naming another applicant is marked reviewer-only), every document with its
fields, the unreadable files, and a footer block with every file's SHA-256, the pipeline version
and the policy.
Crops are inlined as data: URIs. Every text goes through `report_text.safe` (ID numbers masked).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from preaudit.pipeline.report.evidence import CropMaker, EvidenceGroup, evidence_groups
from preaudit.pipeline.model import DocType, Finding, Report, Severity, mask_id_number
from preaudit.pipeline.report.review import Review
from preaudit.pipeline.report.wording import (
    code_zh,
    document_title,
    doc_type_zh,
    evidence_rows,
    field_zh,
    format_value,
    labels,
    ranked_findings,
    safe,
    severity_zh,
    source_zh,
    status_zh,
    verdict_zh,
)

LOW_CONFIDENCE = 0.80
# evidence keys that name another applicant (fraud.duplicate_document): for the reviewer only
OTHER_PARTY_KEYS = frozenset({"other_applicant", "other_files", "other_file", "other_name", "other_batch", "signals"})
REVIEWER_ONLY = "（仅供审核人员：涉及其他申报人，不得告知申报人）"
NO_CROP = "无可用截图"
CN_NUM = "一二三四五六七八九十"

VERDICT_COLOURS = {"pass": "#1e7b34", "needs_review": "#b26a00", "reject": "#b3141b"}
SEVERITY_COLOURS = {"error": "#b3141b", "warning": "#b26a00", "info": "#44617b"}

# Print CSS: only what MuPDF's Story lays out (tables, borders, backgrounds, font sizes). No
# `border-collapse: collapse`: with it, MuPDF 1.28 repaints cell backgrounds of earlier pages as
# stray bars on every later page; cells draw their right and bottom borders, tables top and left.
BASE_CSS = """
body { font-family: sans-serif; font-size: 9.5pt; line-height: 1.35; color: #111; }
h1 { font-size: 17pt; margin: 0 0 6pt 0; }
h2 { font-size: 12.5pt; margin: 12pt 0 5pt 0; padding-bottom: 2pt; border-bottom: 1px solid #333; }
h3 { font-size: 10.5pt; margin: 8pt 0 3pt 0; }
p { margin: 2pt 0; }
table { margin: 3pt 0; border-spacing: 0; border-top: 0.5px solid #999; border-left: 0.5px solid #999; }
td, th { border-right: 0.5px solid #999; border-bottom: 0.5px solid #999; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background-color: #eef0f3; font-weight: normal; color: #333; }
table.meta td { padding: 2pt 5pt; }
table.meta td.k { color: #444; background-color: #f3f4f6; }
table.plain { border: none; }
td.badge { color: #fff; font-size: 15pt; padding: 5pt 14pt; border: none; }
td.counts { border: none; font-size: 10.5pt; padding: 8pt 10pt; vertical-align: middle; }
.muted { color: #666; }
.small { font-size: 8pt; }
.mono { font-family: monospace; font-size: 7pt; }
.low { color: #b26a00; }
.nocrop { color: #888; }
p.group { font-size: 10pt; margin-top: 6pt; color: #123; }
p.item { margin-left: 12pt; }
div.finding { margin: 4pt 0 12pt 0; }
p.ftitle { font-size: 10.5pt; margin-top: 6pt; padding-top: 3pt; border-top: 0.6px solid #ccc; }
td.kk { color: #444; background-color: #f6f6f6; white-space: nowrap; }
td.evhead { background-color: #f4f4f4; }
td.crop { border: 0.6px solid #999; padding: 3pt; }
table.full { width: 100%; }
"""

SCREEN_CSS = """
table { border-collapse: collapse; }
body { max-width: 900px; margin: 24px auto; padding: 0 16px; }
img { max-width: 100%; height: auto; }
"""


_LONG_RUN = re.compile(r"[!-~]{65,}")
ZWSP = "\u200b"


def _breakable(text: str) -> str:
    """Break opportunities (U+200B) inside very long runs without spaces (file names), which
    would otherwise run off the printed page."""
    return _LONG_RUN.sub(lambda m: ZWSP.join(m.group(0)[i:i + 32] for i in range(0, len(m.group(0)), 32)), text)


def esc(text: Any) -> str:
    """Masked, HTML-escaped text."""
    return html.escape(_breakable(safe(text)))


def _conf(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}"
    return f'<span class="low">{text}（偏低）</span>' if value < LOW_CONFIDENCE else text


def _cn_index(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    return str(n)


# --------------------------------------------------------------------------- 一次性告知单


@dataclass
class NoticeGroup:
    """One attachment (or 'missing', 'other') and the corrections that concern it."""

    title: str
    order: tuple[int, int, str]
    findings: list[Finding] = field(default_factory=list)


def notice_groups(report: Report, only: set[int] | None = None) -> list[NoticeGroup]:
    """Errors and warnings grouped by the attachment they concern, in attachment order.

    `only`: the indexes (in report.findings) to keep instead, whatever their severity (the
    reviewers' 确认 and 需补充 items)."""
    type_order = {t.value: i for i, t in enumerate(DocType)}
    groups: dict[str, NoticeGroup] = {}
    kept = None if only is None else {id(report.findings[i]) for i in only if 0 <= i < len(report.findings)}
    for f in ranked_findings(report):
        if (f.severity == Severity.INFO) if kept is None else (id(f) not in kept):
            continue
        docs = [i for i in f.documents if 0 <= i < len(report.documents)]
        if docs:
            doc = report.documents[docs[0]]
            key = f"doc:{doc.file}:{doc.page}"
            title = f"{doc_type_zh(doc.doc_type)}（文件：{doc.file}）"
            order = (0, type_order.get(doc.doc_type.value, 99), doc.file)
        elif isinstance(f.evidence.get("file"), str):
            key = f"file:{f.evidence['file']}"
            title = f"文件“{f.evidence['file']}”"
            order = (1, 0, f.evidence["file"])
        elif f.code == "DOC_MISSING":
            key, title, order = "missing", "需补充上传的材料", (2, 0, "")
        else:
            key, title, order = "other", "申报信息及其他", (3, 0, "")
        groups.setdefault(key, NoticeGroup(title, order)).findings.append(f)
    return sorted(groups.values(), key=lambda g: g.order)


def notice_text(report: Report) -> str:
    """The 一次性告知单 as plain text, ready to paste into the platform's return message."""
    lines = [f"{safe(report.name)}同志：经预审，您的职称申报材料需补正以下问题（请一次性补正后重新提交）："]
    n = 0
    for gi, g in enumerate(notice_groups(report), 1):
        lines.append(f"{_cn_index(gi)}、{safe(g.title)}")
        for f in g.findings:
            n += 1
            lines.append(f"{n}. {safe(f.message)}")
    if n == 0:
        return "经预审，未发现需要申报人补正的问题。"
    return "\n".join(lines)


def _notice_html(report: Report) -> str:
    groups = notice_groups(report)
    if not groups:
        return '<p>经预审，未发现需要申报人补正的问题。</p>'
    out = [
        f'<p class="muted small">以下为需要申报人补正的全部问题，按材料归类、统一编号'
        f'（003 §一(二)2 一次性告知），可直接复制到平台退回意见。</p>',
        f"<p>{esc(report.name)}同志：经预审，您的职称申报材料需补正以下问题（请一次性补正后重新提交）：</p>",
    ]
    n = 0
    for gi, g in enumerate(groups, 1):
        out.append(f'<p class="group">{_cn_index(gi)}、{esc(g.title)}</p>')
        for f in g.findings:
            n += 1
            out.append(f'<p class="item">{n}. {esc(f.message)}</p>')
    return "\n".join(out)


# --------------------------------------------------------------------------- findings


def _sure(fv: Any) -> str:
    """Confidence, and for a value pipeline/values/certainty.py found unsure, why (存疑：…)."""
    if fv is None or not fv.found:
        return "—"
    text = _conf(fv.confidence)
    if fv.certainty == "unsure":
        text += f'<br/><span class="low small">存疑：{esc("；".join(fv.why))}</span>'
    return text


def _evidence_group_html(group: EvidenceGroup) -> str:
    doc = group.doc
    head = f'<tr><td colspan="3" class="evhead">材料{group.doc_index + 1}：{esc(document_title(doc))}</td></tr>'
    if not group.fields:
        return (
            f'<table class="full">{head}<tr><td colspan="3" class="nocrop">'
            f"该材料未提取到可作证据的字段；{NO_CROP}</td></tr></table>"
        )
    rows = ['<tr><th>字段</th><th>识别值</th><th>置信度</th></tr>']
    for ef in group.fields:
        fv = ef.value
        value = format_value(fv.value if fv else None, ef.field)
        page = f'<span class="muted small">（第{fv.page or doc.page}页）</span>' if fv and fv.bbox else ""
        rows.append(
            f"<tr><td>{esc(field_zh(doc.doc_type, ef.field))}{page}</td>"
            f"<td>{esc(value)}</td><td>{_sure(fv)}</td></tr>"
        )
    crop = group.crop
    if crop is not None:
        cell = f'<img src="{crop.data_uri}" width="{crop.width_pt:g}" alt="{esc(ef.field)}截图"/>'
    else:
        cell = f'<span class="nocrop">{NO_CROP}</span>'
    rows.append(f'<tr><td colspan="3" class="crop">{cell}</td></tr>')
    return f'<table class="full">{head}{"".join(rows)}</table>'


def reviewer_only(f: Finding) -> bool:
    """The finding's evidence names another applicant (never shown in the 一次性告知单)."""
    return bool(OTHER_PARTY_KEYS & set(f.evidence))


def _finding_html(report: Report, n: int, f: Finding, crops: CropMaker | None) -> str:
    sev = f.severity.value
    colour = SEVERITY_COLOURS[sev]
    parts = [
        f'<div class="finding sev-{sev}">',
        f'<p class="ftitle">{n}. <span style="color:{colour}">【{severity_zh(sev)}】</span>{esc(code_zh(f.code))}'
        f' <span class="muted small">{esc(f.code)}{(" · " + esc(f.rule_id)) if f.rule_id else ""}</span></p>',
        f"<p>{esc(f.message)}</p>",
    ]
    for group in evidence_groups(report, f, crops):
        parts.append(_evidence_group_html(group))
    rows = evidence_rows(f)
    if rows:
        cells = "".join(f'<tr><td class="kk">{esc(k)}</td><td>{esc(v)}</td></tr>' for k, v in rows)
        title = f"比对依据{REVIEWER_ONLY}" if reviewer_only(f) else "比对依据"
        parts.append(f'<table class="full"><tr><th colspan="2">{title}</th></tr>{cells}</table>')
    if not f.documents and not rows:
        parts.append(f'<p class="nocrop">{NO_CROP}</p>')
    parts.append("</div>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- documents


def _months_table(rows: list[Any]) -> str:
    cols = labels()["month_columns"]
    status = labels()["month_status"]
    head = "".join(f"<th>{esc(v)}</th>" for v in cols.values())
    body = []
    for r in rows:
        if not isinstance(r, dict):
            continue
        cells = []
        for key in cols:
            v = r.get(key)
            text = status.get(v, v) if key == "status" else format_value(v)
            style = ' class="low"' if key == "status" and v == "unpaid" else ""
            cells.append(f"<td{style}>{esc(text if v is not None else '—')}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="full small"><tr>{head}</tr>{"".join(body)}</table>'


def _documents_html(report: Report) -> str:
    if not report.documents:
        return "<p>未识别出任何材料。</p>"
    out = []
    for k, doc in enumerate(report.documents, 1):
        out.append(f"<h3>材料{k}：{esc(doc_type_zh(doc.doc_type))}</h3>")
        pages = doc.pages or [doc.page]
        page_text = "、".join(str(p) for p in pages)
        out.append(
            f'<p class="small">文件：{esc(doc.file)} · 第{page_text}页 · 类型置信度 {_conf(doc.type_confidence)}'
            f" · 读取方式：{esc(source_zh(doc.source))}</p>"
        )
        if not doc.fields:
            out.append('<p class="muted small">（该类型材料暂未提取字段）</p>')
            continue
        rows = ["<tr><th>字段</th><th>识别值</th><th>置信度</th><th>页</th></tr>"]
        extra = []
        for name, fv in doc.fields.items():
            value = format_value(fv.value, name)
            rows.append(
                f"<tr><td>{esc(field_zh(doc.doc_type, name))}</td><td>{esc(value)}</td>"
                f"<td>{_sure(fv)}</td><td>{fv.page or ''}</td></tr>"
            )
            if isinstance(fv.value, list) and fv.value and isinstance(fv.value[0], dict):
                extra.append(f'<p class="small muted">{esc(field_zh(doc.doc_type, name))}：</p>{_months_table(fv.value)}')
        out.append(f'<table class="full">{"".join(rows)}</table>')
        out.extend(extra)
    return "\n".join(out)


def _bad_files_html(report: Report) -> str:
    bad = [f for f in report.files if f.status != "processed"]
    if not bad:
        return "<p>无。</p>"
    rows = "".join(
        f"<tr><td>{esc(f.path)}</td><td>{esc(status_zh(f.status))}</td><td>{esc(f.reason or '—')}</td></tr>"
        for f in bad
    )
    return f'<table class="full"><tr><th>文件</th><th>状态</th><th>原因</th></tr>{rows}</table>'


def _errors_html(report: Report) -> str:
    if not report.errors:
        return ""
    rows = "".join(
        f"<tr><td>{esc(e.stage)}</td><td>{esc(e.file or '—')}</td><td>{esc(e.message)}</td></tr>" for e in report.errors
    )
    return (
        "<h3>处理异常（本报告不完整，需人工复核）</h3>"
        f'<table class="full"><tr><th>环节</th><th>文件</th><th>说明</th></tr>{rows}</table>'
    )


def _footer_html(report: Report, json_sha256: str) -> str:
    rows = []
    for i, f in enumerate(report.files, 1):
        size = f"{f.size:,} B" if f.size else "0 B"
        rows.append(
            f"<tr><td>{i}</td><td>{esc(f.path)}<br/><span class=\"mono\">{esc(f.sha256)}</span></td>"
            f"<td>{esc(status_zh(f.status))}</td><td>{f.pages}</td><td>{size}</td></tr>"
        )
    table = (
        '<table class="full small"><tr><th>#</th><th>文件 / SHA-256</th><th>状态</th><th>页数</th><th>大小</th></tr>'
        + "".join(rows)
        + "</table>"
    )
    digest = f' · report.json SHA-256 <span class="mono">{esc(json_sha256)}</span>' if json_sha256 else ""
    return (
        f"{table}"
        f'<p class="small muted">preaudit {esc(report.pipeline_version or "?")} · 政策 {esc(report.policy)}'
        f" · 审核基准日 {report.as_of.isoformat()} · 申报人文件夹 {esc(report.key)}{digest}</p>"
        '<p class="small muted">本报告为离线预审结果，供单位审核参考；最终以主管部门审核为准。</p>'
    )


# --------------------------------------------------------------------------- 复核意见

REVIEW_BEGIN, REVIEW_END = "<!--preaudit:review-->", "<!--/preaudit:review-->"
FINAL_COLOURS = {"pass": "#1e7b34", "return": "#b26a00", "reject": "#b3141b"}
_STYLE = re.compile(r"<style>.*?</style>", re.S)


def review_html(report: Report, review: Review) -> str:
    """The 复核意见 section: the final verdict, each level's signature and opinion (单位审核意见,
    then 主管部门复核意见), and every decided finding, numbered as in part 二. Added to the report;
    the pre-audit's own parts stay as they were."""
    colour = FINAL_COLOURS.get(review.verdict, "#333")
    out = [
        "<h2>复核意见</h2>",
        '<p class="muted small">本部分为审核人员对预审发现的复核意见；以下各部分为预审原始结果，未作改动。</p>',
        f'<table class="full plain"><tr><td class="badge" style="background-color:{colour}">'
        f"复核结论：{esc(review.verdict_zh)}</td></tr></table>",
    ]
    for sig in review.signatures:
        out.append(f"<h3>{esc(sig.level)}</h3>")
        out.append(
            '<table class="full meta">'
            f'<tr><td class="k">审核人</td><td>{esc(sig.user)}</td><td class="k">角色</td><td>{esc(sig.role)}</td></tr>'
            f'<tr><td class="k">结论</td><td>{esc(sig.verdict_zh)}</td><td class="k">日期</td><td>{esc(sig.date)}</td></tr>'
            f'<tr><td class="k">意见</td><td colspan="3">{esc(sig.opinion or "—")}</td></tr></table>'
        )
    numbers = {id(f): n for n, f in enumerate(ranked_findings(report), 1)}
    rows = []
    for item in sorted(review.items, key=lambda i: numbers.get(id(_finding(report, i.index)), 0)):
        f = _finding(report, item.index)
        if f is None:
            continue
        rows.append(
            f"<tr><td>{numbers[id(f)]}</td><td>【{esc(severity_zh(f.severity.value))}】{esc(code_zh(f.code))}："
            f"{esc(f.message)}</td><td>{esc(item.decision)}</td><td>{esc(item.reason or '—')}</td>"
            f"<td>{esc(item.user)}<br/>{esc(item.date)}</td></tr>"
        )
    out.append("<h3>逐项审核意见</h3>")
    out.append(
        '<table class="full"><tr><th>序号</th><th>预审发现</th><th>审核意见</th><th>理由</th><th>审核人</th></tr>'
        + "".join(rows) + "</table>" if rows else "<p>无需逐项审核的发现。</p>"
    )
    return "\n".join(out)


def _finding(report: Report, index: int) -> Finding | None:
    return report.findings[index] if 0 <= index < len(report.findings) else None


def with_review(page: str, report: Report, review: Review | None) -> str | None:
    """`page` (a report.html as written) with its 复核意见 section replaced by `review`'s (or
    removed); None when the page has no place for it (written by an older version). The rest of
    the page, evidence crops included, stays byte for byte."""
    start, end = page.find(REVIEW_BEGIN), page.find(REVIEW_END)
    if start < 0 or end < start:
        return None
    section = review_html(report, review) if review is not None else ""
    return page[: start + len(REVIEW_BEGIN)] + section + page[end:]


def printable(page: str) -> str:
    """The print version of a report.html (what report.pdf is laid out from): screen CSS left out."""
    return _STYLE.sub(lambda _m: f"<style>{BASE_CSS}</style>", page, count=1)



# --------------------------------------------------------------------------- page


def _header_html(report: Report) -> str:
    verdict = report.verdict
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in Severity}
    series = getattr(report, "series", "") or ""
    applied = " / ".join(x for x in (series, report.level) if x) or "—"
    badge = (
        '<table class="full plain"><tr>'
        f'<td class="badge" style="background-color:{VERDICT_COLOURS[verdict]}">预审结论：{esc(verdict_zh(verdict))}</td>'
        f'<td class="counts">错误 {counts[Severity.ERROR]} 项　警告 {counts[Severity.WARNING]} 项'
        f"　提示 {counts[Severity.INFO]} 项</td></tr></table>"
    )

    def pair(k: str, v: str) -> str:
        return f'<td class="k">{k}</td><td>{v}</td>'

    meta = (
        '<table class="full meta">'
        f'<tr>{pair("申报人", esc(report.name or "—"))}{pair("身份证号", esc(mask_id_number(report.id_number) or "—"))}</tr>'
        f'<tr>{pair("申报单位", esc(report.unit or "—"))}{pair("申报系列/级别", esc(applied))}</tr>'
        f'<tr>{pair("审核政策", esc(report.policy))}{pair("审核基准日", report.as_of.isoformat())}</tr>'
        "</table>"
    )
    return f"<h1>职称申报材料预审报告</h1>{badge}{meta}"


def render_html(report: Report, crops: CropMaker | None = None, *, json_sha256: str = "", for_print: bool = False,
                review: Review | None = None) -> str:
    """The whole report page (self-contained; `for_print` leaves out the screen-only CSS).

    Args:
        report: the applicant's report.
        crops: cuts the evidence crops (None: no crops, every evidence shows 无可用截图).
        json_sha256: SHA-256 of the report.json written next to it, printed in the footer.
        for_print: HTML for pymupdf.Story (report.pdf) rather than for a browser.
        review: the reviewers' sign-off (pipeline/report/review.py): adds the 复核意见 section.
    """
    findings = ranked_findings(report)
    finding_html = "\n".join(_finding_html(report, n, f, crops) for n, f in enumerate(findings, 1))
    css = BASE_CSS + ("" if for_print else SCREEN_CSS)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>职称申报材料预审报告 {esc(report.name)}</title>
<style>{css}</style></head><body>
{_header_html(report)}
{REVIEW_BEGIN}{review_html(report, review) if review is not None else ""}{REVIEW_END}
<h2>一、一次性告知单</h2>
{_notice_html(report)}
<h2>二、审核发现及证据（共{len(findings)}项）</h2>
<p class="muted small">本部分供单位审核人员核对使用；标注“仅供审核人员”的比对依据涉及其他申报人，不得告知申报人。
可转给申报人的只有第一部分“一次性告知单”。</p>
{finding_html or "<p>未发现问题。</p>"}
<h2 style="page-break-before: always">三、材料识别结果（附）</h2>
{_documents_html(report)}
<h3>无法读取或格式不支持的文件</h3>
{_bad_files_html(report)}
{_errors_html(report)}
<h2>四、文件校验信息</h2>
{_footer_html(report, json_sha256)}
</body></html>
"""
