"""The report stage of an audit, old code against new, in one run (issue 17: page previews and crops).

The machine is shared and noisy, so the two trees are timed alternately, each audit under cProfile
with a warm OCR cache (`--no-resume`), and compared as ratios. Per tree: seconds in
write_applicant (the whole report stage) and its parts, and the bytes of the previews and crops.

    python bench/report_stage.py BATCH --state-dir ST --old OLD_PYTHONPATH --new NEW_PYTHONPATH [--rounds 2]

BATCH must have been audited once with the same --state-dir (the OCR cache filled).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PARTS = {  # label -> (file name, function name) in the profile
    "report stage (write_applicant)": ("writer.py", "write_applicant"),
    "write_previews": ("pages.py", "write_previews"),
    "page_picture": ("evidence.py", "page_picture"),
    "jpeg_of (old)": ("pdf.py", "jpeg_of"),
    "to_jpeg": ("pages.py", "to_jpeg"),
    "encode_crop": ("crops.py", "encode_crop"),
    "cv2.imencode": ("~", "imencode"),
}
DATA_URI = re.compile(r"data:(image/(?:png|jpeg));base64,([A-Za-z0-9+/=]+)")


def inner(batch: str, out: str, state: str) -> dict[str, Any]:
    """One audit under cProfile (run in a child process with the tree's PYTHONPATH)."""
    import cProfile
    import pstats

    from preaudit.pipeline.cli import main

    prof = cProfile.Profile()
    prof.enable()
    main(["audit", batch, "--out", out, "--state-dir", state, "--no-progress", "--no-resume"])
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    seconds = {label: 0.0 for label in PARTS}
    for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items():
        for label, (f, n) in PARTS.items():
            if (name == n and file.endswith(f)) or (f == "~" and file == "~" and n in name):
                seconds[label] += ct
    return {"seconds": seconds, "bytes": sizes(Path(out))}


def sizes(out: Path) -> dict[str, int]:
    """Bytes written: previews, crops inlined in report.html, report.html and report.pdf."""
    total = {"applicants": 0, "previews": 0, "preview_bytes": 0, "crops": 0, "crop_bytes": 0, "html_bytes": 0, "pdf_bytes": 0}
    for folder in sorted(p for p in out.iterdir() if (p / "report.json").is_file()):
        total["applicants"] += 1
        for jpg in (folder / "pages").glob("*.jpg"):
            total["previews"] += 1
            total["preview_bytes"] += jpg.stat().st_size
        html = (folder / "report.html").read_text(encoding="utf-8")
        for uri in set(DATA_URI.findall(html)):
            total["crops"] += 1
            total["crop_bytes"] += len(base64.b64decode(uri[1]))
        total["html_bytes"] += len(html.encode("utf-8"))
        total["pdf_bytes"] += (folder / "report.pdf").stat().st_size
    return total


def run_tree(pythonpath: str, batch: str, state: str) -> dict[str, Any]:
    """One audit by this script's --inner mode, importing preaudit from `pythonpath`."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": pythonpath}
        done = subprocess.run([sys.executable, __file__, "--inner", batch, str(Path(tmp) / "out"), state],
                              env=env, capture_output=True, text=True, check=True)
        line = next(x for x in done.stdout.splitlines() if x.startswith("@@"))
        return json.loads(line[2:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("batch")
    ap.add_argument("--state-dir", required=True)
    ap.add_argument("--old", required=True, help="PYTHONPATH of the tree before the change")
    ap.add_argument("--new", required=True, help="PYTHONPATH of the tree after it")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    runs: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
    for _ in range(args.rounds):
        for tree in ("old", "new"):
            runs[tree].append(run_tree(getattr(args, tree), args.batch, args.state_dir))
    report(runs)


def report(runs: dict[str, list[dict[str, Any]]]) -> None:
    n = runs["old"][0]["bytes"]["applicants"] or 1
    print(f"{'seconds (best of rounds)':34} {'old':>8} {'new':>8} {'new/old':>8}   per applicant old/new")
    for label in PARTS:
        old = min(r["seconds"][label] for r in runs["old"])
        new = min(r["seconds"][label] for r in runs["new"])
        ratio = f"{new / old:8.2f}" if old else "       -"
        print(f"{label:34} {old:8.2f} {new:8.2f} {ratio}   {old / n:.3f} / {new / n:.3f}")
    print()
    for key in runs["old"][0]["bytes"]:
        old, new = runs["old"][0]["bytes"][key], runs["new"][0]["bytes"][key]
        print(f"{key:34} {old:>10} {new:>10}" + (f" {new / old:8.2f}" if old and key.endswith("bytes") else ""))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inner"]:
        print("@@" + json.dumps(inner(*sys.argv[2:5])))
    else:
        main()
