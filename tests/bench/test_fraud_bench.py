"""The fraud section's scoring (bench/fraud.py) on a tiny hand-made corpus: recall per family and
variant, false alarms on clean applicants, stray findings. No OCR: a few milliseconds."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import fraud  # noqa: E402


def _finding(code, file, documents=()):
    return {"code": code, "severity": "warning", "message": "", "documents": list(documents),
            "evidence": {"file": file}}


def _corpus(tmp_path):
    for batch, folder, names in (("batch", "张伟_01", ["学历.pdf", "承诺书.pdf"]),
                                 ("later", "李娜_02", ["学历备案表.pdf"]),
                                 ("batch", "王芳_03", ["承诺书.pdf"]),
                                 ("batch", "赵磊_04", ["公示表.pdf"])):
        (tmp_path / batch / folder).mkdir(parents=True)
        for k, name in enumerate(names):
            (tmp_path / batch / folder / name).write_bytes(f"{folder}{k}".encode())
    case = lambda family, kind, file: {"family": family, "code": fraud.FAMILY_CODES[family],  # noqa: E731
                                       "kind": kind, "file": file, "signals": []}
    truth = {"batches": ["batch", "later"], "applicants": {
        "张伟_01": {"index": 1, "batch": "batch", "fraud": [case("seal_missing", "missing_pledge", "承诺书.pdf"),
                                                          case("pdf_edited", "white_box", "学历.pdf")]},
        "李娜_02": {"index": 2, "batch": "later", "fraud": [case("duplicate", "cross", "学历备案表.pdf")]},
        "王芳_03": {"index": 3, "batch": "batch", "fraud": [], "honest": ["signed"], "colleague_of": "赵磊_04"},
        "赵磊_04": {"index": 4, "batch": "batch", "fraud": [], "honest": ["multi_font", "producer:iText"],
                   "colleague_of": "王芳_03"},
    }}
    docs = lambda *files: [{"file": f, "type": "other", "page": 1} for f in files]  # noqa: E731
    files = lambda *names: [{"path": n, "sha256": "", "status": "processed"} for n in names]  # noqa: E731
    reports = {
        "张伟_01": {"files": files("学历.pdf", "承诺书.pdf"), "documents": docs("学历.pdf", "承诺书.pdf"),
                   "findings": [_finding("SEAL_MISSING", None, [1]),  # matched through its document
                                _finding("SEAL_TEXT_MISMATCH", "学历.pdf")]},  # stray
        "李娜_02": {"files": files("学历备案表.pdf"), "documents": docs("学历备案表.pdf"), "findings": []},
        "王芳_03": {"files": files("承诺书.pdf"), "documents": docs("承诺书.pdf"),
                   "findings": [_finding("SEAL_MISSING", "承诺书.pdf", [0])]},  # false alarm
        "赵磊_04": {"files": files("公示表.pdf"), "documents": docs("公示表.pdf"),
                   "findings": [_finding("NAME_MISMATCH", "公示表.pdf")]},  # not a fraud code
    }
    return truth, reports


def test_fraud_scoring_on_a_tiny_corpus(tmp_path):
    truth, reports = _corpus(tmp_path)
    result = fraud.score_fraud(truth, reports, {"batch": tmp_path / "batch", "later": tmp_path / "later"})
    fam = result["families"]
    assert (fam["seal_missing"]["cases"], fam["seal_missing"]["found"]) == (1, 1)
    assert (fam["pdf_edited"]["cases"], fam["pdf_edited"]["found"]) == (1, 0)
    assert fam["duplicate"]["recall"] == 0.0 and fam["duplicate"]["missed"][0]["folder"] == "李娜_02"
    assert fam["seal_text"]["cases"] == 0 and fam["seal_text"]["recall"] is None
    assert result["kinds"]["seal_missing/missing_pledge"]["recall"] == 1.0
    assert (result["clean_applicants"], result["clean_with_any"]) == (2, 1)
    assert result["clean_false_alarm_rate"] == 0.5
    assert result["clean_false_alarms_by_code"] == {"SEAL_MISSING": 1}
    assert result["stray"] == [{"folder": "张伟_01", "code": "SEAL_TEXT_MISMATCH", "files": ["学历.pdf"]}]
    honest = {k: (v["n"], v["flagged"]) for k, v in result["honest"].items()}
    assert honest == {"colleague": (2, 0), "multi_font": (1, 0), "producer": (1, 0), "signed": (1, 0)}
    fraud.show(result)  # prints without the corpus header


def test_split_sizes_the_corpus():
    assert fraud.split(80) == (2, 52)
    assert fraud.split(112) == (3, 70)
    assert fraud.split(10) == (1, 0)
    assert fraud.split(5) == (1, 0)


def test_tamper_per_round_is_the_corpus_slot_count():
    from preaudit.fixtures.fraud import SLOTS

    assert fraud.TAMPER_PER_ROUND == len(SLOTS)
