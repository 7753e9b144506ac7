"""The applicant's 一次性告知单 after review: its own printable PDF (OUT/<key>/notice.pdf).

Only what the reviewers kept goes to the applicant: the findings confirmed (确认) or sent back for
more material (需补充), grouped by attachment as the report's 一次性告知单 groups them; dismissed
(驳回) ones are left out. The page names the unit, the applicant (ID number masked), the reviewer
and the date, and nothing of the evidence: comparisons that name another applicant stay in the
reviewer's report. Laid out by the report's own PDF engine (pipeline/report/pdf.py).
"""

from __future__ import annotations

from preaudit.pipeline.model import Report, mask_id_number
from preaudit.pipeline.report.html import BASE_CSS, esc, notice_groups
from preaudit.pipeline.report.pdf import render_pdf
from preaudit.pipeline.report.review import Review

CN_NUM = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    return "十" + CN_NUM[n - 11] if n < 20 else str(n)


def notice_html(report: Report, review: Review) -> str:
    """The 一次性告知单 page (print HTML)."""
    kept = review.kept()
    groups = notice_groups(report, only=set(kept))
    sig = review.latest
    body = [
        "<h1>职称申报材料一次性告知单</h1>",
        '<table class="full meta">'
        f'<tr><td class="k">申报单位</td><td colspan="3">{esc(report.unit or "—")}</td></tr>'
        f'<tr><td class="k">申报人</td><td>{esc(report.name or "—")}</td>'
        f'<td class="k">身份证号</td><td>{esc(mask_id_number(report.id_number) or "—")}</td></tr>'
        f'<tr><td class="k">审核结论</td><td colspan="3">{esc(review.verdict_zh)}</td></tr></table>',
    ]
    if not groups:
        body.append("<p>经审核，您的职称申报材料无需补正。</p>")
    else:
        body.append(f"<p>{esc(report.name)}同志：经审核，您的职称申报材料需补正以下问题，请一次性补正后重新提交：</p>")
        n = 0
        index = {id(f): i for i, f in enumerate(report.findings)}
        for gi, g in enumerate(groups, 1):
            body.append(f'<p class="group">{_cn(gi)}、{esc(g.title)}</p>')
            for f in g.findings:
                n += 1
                item = kept[index[id(f)]]
                tag = "（需补充材料）" if item.decision == "需补充" else ""
                body.append(f'<p class="item">{n}. {esc(f.message)}{tag}</p>')
                if item.reason:
                    body.append(f'<p class="item muted">审核说明：{esc(item.reason)}</p>')
    if sig is not None:
        body.append(
            f'<p style="margin-top: 18pt">审核人：{esc(sig.user)}（{esc(sig.role)}）　　日期：{esc(sig.date)}</p>'
        )
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>一次性告知单 {esc(report.name)}</title><style>{BASE_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def render_notice_pdf(report: Report, review: Review, *, json_sha256: str = "") -> bytes:
    """notice.pdf as bytes (A4, the report's footer on every page)."""
    return render_pdf(report, notice_html(report, review), json_sha256=json_sha256,
                      title=f"一次性告知单 {report.name}")
