from preaudit.extractors.publicity_form import extract
from tests.helpers import line, page, rows

X = (0.10, 0.25, 0.50, 0.68)


def _form(unit_type="企业", pledge_line="承诺人：张伟    2024年08月20日", publicity="公示时间：2024年08月22日至2024年08月29日",
          opinion_line="（单位盖章）    2024年08月30日", jitter=0.0, foot=()):
    """The 公示表 as drawn: grid rows, then three sections whose label cells sit centred at the left."""
    lines = [line("昆明市专业技术人员职称考核认定公示表", 0.24, 0.065, 0.76, 0.09),
             line("工作单位", 0.12, 0.124, 0.2, 0.139), line("云南滇池建设工程（集团）有限公司", 0.24, 0.124 + jitter, 0.5, 0.139 + jitter)]
    grid = [("姓名", "张伟", "性别", "男"), ("出生年月", "1990年03月", "学历", "本科"),
            ("单位性质", unit_type, "申报系列", "工程系列"), ("申报专业", "建筑工程施工", "申报级别", "助理级")]
    for i, row in enumerate(grid):
        y = 0.159 + 0.036 * i
        for k, (text, x) in enumerate(zip(row, X)):
            if text:
                dy = jitter if k % 2 else 0.0
                lines.append(line(text, x, y + dy, x + 0.012 * max(2, len(text)), y + dy + 0.015))
    lines += [line("毕业院校及专业", 0.1, 0.303, 0.22, 0.316), line("云南农业大学土木工程", 0.24, 0.303, 0.4, 0.316)]
    lines += [line("本人郑重承诺：以上所填内容及所提交的申报材料真实有效，如有虚假，本人愿承担", 0.24, 0.354, 0.89, 0.369),
              line("本人承诺", 0.12, 0.374, 0.2, 0.389), line("一切责任。", 0.24, 0.374, 0.33, 0.389),
              line(pledge_line, 0.24, 0.393, 0.5, 0.411)]
    lines += [line(publicity, 0.24, 0.473, 0.61, 0.49), line("公示情况", 0.12, 0.484, 0.2, 0.499),
              line("公示结果：公示期间无异议。", 0.24, 0.494, 0.47, 0.509)]
    lines += [line("经审核，该同志所提交的申报材料真实有效，符合申", 0.24, 0.573, 0.64, 0.588),
              line("单位审核意见", 0.1, 0.593, 0.21, 0.608), line("报条件，同意推荐。", 0.24, 0.593, 0.4, 0.608),
              line(opinion_line, 0.24, 0.612, 0.49, 0.629)]
    return extract([page(lines + list(foot), width=1654, height=2339)])


def test_grid_and_section_dates():
    f = _form()
    assert {k: v.value for k, v in f.items()} == {
        "name": "张伟", "unit": "云南滇池建设工程(集团)有限公司", "pledge_date": "2024-08-20",
        "publicity_start": "2024-08-22", "publicity_end": "2024-08-29", "unit_opinion_date": "2024-08-30",
        "unit_type": "企业", "education": "本科", "school_major": "云南农业大学土木工程", "current_title": None,
        "title_date": None, "years_worked": None, "started_work": None, "achievements": None,
    }
    assert f["unit_opinion_date"].bbox is not None and f["unit_opinion_date"].bbox.y0 > 0.6


def test_ocr_merges_name_and_date_and_uses_half_width_brackets():
    f = _form(pledge_line="承诺人:张伟2024年08月20日", opinion_line="(单位盖章)2024年8月30日", jitter=0.003)
    assert f["pledge_date"].value == "2024-08-20"
    assert f["unit_opinion_date"].value == "2024-08-30"
    assert f["name"].value == "张伟"


def test_empty_unit_type_is_none_not_the_next_label():
    assert _form(unit_type="")["unit_type"].value is None


def test_publicity_period_variants():
    f = _form(publicity="公示期：2024.08.22-2024.08.29")
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-29")
    f = _form(publicity="公示时间：2024年8月22日至8月29日")
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-29")


