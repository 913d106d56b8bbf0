"""`plan --save` and `debtplan progress`: figures worked by hand in the docstrings."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from debtplan.core.from_document import load_book, validate_loan_dict
from debtplan.core.model import Book, Payment, SavedPlan
from debtplan.core.progress import MonthPoint, progress
from debtplan.core.to_document import book_to_document
from debtplan.render.progress import progress_chart

D = Decimal
TODAY = date(2026, 3, 20)

# Car: 10,000 at 12 % (1 % a month) in 12, from 2025-12-15: numpy-financial
# pmt(0.01, 12, -10000) = 888.4879 -> 888.49. Paid on each due date:
#   01-15: interest 100.00, principal 788.49 -> 9,211.51
#   02-15: interest 92.12 (92.1151), principal 796.37 -> 8,415.14
#   03-15: interest 84.15 (84.1514), principal 804.34 -> 7,610.80
# interest paid 100.00 + 92.12 + 84.15 = 276.27; repaid 2,389.20 = 23.89 % (23.892).
# Phone: 1,200 at 0 % in 6 (200 a month); 200 x 3, then the 600 left on 03-20: paid off.
CAR = {"name": "Car", "currency": "CNY", "method": "annuity", "principal": "10000",
       "rate": "12%", "term": 12, "start": "2025-12-15"}  # fmt: skip
PHONE = {"name": "Phone", "currency": "CNY", "method": "annuity", "principal": "1200",
         "rate": "0%", "term": 6, "start": "2025-12-15"}  # fmt: skip
DUE = [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)]

# A plan saved on 2025-12-15 (targets written by hand, slower than what was paid):
# totals m0 11,200, m1 10,600, m2 10,000, m3 9,400, m4 8,800, m5 0.
SAVED = SavedPlan(
    strategy="avalanche",
    as_of=date(2025, 12, 15),
    budget={"CNY": D("1500")},
    targets={
        "Car": tuple(map(D, ("10000", "9500", "9000", "8500", "8000", "0"))),
        "Phone": tuple(map(D, ("1200", "1100", "1000", "900", "800", "0"))),
    },
)


def book(saved: SavedPlan | None = SAVED, phone_paid_off: bool = True) -> Book:
    car = validate_loan_dict(dict(CAR))
    phone = validate_loan_dict(dict(PHONE))
    car = replace(car, payments=tuple(Payment(d, D("888.49")) for d in DUE))
    paid = [Payment(d, D("200")) for d in DUE]
    if phone_paid_off:
        paid.append(Payment(TODAY, D("600")))
    phone = replace(phone, payments=tuple(paid))
    return Book((car, phone), saved_plan=saved)


def test_repaid_interest_and_where_the_plan_stands():
    """Owed today: Car 7,610.80, Phone 0 -> 7,610.80. Three plan months have passed
    (03-15 <= 03-20); the last target total at least 7,610.80 is month 4's 8,800:
    1 month ahead. Borrowed 11,200, repaid 2,389.20 + 1,200 = 3,589.20 = 32.05 %
    (32.0464). Actual on the plan's days: 11,200; 9,211.51 + 1,000 = 10,211.51;
    8,415.14 + 800 = 9,215.14; 7,610.80 + 600 = 8,210.80.

    From today, avalanche with 1,500 a month on Car's 7,610.80 at 1 %:
    76.11 -> 6,186.91; 61.87 -> 4,748.78; 47.49 -> 3,296.27; 32.96 -> 1,829.23;
    18.29 -> 347.52; 3.48 -> 0 in month 6 (2026-09-20): 240.20 of interest.
    """
    (cny,) = progress(book(), TODAY).currencies
    car, phone = cny.loans
    assert (car.repaid, car.paid_percent, car.balance, car.interest_paid) == (
        D("2389.20"), D("23.89"), D("7610.80"), D("276.27"))  # fmt: skip
    assert (phone.repaid, phone.paid_percent, phone.balance, phone.paid_off_on) == (
        D("1200"), D("100.00"), D("0"), TODAY)  # fmt: skip
    assert (cny.borrowed, cny.repaid, cny.paid_percent) == (D("11200"), D("3589.20"), D("32.05"))
    assert (cny.months_passed, cny.month_reached, cny.months_ahead) == (3, 4, 1)
    assert cny.planned_balance == D("9400")
    assert [(p.month, p.planned, p.actual) for p in cny.points] == [
        (0, D("11200"), D("11200")), (1, D("10600"), D("10211.51")),
        (2, D("10000"), D("9215.14")), (3, D("9400"), D("8210.80")),
        (4, D("8800"), None), (5, D("0"), None),
    ]  # fmt: skip
    assert (cny.interest_expected, cny.expected_debt_free) == (D("240.20"), date(2026, 9, 20))


def test_milestones_reached_and_the_next_one():
    """Phone paid off on 03-20: the first loan, and Phone. Half (5,600) is not
    repaid: 2,010.80 is missing, and the plan's balance falls that far from today's
    7,610.80 (to 5,600 or less) in month 5, 2026-05-15, as do Car and all: half
    comes first among equals."""
    (cny,) = progress(book(), TODAY).currencies
    reached = [(m.kind, m.loan, m.reached_on) for m in cny.milestones]
    assert reached == [("first_loan", None, TODAY), ("loan", "Phone", TODAY)]
    upcoming = cny.next_milestone
    assert upcoming is not None
    assert (upcoming.kind, upcoming.expected_on) == ("half", date(2026, 5, 15))


def test_without_a_saved_plan_the_repaid_figures_still_show():
    """Phone not paid off: owes 600; repaid 2,389.20 + 600 = 2,989.20 = 26.69 % (26.689)."""
    (cny,) = progress(book(saved=None, phone_paid_off=False), TODAY).currencies
    assert (cny.repaid, cny.paid_percent) == (D("2989.20"), D("26.69"))
    assert cny.months_ahead is None and cny.points == () and cny.milestones == ()
    assert cny.next_milestone is not None and cny.next_milestone.kind == "first_loan"


def test_the_saved_plan_survives_the_file():
    """Written as [saved_plan] and read back equal."""
    doc = book_to_document(book(), 1)
    assert doc["saved_plan"]["targets"]["Phone"][1] == D("1100.00")
    assert load_book(doc).saved_plan == SAVED


def test_the_chart_puts_what_was_owed_beside_the_plan():
    """Top 800 = 16 eighths in 2 rows; 600 -> 12, 400 -> 8. Row 1 (eighths 8-16):
    month 0 solid and shaded, month 1 owed 12 - 8 = 4 ('#'), plan 8 - 8 = 0 (blank).
    Row 0: both months full, both shaded."""
    points = [MonthPoint(0, date(2026, 1, 1), D("800"), D("800")),
              MonthPoint(1, date(2026, 2, 1), D("400"), D("600")),
              MonthPoint(2, date(2026, 3, 1), D("0"), None)]  # fmt: skip
    assert progress_chart(points, ascii_only=True, rows=2) == [
        "800.00 +#: #",
        "400.00 +#: #:",
        "  0.00 +---------",
        "       2026-01 2026-03",
        "        # what you owed   : the plan",
    ]


def test_plan_save_stores_the_targets_and_progress_reads_them(cli, loan_file):
    """Car as above, Phone 0 %; avalanche with 1,500 from 2026-01-15 after the first
    installments: Car 9,211.51 gets 1,500 - 200 = 1,300: +92.12 -> 8,003.63, then
    +80.04 (80.0363) -> 6,783.67; Phone is paid its 200 a month to 0 in month 5."""
    for loan in (CAR, PHONE):
        args = [
            "add",
            loan["name"],
            "--principal",
            loan["principal"],
            "--rate",
            loan["rate"],
            "--term",
            str(loan["term"]),
            "--currency",
            "CNY",
            "--start",
            loan["start"],
        ]
        assert cli(*args).exit_code == 0
    assert cli("--today", "2026-01-15", "pay", "Car", "888.49").exit_code == 0
    assert cli("--today", "2026-01-15", "pay", "Phone", "200").exit_code == 0
    result = cli("--today", "2026-01-15", "plan", "--budget", "1500", "--save", "--no-chart")
    assert result.exit_code == 0, result.stderr
    import tomllib

    saved = tomllib.loads(loan_file.read_text("utf-8"), parse_float=D)["saved_plan"]
    assert saved["strategy"] == "avalanche" and saved["budget"] == {"CNY": D("1500.00")}
    assert saved["targets"]["Phone"] == list(map(D, ("1000", "800", "600", "400", "200", "0")))
    assert saved["targets"]["Car"][:3] == [D("9211.51"), D("8003.63"), D("6783.67")]
    doc = json.loads(cli("--today", "2026-01-15", "progress", "--json").stdout)
    (cny,) = doc["currencies"]
    assert (cny["months_passed"], cny["months_ahead"], cny["planned_balance"]) == (0, 0, "10211.51")
    assert cli("plan", "--unsave").exit_code == 0
    assert "saved_plan" not in loan_file.read_text("utf-8")
    text = cli("--today", "2026-01-15", "progress").stdout
    assert "plan --save" in text


def test_save_refuses_a_comparison(cli, loan_file):
    assert cli("add", "Car", "--principal", "1000", "--rate", "12%", "--term", "2",
               "--currency", "CNY").exit_code == 0  # fmt: skip
    before = loan_file.read_bytes()
    result = cli("plan", "--budget", "600", "--save", "--compare")
    assert result.exit_code == 2 and "--save" in result.stderr
    assert loan_file.read_bytes() == before
