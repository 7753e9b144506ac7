"""The `preaudit` command line (CONTRACT.md): audit, policies, fixtures, prune; watch and serve (flows/).

Help and messages are in Chinese; what scripts parse stays as it was: the exit status, the option
names, batch.json/report.json, and the `report:`/`summary:`/`batch:` lines on stdout. Exit status: 0
when every applicant was audited (whatever the verdicts), 1 when the run itself failed, 2 for bad
arguments (including an unknown or invalid policy, or a missing input). `preaudit audit` without
--flow never imports Prefect.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from preaudit.pipeline import DEFAULT_POLICY, __version__
from preaudit.pipeline.report.cells import console_text, display_width, pad
from preaudit.pipeline.ops.logsetup import MaskIdsFilter, setup_logging  # noqa: F401 - MaskIdsFilter kept importable here
from preaudit.pipeline.model import mask_ids_in_text
from preaudit.pipeline.ops.statedir import default_state_dir

log = logging.getLogger("preaudit")


def _engine_names() -> tuple[str, ...]:
    """The --engine choices: the OCR engine registry (pipeline/intake/ocr.py `ENGINES`)."""
    from preaudit.pipeline.intake.ocr import ENGINES

    return tuple(ENGINES)


def _engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=_engine_names(), default=os.environ.get("PREAUDIT_OCR_ENGINE", "paddle"),
                        help="OCR 引擎（默认 paddle，可用环境变量 PREAUDIT_OCR_ENGINE 改默认）")
    parser.add_argument("--threads", type=int, default=None, help="OCR 引擎的线程数（默认：CPU 核数，最多 4）")
    parser.add_argument("--limits", type=Path, default=None,
                        help="另一份输入上限文件（键同 pipeline/intake/limits.yaml；默认 $PREAUDIT_LIMITS，其次内置）")


def _err(message: str) -> None:
    """A message for the operator on stderr, ID numbers masked."""
    print(f"preaudit: {mask_ids_in_text(message)}", file=sys.stderr, flush=True)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


def policy_lines() -> list[str]:
    """`id  中文标题` of every built-in policy (loaded and checked), the default marked."""
    from preaudit.validators.policy import PolicyError, list_policies

    try:
        policies = list_policies()
        width = max((display_width(pid) for pid, _ in policies), default=0)
        return [f"  {pad(pid, width)}  {title}{'（默认）' if pid == DEFAULT_POLICY else ''}" for pid, title in policies]
    except PolicyError as exc:
        return [f"  （内置政策无法读取：{exc}）"]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose epilog is computed when help is shown (the policy list loads
    every policy file, which a normal run need not do)."""

    def __init__(self, *args: Any, epilog_fn: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._epilog_fn = epilog_fn
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_help(self) -> str:
        if self._epilog_fn is not None:
            self.epilog = self._epilog_fn()
        return super().format_help()


def _audit_epilog() -> str:
    return "\n".join([
        "内置审核政策（--policy 取其 id，或给出政策 YAML 文件路径）：",
        *policy_lines(),
        "",
        "退出状态：0 每位申报人均已审核（无论结论）；1 运行失败；2 参数错误（政策不存在或无效、输入不存在）。",
        "输出：OUT/<申报人>/report.json|html|pdf，OUT/summary.csv、summary.xlsx、batch.json。",
        "中断后用同样的参数重跑：已完成且输入未变的申报人直接跳过（需状态目录，--no-cache 时全部重审）。",
    ])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="preaudit", description="职称申报材料离线预审（offline pre-audit of 职称 attachments）")
    parser.add_argument("--version", action="version", version=f"preaudit {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=_Parser)

    audit = sub.add_parser("audit", help="审核一个批次文件夹、单个申报人文件夹或它们的 .zip",
                           description="审核一个批次文件夹、单个申报人文件夹或它们的 .zip，写出报告与汇总。"
                                       "单个申报人文件夹的上级文件夹有推荐人员名单时，按该名单审核。",
                           epilog_fn=_audit_epilog)
    audit.add_argument("input", type=Path, help="批次文件夹、申报人文件夹或 .zip")
    audit.add_argument("--out", type=Path, required=True, help="输出文件夹（新建时仅本人可读）")
    audit.add_argument("--policy", default=DEFAULT_POLICY, help=f"内置政策 id 或政策 YAML 路径（默认 {DEFAULT_POLICY}，列表见下）")
    audit.add_argument("--as-of", type=_date, default=None, help="审核基准日（默认：申报日期，其次政策的基准日；两者皆无时用审核当日，并提示补填申报日期）")
    audit.add_argument("--workers", type=int, default=1,
                       help="读取进程数（默认 1：在本进程内读取）；N>1 时 N 个进程同时读取文件，各自加载 OCR 引擎，"
                            "线程数为 CPU 核数/N（--threads 可改）")
    _engine_option(audit)
    audit.add_argument("--blacklist", type=Path, default=None,
                       help="职称评审失信（黑名单）名单 csv/xlsx：表头含 身份证号，可含 姓名、原因、期限；名单上的申报人另有发现")
    audit.add_argument("--state-dir", type=Path, default=None,
                       help="状态目录：OCR 缓存、重复材料指纹库、模型链接（默认 ~/.cache/preaudit）")
    audit.add_argument("--no-cache", action="store_true", help="不读写磁盘上的 OCR 缓存和指纹库（也不跳过已完成的申报人）")
    audit.add_argument("--no-resume", action="store_true", help="重新审核全部申报人，不跳过已完成且未变化的")
    audit.add_argument("--no-progress", action="store_true", help="不显示进度条（stderr 不是终端时本就不显示）")
    audit.add_argument("--flow", action="store_true", help="以 Prefect 批处理流程运行（缓存、并发；见 flows/）")
    audit.add_argument("--runner", choices=("processes", "threads", "dask"), default="processes",
                       help="配合 --flow：processes 为 --workers 个进程（各自加载 OCR 引擎），threads 为线程池，"
                            "dask 为本机 Dask 集群或 --dask-address 指定的集群")
    audit.add_argument("--dask-address", default=None, help="配合 --flow --runner dask：运行中的 Dask 调度器，tcp://HOST:8786")
    audit.add_argument("-v", "--verbose", action="store_true", help="输出更多日志（身份证号仍打码）")

    sub.add_parser("policies", help="列出内置审核政策", description="列出内置审核政策：id 与中文标题。")

    watch = sub.add_parser("watch", help="监视上传目录，申报人文件夹有新文件时重新审核该申报人",
                           description="监视上传目录 INBOX/<申报人文件夹>/<文件>；文件以临时名写入再改名。"
                                       "交接失败会退避重试；启动时重新扫描，未处理或有变化的文件夹都会处理。")
    watch.add_argument("inbox", type=Path, help="INBOX/<申报人文件夹>/<文件>，可含 INBOX/applicants.csv")
    watch.add_argument("--out", type=Path, default=None, help="报告输出文件夹（直接模式必填）")
    mode = watch.add_mutually_exclusive_group()
    mode.add_argument("--deployment", default=None, metavar="NAME",
                      help="改为提交已部署流程的运行（如 preaudit-upload/on-upload）；需 PREFECT_API_URL")
    mode.add_argument("--emit", action="store_true", help="改为向 PREFECT_API_URL 发送 preaudit.upload 事件")
    watch.add_argument("--debounce-ms", type=int, default=400, help="合并多少毫秒内的变化（默认 400）")
    watch.add_argument("--poll", action="store_true", help="轮询而非系统通知（网络共享目录）")
    _common_audit_options(watch)

    serve = sub.add_parser("serve", help="在运行中的 Prefect 服务器上提供上传触发流程和批处理流程",
                           description="在运行中的 Prefect 服务器上提供 preaudit-upload/on-upload 与 preaudit-batch/batch 两个部署。")
    serve.add_argument("--out", type=Path, required=True, help="报告输出文件夹")
    serve.add_argument("--inbox", type=Path, default=None, help="事件未指明上传目录时使用的默认上传目录")
    serve.add_argument("--limit", type=int, default=1, help="同时运行的流程数（每个各自加载 OCR 引擎）")
    serve.add_argument("--poll-seconds", type=float, default=2.0, help="向服务器查询新运行的间隔秒数")
    _common_audit_options(serve)

    fixtures = sub.add_parser("fixtures", help="生成带标准答案的合成批次", description="写出 OUT/batch（输入）与 OUT/truth.json（标准答案）。")
    fixtures.add_argument("out", type=Path, help="输出文件夹")
    fixtures.add_argument("--applicants", type=int, default=8, help="申报人数（默认 8，即示例批次）")
    fixtures.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    fixtures.add_argument("--faults", nargs="*", default=None, help="只生成带这些问题的场景")
    fixtures.add_argument("--families", choices=("dev", "holdout", "blind", "exposed"), default=None,
                          help="前 8 人之后的申报人用独立版式族（fixtures/families/）：开发集、留出集、盲测集（最新一代）或已读过的旧盲测集")

    prune = sub.add_parser("prune", help="删除状态目录中过期的 Prefect 任务结果和 OCR 缓存",
                           description="删除状态目录中早于 N 天写入的 Prefect 任务结果（prefect-results/，含完整身份证号）"
                                       "和 OCR 缓存（ocr/）。指纹库只存哈希，保留。默认天数见 pipeline/ops/operations.yaml。")
    prune.add_argument("--state-dir", type=Path, default=None, help="状态目录（默认 $PREAUDIT_STATE_DIR，其次 ~/.cache/preaudit）")
    prune.add_argument("--older-than", type=float, default=None, metavar="DAYS", help="保留天数（默认取 operations.yaml 的 retention.older_than_days）")
    prune.add_argument("-v", "--verbose", action="store_true")
    # the reviewer's workbench (issue 16): review, review-user, review-log; FastAPI only when `review` runs
    from preaudit.workbench.commands import add_commands

    add_commands(sub)
    return parser


def _common_audit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", default=DEFAULT_POLICY, help=f"内置政策 id 或政策 YAML 路径（默认 {DEFAULT_POLICY}）")
    parser.add_argument("--as-of", type=_date, default=None, help="审核基准日（默认：申报日期，其次政策的基准日；两者皆无时用审核当日，并提示补填申报日期）")
    _engine_option(parser)
    parser.add_argument("--state-dir", type=Path, default=None, help="状态目录：OCR 缓存、指纹库、任务缓存（默认 ~/.cache/preaudit）")
    parser.add_argument("--no-cache", action="store_true", help="不读写磁盘上的缓存")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出更多日志（身份证号仍打码）")


def _state_dir(args: argparse.Namespace) -> Path:
    """--state-dir, else $PREAUDIT_STATE_DIR, else ~/.cache/preaudit."""
    return args.state_dir or default_state_dir()


def audit_options(args: argparse.Namespace) -> Any:
    """The command line as AuditOptions (pipeline/auditor.py): the only way settings reach the
    engine, the caches and the rules. Raises ValueError for a bad thread count."""
    from preaudit.pipeline.auditor import AuditOptions

    limits = args.limits or (Path(os.environ["PREAUDIT_LIMITS"]) if os.environ.get("PREAUDIT_LIMITS") else None)
    return AuditOptions(policy=args.policy, engine=args.engine, state_dir=_state_dir(args), cache=not args.no_cache,
                        threads=args.threads, as_of=args.as_of, limits=limits, blacklist=getattr(args, "blacklist", None),
                        readers=1 if getattr(args, "flow", False) else max(1, getattr(args, "workers", 1) or 1))


def _auditor(args: argparse.Namespace) -> Any:
    """The process's Auditor for the command line, or the message for exit status 2 (a policy
    or limits file that does not load, a bad thread count)."""
    from preaudit.pipeline.auditor import get_auditor
    from preaudit.pipeline.errors import InputError
    from preaudit.validators.policy import PolicyError

    try:
        auditor = get_auditor(audit_options(args))
    except PolicyError as exc:
        return str(exc)
    except InputError as exc:  # the 失信 list (--blacklist) cannot be read whole
        return f"失信名单无法使用：{exc}"
    except (ValueError, OSError) as exc:
        return f"参数无效：{exc}"
    if auditor.blacklist is not None:
        bl = auditor.blacklist
        print(f"失信名单：{bl.file}（{bl.rows} 行）", file=sys.stderr, flush=True)
        for problem in bl.problems[:10]:
            _err(f"失信名单 {bl.file}：{problem}")
        if len(bl.problems) > 10:
            _err(f"失信名单 {bl.file}：另有 {len(bl.problems) - 10} 行未读入")
    return auditor


def _announce_policy(policy: Any) -> None:
    """The policy in force, with its Chinese title, before anything is read (stderr)."""
    print(f"审核政策：{policy.policy}（{policy.title}）", file=sys.stderr, flush=True)


def _check_out(out: Path) -> None:
    """Warn when an existing OUT lets others read it (report.json holds full ID numbers)."""
    from preaudit.pipeline.report.outdir import exposed

    if out.exists() and exposed(out):
        _err(f"警告：输出文件夹 {out} 其他用户可读，report.json 含完整身份证号；建议 chmod 700 {out}")


def result_table(rows: list[tuple[str, str, list[str]]]) -> list[str]:
    """The console table: columns aligned by display width (a Chinese character takes two),
    control characters in names shown as `?`."""
    from preaudit.pipeline.report.summary import PENDING_ZH, VERDICT_ZH

    head = ("申报人", "结论", "问题")
    cells = [(console_text(k), VERDICT_ZH.get(v, PENDING_ZH), ", ".join(codes) or "-") for k, v, codes in rows]
    w0 = max([display_width(head[0]), *(display_width(c[0]) for c in cells)])
    w1 = max([display_width(head[1]), *(display_width(c[1]) for c in cells)])
    return [f"{pad(a, w0)}  {pad(b, w1)}  {c}".rstrip() for a, b, c in [head, *cells]]


def _print_results(out: Path, results: list[tuple[str, str, list[str]]], stray: list[str], elapsed: float, hits: int, misses: int,
                   note: str = "") -> None:
    for line in result_table(results):
        print(line)
    print()
    for key, _, _ in results:
        print(f"report: {out / key / 'report.json'}")
    print(f"summary: {out / 'summary.csv'}")
    print(f"summary: {out / 'summary.xlsx'}")
    print(f"batch: {out / 'batch.json'}")
    if stray:
        print(f"不属于任何申报人文件夹的文件（已列入 batch.json）：{console_text('、'.join(stray))}")
    print(f"审核 {len(results)} 名申报人，用时 {elapsed:.1f} 秒（OCR 缓存命中 {hits}，未命中 {misses}{note}）")


def cmd_policies() -> int:
    from preaudit.validators.policy import list_policies

    for policy_id, title in list_policies():
        print(f"{policy_id}\t{title}")
    return 0


def cmd_fixtures(args: argparse.Namespace) -> int:
    from preaudit.fixtures.generate import generate_batch

    kwargs = {"faults": args.faults} if args.faults else {}
    if args.families:
        kwargs["families"] = args.families
    truth = generate_batch(args.out, args.applicants, args.seed, **kwargs)
    print(f"batch: {args.out / 'batch'}")
    print(f"truth: {args.out / 'truth.json'}（{len(truth['applicants'])} 名申报人）")
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    from preaudit.pipeline.ops.opsconfig import operations
    from preaudit.pipeline.ops.prune import prune_state

    state_dir = args.state_dir or default_state_dir()
    if not state_dir.is_dir():
        _err(f"状态目录不存在：{state_dir}")
        return 2
    if args.older_than is not None and args.older_than < 0:
        _err("--older-than 不能为负数")
        return 2
    days = operations().retention_days if args.older_than is None else args.older_than
    result = prune_state(state_dir, days)
    for name, n in result.removed.items():
        print(f"{name}: 删除 {n} 个文件，保留 {result.kept.get(name, 0)} 个")
    print(f"已删除 {days:g} 天前写入的缓存，释放 {result.freed_bytes / 1e6:.1f} MB（{state_dir}）")
    return 0


def _view_results(out: Path, keys: list[str]) -> list[tuple[str, str, list[str]]]:
    """(key, verdict, non-info codes) of the batch's applicants, read back from OUT."""
    from preaudit.pipeline.report.summary import load_views

    views = load_views(out)
    rows = []
    for key in keys:
        v = views.get(key)
        codes = list(dict.fromkeys(str(f.get("code")) for f in v.ranked() if f.get("severity") != "info")) if v else []
        rows.append((key, v.verdict if v else "", codes))
    return rows


def _announce_scope(batch: Any, parent_manifest: Path | None) -> None:
    """Say, before reading, when one applicant folder is audited with its parent batch's manifest."""
    if parent_manifest is not None:
        print(f"单个申报人文件夹：使用上级批次的推荐人员名单 {console_text(mask_ids_in_text(str(parent_manifest)))}",
              file=sys.stderr, flush=True)


def cmd_audit(args: argparse.Namespace) -> int:
    from preaudit.pipeline.errors import InputError
    from preaudit.pipeline.ops.progress import make_progress

    if args.workers < 1:
        _err("--workers 必须 ≥ 1")
        return 2
    auditor = _auditor(args)
    if isinstance(auditor, str):
        _err(auditor)
        return 2
    if not args.input.exists():
        _err(f"输入路径不存在：{args.input}")
        return 2
    _announce_policy(auditor.policy)
    _check_out(args.out)
    started = time.perf_counter()
    progress = make_progress(False if args.no_progress else None)
    try:
        # Fingerprints persist beside the OCR cache, so next quarter's batch is checked against this one.
        result = auditor.run(args.input, args.out, workers=args.workers, resume=not (args.no_cache or args.no_resume),
                                     progress=progress, on_scope=_announce_scope)
    except InputError as exc:
        _err(str(exc))
        return 2
    finally:
        auditor.close()
    elapsed = time.perf_counter() - started
    keys = [a.key for a in result.batch.applicants]
    note = ""
    if result.skipped:
        note += f"；未变化而跳过 {len(result.skipped)} 人"
    if result.rejudged:
        note += f"；因材料被他人重复使用而重新判定 {len(result.rejudged)} 人"
    _print_results(args.out, _view_results(args.out, keys), result.batch.stray_files, elapsed, *auditor.ocr_counts, note)
    return 0


def cmd_audit_flow(args: argparse.Namespace) -> int:
    """`preaudit audit --flow`: the same audit as the Prefect batch flow (flows/batch.py)."""
    if args.workers < 1:
        _err("--workers 必须 ≥ 1")
        return 2
    auditor = _auditor(args)
    if isinstance(auditor, str):
        _err(auditor)
        return 2
    if not args.input.exists():
        _err(f"输入路径不存在：{args.input}")
        return 2
    _announce_policy(auditor.policy)
    _check_out(args.out)
    from preaudit.flows.env import offline_prefect_env

    options = auditor.options
    offline_prefect_env(options.state_dir)
    _prune_results(options.cache_dir)
    from preaudit.flows.batch import batch_audit, task_runner
    from preaudit.pipeline.readers import worker_threads
    from preaudit.pipeline.errors import InputError

    started = time.perf_counter()
    runner = task_runner(args.runner, args.workers, args.dask_address)
    threads = options.threads or (worker_threads(args.workers) if args.runner in ("processes", "dask") and args.workers > 1 else None)
    try:
        summary = batch_audit.with_options(task_runner=runner)(
            input_path=args.input, out=args.out, policy=options.policy, as_of=options.as_of, engine=options.engine,
            state_dir=options.cache_dir, threads=threads, models_dir=options.state_dir, blacklist=options.blacklist,
        )
    except InputError as exc:
        _err(str(exc))
        return 2
    elapsed = time.perf_counter() - started
    results = [(a["key"], a["verdict"], a["codes"]) for a in summary["applicants"]]
    _print_results(args.out, results, summary["stray_files"], elapsed, summary["ocr"]["cache_hits"], summary["ocr"]["cache_misses"],
                   note=f"；读取缓存命中 {summary['collect_cached']} 人；flow run {summary['flow_run_id']}")
    return 0


def _prune_results(state_dir: Path | None) -> None:
    """Prefect task results older than the retention (operations.yaml) go before a flow runs."""
    if state_dir is None or not Path(state_dir).is_dir():
        return
    from preaudit.pipeline.ops.prune import prune_state

    removed = prune_state(state_dir, dirs=("prefect-results",)).removed.get("prefect-results", 0)
    if removed:
        log.info("removed %d expired Prefect task results", removed)


def cmd_watch(args: argparse.Namespace) -> int:
    if not args.inbox.is_dir():
        _err(f"上传目录不是文件夹：{args.inbox}")
        return 2
    auditor = _auditor(args)
    if isinstance(auditor, str):
        _err(auditor)
        return 2
    state_dir = auditor.options.state_dir
    from preaudit.flows.watch import DeploymentSubmitter, DirectAuditor, EventEmitter, watch_inbox

    handler: object
    if args.deployment or args.emit:
        api_url = os.environ.get("PREFECT_API_URL")
        if not api_url:
            _err("--deployment/--emit 需要运行中的 Prefect 服务器：请设置 PREFECT_API_URL（如 http://127.0.0.1:4200/api）")
            return 2
        from preaudit.flows.env import offline_prefect_env

        offline_prefect_env(state_dir)
        handler = DeploymentSubmitter(args.inbox, args.deployment) if args.deployment else EventEmitter(args.inbox, api_url)
    else:
        if args.out is None:
            _err("watch 需要 --out（或 --deployment/--emit）")
            return 2
        _announce_policy(auditor.policy)
        _check_out(args.out)
        handler = DirectAuditor(args.inbox, args.out, auditor.options)
    logging.getLogger("preaudit.flows.watch").setLevel(logging.INFO)  # one line per upload handled, IDs masked
    print(f"正在监视 {console_text(args.inbox.resolve())}（Ctrl-C 停止）", flush=True)
    watch_inbox(args.inbox, handler, debounce_ms=args.debounce_ms, poll=args.poll,  # type: ignore[arg-type]
                journal=state_dir / "watch" if not args.no_cache else None)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    auditor = _auditor(args)
    if isinstance(auditor, str):
        _err(auditor)
        return 2
    state_dir = auditor.options.state_dir
    if not os.environ.get("PREFECT_API_URL"):
        _err("serve 需要运行中的 Prefect 服务器：先 `prefect server start`，再设置 PREFECT_API_URL=http://127.0.0.1:4200/api")
        return 2
    _announce_policy(auditor.policy)
    from preaudit.flows.env import offline_prefect_env

    offline_prefect_env(state_dir)
    _prune_results(None if args.no_cache else state_dir)
    from preaudit.flows.serve import serve_flows

    serve_flows(args.out.resolve(), auditor.options, args.inbox, limit=args.limit, poll_seconds=args.poll_seconds)
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
        if args.command == "prune":
            return cmd_prune(args)
        if args.command == "watch":
            return cmd_watch(args)
        if args.command == "serve":
            return cmd_serve(args)
        if args.command in ("review", "review-user", "review-log"):
            from preaudit.workbench.commands import run_command

            return run_command(args)
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
