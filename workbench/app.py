"""The workbench's web app (FastAPI, server-rendered Jinja2): login, the queue, the case page,
decisions and ID reveals, each written to the trail.

Every page needs a session (a signed cookie); every POST carries the session's CSRF token (the
login form a token of its own, double-submitted in a cookie). Forms are read from the urlencoded
body with the standard library, so no multipart parser is needed. Pages are sent with a strict
Content-Security-Policy (own scripts and styles only, images from data: URIs and the page
previews served here) and no-store.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from preaudit.pipeline import __version__
from preaudit.workbench import session as sessions
from preaudit.workbench import trail
from preaudit.workbench.cases import Applicant, Reports
from preaudit.workbench.corrections import ACTION as CORRECTION
from preaudit.workbench.corrections import CorrectionError, correction_payload, holds_id, keep_value, typed_value, value_digest
from preaudit.workbench.crops import crops_by_finding
from preaudit.workbench.pages import image_file, previews
from preaudit.workbench.publish import publish, refresh
from preaudit.workbench.rerun import crops_in_force, in_force
from preaudit.workbench.signoff import LEVELS, final_verdict, may_sign, snapshot
from preaudit.workbench.users import ROLES, authenticate, session_secret
from preaudit.workbench.views import PAGE_SIZE, SORTS, VERDICTS, case_view, field_view, queue_page

HERE = Path(__file__).parent
LOGIN_COOKIE = "preaudit_login"
MAX_FORM = 64 * 1024
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def cn_number(n: int) -> str:
    """一 … 十九, as the 一次性告知单 numbers its groups; larger numbers as digits."""
    digits = "一二三四五六七八九"
    if 1 <= n <= 9:
        return digits[n - 1]
    if 10 <= n <= 19:
        return "十" + (digits[n - 11] if n > 10 else "")
    return str(n)


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.filters["u"] = lambda s: quote(str(s), safe="")
    env.filters["cn"] = cn_number
    env.globals.update(version=__version__, roles=ROLES, verdicts=VERDICTS, page_size=PAGE_SIZE)
    return env


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM:
        return {}
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=50)
    return {k: v[0] for k, v in parsed.items()}


def _index(text: str | None) -> int:
    """A list index from a form: digits only (no sign, so never counted from the end)."""
    if not text or not text.isdigit() or len(text) > 6:
        raise ValueError(text)
    return int(text)


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def create_app(out: Path, state_dir: Path | None = None) -> FastAPI:
    """The app over one audited OUT folder; users and the cookie key come from `state_dir`."""
    out = Path(out)
    secret = session_secret(out, state_dir)
    reports = Reports(out)
    env = _templates()
    app = FastAPI(title="preaudit 审核工作台", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def applicant(key: str) -> Applicant | None:
        """The applicant with the findings in force (re-run on corrections: workbench/rerun.py)."""
        found = reports.get(key)
        return in_force(found, trail.entries(out, key), out, state_dir) if found is not None else None

    def page(name: str, status: int = 200, cookie: tuple[str, str] | None = None, **ctx: Any) -> HTMLResponse:
        resp = HTMLResponse(env.get_template(name).render(**ctx), status_code=status, headers=HEADERS)
        if cookie:
            resp.set_cookie(cookie[0], cookie[1], httponly=True, samesite="strict", path="/")
        return resp

    def current(request: Request) -> sessions.Session | None:
        return sessions.load(secret, request.cookies.get(sessions.COOKIE))

    def to_login(request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    def refused(status: int = 403, message: str = "请求无效或已过期（CSRF 校验失败），请刷新页面后重试。") -> HTMLResponse:
        return page("message.html", status, title="操作被拒绝", message=message, session=None)

    @app.middleware("http")
    async def headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        resp = await call_next(request)
        for k, v in HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        return page("login.html", csrf=token, next=_safe_next(next), error="", session=None, cookie=(LOGIN_COOKIE, token))

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await _form(request)
        cookie_token = request.cookies.get(LOGIN_COOKIE, "")
        token = form.get("csrf", "")
        if not cookie_token or not secrets.compare_digest(cookie_token.encode(), token.encode()):
            return refused()
        user = authenticate(form.get("username", ""), form.get("password", ""), state_dir)
        if user is None:
            fresh = secrets.token_urlsafe(24)
            return page("login.html", 401, csrf=fresh, next=_safe_next(form.get("next")), error="用户名或密码错误。",
                        session=None, cookie=(LOGIN_COOKIE, fresh))
        resp = RedirectResponse(_safe_next(form.get("next")), status_code=303)
        resp.set_cookie(sessions.COOKIE, sessions.dump(secret, sessions.new_session(user.name, user.role)),
                        httponly=True, samesite="strict", path="/", max_age=sessions.MAX_AGE)
        resp.delete_cookie(LOGIN_COOKIE, path="/")
        return resp

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        s = current(request)
        if not sessions.csrf_ok(s, (await _form(request)).get("csrf")):
            return refused()
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(sessions.COOKIE, path="/")
        return resp

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, verdict: str = "", state: str = "", q: str = "", sort: str = "verdict",
              page_no: int = Query(1, alias="page")) -> Response:
        s = current(request)
        if s is None:
            return to_login(request)
        verdict = verdict if verdict in VERDICTS else ""
        state = state if state in ("未审", "审核中", "已审") else ""
        sort = sort if sort in SORTS else "verdict"
        rows_all = trail.entries(out)
        corrected = {e.applicant for e in rows_all if e.action == CORRECTION}
        applicants = [in_force(a, [e for e in rows_all if e.applicant == a.key], out, state_dir) if a.key in corrected else a
                      for a in reports.all()]
        result = queue_page(applicants, rows_all, verdict=verdict, state=state, q=q[:64], sort=sort,
                            page=page_no)
        return page("queue.html", session=s, result=result, verdict=verdict, state=state, q=q[:64], sort=sort,
                    sorts=SORTS, out_name=out.name)

    def show_case(s: sessions.Session, key: str, status: int = 200, error: str = "",
                  revealed: dict[tuple[int, str], str] | None = None) -> HTMLResponse:
        a = applicant(key)
        if a is None:
            return page("message.html", 404, title="未找到", message="没有这位申报人的报告。", session=s)
        rows = trail.entries(out, key)
        refresh(out, a, rows)
        view = case_view(a, rows, crops_in_force(a, crops_by_finding(out / key / "report.html")), revealed, s.role,
                         previews(out / key))
        return page("case.html", status, session=s, case=view, error=error)

    @app.get("/case/{key}", response_class=HTMLResponse)
    def case(request: Request, key: str) -> Response:
        s = current(request)
        if s is None:
            return to_login(request)
        return show_case(s, key)

    @app.get("/case/{key}/report.html", response_class=HTMLResponse)
    def report_html(request: Request, key: str) -> Response:
        s = current(request)
        if s is None:
            return to_login(request)
        folder = reports.folder(key)
        if folder is None or not (folder / "report.html").is_file():
            return page("message.html", 404, title="未找到", message="没有这位申报人的报告。", session=s)
        # the audit's own page (ID numbers masked there): its inline style and data: crops only
        return HTMLResponse((folder / "report.html").read_bytes(), headers=HEADERS | {
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"})

    @app.get("/case/{key}/page/{name}")
    def page_image(request: Request, key: str, name: str) -> Response:
        """A page preview the audit wrote (OUT/<key>/pages/<n>.jpg, ID numbers blacked out)."""
        s = current(request)
        if s is None:
            return to_login(request)
        folder = reports.folder(key)
        path = image_file(folder, name) if folder is not None else None
        if path is None:
            return page("message.html", 404, title="未找到", message="没有这一页的页面图像。", session=s)
        return Response(path.read_bytes(), media_type="image/jpeg", headers=HEADERS)

    async def posted(request: Request, key: str, login_if_empty: bool = False) -> Response | tuple[Any, dict, Any]:
        """What every POST on a case checks first: a session (else the login page for a bare POST where
        `login_if_empty`, else 401), its CSRF token, and the applicant; (session, form, applicant in force)
        or the response that refuses the request."""
        s = current(request)
        form = await _form(request)
        if s is None:
            return to_login(request) if login_if_empty and not form else refused(401, "请先登录。")
        if not sessions.csrf_ok(s, form.get("csrf")):
            return refused()
        a = applicant(key)
        if a is None:
            return show_case(s, key)
        return s, form, a

    @app.post("/case/{key}/decide")
    async def decide(request: Request, key: str) -> Response:
        got = await posted(request, key, login_if_empty=True)
        if isinstance(got, Response):
            return got
        s, form, a = got
        try:
            k = a.keys[_index(form.get("index"))]
        except (ValueError, IndexError):
            return show_case(s, key, 400, "审核意见对应的发现不存在，请刷新页面。")
        if k.finding_id != form.get("finding_id") or k.evidence_hash != form.get("evidence_hash"):
            return show_case(s, key, 409, "报告已重新生成，该发现的证据已变化：请核对更新后的证据再提交审核意见。")
        try:
            trail.append(out, user=s.user, role=s.role, applicant=key, action="decision", finding_id=k.finding_id,
                         evidence_hash=k.evidence_hash, reason=form.get("reason", "")[:2000],
                         payload={"decision": form.get("decision", ""), "lineage": k.lineage,
                                  "code": a.report.findings[k.index].code})
        except trail.TrailError as exc:
            return show_case(s, key, 400, str(exc))
        return RedirectResponse(f"/case/{quote(key, safe='')}#f{k.index}", status_code=303)

    @app.post("/case/{key}/sign")
    async def sign(request: Request, key: str) -> Response:
        got = await posted(request, key)
        if isinstance(got, Response):
            return got
        s, form, a = got
        if form.get("snapshot") != snapshot(a.keys):
            return show_case(s, key, 409, "报告已重新生成：请核对更新后的发现再签署。")
        rows = trail.entries(out, key)
        why = may_sign(s.role, a.keys, rows)
        if why:
            return show_case(s, key, 403, why)
        final = final_verdict(a.report.findings, a.keys, rows)
        if final.undecided:
            return show_case(s, key, 400, f"尚有{final.undecided}项错误或警告未审核（或审核意见已过期），不能签署。")
        trail.append(out, user=s.user, role=s.role, applicant=key, action="sign_off", evidence_hash=snapshot(a.keys),
                     reason=form.get("opinion", "")[:2000],
                     payload={"final": final.verdict, "final_zh": final.verdict_zh, "level": LEVELS[s.role],
                              "findings": len(a.keys)})
        try:  # the trail row is the sign-off; the reports follow it (workbench/publish.py)
            publish(out, a, trail.entries(out, key))
        except Exception as exc:  # noqa: BLE001 - the sign-off stands; say that the reports lag behind
            return show_case(s, key, 500, f"签署已记录，但复核意见未能写入报告：{exc}")
        return RedirectResponse(f"/case/{quote(key, safe='')}#signoff", status_code=303)

    @app.post("/case/{key}/reveal")
    async def reveal(request: Request, key: str) -> Response:
        got = await posted(request, key)
        if isinstance(got, Response):
            return got
        s, form, a = got
        doc_index, doc, name, fv = _posted_field(a, form)
        if fv is None:
            return show_case(s, key, 400, "要显示的字段不存在。")
        if not field_view(a.report, doc_index, name, {}).revealable:
            return show_case(s, key, 400, "该字段不是身份证号，无需显示完整内容。")
        if fv.source == "reviewer":
            return show_case(s, key, 400, "人工更正的号码不显示完整内容。")
        trail.append(out, user=s.user, role=s.role, applicant=key, action="reveal_id",
                     payload={"document": doc_index, "field": name, "file": doc.file, "type": doc.doc_type.value})
        return show_case(s, key, revealed={(doc_index, name): str(fv.value)})

    @app.post("/case/{key}/correct")
    async def correct(request: Request, key: str) -> Response:
        """A reviewer's correction of one field: a trail row, then the rules run again (workbench/rerun.py)."""
        got = await posted(request, key)
        if isinstance(got, Response):
            return got
        s, form, a = got
        doc_index, doc, name, fv = _posted_field(a, form)
        if fv is None:
            return show_case(s, key, 400, "要更正的字段不存在。")
        reason = form.get("reason", "").strip()[:2000]
        if not reason:
            return show_case(s, key, 400, "更正字段须填写理由。")
        if a.report.case is None:
            return show_case(s, key, 400, "该报告缺少重新核验所需的申报信息（请用新版本重新生成报告后再更正）。")
        try:
            value = typed_value(fv.value, form.get("value", ""))
        except CorrectionError as exc:
            return show_case(s, key, 400, str(exc))
        digest = keep_value(out, state_dir, value) if holds_id(name, value) else value_digest(value)
        try:
            trail.append(out, user=s.user, role=s.role, applicant=key, action=CORRECTION, reason=reason,
                         payload=correction_payload(a.report, doc_index, name, value, digest))
        except trail.TrailError as exc:
            return show_case(s, key, 400, str(exc))
        return RedirectResponse(f"/case/{quote(key, safe='')}#corrections", status_code=303)

    return app


def serve(out: Path, host: str = "127.0.0.1", port: int = 8765, state_dir: Path | None = None) -> None:
    """Serve the workbench with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(out, state_dir), host=host, port=port, log_level="warning", access_log=False,
                server_header=False)


def _posted_field(a: Any, form: dict) -> tuple[int, Any, str, Any]:
    """(document index, document, field name, field value) a form names; the value None when the
    document or the field does not exist."""
    name = form.get("field", "")
    try:
        doc_index = _index(form.get("document"))
        doc = a.report.documents[doc_index]
    except (ValueError, IndexError):
        return -1, None, name, None
    return doc_index, doc, name, doc.fields.get(name)


class LoopbackServer:
    """The workbench under uvicorn on 127.0.0.1, on a port the kernel picks, in a daemon thread, for as
    long as a `with` block runs (the browser tests and bench/workbench_load.py)."""

    def __init__(self, out: Path, state_dir: Path | None = None) -> None:
        import socket
        import threading

        import uvicorn

        self.out, self.state = Path(out), state_dir
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(self.out, state_dir), log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "LoopbackServer":
        import time

        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the workbench server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
