"""The `preaudit` command line (CONTRACT.md): audit, policies, fixtures; watch and serve (flows/).

Exit status: 0 when every applicant was audited (whatever the verdicts), 1 when the run itself
failed, 2 for bad arguments (including an unknown or invalid policy, or a missing input).
`preaudit audit` without --flow never imports Prefect.
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
from pipeline.statedir import default_state_dir

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
    audit.add_argument("--flow", action="store_true", help="run as the Prefect batch flow (cached, concurrent; see flows/)")
    audit.add_argument("--runner", choices=("processes", "threads", "dask"), default="processes",
                       help="with --flow: --workers processes (one OCR engine each), a thread pool of --workers, "
                            "or Dask (a local cluster of --workers processes, or --dask-address)")
    audit.add_argument("--dask-address", default=None, help="with --flow --runner dask: a running Dask scheduler, tcp://HOST:8786")
    audit.add_argument("-v", "--verbose", action="store_true")

    sub.add_parser("policies", help="list the built-in policies")

    watch = sub.add_parser("watch", help="watch an inbox; re-audit an applicant folder when a file lands in it")
    watch.add_argument("inbox", type=Path, help="INBOX/<applicant folder>/<files>, optionally INBOX/applicants.csv")
    watch.add_argument("--out", type=Path, default=None, help="where reports go (direct mode; required there)")
    mode = watch.add_mutually_exclusive_group()
    mode.add_argument("--deployment", default=None, metavar="NAME",
                      help="submit a run of this served deployment instead (e.g. preaudit-upload/on-upload); needs PREFECT_API_URL")
    mode.add_argument("--emit", action="store_true", help="POST a preaudit.upload event to PREFECT_API_URL instead")
    watch.add_argument("--debounce-ms", type=int, default=400, help="group changes arriving within this many ms")
    watch.add_argument("--poll", action="store_true", help="poll instead of OS notifications (network shares)")
    _common_audit_options(watch)

    serve = sub.add_parser("serve", help="serve the on-upload (event-triggered) and batch flows on a running Prefect server")
    serve.add_argument("--out", type=Path, required=True)
    serve.add_argument("--inbox", type=Path, default=None, help="default inbox for runs whose event names none")
    serve.add_argument("--limit", type=int, default=1, help="flow runs at once (each loads its own OCR engine)")
    serve.add_argument("--poll-seconds", type=float, default=2.0, help="how often the runner asks the server for new runs")
    _common_audit_options(serve)

    fixtures = sub.add_parser("fixtures", help="write a synthetic batch with ground truth")
    fixtures.add_argument("out", type=Path)
    fixtures.add_argument("--applicants", type=int, default=8)
    fixtures.add_argument("--seed", type=int, default=1)
    fixtures.add_argument("--faults", nargs="*", default=None, help="restrict to these fault names")
    fixtures.add_argument("--families", choices=("dev", "holdout"), default=None,
                          help="draw the documents after the bundled eight with independent layout families "
                               "(fixtures/families/): the development set or the held-out one")
    return parser


def _common_audit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", default="kunming-panlong-2024q3", help="built-in policy id or a YAML path")
    parser.add_argument("--as-of", type=_date, default=None, help="reference date (default: declared 申报日期, else the policy's)")
    parser.add_argument("--engine", choices=("paddle", "rapid"), default=os.environ.get("PREAUDIT_OCR_ENGINE", "paddle"))
    parser.add_argument("--state-dir", type=Path, default=None, help="OCR cache and model links (default ~/.cache/preaudit)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk caches")
    parser.add_argument("-v", "--verbose", action="store_true")


def _state_dir(args: argparse.Namespace) -> Path:
    """--state-dir, else $PREAUDIT_STATE_DIR, else ~/.cache/preaudit; exported for the OCR engine's model links."""
    if args.state_dir is not None:
        os.environ["PREAUDIT_STATE_DIR"] = str(args.state_dir)
    return args.state_dir or default_state_dir()


def _check_policy(policy: str) -> str | None:
    """None when the policy loads, else the message for exit status 2."""
    from validators.policy import PolicyError, load_policy

    try:
        load_policy(policy)
    except PolicyError as exc:
        return str(exc)
    return None


def _print_results(out: Path, results: list[tuple[str, str, list[str]]], stray: list[str], elapsed: float, hits: int, misses: int,
                   note: str = "") -> None:
    from pipeline.report import VERDICT_ZH

    print(f"{'applicant':<24} {'verdict':<8} findings")
    for key, verdict, codes in results:
        print(f"{key:<24} {VERDICT_ZH[verdict]:<8} {', '.join(codes) or '-'}")
    print()
    for key, _, _ in results:
        print(f"report: {out / key / 'report.json'}")
    print(f"summary: {out / 'summary.csv'}")
    print(f"summary: {out / 'summary.xlsx'}")
    print(f"batch: {out / 'batch.json'}")
    if stray:
        print(f"files outside any applicant folder (listed in batch.json): {', '.join(stray)}")
    print(f"{len(results)} applicants audited in {elapsed:.1f} s (OCR cache hits {hits}, misses {misses}{note})")


def cmd_policies() -> int:
    from validators.policy import list_policies

    for policy_id, title in list_policies():
        print(f"{policy_id}\t{title}")
    return 0


