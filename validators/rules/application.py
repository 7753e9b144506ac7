"""The application's own course: filed inside the window, recommended in time, dated at all, how
many times it has been returned for correction (退回次数), and whether the person applied already
this year in another batch.

The numbers are the notice's `timeline` (validators/notice.py), at the top of each policy.
"""

from __future__ import annotations

from collections.abc import Iterator

from preaudit.pipeline.model import Case, DocType, Finding
from preaudit.validators.notice import Timeline, application_year
from preaudit.validators.registry import finding, rule
from preaudit.validators.rules._common import declared_attr, identity_number, sure_refs


# 001 §四: 个人网络申报及单位审核提交时间为2024年9月1日9:00—20日17:00; 004 §一: 个人网上申报截止时间为9月30日.
@rule("application.window")
def application_window(case: Case, *, timeline: Timeline) -> Iterator[Finding]:
    """APPLICATION_WINDOW when the declared 申报日期 is before the window opens or after it
    closes (either bound optional). Only the declared date is judged: --as-of is the reviewer's
    audit date, and a date the policy supplies is inside its own window."""
    filed = case.declared.application_date if case.declared is not None else None
    opens, closes = timeline.application_opens, timeline.application_closes
    if filed is None or (opens is None and closes is None):
        return
    early = opens is not None and filed < opens
    late = closes is not None and filed > closes
    if not (early or late):
        return
    window = "至".join(d.isoformat() for d in (opens, closes) if d is not None)
    span = window if opens and closes else (f"{window}起" if opens else f"{window}前")
    yield finding(
        "APPLICATION_WINDOW",
        f"申报日期为{filed.isoformat()}，{'早于' if early else '晚于'}本期申报时间（{span}）。"
        "本期申报时间外提交的申报不予受理，请在申报时间内提交或参加下一期申报。",
        evidence={"application_date": filed.isoformat(),
                  "opens": opens.isoformat() if opens else None,
                  "closes": closes.isoformat() if closes else None},
        relied_on=[(None, "application_date")],
    )


# 001 §三(一)2–3: 用人单位须在每季度申报前一个月完成考核推荐……公示无异议的，方可进行推荐……于2024年8月29日前
# 报送推荐人员名单; 004 §一: 各用人单位要在9月30日前完成考核推荐和公示上报.
@rule("application.recommendation")
def application_recommendation(case: Case, *, timeline: Timeline) -> Iterator[Finding]:
    """RECOMMENDATION_LATE when a publicity form shows the publicity ending after the day the
    unit's recommendation was due (`timeline.recommendation_by`): a unit recommends only after a
    publicity without objection, so it cannot have reported on time. The form's 单位审核意见 date is
    not judged: 001 §三(二)2 has the unit fill its opinion during the online review, after the
    deadline. The date rests on its reading, so an unsure reading makes the finding a warning."""
    due = timeline.recommendation_by
    if due is None:
        return
    for i, d in case.of_type(DocType.PUBLICITY_FORM):
        ended = d.date("publicity_end")
        if ended is None or ended <= due:
            continue
        yield finding(
            "RECOMMENDATION_LATE",
            f"公示表显示公示期至{ended.isoformat()}结束，晚于单位完成考核推荐（含公示）并报送推荐人员名单的"
            f"截止日期{due.isoformat()}。公示无异议后方可推荐，请核实公示时间及推荐名单的报送情况。",
            documents=[i],
            evidence={"recommendation_by": due.isoformat(), "publicity_end": ended.isoformat()},
            relied_on=[(i, "publicity_end")],
        )


# 003 §二 Q19: 2021年度职称资格认定申报时间为6月份和10月份……2022年后职称资格认定申报时间为每年的1月、4月、
# 7月和10月份 (the 正规院校毕业生 recognition of Q18).
@rule("application.months")
def application_months(case: Case, *, schedule: list[dict], application_types: list[str]) -> Iterator[Finding]:
    """APPLICATION_MONTH when an application of one of `application_types` (the declared 申报类型:
    首次认定 is the graduates' recognition) is dated in a month its year does not open:
    `schedule` lists {from: year, months: [...]}, the last entry whose year is not after the
    application's year applying; a year before the first entry, an undeclared 申报类型 or 申报日期
    is not judged."""
    declared = case.declared
    filed = declared.application_date if declared is not None else None
    kind = declared.application_type if declared is not None else None
    if filed is None or kind is None or kind not in application_types:
        return
    entries = sorted((e for e in schedule if int(e["from"]) <= filed.year), key=lambda e: int(e["from"]))
    if not entries:
        return
    months = sorted(int(m) for m in entries[-1]["months"])
    if filed.month in months:
        return
    yield finding(
        "APPLICATION_MONTH",
        f"申报类型为{kind}，申报日期为{filed.isoformat()}；{filed.year}年职称资格认定的申报时间为每年"
        f"{'、'.join(f'{m}月' for m in months)}，本月不受理认定申报。请在上述月份内提交申报。",
        evidence={"application_date": filed.isoformat(), "application_type": kind, "months": months},
        relied_on=[(None, "application_date"), (None, "application_type")],
    )


