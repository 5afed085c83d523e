"""Fail CI on any known vulnerability in the installed (locked) dependencies.

Runs pip-audit against the project's virtualenv with PyPI's vulnerability data
(the JSON API of pypi.org). If that data cannot be reached at all (an offline
mirror), the audit did not happen: say so loudly, and fail too when
DATELINE_AUDIT_REQUIRED=1 (set it where pypi.org is reachable).
Ignoring a vulnerability: add `--ignore-vuln ID` below with the reason beside it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent.parent / ".venv"
IGNORED: list[str] = []  # e.g. ["--ignore-vuln", "PYSEC-0000-00"],  # why it does not apply

result = subprocess.run(
    [str(VENV / "bin" / "pip-audit"), "--vulnerability-service", "pypi", "--format", "json",
     "--skip-editable", "--progress-spinner", "off", "--path", *map(str, sorted(
         (VENV / "lib").glob("python3*/site-packages"))), *IGNORED],
    capture_output=True, text=True, timeout=600,
)  # fmt: skip
try:
    report = json.loads(result.stdout)
except ValueError:
    sys.exit(f"pip-audit failed:\n{result.stderr}")
audited = [d for d in report["dependencies"] if "skip_reason" not in d]
skipped = [d for d in report["dependencies"] if "skip_reason" in d]
vulnerable = [d for d in audited if d["vulns"]]
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln["fix_versions"]) or "no fix yet"
        print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
if vulnerable:
    sys.exit(f"{len(vulnerable)} dependencies have known vulnerabilities")
if not audited:
    print(
        f"WARNING: the vulnerability data could not be reached; {len(skipped)} packages NOT audited"
    )
    sys.exit(1 if os.environ.get("DATELINE_AUDIT_REQUIRED") == "1" else 0)
for dep in skipped:
    print(f"not audited: {dep['name']} {dep['version']}: {dep['skip_reason']}")
print(f"No known vulnerabilities in {len(audited)} packages")
sys.exit(1 if skipped and os.environ.get("DATELINE_AUDIT_REQUIRED") == "1" else 0)