def cmd_fixtures(args: argparse.Namespace) -> int:
    from fixtures.generate import generate_batch

    kwargs = {"faults": args.faults} if args.faults else {}
    if args.families:
        kwargs["families"] = args.families
    truth = generate_batch(args.out, args.applicants, args.seed, **kwargs)
    print(f"batch: {args.out / 'batch'}")
    print(f"truth: {args.out / 'truth.json'} ({len(truth['applicants'])} applicants)")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from pipeline.errors import InputError
    from pipeline.dupindex import index_for
    from pipeline.ocr import OcrCache, get_engine
    from pipeline.report import write_applicant, write_batch
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
    state_dir = args.state_dir or default_state_dir()
    ocr = OcrCache(get_engine(args.engine), None if args.no_cache else state_dir)
    # Fingerprints persist beside the OCR cache, so next quarter's batch is checked against this one.
    index = index_for(None if args.no_cache else state_dir)
    started = time.perf_counter()
    try:
        result = audit_batch(args.input, policy, ocr, as_of=args.as_of, workers=args.workers, index=index)
    except InputError as exc:
        print(f"preaudit: {exc}", file=sys.stderr)
        return 2
    finally:
        index.close()
    for report in result.reports:
        write_applicant(report, args.out)
    write_batch(
        result.batch,
        result.reports,
        args.out,
        policy.policy,
        extra={"ocr": {"engine": args.engine, "cache_hits": ocr.hits, "cache_misses": ocr.misses}},
    )
    elapsed = time.perf_counter() - started
    results = [(r.key, r.verdict, list(dict.fromkeys(f.code for f in r.findings if f.severity.value != "info"))) for r in result.reports]
    _print_results(args.out, results, result.batch.stray_files, elapsed, ocr.hits, ocr.misses)
    return 0


def cmd_audit_flow(args: argparse.Namespace) -> int:
    """`preaudit audit --flow`: the same audit as the Prefect batch flow (flows/batch.py)."""
    if args.workers < 1:
        print("preaudit: --workers must be ≥ 1", file=sys.stderr)
        return 2
    state_dir = _state_dir(args)
    problem = _check_policy(args.policy)
    if problem:
        print(f"preaudit: {problem}", file=sys.stderr)
        return 2
    if not args.input.exists():
        print(f"preaudit: input not found: {args.input}", file=sys.stderr)
        return 2
    from flows.env import offline_prefect_env

    offline_prefect_env(state_dir)
    from flows.batch import batch_audit, task_runner
    from pipeline.errors import InputError

    started = time.perf_counter()
    runner = task_runner(args.runner, args.workers, args.dask_address)
    try:
        summary = batch_audit.with_options(task_runner=runner)(
            input_path=args.input, out=args.out, policy=args.policy, as_of=args.as_of, engine=args.engine,
            state_dir=None if args.no_cache else state_dir,
        )
    except InputError as exc:
        print(f"preaudit: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    results = [(a["key"], a["verdict"], a["codes"]) for a in summary["applicants"]]
    _print_results(args.out, results, summary["stray_files"], elapsed, summary["ocr"]["cache_hits"], summary["ocr"]["cache_misses"],
                   note=f"; applicants read from the task cache {summary['collect_cached']}; flow run {summary['flow_run_id']}")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    if not args.inbox.is_dir():
        print(f"preaudit: inbox is not a folder: {args.inbox}", file=sys.stderr)
        return 2
    state_dir = _state_dir(args)
    problem = _check_policy(args.policy)
    if problem:
        print(f"preaudit: {problem}", file=sys.stderr)
        return 2
    from flows.watch import DeploymentSubmitter, DirectAuditor, EventEmitter, watch_inbox

    handler: object
    if args.deployment or args.emit:
        api_url = os.environ.get("PREFECT_API_URL")
        if not api_url:
            print("preaudit: --deployment/--emit need a running Prefect server: set PREFECT_API_URL (e.g. http://127.0.0.1:4200/api)",
                  file=sys.stderr)
            return 2
        from flows.env import offline_prefect_env

        offline_prefect_env(state_dir)
        handler = DeploymentSubmitter(args.inbox, args.deployment) if args.deployment else EventEmitter(args.inbox, api_url)
    else:
        if args.out is None:
            print("preaudit: watch needs --out (or --deployment/--emit)", file=sys.stderr)
            return 2
        handler = DirectAuditor(args.inbox, args.out, args.policy, args.engine, None if args.no_cache else state_dir, args.as_of)
    logging.getLogger("flows.watch").setLevel(logging.INFO)  # one line per upload handled, IDs masked
    print(f"watching {args.inbox.resolve()} (Ctrl-C stops)", flush=True)
    watch_inbox(args.inbox, handler, debounce_ms=args.debounce_ms, poll=args.poll)  # type: ignore[arg-type]
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    state_dir = _state_dir(args)
    problem = _check_policy(args.policy)
    if problem:
        print(f"preaudit: {problem}", file=sys.stderr)
        return 2
    if not os.environ.get("PREFECT_API_URL"):
        print("preaudit: serve needs a running Prefect server: start one with `prefect server start` and set "
              "PREFECT_API_URL=http://127.0.0.1:4200/api", file=sys.stderr)
        return 2
    from flows.env import offline_prefect_env

    offline_prefect_env(state_dir)
    from flows.serve import serve_flows

    serve_flows(args.out.resolve(), args.policy, args.engine, None if args.no_cache else state_dir.resolve(), args.as_of,
                args.inbox, limit=args.limit, poll_seconds=args.poll_seconds)
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
        if args.command == "watch":
            return cmd_watch(args)
        if args.command == "serve":
            return cmd_serve(args)
        if args.flow:
            return cmd_audit_flow(args)
        return cmd_audit(args)
    except KeyboardInterrupt:
        return 1
    except Exception:  # noqa: BLE001 - the run itself failed: exit 1 with the traceback logged
        log.exception("preaudit failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())