def test_inline_form_without_section_cells():
    lines = rows([
        "职称考核认定公示表",
        "姓名：张伟  工作单位：昆明云岭科技有限公司",
        "本人承诺：以上内容真实。 承诺人：张伟 2024年8月20日",
        "公示时间：2024年8月22日 至 2024年8月29日",
        "单位审核意见：同意推荐。 2024年8月30日",
    ])
    f = extract([page(lines)])
    assert f["name"].value == "张伟"
    assert f["unit"].value == "昆明云岭科技有限公司"
    assert f["pledge_date"].value == "2024-08-20"
    assert f["publicity_start"].value == "2024-08-22" and f["publicity_end"].value == "2024-08-29"
    assert f["unit_opinion_date"].value == "2024-08-30"
    assert f["unit_type"].value is None


def test_every_field_is_emitted():
    f = extract([page(rows(["职称考核认定公示表"]))])
    assert set(f) == {"name", "unit", "pledge_date", "publicity_start", "publicity_end", "unit_opinion_date", "unit_type",
                      "education", "school_major", "current_title", "title_date", "years_worked", "started_work",
                      "achievements"}
    assert all(v.value is None for v in f.values())


def test_unit_type_tick_boxes():
    assert _form(unit_type="□事业单位  □国有企业  √非公经济组织  □社会组织")["unit_type"].value == "非公经济组织"
    # OCR: □ read as 口, √ as V, or the tick lost altogether
    assert _form(unit_type="口事业单位 口国有企业 V非公经济组织 口社会组织")["unit_type"].value == "非公经济组织"
    assert _form(unit_type="√事业单位 □国有企业 □非公经济组织 □社会组织")["unit_type"].value == "事业单位"
    assert _form(unit_type="口事业单位 口国有企业 非公经济组织 口社会组织")["unit_type"].value == "非公经济组织"
    assert _form(unit_type="□事业单位 □国有企业 □非公经济组织 □社会组织")["unit_type"].value is None


def test_annex_layout_unit_in_a_header_line_and_signature_label():
    lines = rows(["昆明市专业技术人员职称考核认定公示表", "单位名称（盖章）：昆明云岭科技有限公司"], top=0.05, step=0.03)
    lines += [line("姓名", 0.1, 0.12, 0.15, 0.135), line("张伟", 0.25, 0.12, 0.3, 0.135)]
    lines += [line("主要工作业绩", 0.1, 0.30, 0.2, 0.315), line("2023年负责项目实施。", 0.25, 0.30, 0.5, 0.315),
              line("本人郑重承诺：以上信息真实。", 0.25, 0.36, 0.6, 0.375), line("本人承诺", 0.1, 0.39, 0.18, 0.405),
              line("承诺人（签字）：", 0.25, 0.41, 0.4, 0.425), line("张伟", 0.42, 0.405, 0.5, 0.43),
              line("2024年08月20日", 0.6, 0.425, 0.75, 0.44),
              line("公示时间：2024年08月22日至2024年08月29日", 0.25, 0.47, 0.6, 0.485), line("公示情况", 0.1, 0.49, 0.18, 0.505),
              line("经审核，同意推荐。", 0.25, 0.56, 0.5, 0.575), line("单位审核意见", 0.1, 0.6, 0.2, 0.615),
              line("负责人（签字）：", 0.25, 0.62, 0.4, 0.635), line("（单位盖章）", 0.6, 0.61, 0.72, 0.625),
              line("2024年08月30日", 0.6, 0.645, 0.75, 0.66)]
    f = extract([page(lines)])
    assert f["unit"].value == "昆明云岭科技有限公司"
    assert f["name"].value == "张伟"
    assert f["pledge_date"].value == "2024-08-20"
    assert f["unit_opinion_date"].value == "2024-08-30"


# --------------------------------------------------------------------------- what the form lists (003 §一(三)1)

SUMMARY = ("自2019年9月参加工作以来，本人负责昆明地铁5号线土建施工的技术管理，", "主持编制施工方案3项，获公司优秀员工奖。")


