"""Benchmark of the installed `debtplan` command against the interpreter's floors.

Run it by hand (pytest never collects it: tests/benchmarks is ignored)::

    .venv/bin/python tests/benchmarks/bench_cli.py [--runs 15] [--only startup|scale]

It writes its own loan files into a temporary folder (through the store, as `add` and
`pay` would) and runs the commands in fresh processes, the way cron and shell loops do:

- **startup**: a 50-loan book, 4,050 payments (about 185 KB). ``due --json`` (the cache
  warm, as from the second cron run on) and ``due --json`` with ``DEBTPLAN_CACHE=0`` are
  timed against ``python -c "import typer"``, the floor for any Typer program. Runs
  alternate between the commands; the report gives medians and their ratio to the floor.
- **scale**: a 1,000-loan book with 10 years of monthly payments on 20-year loans
  (120,000 payments), timed for ``pay`` (a payment more each round, first in the round,
  so the commands after it read the book that save left), ``list --json``, ``check``,
  ``show`` and ``due --json`` with the cache warm (as every save leaves it) and without it
  (``DEBTPLAN_CACHE=0``: parse, validate, the whole ledger); then a 1,000-loan book of
  50-year loans, nothing overdue, for ``plan`` and ``plan --json`` with a budget a unit
  above the minimums (the plan runs the 50 years; its JSON, every month of every loan,
  is about 64 MB for 1,000 loans).
  Each against the floor, and the 1,000-loan figures against 100 loans (10x the work
  should take at most about 10x the time above the floor: nothing quadratic).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from time import perf_counter

from debtplan.store import SCHEMA_VERSION, write_document

BIN = Path(sys.executable).parent
DEBTPLAN = str(BIN / "debtplan")
TODAY = "2026-11-28"
FLOOR = [sys.executable, "-c", "import typer"]


def monthly(principal: Decimal, percent: Decimal, months: int) -> Decimal:
    """The annuity payment P*r / (1 - (1+r)^-n), r = percent / 1200, to the cent."""
    r = percent / 1200
    amount = principal * r / (1 - (1 + r) ** -months)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def book(loans: int, term: int, paid_months: int, start: date) -> dict[str, object]:
    """``loans`` annuity loans of ``term`` months from ``start``, ``paid_months`` paid on
    time; every tenth a month late (it is overdue, with a penalty and a late fee)."""
    items = []
    for k in range(loans):
        principal = Decimal(10_000 + 97 * k)
        percent = Decimal(4 + k % 20)
        payment = monthly(principal, percent, term)
        paid = paid_months - (k % 10 == 0)
        items.append({
            "name": f"loan {k:04d}", "currency": "CNY" if k % 3 else "USD",
            "method": "annuity", "principal": principal, "rate": f"{percent}%",
            "term": term, "start": start, "penalty_rate": "0.05%/day",
            "late_fee": Decimal("30.00"),
            "payments": [{"date": add_months(start, m), "amount": payment}
                         for m in range(1, paid + 1)],
        })  # fmt: skip
    return {"schema_version": SCHEMA_VERSION, "loans": items}


def run_once(command: list[str], env: dict[str, str]) -> float:
    started = perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = perf_counter() - started
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"{command} failed: {done.stderr.decode()}")
    return elapsed


def medians(cases: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """Median seconds of each case, the cases run in turn (alternating) ``runs`` times."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for command, env in cases.values():  # warm up: caches, the OS's file cache
        run_once(command, env)
    for _ in range(runs):
        for name, (command, env) in cases.items():
            times[name].append(run_once(command, env))
    return {name: statistics.median(values) for name, values in times.items()}


def report(title: str, results: dict[str, float], floor: float) -> None:
    print(f"\n{title}")
    for name, seconds in results.items():
        print(f"  {name:<44} {seconds * 1000:8.1f} ms  {seconds / floor:6.2f}x the floor")


def environment(path: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "DEBTPLAN_FILE": str(path), "DEBTPLAN_TODAY": TODAY, **more}


