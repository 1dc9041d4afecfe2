#!/usr/bin/env python3
"""The runbook's `python scripts/backup_db.py`: runs `kit backup-db` with the same arguments."""
import os
import sys

KIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kit")
os.execv(KIT, [KIT, "backup-db", *sys.argv[1:]])