def _listing(education="大学本科", school="云南农业大学 土木工程", title="助理工程师", title_date="2021年10月",
             years="5年", started="2019.09", summary=SUMMARY, label_cells=True):
    """A review-table 公示表: a grid listing 学历、资历 (empty cells left out, their labels kept) and a
    主要工作业绩 section cell whose label stands in a narrow column, then 本人承诺 and 公示情况."""
    cells = [("最高学历", education, 0.12), ("毕业院校及专业", school, 0.15), ("现职称", title, 0.18),
             ("任职时间", title_date, 0.21), ("工作年限", years, 0.24), ("参加工作时间", started, 0.27)]
    lines = [line("专业技术人员职称评审（考核认定）公示表", 0.25, 0.04, 0.75, 0.06),
             line("姓名", 0.1, 0.09, 0.16, 0.105), line("张伟", 0.25, 0.09, 0.3, 0.105)]
    for label, value, y in cells:
        if label_cells:
            lines.append(line(label, 0.1, y, 0.1 + 0.014 * len(label), y + 0.015))
        if value:
            lines.append(line(value, 0.3, y, 0.3 + 0.014 * len(value), y + 0.015))
    lines += [line("主要", 0.11, 0.32, 0.15, 0.335), line("工作", 0.11, 0.337, 0.15, 0.352),
              line("业绩", 0.11, 0.354, 0.15, 0.369)]
    for k, text in enumerate(summary):
        lines.append(line(text, 0.2, 0.32 + 0.02 * k, 0.2 + 0.0135 * len(text), 0.335 + 0.02 * k))
    lines += [line("本人承诺以上所填内容及所提供的学历、资历、业绩等材料均真实有效，如有虚假，", 0.2, 0.42, 0.9, 0.435),
              line("本人", 0.11, 0.43, 0.15, 0.445), line("承诺", 0.11, 0.447, 0.15, 0.462),
              line("学历、资历、业绩等材料均真实有效。", 0.2, 0.44, 0.6, 0.455),
              line("承诺人（签名）：", 0.4, 0.47, 0.55, 0.485), line("2024年8月20日", 0.6, 0.49, 0.75, 0.505),
              line("公示情况", 0.1, 0.55, 0.18, 0.565), line("公示时间：2024年8月22日至2024年8月29日", 0.2, 0.55, 0.6, 0.565)]
    return extract([page(lines, width=1654, height=2339)])


def test_listed_education_seniority_and_achievements():
    f = _listing()
    assert f["education"].value == "大学本科"
    assert f["school_major"].value == "云南农业大学土木工程"
    assert f["current_title"].value == "助理工程师"
    assert f["title_date"].value == "2021-10"
    assert f["years_worked"].value == "5年"
    assert f["started_work"].value == "2019-09"
    text = f["achievements"].value
    assert text.startswith("自2019年9月参加工作以来") and text.endswith("获公司优秀员工奖。")
    assert "主要" not in text and "业绩" not in text and "承诺" not in text  # the label cell and the next section stay out
    for name in ("education", "current_title", "started_work", "achievements"):
        fv = f[name]
        assert fv.bbox is not None and fv.source == "ocr" and fv.confidence > 0.9, name
    box = f["achievements"].bbox
    assert box.y0 < 0.33 and box.y1 > 0.35 and box.x0 >= 0.19  # both lines, not the label column


def test_empty_cells_read_as_empty_with_their_label():
    f = _listing(education="", title="", title_date="", years="", started="", summary=())
    for name, label in (("education", "最高学历"), ("current_title", "现职称"), ("started_work", "参加工作时间"),
                        ("achievements", "主要工作业绩")):
        fv = f[name]
        assert fv.value is None, name  # never the next label, nor the pledge's 学历、资历、业绩
        assert fv.raw == label and fv.bbox is not None, name  # the part's label is on the form
    assert f["school_major"].value == "云南农业大学土木工程"


def test_no_label_no_part():
    f = _listing(label_cells=False, education="", school="", title="", title_date="", years="", started="")
    for name in ("education", "school_major", "current_title", "title_date", "years_worked", "started_work"):
        assert f[name].value is None and f[name].raw == "", name  # the pledge's 学历、资历 is running text


