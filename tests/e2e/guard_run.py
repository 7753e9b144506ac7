"""Run `preaudit` with every outbound connection and DNS lookup refused and recorded.

Used by test_offline.py in a fresh process, so that model loading is covered too. The guard is
the one the flow tests use (tests/flows/netguard): attempts are appended to $PREAUDIT_NET_LOG;
loopback and Unix sockets pass. Lookups and connects made from C code are caught by the native
guard test_offline.py preloads (tests/flows/netguard/netguard_preload.c, LD_PRELOAD).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "flows" / "netguard"))
import netguard_impl  # noqa: E402,F401 - installs the guard on import, before anything else loads

from preaudit.pipeline.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
