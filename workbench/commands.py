"""The workbench's subcommands of `preaudit`: review (serve the web app), review-user (accounts) and
review-log (export and verify the trail). Only `review` imports FastAPI and uvicorn, when it runs."""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from preaudit.pipeline.report.cells import csv_cell
from preaudit.workbench import trail
from preaudit.workbench.users import ROLES, UserError, add_user

COMMANDS = ("review", "review-user", "review-log")


def add_commands(sub: Any) -> None:
    """Add review, review-user and review-log to the CLI's subparsers."""
    review = sub.add_parser("review", help="启动本机审核工作台（网页），审核已完成预审的输出文件夹",
                            description="在本机启动审核工作台：审核队列、逐项证据、审核意见（确认/驳回/需补充）。"
                                        "每条审核意见、每次显示完整身份证号都写入 OUT/review.sqlite（只增不改的哈希链）。")
    review.add_argument("out", type=Path, help="preaudit audit 的输出文件夹")
    review.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    review.add_argument("--port", type=int, default=8765, help="端口（默认 8765）")
    review.add_argument("--state-dir", type=Path, default=None, help="状态目录：审核人员账号与会话密钥（默认 ~/.cache/preaudit）")

    user = sub.add_parser("review-user", help="管理审核人员账号", description="审核人员账号保存在状态目录的 review/users.json（密码以 scrypt 哈希保存）。")
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar="操作")
    add = user_sub.add_parser("add", help="添加审核人员", description="添加审核人员；密码从终端提示输入，或用 --password-stdin 从标准输入读取一行。")
    add.add_argument("name", help="用户名")
    add.add_argument("--role", required=True, choices=ROLES, help="角色：单位审核 或 主管部门复核")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    add.add_argument("--replace", action="store_true", help="用户已存在时重设其角色与密码")
    add.add_argument("--state-dir", type=Path, default=None, help="状态目录（默认 ~/.cache/preaudit）")

    log = sub.add_parser("review-log", help="导出并校验审核记录（OUT/review.sqlite）",
                         description="导出审核记录（CSV 或 JSON，写到标准输出）；--verify 校验哈希链。"
                                     "退出状态：0 哈希链完整；1 哈希链被改动（指出第一条有问题的记录）。")
    log.add_argument("out", type=Path, help="输出文件夹")
    log.add_argument("--verify", action="store_true", help="只校验哈希链，不导出（与 --format 同用时导出后校验；导出时总会校验）")
    log.add_argument("--format", choices=("csv", "json"), default=None, help="导出格式（未给 --verify 时默认 csv）")


def cmd_review(args: argparse.Namespace) -> int:
    if not (args.out / "batch.json").is_file() and not any(args.out.glob("*/report.json")):
        print(f"错误：{args.out} 不是预审输出文件夹（没有 batch.json 或 */report.json）", file=sys.stderr)
        return 2
    from preaudit.workbench.app import serve
    from preaudit.workbench.users import load_users

    if not load_users(args.state_dir):
        print("注意：尚无审核人员账号，请先运行 preaudit review-user add 用户名 --role 单位审核", file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"注意：监听 {args.host}，其他计算机也能访问本工作台（明文 HTTP，未加密）", file=sys.stderr)
    print(f"审核工作台：http://{args.host}:{args.port}/ （Ctrl+C 停止）", file=sys.stderr)
    serve(args.out, args.host, args.port, args.state_dir)
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        raise UserError("两次输入的密码不一致")
    return first


def cmd_review_user(args: argparse.Namespace) -> int:
    try:
        user = add_user(args.name, args.role, _read_password(args.password_stdin), args.state_dir, replace=args.replace)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(f"已添加审核人员：{user.name}（{user.role}）", file=sys.stderr)
    return 0


def _export(out: Path, fmt: str) -> None:
    rows = [e.as_dict() for e in trail.entries(out)]
    if fmt == "json":
        json.dump({"schema": "preaudit.review-log/1", "entries": rows}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    writer = csv.writer(sys.stdout, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(trail.COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(json.dumps(row[c], ensure_ascii=False, sort_keys=True) if c == "payload" else row[c])
                         for c in trail.COLUMNS])


def cmd_review_log(args: argparse.Namespace) -> int:
    if not args.out.is_dir():
        print(f"错误：{args.out} 不存在", file=sys.stderr)
        return 2
    if args.format or not args.verify:
        _export(args.out, args.format or "csv")
    result = trail.verify(args.out)  # an export is verified too: its exit status says whether to trust it
    if not result.ok:
        print(f"审核记录哈希链校验失败：{result.reason}", file=sys.stderr)
        return 1
    print(f"审核记录哈希链完整：共{result.rows}条，末条哈希 {result.head}", file=sys.stderr)
    for problem in result.problems:
        print(f"注意：{problem}", file=sys.stderr)
    return 0


def run_command(args: argparse.Namespace) -> int:
    if args.command == "review":
        return cmd_review(args)
    if args.command == "review-user":
        return cmd_review_user(args)
    return cmd_review_log(args)