def startup(folder: Path, runs: int) -> None:
    path = folder / "fifty.toml"
    write_document(path, book(50, 120, 81, date(2020, 1, 15)))
    size = path.stat().st_size
    env, cold = environment(path), environment(path, DEBTPLAN_CACHE="0")
    results = medians({
        "python -c 'import typer' (the floor)": (FLOOR, env),
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "debtplan due --json": ([DEBTPLAN, "due", "--json"], env),
        "debtplan due": ([DEBTPLAN, "due"], env),
        "debtplan due --json (DEBTPLAN_CACHE=0)": ([DEBTPLAN, "due", "--json"], cold),
        "debtplan --version (Typer, nothing read)": ([DEBTPLAN, "--version"], env),
    }, runs)  # fmt: skip
    floor = results["python -c 'import typer' (the floor)"]
    report(f"startup: 50 loans, 4,050 payments, {size / 1024:.0f} KB; medians of {runs} "
           "alternating runs", results, floor)  # fmt: skip


def scale(folder: Path, runs: int) -> None:
    for loans in (100, 1000):
        path = folder / f"book{loans}.toml"
        write_document(path, book(loans, 240, 120, date(2016, 10, 15)))
        plan_path = folder / f"plan{loans}.toml"
        # Signed a fortnight ago, the first installment due next month: nothing is overdue,
        # so the budget below covers every minimum and the plan runs (an overdue first
        # installment would make it a "budget too short" refusal, timing the error path).
        write_document(plan_path, book(loans, 600, 0, date(2026, 11, 15)))
        env, cold = environment(path), environment(path, DEBTPLAN_CACHE="0")
        plan_env = environment(plan_path)
        # A budget a unit above the minimums: the plan runs about the 50 years.
        budget = {"CNY": Decimal(1), "USD": Decimal(1)}
        for k in range(loans):
            budget["CNY" if k % 3 else "USD"] += monthly(Decimal(10_000 + 97 * k),
                                                          Decimal(4 + k % 20), 600)  # fmt: skip
        budgets = ["--budget", f"CNY={budget['CNY']}", "--budget", f"USD={budget['USD']}"]
        for command in (["plan", *budgets], ["plan", "--json", *budgets]):  # it must succeed
            done = subprocess.run([DEBTPLAN, *command], env=plan_env, capture_output=True)
            if done.returncode != 0:
                raise SystemExit(f"plan failed: {done.stderr.decode()[:500]}")
        results = medians({
            "python -c 'import typer' (the floor)": (FLOOR, env),
            # First in each round, so every command after it reads the book a save left.
            "pay 'loan 0002' 1": ([DEBTPLAN, "pay", "loan 0002", "1", "--date", TODAY], env),
            "list --json": ([DEBTPLAN, "list", "--json"], env),
            "list --json (DEBTPLAN_CACHE=0)": ([DEBTPLAN, "list", "--json"], cold),
            "check": ([DEBTPLAN, "check"], env),
            "check (DEBTPLAN_CACHE=0)": ([DEBTPLAN, "check"], cold),
            "show 'loan 0001' --json": ([DEBTPLAN, "show", "loan 0001", "--json"], env),
            "due --json": ([DEBTPLAN, "due", "--json"], env),
            "due --json (DEBTPLAN_CACHE=0)": ([DEBTPLAN, "due", "--json"], cold),
            "plan (50-year loans)": ([DEBTPLAN, "plan", *budgets], plan_env),
            "plan --json (50-year loans)": ([DEBTPLAN, "plan", "--json", *budgets], plan_env),
        }, runs)  # fmt: skip
        floor = results["python -c 'import typer' (the floor)"]
        payments = loans * 120
        report(f"scale: {loans:,} loans, {payments:,} payments, "
               f"{path.stat().st_size / 2**20:.1f} MB; plan: {loans:,} loans of 600 months; "
               f"medians of {runs} alternating runs", results, floor)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", choices=["startup", "scale"])
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "startup"):
            startup(Path(folder), args.runs)
        if args.only in (None, "scale"):
            scale(Path(folder), max(3, args.runs // 3))


if __name__ == "__main__":
    main()
