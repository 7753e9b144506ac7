"""Loaded by every Python process the flow tests start (PYTHONPATH): record, and refuse, any
connection or DNS lookup that is not loopback or a Unix socket. Set up by tests/flows/conftest.py."""

import os

if os.environ.get("PREAUDIT_NET_LOG"):
    import sys

    sys.path.insert(0, os.path.dirname(__file__))
    import netguard_impl  # noqa: F401  - installs the guard on import