def test_a_cell_that_is_no_education_is_not_read_as_one():
    f = _listing(education="详见附件", started="不详")
    assert f["education"].value is None and f["education"].raw == "最高学历"
    assert f["started_work"].value is None and f["started_work"].raw == "参加工作时间"


def test_inline_listing():
    lines = rows([
        "职称考核认定公示表",
        "姓名：张伟  学历：硕士研究生  参加工作时间：2020年7月",
        "主要工作业绩：参与昆明市智慧交通平台开发，发表论文1篇。",
        "本人承诺：以上内容真实。 承诺人：张伟 2024年8月20日",
    ])
    f = extract([page(lines)])
    assert f["education"].value == "硕士研究生"
    assert f["started_work"].value == "2020-07"
    assert f["achievements"].value == "参与昆明市智慧交通平台开发,发表论文1篇。"


# --------------------------------------------------------------------------- tick boxes seen on the image

def _unit_type_row(options, tick=None, mark="hand", ocr_text=None, box_at_line_start=False, dpi=200, gap=2.0):
    """A 单位性质 row drawn with PyMuPDF (label, a □ before each option, the chosen one ticked by
    hand or filled) and rasterised, with the OCR lines the recogniser returns for it: the option
    names without their boxes or the tick."""
    import numpy as np
    import pymupdf

    from preaudit.pipeline.model import Page

    w, h, size = 460.0, 60.0, 11.0
    doc = pymupdf.open()
    pg = doc.new_page(width=w, height=h)
    pg.insert_text((14, 38), "单位性质", fontname="china-s", fontsize=size)
    x, y, spans = 80.0, 38.0, []
    for i, option in enumerate(options):
        pg.draw_rect(pymupdf.Rect(x, y - size + 1, x + size, y + 1), color=(0, 0, 0), width=0.7)
        if i == tick and mark == "hand":  # a hand tick, its long stroke out of the box
            pg.draw_polyline([(x + 1.5, y - 5), (x + 4.5, y - 0.5), (x + 13, y - 16)], color=(0.1, 0.1, 0.6), width=1.4)
        elif i == tick and mark == "filled":
            pg.draw_rect(pymupdf.Rect(x, y - size + 1, x + size, y + 1), color=(0, 0, 0), fill=(0, 0, 0), width=0.7)
        pg.insert_text((x + size + gap, y), option, fontname="china-s", fontsize=size)
        spans.append((x, x + size + gap + size * len(option)))
        x += size + gap + size * len(option) + 9
    pix = pg.get_pixmap(dpi=dpi)
    image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3][:, :, ::-1].copy()
    doc.close()
    x0 = spans[0][0] if box_at_line_start else spans[0][0] + size + gap
    lines = [line("单位性质", 14 / w, 26 / h, 58 / w, 41 / h),
             line(ocr_text or "".join(options), x0 / w, 26 / h, spans[-1][1] / w, 41 / h)]
    pg_model = Page(file="x.png", file_sha256="0" * 64, number=1, width=image.shape[1], height=image.shape[0], source="ocr",
                    lines=lines).with_image(image)
    return extract([pg_model])["unit_type"]


OPTIONS = ["国有企业", "事业单位", "非公经济组织", "社会团体"]


def test_hand_tick_that_ocr_lost_is_seen_on_the_image():
    # OCR returns the bare names: the boxes and the tick are gone
    f = _unit_type_row(OPTIONS, tick=2, ocr_text="国有企业事业单位 非公经济组织社会团体")
    assert f.value == "非公经济组织" and f.confidence >= 0.9
    # 国 and 团 print an enclosing square: characters, never boxes, whichever option is ticked
    assert _unit_type_row(OPTIONS, tick=0, box_at_line_start=True).value == "国有企业"
    assert _unit_type_row(OPTIONS, tick=3).value == "社会团体"


def test_low_resolution_box_a_pixel_from_its_text():
    # at 70–100 dpi a box stands a pixel or two from its first character: thickened to close its
    # corners it joins the character, so the row is looked at again as it is
    for dpi, gap in ((70, 2.0), (100, 0.8)):
        assert _unit_type_row(OPTIONS, tick=2, dpi=dpi, gap=gap).value == "非公经济组织"
        assert _unit_type_row(OPTIONS, tick=3, dpi=dpi, gap=gap).value == "社会团体"
        assert _unit_type_row(OPTIONS, tick=None, dpi=dpi, gap=gap).value is None


