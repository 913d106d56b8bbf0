"""`debtplan plan` through the command line: figures checked against the planner called
directly and by hand, every option, every way a plan can fail.

The book (today 2026-11-28, from the fixture):
- car: 10,000 at 12 % over 12 months from today: installment 888.49, first due 2026-12-28.
- card: revolving, 2,000 at 24 %, minimum 5 % with a floor of 50.

Month 1 (2026-12-28) with 1,500 a month, by hand: interest car 10,000 x 1 % = 100.00,
card 2,000 x 2 % = 40.00; minimums car 888.49, card 5 % of 2,040.00 = 102.00; the other
509.51 goes to the card (24 % is the higher rate): car 10,100.00 - 888.49 = 9,211.51,
card 2,040.00 - 611.51 = 1,428.49.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from debtplan.core import planner
from debtplan.core.money import cents
from debtplan.core.planner import Debt, compare, make_plan, with_prospective
from debtplan.render.formats import jsonable

NO_FILE = {"DEBTPLAN_FILE": None}  # the default file, absent: an empty book

D = Decimal
TODAY = date(2026, 11, 28)
CAR = ("--principal", "10000", "--rate", "12%", "--term", "12", "--currency", "CNY")
CARD = ("--method", "revolving", "--balance", "2000", "--rate", "24%", "--min-payment", "5%,50",
        "--currency", "CNY")  # fmt: skip
# 12 installments left, the last absorbing the rounding; a rate reset re-amortizes it.
CAR_DEBT = Debt("car", "CNY", D("10000.00"), D(12), D("888.49"), final_period=12, reamortize=True)
CARD_DEBT = Debt("card", "CNY", D("2000.00"), D(24), D(0), minimum_percent=D(5),
                 minimum_floor=D(50))  # fmt: skip
PHONE = "name=New phone,principal=6,000,rate=0,method=flat,fee-rate=0.6%/month,term=12"
PLAN_KEYS = ["strategy", "currency", "budget", "months", "debt_free_date", "total_interest",
             "total_paid", "payoff", "months_detail"]  # fmt: skip
MONTH_KEYS = ["month", "date", "payments", "interest", "balances", "total_paid", "unused"]


@pytest.fixture
def book(add_loan):
    add_loan("car", *CAR)
    add_loan("card", *CARD)


def js(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def as_json(value):
    return json.loads(json.dumps(jsonable(value)))


def document(plan):
    from debtplan.render.plan import plan_document

    return as_json(plan_document(plan))


# -- the plan, to the cent ----------------------------------------------------------------


def test_two_loans_match_the_planner_and_month_one_by_hand(cli, book):
    doc = js(cli, "plan", "--budget", "1500", "--json")
    assert list(doc) == PLAN_KEYS
    assert doc == document(make_plan([CAR_DEBT, CARD_DEBT], D(1500), "avalanche", TODAY))
    first = doc["months_detail"][0]
    assert list(first) == MONTH_KEYS
    assert first["date"] == "2026-12-28"
    assert first["interest"] == {"car": "100.00", "card": "40.00"}
    assert first["payments"] == {"car": "888.49", "card": "611.51"}
    assert first["balances"] == {"car": "9211.51", "card": "1428.49"}
    assert (first["total_paid"], first["unused"]) == ("1500.00", "0.00")
    assert doc["payoff"][0] == {"name": "card", "month": 4, "date": "2027-03-28"}
    assert doc["budget"] == "1500.00" and doc["strategy"] == "avalanche"
    # Every cent accounted for: paid = principal + interest.
    assert D(doc["total_paid"]) == D(12000) + D(doc["total_interest"])


def test_text_summary_payoff_order_and_chart(cli, book):
    result = cli("plan", "--budget", "1500")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    plan = make_plan([CAR_DEBT, CARD_DEBT], D(1500), "avalanche", TODAY)
    assert f"Debt-free on {plan.debt_free_date}, after {plan.months} month(s)." in out
    assert f"Interest: {plan.total_interest:,.2f} CNY." in out
    assert "Payoff order" in out and "2027-03-28" in out
    assert "Balance left over time (CNY):" in out
    assert "█" in out and "12,000.00 ┤" in out  # the first bar is the starting balance
    assert "Month by month" not in out
    quiet = cli("plan", "--budget", "1500", "--no-chart").stdout
    assert "█" not in quiet and "Balance left over time" not in quiet


def test_monthly_table(cli, book):
    out = cli("plan", "--budget", "1500", "--monthly", "--no-chart").stdout
    table = out.split("Month by month (CNY)")[1]
    cells = [line.replace("|", " ").split() for line in table.splitlines()]
    # Month 1: payments car, card; interest 140.00; paid 1,500.00; 10,640.00 left.
    assert ["1", "2026-12-28", "888.49", "611.51", "140.00", "1,500.00", "10,640.00"] in cells
    plan = make_plan([CAR_DEBT, CARD_DEBT], D(1500), "avalanche", TODAY)
    assert len([c for c in cells if c and c[0].isdigit()]) == plan.months
    assert f"{plan.total_paid:,.2f}" in table


def test_overdue_is_paid_first(cli, add_loan):
    # Due 2026-10-28 (31 days late) and today, nothing paid: 100 + 1.55 penalty (0.05 %/day
    # x 31 days) + 30 late fee + today's 100 = 231.55, paid before any minimum.
    add_loan("late", "--principal", "1200", "--rate", "0", "--term", "12", "--start",
             "2026-09-28", "--penalty-rate", "0.05%/day", "--late-fee", "30",
             "--currency", "CNY")  # fmt: skip
    doc = js(cli, "plan", "--budget", "400", "--json")
    first = doc["months_detail"][0]
    assert first["payments"] == {"late": "400.00"}  # 231.55 overdue + 100 minimum + 68.45
    assert first["balances"] == {"late": "831.55"}  # 1,000 not yet due - 168.45
    assert D(doc["total_paid"]) == D("1231.55")
    text = cli("plan", "--budget", "400").stdout
    assert "Month 1 first clears 231.55 CNY already due or overdue" in text


# -- strategies ---------------------------------------------------------------------------


def test_compare_shape_and_interest_saved(cli, book):
    doc = js(cli, "plan", "--budget", "1500", "--compare", "--json")
    assert list(doc) == ["currency", "budget", "best", "plans", "baseline", "baseline_problem",
                         "failed"]  # fmt: skip
    direct = compare([CAR_DEBT, CARD_DEBT], D(1500), TODAY)
    assert [p["strategy"] for p in doc["plans"]] == [
        "avalanche", "snowball", "highest-interest-cost"]  # fmt: skip
    baseline = doc["baseline"]
    assert baseline["strategy"] == "minimum"
    assert baseline["total_interest"] == str(direct.baseline.total_interest)
    for got, plan in zip(doc["plans"], direct.plans, strict=True):
        assert "months_detail" not in got
        assert got["total_interest"] == str(plan.total_interest)
        assert got["months"] == plan.months
        saved = D(baseline["total_interest"]) - D(got["total_interest"])
        assert D(got["interest_saved"]) == saved > 0
        assert got["months_saved"] == baseline["months"] - got["months"]
    assert doc["best"] == direct.best.value and doc["failed"] == []
    text = cli("plan", "--budget", "1500", "--compare").stdout
    assert "minimum payments only" in text and "(least interest)" in text


def test_compare_csv(cli, book):
    rows = list(csv.DictReader(io.StringIO(cli("plan", "--budget", "1500", "--compare",
                                               "--csv").stdout)))  # fmt: skip
    assert [r["strategy"] for r in rows] == ["avalanche", "snowball", "highest-interest-cost",
                                             "minimum"]  # fmt: skip
    assert rows[-1]["interest_saved"] == ""


def test_snowball_and_custom_order(cli, book, add_loan):
    snowball = js(cli, "plan", "--budget", "1500", "--strategy", "snowball", "--json")
    assert snowball == document(make_plan([CAR_DEBT, CARD_DEBT], D(1500), "snowball", TODAY))
    custom = js(cli, "plan", "--budget", "1500", "--order", "CAR,card", "--json")
    assert custom["strategy"] == "custom"
    assert custom["months_detail"][0]["payments"] == {"car": "1398.00", "card": "102.00"}
    assert custom == document(make_plan([CAR_DEBT, CARD_DEBT], D(1500), "custom", TODAY,
                                        order=["car", "card"]))  # fmt: skip
    # A name holding a comma is matched whole.
    add_loan("Loan, old", "--principal", "100", "--rate", "0", "--term", "1", "--currency",
             "CNY")  # fmt: skip
    whole = js(cli, "plan", "--budget", "1500", "--order", "Loan, old", "--order", "car,card",
               "--json")  # fmt: skip
    assert whole["payoff"][0]["name"] == "Loan, old"
    unknown = cli("plan", "--budget", "1500", "--order", "car,nope")
    assert unknown.exit_code == 1 and "no loan named 'nope'" in unknown.stderr
    missing = cli("plan", "--budget", "1500", "--order", "car")
    assert missing.exit_code == 1 and "leaves out" in missing.stderr


# -- what-ifs -----------------------------------------------------------------------------


def test_extra_payment(cli, book):
    base = js(cli, "plan", "--budget", "1500", "--json")
    doc = js(cli, "plan", "--budget", "1500", "--extra", "2027-01=500", "--extra",
             "2027-01=100", "--json")  # fmt: skip
    assert doc == document(make_plan([CAR_DEBT, CARD_DEBT], D(1500), "avalanche", TODAY,
                                     extras={(2027, 1): D(600)}))  # fmt: skip
    assert doc["months_detail"][1]["total_paid"] == "2100.00"  # January: 1,500 + 600
    assert D(doc["total_interest"]) < D(base["total_interest"])
    early = cli("plan", "--budget", "1500", "--extra", "2026-11=500")
    assert early.exit_code == 1 and "before the plan's first payment" in early.stderr
    bad = cli("plan", "--budget", "1500", "--extra", "January=500")
    assert bad.exit_code == 1 and "not a date" in bad.stderr


def test_budget_from(cli, book):
    base = js(cli, "plan", "--budget", "1500", "--json")
    doc = js(cli, "plan", "--budget", "1500", "--budget-from", "2027-02=3000", "--json")
    assert doc == document(make_plan([CAR_DEBT, CARD_DEBT], D(1500), "avalanche", TODAY,
                                     budget_changes=[(date(2027, 2, 1), D(3000))]))  # fmt: skip
    paid = [row["total_paid"] for row in doc["months_detail"]]
    assert paid[:3] == ["1500.00", "1500.00", "3000.00"]
    assert doc["months"] < base["months"]


def test_rate_change_what_if(cli, book):
    # The card at 0 % until 2027-03-01: interest only from the period starting 2027-03-28.
    doc = js(cli, "plan", "--budget", "1500", "--rate-change", "card=2026-11-28:0%",
             "--rate-change", "card=2027-03-01:24%", "--json")  # fmt: skip
    promo = Debt("card", "CNY", D("2000.00"), D(24), D(0), minimum_percent=D(5),
                 minimum_floor=D(50), rate_changes=(planner.PlannedRateChange(TODAY, D(0)),
                 planner.PlannedRateChange(date(2027, 3, 1), D(24))))  # fmt: skip
    assert doc == document(make_plan([CAR_DEBT, promo], D(1500), "avalanche", TODAY))
    assert doc["months_detail"][0]["interest"]["card"] == "0.00"
    bad = cli("plan", "--budget", "1500", "--rate-change", "card:18%")
    assert bad.exit_code == 1 and "NAME=DATE:RATE" in bad.stderr


def test_exclude(cli, book):
    doc = js(cli, "plan", "--budget", "1500", "--exclude", "CARD", "--json")
    assert [p["name"] for p in doc["payoff"]] == ["car"]
    assert doc == document(make_plan([CAR_DEBT], D(1500), "avalanche", TODAY))
    assert cli("plan", "--budget", "1500", "--exclude", "nope").exit_code == 1


def test_csv_columns(cli, book):
    out = cli("plan", "--budget", "1500", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == ("currency,strategy,month,date,name,payment,interest,balance,"
                                   "total_paid,unused")  # fmt: skip
    assert rows[1] == {"currency": "CNY", "strategy": "avalanche", "month": "1",
                       "date": "2026-12-28", "name": "card", "payment": "611.51",
                       "interest": "40.00", "balance": "1428.49", "total_paid": "1500.00",
                       "unused": "0.00"}  # fmt: skip
    # One row per month and debt still in the plan: the card leaves after month 4.
    plan = make_plan([CAR_DEBT, CARD_DEBT], D(1500), "avalanche", TODAY)
    assert len(rows) == plan.months + 4
    assert sum(D(r["payment"]) for r in rows) == plan.total_paid


# -- budgets and currencies ---------------------------------------------------------------


def test_stored_budget_is_used_without_a_flag(cli, book, loan_file):
    missing = cli("plan")
    assert missing.exit_code == 1 and "no monthly budget for CNY" in missing.stderr
    saved = cli("plan", "--budget", "1500", "--save-budget", "--json")
    assert saved.exit_code == 0 and "Saved the monthly budget: 1,500.00 CNY." in saved.stderr
    assert "CNY = 1500.00" in loan_file.read_text(encoding="utf-8")
    assert js(cli, "plan", "--json") == json.loads(saved.stdout)
    # A flag still wins over the stored budget, without changing it.
    assert js(cli, "plan", "--budget", "2000", "--json")["budget"] == "2000.00"
    assert "CNY = 1500.00" in loan_file.read_text(encoding="utf-8")
    assert cli("plan", "--save-budget").exit_code == 2


def test_several_currencies(cli, book, add_loan):
    add_loan("visa", "--method", "revolving", "--balance", "500", "--rate", "18%",
             "--min-payment", "25", "--currency", "USD")  # fmt: skip
    bare = cli("plan", "--budget", "1500")
    assert bare.exit_code == 1
    assert "give a budget for each, like --budget CNY=AMOUNT --budget USD=AMOUNT" in bare.stderr
    doc = js(cli, "plan", "--budget", "CNY=1500", "--budget", "100 usd", "--json")
    assert list(doc) == ["currencies"] and list(doc["currencies"]) == ["CNY", "USD"]
    assert doc["currencies"]["CNY"] == document(
        make_plan([CAR_DEBT, CARD_DEBT], D(1500), "avalanche", TODAY))  # fmt: skip
    usd = doc["currencies"]["USD"]
    assert usd["currency"] == "USD" and usd["budget"] == "100.00"
    assert usd["months_detail"][0]["interest"] == {"visa": "7.50"}  # 500 x 1.5 %
    # One budget given, the other stored.
    assert cli("plan", "--budget", "USD=100", "--save-budget", "--json").exit_code == 1
    assert js(cli, "plan", "--budget", "USD=100", "--exclude", "car", "--exclude", "card",
              "--save-budget", "--json")["currency"] == "USD"  # fmt: skip
    assert list(js(cli, "plan", "--budget", "CNY=1500", "--json")["currencies"]) == ["CNY", "USD"]
    # An extra must say its currency when there are several.
    unclear = cli("plan", "--budget", "CNY=1500", "--extra", "2027-01=500")
    assert unclear.exit_code == 1 and "say which currency" in unclear.stderr
    extra = js(cli, "plan", "--budget", "CNY=1500", "--extra", "2027-01=50 USD", "--json")
    assert extra["currencies"]["USD"]["months_detail"][1]["total_paid"] == "150.00"
    text = cli("plan", "--budget", "CNY=1500").stdout
    assert "Payoff plan in CNY" in text and "Payoff plan in USD" in text


# -- when it cannot work ------------------------------------------------------------------


def test_budget_too_small(cli, book):
    # Month 1 needs 888.49 + 102.00 = 990.49: 900 is 90.49 short.
    result = cli("plan", "--budget", "900")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "is 90.49 short of the 990.49 needed" in result.stderr
    assert "debtplan message car --kind installments --budget AMOUNT" in result.stderr
    assert "--kind hardship" in result.stderr
    as_doc = cli("plan", "--budget", "900", "--json")
    assert as_doc.exit_code == 1 and "90.49 short" in as_doc.stderr
    error = json.loads(as_doc.stdout)["error"]  # one document saying why
    assert (error["code"], error["needed"], error["shortfall"], error["month"]) == (
        "budget_too_small",
        "990.49",
        "90.49",
        1,
    )
    assert [letter["loan"] for letter in error["letters"]] == ["car", "card"]


def test_budget_too_small_in_one_currency_still_shows_the_other(cli, book, add_loan):
    add_loan("visa", "--method", "revolving", "--balance", "500", "--rate", "18%",
             "--min-payment", "25", "--currency", "USD")  # fmt: skip
    result = cli("plan", "--budget", "CNY=900", "--budget", "USD=100")
    assert result.exit_code == 1
    assert "Payoff plan in USD" in result.stdout and "Payoff plan in CNY" not in result.stdout
    assert "90.49 short" in result.stderr


def test_never_paid_off_names_the_debt(cli, book):
    # At 300 % the card's interest (2,000 x 25 % = 500) is more than the whole budget of 400.
    result = cli("plan", "--budget", "400", "--exclude", "car", "--rate-change",
                 "card=2026-11-28:300%")  # fmt: skip
    assert result.exit_code == 1
    assert "card would never be paid off" in result.stderr
    assert "debtplan message card --kind hardship" in result.stderr


def test_horizon_exceeded_is_said(cli, book, monkeypatch):
    monkeypatch.setattr(planner.engine, "HORIZON_MONTHS", 3)
    result = cli("plan", "--budget", "1500")
    assert result.exit_code == 1
    assert "would still owe" in result.stderr and "after 3 months" in result.stderr


def test_nothing_to_plan(cli):
    result = cli("plan", "--budget", "100", env=NO_FILE)
    assert result.exit_code == 1 and "nothing to plan" in result.stderr


def test_json_and_csv_together_is_a_usage_error(cli, book):
    assert cli("plan", "--budget", "1500", "--json", "--csv").exit_code == 2


# -- before borrowing ---------------------------------------------------------------------


def test_with_loan_before_and_after(cli, book, loan_file):
    before_file = loan_file.read_bytes()
    doc = js(cli, "plan", "--budget", "2500", "--with-loan", PHONE, "--json")
    loan = doc["loan"]
    # 6,000 at 0.6 %/month flat, 12 installments: 500 + 36 = 536.00. XIRR of 6,000 on
    # 2026-11-28 against 536.00 on the 28th from December: 13.89 % a year, nominal
    # ((1.1389) ** (1/12) - 1) x 12 = 13.08 % (13.03 % with periods of equal length).
    assert (loan["installment"], loan["nominal_apr"], loan["advertised_apr"]) == (
        "536.00", "13.08", "7.20")  # fmt: skip
    assert loan["first_due_date"] == "2026-12-28" and loan["total_interest"] == "432.00"
    phone = Debt("New phone", "CNY", D("6000.00"), D("13.0342"), D("536.00"))
    direct = with_prospective([CAR_DEBT, CARD_DEBT], phone, D(2500), "avalanche", TODAY)
    assert doc["before"]["months"] == direct.before.months
    assert doc["after"]["months"] == direct.after.months
    assert doc["months_added"] == direct.months_added
    assert doc["interest_added"] == str(direct.interest_added)
    assert doc["after"]["debt_free_date"] == str(direct.after.debt_free_date)
    assert doc["affordable"] is True and doc["problem"] is None
    assert loan_file.read_bytes() == before_file  # nothing saved
    text = cli("plan", "--budget", "2500", "--with-loan", PHONE).stdout
    assert "Before borrowing" in text and "13.08% nominal" in text
    assert f"debt-free on {direct.after.debt_free_date} instead of" in text


def test_with_loan_not_affordable(cli, book):
    # 1,500 covers 990.49 of minimums; with the phone's 536.00 it needs 1,526.49: 26.49 short.
    result = cli("plan", "--budget", "1500", "--with-loan", PHONE, "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["affordable"] is False and doc["after"] is None
    assert doc["shortfall"] == "26.49" and "26.49 short" in doc["problem"]
    text = cli("plan", "--budget", "1500", "--with-loan", PHONE)
    assert text.exit_code == 1 and "Not on this budget" in text.stdout


def test_with_loan_is_validated_like_add(cli, book):
    bad = cli("plan", "--budget", "2500", "--with-loan", "name=x,principal=1000,rate=12%")
    assert bad.exit_code == 1 and "term" in bad.stderr
    clash = cli("plan", "--budget", "2500", "--with-loan", "name=CAR,principal=1000,rate=0,term=2")
    assert clash.exit_code == 1 and "already has a loan named" in clash.stderr
    start = cli("plan", "--budget", "2500", "--with-loan", "principal=1000,term=2,start=2027-01-01")
    assert start.exit_code == 1 and "starts today" in start.stderr
    garbage = cli("plan", "--budget", "2500", "--with-loan", "a phone")
    assert garbage.exit_code == 1 and "key=value" in garbage.stderr
    unknown = cli("plan", "--budget", "2500", "--with-loan", "principal=1000,term=2,payments=1")
    assert unknown.exit_code == 1 and "does not take payments" in unknown.stderr
    assert cli("plan", "--budget", "2500", "--with-loan", PHONE, "--compare").exit_code == 2


def test_with_loan_on_an_empty_book(cli):
    doc = json.loads(cli("plan", "--budget", "536", "--with-loan", PHONE + ",currency=CNY",
                         "--json", env=NO_FILE).stdout)  # fmt: skip
    assert doc["before"] is None and doc["after"]["months"] == 12
    assert doc["months_added"] == 12


def test_parse_terms_keeps_commas_inside_values():
    from debtplan.core.prospect import parse_terms

    assert parse_terms("name=Phone, new,principal=6,000,min-payment=5%,100") == {
        "name": "Phone, new", "principal": "6,000", "min_payment": "5%,100"}  # fmt: skip


def test_loans_as_planned_say_how_they_are_counted(cli, add_loan):
    # A flat loan at its real rate (13.03 %), a lump sum due 2027-09-28 set aside over the
    # 10 periods up to then: 5,000 / 10 = 500.00 a month.
    add_loan("phone", "--method", "flat", "--principal", "6000", "--rate", "0", "--fee-rate",
             "0.6%/month", "--term", "12", "--currency", "CNY")  # fmt: skip
    add_loan("mum", "--method", "lump-sum", "--principal", "5000", "--rate", "0", "--term",
             "12", "--start", "2026-09-28", "--currency", "CNY")  # fmt: skip
    out = cli("plan", "--budget", "1100", "--no-chart").stdout
    assert "13.03%*" in out and "* A flat-fee loan" in out
    assert "500.00 (set aside)" in out and "Set aside: a loan repaid in one sum" in out
    doc = js(cli, "plan", "--budget", "1100", "--json")
    assert {"name": "mum", "month": 10, "date": "2027-09-28"} in doc["payoff"]


# -- one reading of each loan; the use case on its own -----------------------------------


@pytest.mark.parametrize(
    "options",
    [(), ("--compare", "--json"), ("--csv",), ("--with-loan", PHONE), ("--monthly",),
     ("--rate-change", "card=2027-03-01:18%", "--order", "card,car")],
)  # fmt: skip
def test_each_loan_ledger_is_settled_once_a_run(cli, book, monkeypatch, options):
    from debtplan.core import ledger

    settled: list[str] = []
    real = ledger._settle

    def counted(loan, terms, as_of):
        settled.append(loan.name)
        return real(loan, terms, as_of)

    monkeypatch.setattr(ledger, "_settle", counted)
    result = cli("plan", "--budget", "2500", *options)
    assert result.exit_code == 0, result.stderr
    expected = ["car", "card"] + (["New phone"] if "--with-loan" in options else [])
    assert settled == expected


def test_save_budget_stores_nothing_when_the_options_do_not_plan(cli, book, loan_file):
    before = loan_file.read_bytes()
    # A custom order must name every loan: the command fails, and the file stays as it was.
    result = cli("plan", "--budget", "1500", "--save-budget", "--order", "car")
    assert result.exit_code == 1 and "the order leaves out card" in result.stderr
    assert "Saved the monthly budget" not in result.stderr
    assert loan_file.read_bytes() == before
    # A plan that cannot pay off is still a plan asked for properly: the budget is kept.
    short = cli("plan", "--budget", "CNY=900", "--save-budget")
    assert short.exit_code == 1 and "Saved the monthly budget: 900.00 CNY." in short.stderr
    assert "budget of 900.00 CNY" in short.stderr
    assert "CNY = 900.00" in loan_file.read_text(encoding="utf-8")


def test_the_use_case_returns_the_planner_figures_and_prints_nothing(cli, book, capsys):
    from debtplan.cli.common import read_book
    from debtplan.core.planner import BudgetTooSmall
    from debtplan.usecases.plan import PlanOptions, plan_book

    capsys.readouterr()
    result = plan_book(read_book(), TODAY, PlanOptions(budgets=("1500",)))
    assert capsys.readouterr() == ("", "")
    (outcome,) = result.outcomes
    assert outcome.debts == (CAR_DEBT, CARD_DEBT) and outcome.budget == D(1500)
    assert outcome.plan == make_plan([CAR_DEBT, CARD_DEBT], D(1500), "avalanche", TODAY)
    assert result.failed == [] and result.with_new_loan is None
    assert dict(result.given_budgets) == {"CNY": D(1500)}
    compared = plan_book(read_book(), TODAY, PlanOptions(budgets=("1500",), compare=True))
    assert compared.outcomes[0].comparison == compare([CAR_DEBT, CARD_DEBT], D(1500), TODAY,
                                                      detail=False)  # fmt: skip
    short = plan_book(read_book(), TODAY, PlanOptions(budgets=("900",)))
    problem = short.outcomes[0].problem
    assert isinstance(problem, BudgetTooSmall) and problem.shortfall == D("90.49")
    assert short.failed == list(short.outcomes)
    new = plan_book(read_book(), TODAY, PlanOptions(budgets=("2500",), with_loan=PHONE))
    found = new.with_new_loan
    assert found is not None and found.terms.installment == D("536.00")
    assert cents(found.terms.nominal_apr) == D("13.08") and found.terms.installments == 12
    assert found.before == make_plan([CAR_DEBT, CARD_DEBT], D(2500), "avalanche", TODAY)
