#!/usr/bin/env python3
"""The runbook's `python scripts/verify_audit_chain.py`: runs `kit verify-audit-chain` with the same arguments."""
import os
import sys

KIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kit")
os.execv(KIT, [KIT, "verify-audit-chain", *sys.argv[1:]])