def test_boxes_lost_into_their_text_are_no_choice():
    # at 60 dpi with the box touching its text no box is seen whole: nothing is guessed
    for tick in (0, 2, None):
        assert _unit_type_row(OPTIONS, tick=tick, dpi=60, gap=0.8).value is None


def test_filled_box_and_five_options():
    five = ["机关", "事业单位", "国有企业", "非公经济组织", "其他"]
    assert _unit_type_row(five, tick=1, mark="filled").value == "事业单位"
    assert _unit_type_row(five, tick=4, mark="filled").value == "其他"


def test_no_box_ticked_on_the_image_is_no_choice():
    assert _unit_type_row(OPTIONS, tick=None).value is None


def test_a_tick_ocr_read_wins_over_the_image():
    # OCR read the boxes and the tick: the text decides (the image agrees here anyway)
    assert _unit_type_row(OPTIONS, tick=1, ocr_text="□国有企业 √事业单位 □非公经济组织 □社会团体").value == "事业单位"


# --------------------------------------------------------------------------- dates clipped under a seal

def test_unit_date_clipped_under_the_seal_is_completed_less_surely():
    for clipped in ("（单位盖章）    024年8月30日", "（单位盖章）  24.08.30", "202408.30"):
        f = _form(opinion_line=clipped)["unit_opinion_date"]
        assert f.value == "2024-08-30", clipped
        assert 0 < f.confidence < 0.9  # never certain on its own
    # a whole date wins over a clipped one; a clipped reading that is no real date is none
    assert _form(opinion_line="024年8月29日  2024年8月30日")["unit_opinion_date"].value == "2024-08-30"
    assert _form(opinion_line="（单位盖章）  024年13月30日")["unit_opinion_date"].value is None
    assert _form(opinion_line="（单位盖章）  年  月  日")["unit_opinion_date"].value is None


def test_a_year_that_lost_a_figure_is_completed_only_where_one_year_fits():
    """The ring of the unit's seal hid the 4 of 2024 (blind generation 8's overhead-camera 公示表): OCR
    read 日期：202年8月30日 and the completion by its last two figures made it 2002-08-30, an
    opinion signed 22 years before the publicity. Three figures lost one, anywhere: 202 is 2002 or
    2020..2029 and 204 is 2004 or 2014..2094, so neither is a year; 024 and 224 can only be 2024."""
    for hidden in ("日期：202年8月30日", "日期：204年8月30日", "日期：二〇二年八月三十日"):
        assert _form(opinion_line=hidden)["unit_opinion_date"].value is None, hidden
    for clipped in ("日期：224年8月30日", "日期：〇二四年八月三十日"):
        f = _form(opinion_line=clipped)["unit_opinion_date"]
        assert f.value == "2024-08-30" and 0 < f.confidence < 0.9, clipped


