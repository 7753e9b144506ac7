"""Reuse found by content (issue 12), through the real pipeline: another applicant's pension
certificate photographed again, re-saved at another JPEG quality or rescaled is found; a colleague
at the same unit with the same months and 缴费基数 is never matched."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from preaudit.fixtures.documents import draw_pension
from preaudit.fixtures.fraud import reuse_content
from preaudit.fixtures.records import Month, Pension
from preaudit.fixtures.render import encode_jpeg, rasterise, scan_look
from preaudit.pipeline.integrity.dupindex import FingerprintIndex
from preaudit.pipeline.integrity.fingerprints import id_hash
from preaudit.pipeline.model import Case, SourceFile
from preaudit.pipeline.run import read_file
from preaudit.validators.policy import load_policy
from preaudit.validators.rules import fraud

pytestmark = pytest.mark.ocr

UNIT = "昆明云岭科技有限公司"
A = ("张伟", "530102199003071238")
C = ("李娜", "530102198811230028")  # A's colleague: same unit, months and base
B = ("王芳", "530111199205150037")  # the reuser


def _certificate(name: str, number: str) -> bytes:
    months = [Month(f"{2023 + (8 + k) // 12}-{(8 + k) % 12 + 1:02d}", UNIT, "昆明市", 3800.0, True) for k in range(12)]
    drawn = draw_pension(Pension(name, number, UNIT, "昆明市", date(2024, 8, 15), months))
    data = drawn.doc.tobytes()
    drawn.close()
    return data


def _scan(pdf: bytes, seed: int) -> bytes:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        img = scan_look(rasterise(doc[0], 200), np.random.default_rng(seed), max_angle=0.8)
    return encode_jpeg(img, 80)


def _read(tmp: Path, name: str, data: bytes, ocr) -> tuple[list, list]:
    path = tmp / name
    path.write_bytes(data)
    sf = SourceFile(path=name, abs_path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    kind="pdf" if data[:5] == b"%PDF-" else "image")
    result = read_file(sf, ocr)
    return result.documents, result.fingerprints


def test_a_reused_certificate_is_found_and_a_colleague_never(tmp_path, ocr_cache):
    rng = np.random.default_rng(7)
    a_pdf = _certificate(*A)
    a_scan = _scan(a_pdf, 1)
    uploads = {
        ("张伟_01", A): {"社保.jpg": a_scan},
        ("李娜_02", C): {"社保.jpg": _scan(_certificate(*C), 2)},
        ("王芳_03", B): {"参保_重拍.jpg": reuse_content(a_pdf, "rephoto", rng)[0],
                        "参保_重存.jpg": reuse_content(a_scan, "resave", rng)[0],
                        "参保_缩小.jpg": reuse_content(a_scan, "rescale", rng)[0]},
    }
    index = FingerprintIndex()
    prints, docs = {}, {}
    for (key, (name, number)), files in uploads.items():
        own = [f for f in _own_card(name, number)]
        docs[key] = []
        for fname, data in files.items():
            d, f = _read(tmp_path, f"{key}_{fname}", data, ocr_cache)
            docs[key] += d
            own += f
        prints[key] = (id_hash(number), own)
        index.add("2024q3", key, id_hash(number), own)
    params = next(r for r in load_policy("kunming-panlong-2024q3").rules if r.id == "fraud.duplicate_document").params
    found = {}
    for key, (person, own) in prints.items():
        hits = [h.to_json() for h in index.matches(key, person, own)]
        case = Case(key=key, documents=docs[key], files=[], as_of=date(2024, 9, 1), duplicates=hits)
        found[key] = list(fraud.duplicate_document(case, **params))
    reuser = {f.evidence["file"]: f for f in found["王芳_03"]}
    assert set(reuser) == {"王芳_03_参保_重拍.jpg", "王芳_03_参保_重存.jpg", "王芳_03_参保_缩小.jpg"}
    for f in reuser.values():
        assert f.evidence["other_applicant"] == "张伟_01" and f.evidence["other_files"] == ["张伟_01_社保.jpg"]
        signal = f.evidence["signals"][0]
        assert signal["kind"] == "content" and signal["holder"] in ("id", "id_near") and "rows" in signal["passed"]
    assert "page" in reuser["王芳_03_参保_重存.jpg"].evidence["signals"][0]["passed"]
    assert {f.evidence["other_applicant"] for f in found["张伟_01"]} == {"王芳_03"}
    assert found["李娜_02"] == []  # the colleague: same unit, months and base, never matched


def _own_card(name: str, number: str):
    from preaudit.pipeline.integrity.fingerprints import Fingerprint

    return [Fingerprint("id_number", id_hash(number), "身份证.jpg", "id_card_front", extra=name)]
