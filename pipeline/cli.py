"""The `preaudit` command line (CONTRACT.md): audit, policies, fixtures.

Exit status: 0 when every applicant was audited (whatever the verdicts), 1 when the run itself
failed, 2 for bad arguments (including an unknown or invalid policy, or a missing input).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import date
from pathlib import Path

from pipeline.model import mask_ids_in_text

log = logging.getLogger("preaudit")


class MaskIdsFilter(logging.Filter):
    """Never let a full ID number reach a log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_ids_in_text(record.getMessage())
        record.args = ()
        return True


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(MaskIdsFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="preaudit", description="职称申报材料离线预审 (offline pre-audit of 职称 attachments)")
    sub = parser.add_subparsers(dest="command", required=True)

    audit = sub.add_parser("audit", help="audit a batch folder, one applicant folder, or a zip of either")
    audit.add_argument("input", type=Path)
    audit.add_argument("--out", type=Path, required=True)
    audit.add_argument("--policy", default="kunming-panlong-2024q3", help="built-in policy id or a YAML path")
    audit.add_argument("--as-of", type=_date, default=None, help="reference date (default: declared 申报日期, else the policy's)")
    audit.add_argument("--workers", type=int, default=1)
    audit.add_argument("--engine", choices=("paddle", "rapid"), default=os.environ.get("PREAUDIT_OCR_ENGINE", "paddle"))
    audit.add_argument("--state-dir", type=Path, default=None, help="OCR cache and model links (default ~/.cache/preaudit)")
    audit.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk OCR cache")
    audit.add_argument("-v", "--verbose", action="store_true")

    sub.add_parser("policies", help="list the built-in policies")

    fixtures = sub.add_parser("fixtures", help="write a synthetic batch with ground truth")
    fixtures.add_argument("out", type=Path)
    fixtures.add_argument("--applicants", type=int, default=8)
    fixtures.add_argument("--seed", type=int, default=1)
    fixtures.add_argument("--faults", nargs="*", default=None, help="restrict to these fault names")
    return parser


def cmd_policies() -> int:
    from validators.policy import list_policies

    for policy_id, title in list_policies():
        print(f"{policy_id}\t{title}")
    return 0


def cmd_fixtures(args: argparse.Namespace) -> int:
    from fixtures.generate import generate_batch

    kwargs = {"faults": args.faults} if args.faults else {}
    truth = generate_batch(args.out, args.applicants, args.seed, **kwargs)
    print(f"batch: {args.out / 'batch'}")
    print(f"truth: {args.out / 'truth.json'} ({len(truth['applicants'])} applicants)")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from pipeline.errors import InputError
    from pipeline.ocr import OcrCache, get_engine
    from pipeline.report import VERDICT_ZH, write_applicant, write_batch
    from pipeline.run import audit_batch
    from validators.policy import PolicyError, load_policy

    if args.workers < 1:
        print("preaudit: --workers must be ≥ 1", file=sys.stderr)
        return 2
    if args.state_dir is not None:
        os.environ["PREAUDIT_STATE_DIR"] = str(args.state_dir)
    try:
        policy = load_policy(args.policy)
    except PolicyError as exc:
        print(f"preaudit: {exc}", file=sys.stderr)
        return 2
    if not args.input.exists():
        print(f"preaudit: input not found: {args.input}", file=sys.stderr)
        return 2
    state_dir = args.state_dir or Path(os.environ.get("PREAUDIT_STATE_DIR") or Path.home() / ".cache" / "preaudit")
    ocr = OcrCache(get_engine(args.engine), None if args.no_cache else state_dir)
    started = time.perf_counter()
    try:
        result = audit_batch(args.input, policy, ocr, as_of=args.as_of, workers=args.workers)
    except InputError as exc:
        print(f"preaudit: {exc}", file=sys.stderr)
        return 2
    for report in result.reports:
        write_applicant(report, args.out)
    rows = write_batch(
        result.batch,
        result.reports,
        args.out,
        policy.policy,
        extra={"ocr": {"engine": args.engine, "cache_hits": ocr.hits, "cache_misses": ocr.misses}},
    )
    elapsed = time.perf_counter() - started
    print(f"{'applicant':<24} {'verdict':<8} findings")
    for row, report in zip(rows, result.reports):
        codes = ", ".join(dict.fromkeys(f.code for f in report.findings if f.severity.value != "info")) or "-"
        print(f"{row['key']:<24} {VERDICT_ZH[report.verdict]:<8} {codes}")
    print()
    for report in result.reports:
        print(f"report: {args.out / report.key / 'report.json'}")
    print(f"summary: {args.out / 'summary.csv'}")
    print(f"batch: {args.out / 'batch.json'}")
    if result.batch.stray_files:
        print(f"files outside any applicant folder (listed in batch.json): {', '.join(result.batch.stray_files)}")
    print(f"{len(result.reports)} applicants audited in {elapsed:.1f} s (OCR cache hits {ocr.hits}, misses {ocr.misses})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(getattr(args, "verbose", False))
    try:
        if args.command == "policies":
            return cmd_policies()
        if args.command == "fixtures":
            return cmd_fixtures(args)
        return cmd_audit(args)
    except KeyboardInterrupt:
        return 1
    except Exception:  # noqa: BLE001 - the run itself failed: exit 1 with the traceback logged
        log.exception("preaudit failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())