def test_a_date_the_opinion_names_is_no_signing_date_and_a_label_set_a_character_a_line_is_one():
    """A 公示表 typed in WPS (issue 12, blind generation 4): the row labels 本人郑重承诺 and 单位审核意见 stand
    two lines high, OCR reading a gap as a box glyph (承☑诺, 意☑见); the unit's opinion says 申报材料已于
    2024年8月22日起在本单位公示 and its own date is lost under the seal. The pledge's date is its own
    (2024年8月20日), and the start of the publicity named in the opinion is no date of the opinion."""
    lines = [line("昆明市专业技术人员职称考核认定公示表", 0.24, 0.04, 0.76, 0.07), line("姓名", 0.10, 0.10, 0.17, 0.12),
             line("林萍", 0.20, 0.10, 0.26, 0.12), line("公示起止", 0.101, 0.349, 0.175, 0.367),
             line("2024年8月22日—2024年8月29日", 0.203, 0.355, 0.465, 0.374), line("时间", 0.116, 0.362, 0.161, 0.383),
             line("本人承诺:以上填报内容及所提交的全部申报材料真实、", 0.240, 0.428, 0.879, 0.444),
             line("本人郑重", 0.102, 0.471, 0.174, 0.488), line("处理。", 0.199, 0.467, 0.252, 0.490),
             line("承☑诺", 0.100, 0.487, 0.178, 0.509), line("承诺人（签字）：林萍", 0.470, 0.485, 0.689, 0.523),
             line("2024年8月20日", 0.609, 0.528, 0.733, 0.547),
             line("经审核，该同志所填内容属实，提交材料真实有效；其学历、资历、工作能力和业绩", 0.238, 0.567, 0.893, 0.584),
             line("符合初级职称考核认定条件。申报材料已于2024年8月22日起在本单位公示，公示期满无", 0.204, 0.590, 0.891, 0.605),
             line("异议，同意推荐。", 0.205, 0.611, 0.337, 0.627), line("单位审核", 0.101, 0.679, 0.176, 0.698),
             line("意☑见", 0.100, 0.696, 0.178, 0.719), line("单位负责人：刘晓东", 0.200, 0.747, 0.424, 0.794),
             line("(单位公章)", 0.637, 0.764, 0.731, 0.790), line("2024年8万0日", 0.609, 0.797, 0.735, 0.820),
             line("备☑注", 0.098, 0.849, 0.180, 0.873)]
    f = extract([page(lines, 1240, 1754)])
    assert f["pledge_date"].value == "2024-08-20"
    assert f["unit_opinion_date"].value != "2024-08-22"
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-29")


def test_a_period_that_wraps_onto_the_next_line_of_the_pasted_notice():
    """The unit's 公示 notice glued into the 公示情况 cell (blind generation 5): 公示时间:2024年8 ends one
    line of the paragraph and 月22日(星期四)至2024年8月29日 opens the next; the notice's own date under
    it is no date of the period."""
    lines = [line("昆明市专业技术人员职称考核认定公示表", 0.24, 0.07, 0.76, 0.09), line("姓名", 0.13, 0.15, 0.18, 0.17),
             line("胡颖", 0.25, 0.15, 0.31, 0.17), line("2024年8月20日", 0.69, 0.516, 0.84, 0.537),
             line("公示", 0.48, 0.562, 0.56, 0.585),
             line("申报农业系列农学助理级职称考核认定的有关情况予以公示。公示时间:2024年8", 0.27, 0.597, 0.77, 0.619),
             line("公示情况", 0.13, 0.613, 0.20, 0.631),
             line("月22日(星期四)至2024年8月29日（星期四)。公示期间，如对公示对象有异", 0.27, 0.611, 0.76, 0.633),
             line("2024年8月22日", 0.67, 0.664, 0.76, 0.679), line("单位审核意见", 0.13, 0.72, 0.24, 0.74),
             line("2024年8月30日", 0.66, 0.838, 0.78, 0.854)]
    f = extract([page(lines)])
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-29")


def test_a_period_end_whose_separator_ocr_lost_is_read_less_surely():
    """2024-8-22至20248-29 (a ballpoint 2024-8-29 whose first dash OCR lost): the end is the start's year,
    then its month and day, and never certain; a number that is no such date stays unread."""
    base = [line("昆明市专业技术人员职称考核认定公示表", 0.25, 0.07, 0.75, 0.10), line("姓名", 0.13, 0.15, 0.18, 0.17),
            line("赵俊杰", 0.25, 0.15, 0.31, 0.17)]
    f = extract([page(base + [line("公示时间：2024-8-22至20248-29", 0.20, 0.61, 0.49, 0.63)])])
    assert (f["publicity_start"].value, f["publicity_end"].value) == ("2024-08-22", "2024-08-29")
    assert f["publicity_start"].confidence > 0.95 and f["publicity_end"].confidence < 0.9
    f = extract([page(base + [line("公示时间：2024-8-22至20258-29", 0.20, 0.61, 0.49, 0.63)])])
    assert f["publicity_end"].value != "2024-08-29"


