"""Twenty `debtplan pay` commands at once, through the installed command, the way a cron
job and a person typing at the same minute would run it: every payment lands."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

DEBTPLAN = Path(sys.executable).parent / "debtplan"

# The figure quoted in the README's "Your data" section.
CONCURRENT_PAYMENTS = 20

pytestmark = pytest.mark.skipif(not DEBTPLAN.exists(), reason="debtplan is not installed")


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DEBTPLAN), *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_twenty_pay_commands_started_at_once_all_land(tmp_path: Path) -> None:
    loans = tmp_path / "loans.toml"
    env = {
        "PATH": f"{DEBTPLAN.parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DEBTPLAN_FILE": str(loans),
        "DEBTPLAN_TODAY": "2026-11-28",
        "NO_COLOR": "1",
    }
    added = run("add", "车贷", "--principal", "10000", "--rate", "12%", "--term", "12",
                "--start", "2026-01-15", "--currency", "CNY", env=env)  # fmt: skip
    assert added.returncode == 0, added.stderr

    # Started back to back, without waiting: all twenty are importing, reading and
    # queueing for the lock at the same time.
    payers = [
        subprocess.Popen(
            [str(DEBTPLAN), "pay", "车贷", "1", "--note", f"payer {n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(CONCURRENT_PAYMENTS)
    ]
    outcomes = [(*payer.communicate(timeout=120), payer.returncode) for payer in payers]
    assert [code for _out, _err, code in outcomes] == [0] * CONCURRENT_PAYMENTS, outcomes
    assert all("Recorded 1.00 CNY" in err for _out, err, _code in outcomes)

    listed = run("payments", "车贷", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    payments = json.loads(listed.stdout)["payments"]
    assert len(payments) == CONCURRENT_PAYMENTS
    assert [p["amount"] for p in payments] == ["1.00"] * CONCURRENT_PAYMENTS
    assert sorted(p["note"] for p in payments) == sorted(
        f"payer {n}" for n in range(CONCURRENT_PAYMENTS)
    )
    assert sum(Decimal(p["amount"]) for p in payments) == Decimal("20.00")
    assert [p["number"] for p in payments] == list(range(1, CONCURRENT_PAYMENTS + 1))

    # The ledger agrees: 20.00 paid, nothing counted twice.
    shown = json.loads(run("show", "车贷", "--json", env=env).stdout)
    assert shown["total_paid"] == "20.00"
    assert shown["payments"] == CONCURRENT_PAYMENTS
    # Every save kept the version before it; the newest kept version holds 19 payments.
    history = sorted((tmp_path / "loans.toml.history").glob("*.toml"))
    assert len(history) == 10
    assert history[-1].read_text(encoding="utf-8").count("payer ") == CONCURRENT_PAYMENTS - 1
    assert not list(tmp_path.glob(".*.tmp"))
