"""Benchmark of the installed `debtplan` command against the floor of any Typer command.

Run it by hand (pytest never collects it: tests/benchmarks is ignored)::

    python tests/benchmarks/bench_cli.py [--runs 7] [--only personal|scale]

It writes its own loan files into a temporary folder (through the store, as `add` and
`pay` would) and runs each command as a whole process, the way cron and shell loops do,
interleaved with the floor in the same rounds; it reports medians and their ratio to the
floor, a Typer hello-world app with one option (tests/benchmarks/hello.py).

- **personal**: a heavy personal book, 30 loans with 10 years of monthly payments
  (every tenth loan a month late): every command people and cron run, against the goals
  of issue 12 (1.3x the floor for reads, 1.6x for `pay`, 2x for `export --format ics`).
- **scale**: 100 and 1,000 such loans (120,000 payments): every read command, against
  25x the floor, and the 1,000-loan time above the floor against 10x the 100-loan one
  (nothing quadratic).
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


HELLO = [sys.executable, str(Path(__file__).with_name("hello.py")), "--name", "x"]
FLOOR_NAME = "typer hello-world, one option (the floor)"


def run_once(command: list[str], env: dict[str, str]) -> float:
    started = perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = perf_counter() - started
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"{command} failed: {done.stderr.decode()}")
    return elapsed


Case = tuple[list[str], dict[str, str], float | None]  # command, environment, goal (x floor)


def medians(cases: dict[str, Case], runs: int) -> dict[str, float]:
    """Median seconds of each case, the cases run in turn (interleaved) ``runs`` times."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for command, env, _goal in cases.values():  # warm up: the OS's file cache, .pyc files
        run_once(command, env)
    for _ in range(runs):
        for name, (command, env, _goal) in cases.items():
            times[name].append(run_once(command, env))
    return {name: statistics.median(values) for name, values in times.items()}


def report(title: str, cases: dict[str, Case], results: dict[str, float]) -> None:
    floor = results[FLOOR_NAME]
    print(f"\n{title}")
    print(f"  {'command':<46} {'median':>9}  {'x floor':>7}  goal")
    for name, seconds in results.items():
        goal = cases[name][2]
        ratio = seconds / floor
        verdict = "" if goal is None else f"<= {goal}x  {'met' if ratio <= goal else 'MISSED'}"
        print(f"  {name:<46} {seconds * 1000:7.1f} ms  {ratio:6.2f}x  {verdict}")


def environment(path: Path, **more: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DEBTPLAN_")}
    return {**env, "DEBTPLAN_FILE": str(path), "DEBTPLAN_TODAY": TODAY, "NO_COLOR": "1",
            "COLUMNS": "100", **more}  # fmt: skip


def budgets(loans: int, term: int) -> list[str]:
    """Twice the installments of every loan, per currency: a budget every plan can run on."""
    total = {"CNY": Decimal(0), "USD": Decimal(0)}
    for k in range(loans):
        total["CNY" if k % 3 else "USD"] += 2 * monthly(Decimal(10_000 + 97 * k),
                                                        Decimal(4 + k % 20), term)  # fmt: skip
    return ["--budget", f"CNY={total['CNY']}", "--budget", f"USD={total['USD']}"]


def personal(folder: Path, runs: int) -> None:
    path = folder / "personal.toml"
    write_document(path, book(30, 240, 120, date(2016, 10, 15)))
    env = environment(path)
    completion = {**env, "_DEBTPLAN_COMPLETE": "complete_bash",
                  "COMP_WORDS": "debtplan show loan", "COMP_CWORD": "2"}  # fmt: skip
    ics = str(folder / "out.ics")
    plan = budgets(30, 240)
    d = DEBTPLAN
    cases: dict[str, Case] = {
        FLOOR_NAME: (HELLO, env, None),
        "due": ([d, "due"], env, 1.3),
        "due --json": ([d, "due", "--json"], env, 1.3),
        "list": ([d, "list"], env, 1.3),
        "list --json": ([d, "list", "--json"], env, 1.3),
        "show 'loan 0001'": ([d, "show", "loan 0001"], env, 1.3),
        "overdue": ([d, "overdue"], env, 1.3),
        "check": ([d, "check"], env, 1.3),
        "schedule 'loan 0001'": ([d, "schedule", "loan 0001"], env, 1.3),
        "plan": ([d, "plan", *plan], env, 1.3),
        "plan --compare --json": ([d, "plan", "--compare", "--json", *plan], env, 1.3),
        "message 'loan 0000' --kind waiver": ([d, "message", "loan 0000", "--kind", "waiver"],
                                              env, 1.3),
        "pay 'loan 0002' 1 (a write with history)": (
            [d, "pay", "loan 0002", "1", "--date", TODAY], env, 1.6),
        "export --format ics": ([d, "export", "--format", "ics", "--out", ics], env, 2.0),
        "TAB completion of a loan name": ([d], completion, 1.3),
    }  # fmt: skip
    results = medians(cases, runs)
    report(f"personal: 30 loans x 120 payments, {path.stat().st_size / 1024:.0f} KB; "
           f"medians of {runs} interleaved runs", cases, results)  # fmt: skip


def scale(folder: Path, runs: int) -> None:
    above: dict[int, dict[str, float]] = {}
    for loans in (100, 1000):
        path = folder / f"book{loans}.toml"
        write_document(path, book(loans, 240, 120, date(2016, 10, 15)))
        env = environment(path)
        d = DEBTPLAN
        cases: dict[str, Case] = {
            FLOOR_NAME: (HELLO, env, None),
            "due --json": ([d, "due", "--json"], env, 25),
            "list --json": ([d, "list", "--json"], env, 25),
            "show 'loan 0001' --json": ([d, "show", "loan 0001", "--json"], env, 25),
            "overdue --json": ([d, "overdue", "--json"], env, 25),
            "check": ([d, "check"], env, 25),
            "schedule 'loan 0001'": ([d, "schedule", "loan 0001"], env, 25),
            "plan": ([d, "plan", *budgets(loans, 240)], env, 25),
            "export --format ics": ([d, "export", "--format", "ics", "--out",
                                     str(folder / "scale.ics")], env, 25),
        }  # fmt: skip
        results = medians(cases, runs)
        report(f"scale: {loans:,} loans x 120 payments, {path.stat().st_size / 2**20:.1f} MB; "
               f"medians of {runs} interleaved runs", cases, results)  # fmt: skip
        floor = results[FLOOR_NAME]
        above[loans] = {name: seconds - floor for name, seconds in results.items()}
    print("\n  linear from 100 to 1,000 loans: time above the floor, 1,000 / 100 (10x the work)")
    for name, seconds in above[1000].items():
        if name != FLOOR_NAME:
            print(f"  {name:<46} {seconds / max(above[100][name], 1e-3):6.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=["personal", "scale"])
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "personal"):
            personal(Path(folder), args.runs)
        if args.only in (None, "scale"):
            scale(Path(folder), max(5, args.runs // 2))


if __name__ == "__main__":
    main()