def test_a_signing_date_whose_day_has_no_ri_is_read_less_surely():
    """2024年8月3 ends the opinion's line (the 0日 under a grey seal that a grey scan left unfound, blind
    generation 6): its day may have lost a figure, so the date is never certain; 2024年8月30日 is."""
    def form(opinion: str) -> list:
        return [line("昆明市专业技术人员职称考核认定公示表", 0.25, 0.05, 0.75, 0.08), line("姓名", 0.1, 0.12, 0.16, 0.14),
                line("朱晖", 0.2, 0.12, 0.26, 0.14), line("公示情况", 0.1, 0.55, 0.2, 0.57),
                line("公示时间:2024年8月22日至2024年8月29日", 0.26, 0.55, 0.72, 0.57),
                line("单位审核意见", 0.1, 0.75, 0.22, 0.77), line("情况属实，同意推荐。", 0.26, 0.70, 0.6, 0.72),
                line("（单位盖章）", 0.62, 0.76, 0.74, 0.78), line(opinion, 0.66, 0.80, 0.79, 0.82)]
    cut = extract([page(form("2024年8月3"))])["unit_opinion_date"]
    whole = extract([page(form("2024年8月30日"))])["unit_opinion_date"]
    assert cut.value == "2024-08-03" and cut.confidence < 0.9
    assert whole.value == "2024-08-30" and whole.confidence > 0.9


def test_two_sections_side_by_side_keep_their_own_dates():
    """A template whose last row puts 本人郑重承诺 and 单位审核意见 side by side, each heading a vertical
    cell (blind generation 6): the rows carry both dates, 2024年8月20日 under the pledge and 2024年8月30日
    under the opinion; each section's date is the one in its own part of the row."""
    lines = [line("昆明市专业技术人员职称考核认定公示表", 0.25, 0.05, 0.75, 0.08), line("姓名", 0.1, 0.12, 0.16, 0.14),
             line("郭子涵", 0.2, 0.12, 0.28, 0.14), line("公示情况", 0.12, 0.56, 0.16, 0.6),
             line("公示时间:2024年8月22日至2024年8月29日", 0.22, 0.57, 0.6, 0.59),
             line("本人承诺:所填内容及提供的全部申报材料", 0.16, 0.63, 0.49, 0.65),
             line("该同志申报材料真实，公示期满无异议，同", 0.59, 0.63, 0.91, 0.65),
             line("本人郑重承诺", 0.085, 0.723, 0.111, 0.826), line("单位审核意见", 0.507, 0.722, 0.534, 0.826),
             line("承诺人签字:", 0.13, 0.76, 0.23, 0.78), line("郭子涵", 0.24, 0.755, 0.35, 0.78),
             line("负责人：", 0.55, 0.76, 0.62, 0.78), line("(盖章)", 0.56, 0.785, 0.62, 0.80),
             line("2024年8月20日", 0.236, 0.80, 0.382, 0.82), line("2024年8月30日", 0.644, 0.80, 0.823, 0.82)]
    f = extract([page(lines)])
    assert (f["pledge_date"].value, f["unit_opinion_date"].value) == ("2024-08-20", "2024-08-30")


def test_a_camera_apps_burnt_in_date_is_no_signing_date():
    """A form photographed with a 水印相机 app (blind generation 6): the app burns the time, the date,
    the weekday and the place into the lower left corner, below the unit's own date. A date on a
    row with a time of day (or a weekday) is a clock's stamp, never the unit's signing date."""
    stamp = [line("16:31", 0.014, 0.635, 0.175, 0.68), line("2024-08-31", 0.219, 0.64, 0.338, 0.659),
             line("星期六", 0.219, 0.661, 0.293, 0.684), line("昆明市·五华区·人民中路", 0.02, 0.69, 0.293, 0.713)]
    f = _form(foot=stamp)["unit_opinion_date"]
    assert f.value == "2024-08-30" and f.confidence > 0.9
    # the stamp alone is no date of the unit's: none read rather than the photo's
    assert _form(opinion_line="（单位盖章）", foot=stamp)["unit_opinion_date"].value is None
    # a date beside a weekday is a stamp too
    weekday = [line("2024年8月31日 星期六", 0.22, 0.64, 0.45, 0.66)]
    assert _form(opinion_line="（单位盖章）", foot=weekday)["unit_opinion_date"].value is None


