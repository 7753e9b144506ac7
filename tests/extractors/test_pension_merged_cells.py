"""A counter's 参保缴费情况证明 whose 参保单位 and 统筹区 cells are merged down over each run of months
(rowspan; blind generation 6): each merged cell's text stands level with one month of its run, the
others read no unit. The table's rules bound the merged cell, so every month of the run takes it;
a long name wrapped inside the cell (云南高原明珠信息技术有限公 / 司) is one value. The letter names the
holder only in its sentence (兹证明孙晓燕（公民身份号码：…）)."""

from __future__ import annotations

from preaudit.extractors.pension_certificate import extract, read_table
from preaudit.pipeline.model import Rule
from tests.helpers import line, page

TOP, STEP = 0.259, 0.02245
MONTHS = [f"2023年{m:02d}月" for m in range(9, 13)] + [f"2024年{m:02d}月" for m in range(1, 9)]


def _letter(runs: list[tuple[int, list[str], str]], ruled: bool = True, name_line: str | None = None):
    """runs: (months in the run, the unit cell's lines, the region); the cell centred on its run."""
    lines = [line("城镇职工基本养老保险参保缴费情况证明", 0.2, 0.09, 0.78, 0.116),
             line(name_line or "兹证明孙晓燕（公民身份号码:530124197805035043）在昆明市参加城镇职工基", 0.13, 0.134, 0.89, 0.157),
             line("本养老保险。经查询社会保险信息系统，该同志2023年9月至2024年8月的缴费情况如下：", 0.09, 0.162, 0.89, 0.184)]
    for x0, x1, text in ((0.16, 0.24, "参保单位"), (0.32, 0.38, "统筹区"), (0.42, 0.5, "缴费月份"), (0.53, 0.6, "缴费基数"),
                         (0.82, 0.89, "缴费状态")):
        lines.append(line(text, x0, 0.236, x1, 0.255))
    rules = [Rule(x0=0.085, y0=0.231, x1=0.903, y1=0.231), Rule(x0=0.085, y0=TOP, x1=0.903, y1=TOP)]
    k = 0
    for n, cell, region in runs:
        first, last = k, k + n - 1
        for i in range(first, last + 1):
            y = TOP + STEP * i + 0.004
            lines += [line(MONTHS[i], 0.408, y, 0.5, y + 0.016), line("6200.00", 0.532, y, 0.6, y + 0.016),
                      line("已到账", 0.826, y, 0.882, y + 0.016)]
            bottom = TOP + STEP * (i + 1)
            x0 = 0.085 if i == last else 0.393  # the month columns ruled row by row, a run closed across
            rules.append(Rule(x0=x0, y0=bottom, x1=0.903, y1=bottom))
        mid = TOP + STEP * (first + last + 1) / 2
        for j, text in enumerate(cell):
            y = mid - 0.008 * len(cell) + STEP * j * 0.9
            lines.append(line(text, 0.118, y, 0.118 + 0.016 * len(text), y + 0.016))
        lines.append(line(region, 0.325, mid - 0.008, 0.38, mid + 0.008))
        k += n
    return [page(lines, width=1653, height=2339).model_copy(update={"rules": rules if ruled else []})]


def _months(pages):
    return [(m["month"], m["employer"], m["region"]) for m in read_table(pages).field().value]


def test_each_month_of_a_run_takes_its_merged_cells():
    pages = _letter([(9, ["曲靖麒麟化工有限公司"], "曲靖市"), (3, ["昆明金碧物流有限公司"], "昆明市")])
    got = _months(pages)
    assert got[:9] == [(f"{m[:4]}-{m[5:7]}", "曲靖麒麟化工有限公司", "曲靖市") for m in MONTHS[:9]]
    assert got[9:] == [(f"{m[:4]}-{m[5:7]}", "昆明金碧物流有限公司", "昆明市") for m in MONTHS[9:]]
    assert read_table(pages).field().confidence > 0.9


def test_a_name_wrapped_inside_the_merged_cell_is_one_value():
    got = _months(_letter([(12, ["云南高原明珠信息技术有限公", "司"], "昆明市")]))
    assert {e for _, e, _ in got} == {"云南高原明珠信息技术有限公司"}


def test_without_rules_one_unit_on_the_page_is_carried_less_surely_and_two_are_not():
    one = _letter([(9, ["曲靖麒麟化工有限公司"], "曲靖市"), (3, ["曲靖麒麟化工有限公司"], "曲靖市")], ruled=False)
    assert {e for _, e, _ in _months(one)} == {"曲靖麒麟化工有限公司"}
    assert read_table(one).field().confidence < 0.9
    two = _letter([(9, ["曲靖麒麟化工有限公司"], "曲靖市"), (3, ["昆明金碧物流有限公司"], "昆明市")], ruled=False)
    assert None in {e for _, e, _ in _months(two)}  # which run a month belongs to is not known


def test_the_letters_sentence_names_the_holder_before_the_number():
    f = extract(_letter([(12, ["云南高原明珠信息技术有限公司"], "昆明市")]))
    assert f["name"].value == "孙晓燕" and 0.5 < f["name"].confidence < 0.9
    f = extract(_letter([(12, ["云南高原明珠信息技术有限公司"], "昆明市")], name_line="兹证明我单位职工张伟，身份证号530124197805035043，"))
    assert f["name"].value == "张伟"
