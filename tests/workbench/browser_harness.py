"""Real-browser harness for the workbench: Debian's Chromium driven by Playwright, the app served by
uvicorn on 127.0.0.1 (a free port) in a background thread.

No browser is downloaded (`playwright install` is never run): Playwright launches the system
Chromium (`make test` installs it with apt-get when it is missing). The flags keep Chromium off the
network (no background requests, component updates, sync or QUIC), so that the only connections it
makes are to the loopback server; every host name but 127.0.0.1 is mapped to "not found"
(--host-resolver-rules), and the native network guard of tests/flows/netguard is preloaded into
Chromium's processes to record any lookup or connection that is still tried. Chinese text is drawn with the Noto Sans SC of the `dev` extra
(pylopdf-fonts-zh-cn), added through a fontconfig file of our own, so that screenshots are readable
on a machine without CJK fonts.

The tests are skipped only when PREAUDIT_NO_BROWSER=1 says so; a missing Chromium or Playwright is
otherwise a failure, so that CI cannot pass without having run them.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PREAUDIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # every host name unresolvable but the loopback address the server listens on
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
SKIP_VAR = "PREAUDIT_NO_BROWSER"


def require_browser() -> None:
    """Skip when PREAUDIT_NO_BROWSER=1; fail, saying what to install, when the browser is missing."""
    if os.environ.get(SKIP_VAR) == "1":
        pytest.skip(f"{SKIP_VAR}=1: real-browser tests skipped")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        pytest.fail(f"Python package playwright is missing ({exc}): `pip install -e '.[dev]'` (make test does), "
                    f"or set {SKIP_VAR}=1 to skip the browser tests", pytrace=False)
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (make test does), "
                    f"point PREAUDIT_CHROMIUM at it, or set {SKIP_VAR}=1 to skip the browser tests", pytrace=False)


def fontconfig_file(folder: Path) -> Path:
    """A fontconfig file: the system's configuration plus the Noto Sans SC shipped with the dev extra."""
    import pylopdf_fonts_zh_cn

    fonts = Path(pylopdf_fonts_zh_cn.__file__).parent
    system = '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
    (folder / "cache").mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  {system}\n  <dir>{fonts}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n"
        "  <alias><family>sans-serif</family><prefer><family>Noto Sans SC</family></prefer></alias>\n"
        "</fontconfig>\n", encoding="utf-8")
    return conf


def network_guard(folder: Path) -> dict[str, str]:
    """The native network guard of tests/flows/netguard (LD_PRELOAD) for Chromium's processes: a
    lookup or a non-loopback connect is refused and written to PREAUDIT_NET_LOG. {} without a C compiler."""
    netguard = Path(__file__).resolve().parents[1] / "flows" / "netguard"
    sys.path.insert(0, str(netguard))
    try:
        from native import build_preload, compiler
    finally:
        sys.path.remove(str(netguard))
    if compiler() is None:
        return {}
    return {"LD_PRELOAD": str(build_preload(folder)), "PREAUDIT_NET_LOG": str(folder / "net.log")}


# Chromium's IPv6 reachability check (net/dns/host_resolver_manager.cc, kIPv6ProbeAddress): connect() of
# a UDP socket to Google's public DNS address, which sends no packet (and the guard refuses it anyway);
# no switch turns it off. Any other lookup or connection counts.
IPV6_PROBE = "native connect 2001:4860:4860::8888 port 443"


def network_attempts(env: dict[str, str]) -> list[str]:
    """What the guard refused and recorded, less Chromium's IPv6 probe."""
    log = Path(env.get("PREAUDIT_NET_LOG", "/nonexistent"))
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [line for line in lines if not line.endswith(IPV6_PROBE)]


def launch(playwright, folder: Path, guard: dict[str, str] | None = None):
    env = {k: v for k, v in os.environ.items() if k not in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}
    env.update(guard or {})
    env["FONTCONFIG_FILE"] = str(fontconfig_file(folder))
    env["HOME"] = str(folder)  # nothing of the user's profile; Playwright gives each launch a fresh user-data-dir
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env, timeout=60_000)


def LiveServer(out: Path, state: Path):  # noqa: N802 - the tests' name for the app's own loopback server
    """The workbench on 127.0.0.1 in a daemon thread (preaudit.workbench.app.LoopbackServer)."""
    from preaudit.workbench.app import LoopbackServer

    return LoopbackServer(out, state)


def copy_out(base: Path, dest: Path) -> Path:
    return Path(shutil.copytree(base, dest))