def test_a_mark_alone_or_the_instructions_mark_is_no_unit_type():
    """A 公示表 that prints 单位性质 with its options in a row and 在相应选项上打“√” under the label (blind
    generation 7): where OCR lost the options' row, the instruction's own “√” is what is left; a mark
    names no kind of unit, so the field is unread rather than certain nonsense."""
    from preaudit.extractors.publicity_form import unit_type
    from preaudit.pipeline.model import FieldValue

    for text in ("(在相应选项上打“√”)", "”", "√"):
        got = unit_type(FieldValue(value=text, confidence=0.95, source="ocr"))
        assert got.value is None and got.confidence == 0.0, text
    assert unit_type(FieldValue(value="□事业单位 ☑非公经济组织", confidence=0.95, source="ocr")).value == "非公经济组织"


def test_a_document_cameras_stamp_run_into_its_date_is_no_signing_date():
    """A 高拍仪's capture stamp (blind generation 8) read as one token, its date and time run together
    (2024-09-0214:59:14): hh:mm:ss is a clock whatever stands before it, so the stamp is no signing
    date; without the change the unit's date was 2024-09-02, read at full confidence."""
    stamp = [line("2024-09-0214:59:14", 0.60, 0.64, 0.83, 0.66)]
    assert _form(opinion_line="（单位盖章）", foot=stamp)["unit_opinion_date"].value is None
    assert _form(foot=stamp)["unit_opinion_date"].value == "2024-08-30"


def test_one_option_of_a_row_set_apart_is_no_choice():
    """A form filled on an e-signing platform (blind generation 8): its text layer sets each 单位性质
    option apart and draws the boxes as vector graphics. The reader took the option nearest the label
    (事业单位) as written, at full confidence; the row's other options make it the first of a list, and
    with no mark read or seen the field is unread."""
    from preaudit.extractors.publicity_form import unit_type
    from preaudit.pipeline.model import BBox, FieldValue

    row = [line("单位性质", 0.05, 0.20, 0.12, 0.22, source="pdf_text"),
           line("事业单位", 0.20, 0.20, 0.26, 0.22, source="pdf_text"),
           line("国有企业", 0.30, 0.20, 0.36, 0.22, source="pdf_text"),
           line("非公经济组织", 0.40, 0.20, 0.49, 0.22, source="pdf_text")]
    fv = FieldValue(value="事业单位", confidence=1.0, source="pdf_text", page=1, bbox=BBox(x0=0.20, y0=0.20, x1=0.26, y1=0.22))
    got = unit_type(fv, [page(row, source="pdf_text")])
    assert got.value is None and got.confidence == 0.0
    alone = [row[0], row[1]]  # the option written alone is the value as written
    assert unit_type(fv, [page(alone, source="pdf_text")]).value == "事业单位"


def test_a_day_written_with_hao_is_the_dates_own():
    """日期：2024年8月20号 (blind generation 9: the applicant wrote 号 for 日): the 号 was taken for words
    the date runs on into, as in a sentence, and the pledge's date was unread."""
    assert _form(pledge_line="日期：2024年8月20号")["pledge_date"].value == "2024-08-20"
    assert _form(pledge_line="日期：2024年8月20日")["pledge_date"].value == "2024-08-20"


def test_a_year_completed_under_the_seal_is_read_only_where_the_forms_dates_bear_it_out():
    """0四年八月一十日 (blind generation 9: the seal over 二0二 and 三 of 二0二四年八月三十日) completed to
    2004-08-10, an opinion dated twenty years before the form's publicity: no reading. 24.08.30 on the
    same form is read, less surely."""
    assert _form(opinion_line="（单位盖章）  0四年八月一十日")["unit_opinion_date"].value is None
    f = _form(opinion_line="（单位盖章）  24.08.30")["unit_opinion_date"]
    assert f.value == "2024-08-30" and f.confidence < 0.9