# 003 (the guide) has no dated notice: its rules need the application date of the round the
# applicant files in (003 §二 Q19: 申报时间为6月份和10月份), which only the declared data can give.
@rule("application.date_required")
def application_date_required(case: Case) -> Iterator[Finding]:
    """APPLICATION_DATE_MISSING when the policy names no date and neither --as-of nor the declared
    申报日期 gave one: every date rule then ran on the day of the audit, which the finding names."""
    if case.as_of_source != "audit_date":
        return
    yield finding(
        "APPLICATION_DATE_MISSING",
        f"本政策没有统一的申报截止日期，须在推荐人员名单中填写申报日期；名单未填写，本次按审核当日"
        f"（{case.as_of.isoformat()}）计算社保、合同、资历等期限。请补填申报日期后重新审核。",
        evidence={"as_of": case.as_of.isoformat(), "as_of_source": case.as_of_source},
    )


# 001 §四: 申报系统中3次提出审核意见仍存在问题的，本年度不再受理个人的申报材料; 003 §五(三): 每人每年返回修改和
# 重置流程的机会总共为4次; 004 §五(六): 退回次数不得超过3次，超过3次系统将自动锁定为当前申报资料.
@rule("application.returns")
def returns(case: Case, *, max_returns: int, consequence: str) -> Iterator[Finding]:
    """RETURNS_LAST when the declared 退回次数 (`Declared.returns_count`) leaves one return or none
    before the notice's limit (`max_returns`): the next return is the last chance to correct, so
    this audit's findings should all be fixed at once (the notice's one-time 告知 of everything).
    `consequence` is the notice's own words for what happens past the limit. Silent when the count
    is not declared or more than one return is left."""
    count = declared_attr(case, "returns_count")
    if not isinstance(count, int) or count < max_returns - 1:
        return
    left = max(max_returns - count, 0)
    if left:
        state = f"已退回{count}次，本通知规定退回最多{max_returns}次，下一次退回即为最后一次"
    else:
        state = f"已退回{count}次，{max_returns}次退回机会已经用完，再有问题将无法退回修改"
    yield finding(
        "RETURNS_LAST",
        f"申报信息显示申报材料{state}（超过后{consequence}）。请对照本报告列出的全部问题一次性补正、"
        "核对无误后再提交。",
        evidence={"returns_count": count, "max_returns": max_returns, "returns_left": left},
        relied_on=[(None, "returns_count")],
    )


# 002 §六(五): 申报人一个年度内只能申报一次职称晋升评审; 003 §二 Q25: 同一年度内，申报人员不得同时向两个及以上
# 同级评审委员会报送申报评审材料.
@rule("application.once_a_year")
def once_a_year(case: Case, *, timeline: Timeline) -> Iterator[Finding]:
    """APPLICATION_REPEATED when the same person (the same ID number, by its hash in the fingerprint
    index) has an application of the same year in another batch (`Case.applications`, looked up
    before the rules). The year is the notice's (validators/notice.py `application_year`). An error
    only when the ID number was read certainly from this applicant's documents and from the other
    application's: a number only declared, or read unsurely, may be a misreading of another
    person's, and a reviewer looks. Who and which batch stay in the evidence (for the reviewer):
    the message names neither."""
    year = application_year(timeline, case.as_of)
    same_year = [a for a in case.applications if a.get("year") == year]
    if not same_year:
        return
    _, refs, certain = identity_number(case)
    doubts = []
    if not certain:
        doubts.append("本次申报的身份证号未能从身份证件上确定识别")
    if not all(a.get("certain") for a in same_year):
        doubts.append("另一批次申报中的身份证号未能确定识别")
    yield finding(
        "APPLICATION_REPEATED",
        f"经核查，与本次申报身份证号相同的申报人已在{year}年度的其他批次提交过职称申报。"
        "按通知规定，申报人一个年度内只能申报一次，请单位核实并说明情况；如确为同一人重复申报，应撤回其中一次申报。",
        evidence={"year": year, "applications": same_year},
        relied_on=sure_refs(case, refs),
        unsure=doubts,
    )
