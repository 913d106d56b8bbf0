"""Benchmark of the payoff planner: the cost must grow linearly in debts x months.

Run it by hand (pytest never collects it: tests/benchmarks is ignored)::

    .venv/bin/python tests/benchmarks/bench_planner.py [--repeat 3] [--strategy avalanche]

It builds a book of installment debts whose fixed minimums pay each one off over
100-110 % of the horizon, with a budget 1.00 above the sum of minimums (so that
every month some money goes by strategy order); rollover ends the plan at about
the horizon. It prints the seconds per plan (best of ``--repeat``), the time per
debt-month, and the ratios of time and of debt-months against 100 debts x 50
years: 1,000 x 50 years does 10x the debt-months, 1,000 x 5 years about 1x.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from datetime import date
from decimal import ROUND_CEILING, Decimal

from debtplan.core.planner import Debt, Plan, PlannedRateChange, make_plan

AS_OF = date(2026, 1, 31)
CENT = Decimal("0.01")
CARD_FLOOR = Decimal(25)


def installment(principal: Decimal, annual_percent: Decimal, months: int) -> Decimal:
    """Annuity payment P*r*(1+r)^n / ((1+r)^n - 1), r = annual/1200, rounded up to the cent."""
    if not annual_percent:
        return (principal / months).quantize(CENT, rounding=ROUND_CEILING)
    r = annual_percent / 1200
    growth = (1 + r) ** months
    return (principal * r * growth / (growth - 1)).quantize(CENT, rounding=ROUND_CEILING)


def book(
    debts: int, years: int, seed: int = 2026
) -> tuple[list[Debt], Decimal, list[tuple[date, Decimal]]]:
    """``debts`` installment debts over 100-110 % of ``years``; a budget 1.00 above minimums.

    Rates 0-10 % (long loans); one debt in ten has a 0 % promotion for its first
    three months; one in five a percent minimum (0.1 %) with a floor, as cards have;
    one in twenty something overdue. Rollover ends the plan before the longest term,
    at about ``years``.
    """
    rng = random.Random(seed)
    horizon = years * 12
    book: list[Debt] = []
    for k in range(debts):
        balance = Decimal(rng.randint(50_000, 5_000_000)) / 100
        rate = Decimal(rng.randint(0, 1000)) / 100
        term = rng.randint(horizon, horizon * 11 // 10)
        fixed = installment(balance, rate, term)
        card = k % 5 == 1  # a percent minimum with a floor, computed every month like a card's
        if card:  # the installment stays the larger, so the budget covers every month's minimums
            fixed = max(
                fixed, (balance * Decimal("0.0011")).quantize(CENT, ROUND_CEILING), CARD_FLOOR
            )
        changes: tuple[PlannedRateChange, ...] = ()
        if k % 10 == 0:
            changes = (
                PlannedRateChange(AS_OF, Decimal(0)),
                PlannedRateChange(date(2026, 4, 30), rate),
            )
        book.append(
            Debt(
                name=f"debt {k:04d}",
                currency="CNY",
                balance=balance,
                annual_percent=rate,
                minimum_fixed=fixed,
                minimum_percent=Decimal("0.1") if card else Decimal(0),
                minimum_floor=CARD_FLOOR if card else Decimal(0),
                overdue=Decimal(rng.randint(0, 50_000)) / 100 if k % 20 == 3 else Decimal(0),
                rate_changes=changes,
            )
        )
    minimums = sum((debt.minimum_fixed for debt in book), Decimal(0))
    overdue = sum((debt.overdue for debt in book), Decimal(0))
    # Overdue amounts are paid in month 1 only: from month 2 the budget drops by them.
    return book, minimums + overdue + 1, [(date(2026, 3, 1), minimums + 1)]


def timed(
    debts: list[Debt],
    budget: Decimal,
    changes: list[tuple[date, Decimal]],
    strategy: str,
    repeat: int,
) -> tuple[float, Plan]:
    best = float("inf")
    plan = None
    for _ in range(repeat):
        started = time.perf_counter()
        plan = make_plan(debts, budget, strategy, AS_OF, budget_changes=changes)
        best = min(best, time.perf_counter() - started)
    assert plan is not None
    return best, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--strategy", default="avalanche")
    args = parser.parse_args()

    cases = [(100, 50), (1000, 5), (1000, 50)]
    print(f"strategy {args.strategy}, best of {args.repeat}")
    print(f"{'debts':>6} {'years':>5} {'months':>6} {'debt-months':>11} {'seconds':>8} "
          f"{'us/debt-month':>13} {'x time':>7} {'x work':>7}")  # fmt: skip
    base_time = base_work = 0.0
    for debts, years in cases:
        book_, budget, changes = book(debts, years)
        seconds, plan = timed(book_, budget, changes, args.strategy, args.repeat)
        work = debts * plan.months
        if not base_time:
            base_time, base_work = seconds, work
        print(
            f"{debts:>6} {years:>5} {plan.months:>6} {work:>11,} {seconds:>8.3f} "
            f"{seconds / work * 1e6:>13.2f} {seconds / base_time:>7.2f} {work / base_work:>7.2f}"
        )

    book_, budget, changes = book(1000, 50)
    for detail in (True, False):
        tracemalloc.start()
        plan = make_plan(book_, budget, args.strategy, AS_OF, budget_changes=changes, detail=detail)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"memory, 1,000 debts x {plan.months} months, detail={detail}: the plan holds "
            f"{current / 2**20:.0f} MiB (peak {peak / 2**20:.0f} MiB)"
        )
        del plan


if __name__ == "__main__":
    main()
