"""docs/conventions.md against the code: every worked example in it is recomputed here.

The page keeps its examples in TOML blocks whose first line is ``# worked example``
or ``# known gap``; each table in a block names one check (see the page's "Reading
the worked examples"). A number with two decimals anywhere on the page must be one a
block checks, and every anchor of the page that the code points at must exist, so
neither the page nor the comments can drift from the code.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from debtplan.core.apr import (
    ONE_YEAR_LPR,
    CashFlow,
    cost_flags,
    dated_loan_cost,
    legal_lines,
    one_year_lpr,
    xirr,
)
from debtplan.core.from_document import validate_loan_dict
from debtplan.core.ledger import daily_increase, loan_state
from debtplan.core.model import Book, LenderType, Loan, Settings
from debtplan.core.money import HUNDRED, cents, parse_rate
from debtplan.core.penalty import bucket, stage, us_reported
from debtplan.core.planner import Debt, make_plan, minimum_only_plan
from debtplan.core.planning import debt_from_loan
from debtplan.core.schedule import contract_schedule
from debtplan.core.to_document import book_to_document

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "conventions.md"
TEXT = DOC.read_text(encoding="utf-8")

_FENCE = re.compile(r"^```toml\n(# (?:worked example|known gap).*?)^```$", re.MULTILINE | re.DOTALL)
# A worked amount or percent: two decimals, not part of a longer number (1.005, 0.0005)
# nor a section of a law (§1006.14, 12 CFR 1026.43).
_TWO_DECIMALS = re.compile(r"(?<![\d.§])(?<!CFR\s)\d[\d,]*\.\d{2}(?![\d])")
_LOAN_CHECKS = {"schedule", "state", "cost", "planned"}
_STANDALONE = {"rounding", "rate", "overdue_days", "flags", "plan", "lpr"}


def _blocks() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for match in _FENCE.finditer(TEXT):
        body = match.group(1)
        line = TEXT.count("\n", 0, match.start()) + 2
        title = body.splitlines()[0].lstrip("# ").strip()
        found.append((f"line {line}: {title}", tomllib.loads(body, parse_float=Decimal)))
    return found


BLOCKS = _blocks()


def _same(actual: Any, expected: Any) -> bool:
    """``actual`` from the code is the value the page writes (amounts as text, None as "none")."""
    if expected == "none":
        return actual is None
    if isinstance(actual, Enum):
        return bool(actual.value == expected)
    if isinstance(actual, Decimal):
        return actual == Decimal(str(expected))
    if isinstance(actual, int) and not isinstance(actual, bool):
        return actual == int(expected)
    return bool(actual == expected)


def _check(what: str, actual: Any, expected: Any) -> None:
    assert _same(actual, expected), f"{what}: the code gives {actual!r}, the page {expected!r}"


def _loan(block: Mapping[str, Any]) -> Loan:
    return validate_loan_dict({"name": "example", "currency": "CNY", **block["loan"]})


# --- the checks, one per table ----------------------------------------------------------


def _check_schedule(loan: Loan, expect: Mapping[str, Any]) -> None:
    schedule = contract_schedule(loan)
    for key, value in expect.items():
        if key == "count":
            _check("installments", len(schedule), value)
        elif key == "total_interest":
            _check(key, sum(i.interest for i in schedule), value)
        elif key == "due_dates":
            assert [i.due_date for i in schedule] == value
        elif key == "rows":
            for number, row in value.items():
                item = schedule[int(number) - 1]
                fields = ("due_date", "payment", "principal", "interest", "balance")
                for field, expected in zip(fields, row, strict=True):
                    _check(f"installment {number} {field}", getattr(item, field), expected)
        else:
            pytest.fail(f"unknown [schedule] key {key!r}")


def _check_state(loan: Loan, expect: Mapping[str, Any]) -> None:
    as_of = expect["as_of"]
    state = loan_state(loan, as_of)
    for key, value in expect.items():
        if key == "as_of":
            continue
        if key == "installments":
            _check("installments", len(state.installments), value)
        elif key == "daily_increase":
            _check(key, daily_increase(loan, as_of), value)
        elif key == "installment":
            for number, fields in value.items():
                item = state.installments[int(number) - 1]
                for field, expected in fields.items():
                    _check(f"{as_of} installment {number} {field}", getattr(item, field), expected)
        else:
            _check(f"{as_of} {key}", getattr(state, key), value)


def _flows(loan: Loan) -> list[CashFlow]:
    flows = [CashFlow(loan.start, loan.amount_received)]
    return flows + [CashFlow(i.due_date, -i.payment) for i in contract_schedule(loan)]


def _core_cost(loan: Loan, lpr: Decimal | None) -> dict[str, Any]:
    """The real cost as the page defines it, from the core functions: the dated flows,
    one period the term for a single payment, the lines of the loan's lender."""
    flows = _flows(loan)
    lines = legal_lines(loan.jurisdiction, loan.lender_kind,
                        one_year_lpr(loan.start).percent if lpr is None else lpr)  # fmt: skip
    cost = dated_loan_cost(flows=flows, principal=loan.principal,
                           advertised_percent=loan.rate.percent,
                           periods_per_year=(loan.frequency.periods_per_year
                                             if len(flows) > 2 else None),
                           lines=lines, total_fees=loan.upfront_fee)  # fmt: skip
    assert abs(cost.effective_apr - xirr(flows) * HUNDRED) < Decimal("1e-15")
    return {
        "nominal_apr": cents(cost.nominal_apr),
        "effective_apr": cents(cost.effective_apr),
        "total_interest": cost.total_interest,
        "total_fees": cost.total_fees,
        "flags": list(cost_flags(cents(cost.nominal_apr), lines)),
    }


def _shown_cost(loan: Loan, lpr: Decimal | None, cli: Any) -> dict[str, Any]:
    """The real cost as ``debtplan show --json`` reports it for a file holding the loan."""
    import os

    import tomli_w

    from debtplan.store import SCHEMA_VERSION

    book = Book((loan,), Settings(lpr_percent=lpr))
    document = book_to_document(book, SCHEMA_VERSION)
    Path(os.environ["DEBTPLAN_FILE"]).write_bytes(tomli_w.dumps(document).encode())
    result = cli("show", loan.name, "--json")
    assert result.exit_code == 0, result.stderr
    cost: dict[str, Any] = json.loads(result.stdout)["cost"]
    return cost


def _check_cost(loan: Loan, expect: Mapping[str, Any], cli: Any) -> None:
    lpr = Decimal(expect["lpr"]) if "lpr" in expect else None  # the setting, else the table
    core = _core_cost(loan, lpr)
    shown = _shown_cost(loan, lpr, cli)
    for key, value in expect.items():
        if key == "lpr":
            continue
        if key != "advertised_apr":  # the stated rate as shown is the CLI's to say
            _check(f"core {key}", core[key], value)
        _check(f"show --json {key}", Decimal(shown[key]) if key != "flags" else shown[key],
               value)  # fmt: skip


def _check_planned(loan: Loan, expect: Mapping[str, Any]) -> None:
    debt = debt_from_loan(loan, expect["as_of"])
    assert debt is not None
    for key, value in expect.items():
        if key != "as_of":
            _check(f"planned {key}", getattr(debt, key), value)


def _check_rounding(table: Mapping[str, Any]) -> None:
    for given, rounded in table.items():
        assert str(cents(Decimal(given))) == rounded, given


def _check_rates(rates: list[Mapping[str, Any]]) -> None:
    for rate in rates:
        parsed, days = parse_rate(rate["text"]), rate["day_count"]
        _check(f"{rate['text']} a year", parsed.annual_percent(days), rate["annual_percent"])
        _check(f"{rate['text']} a day", parsed.daily_fraction(days), rate["daily_fraction"])


def _check_overdue_days(table: Mapping[str, Any]) -> None:
    for days_text, (stage_name, china, us) in table.items():
        days = int(days_text)
        _check(f"stage on day {days}", stage(days), stage_name)
        _check(f"China bucket on day {days}", bucket(days), china)
        mark = us_reported(days)
        _check(f"US mark on day {days}", None if mark is None else str(mark), us)


def _check_flags(table: Mapping[str, Any]) -> None:
    """``"12.01" = [...]``: a private loan in China; ``bank."12.01"``: a bank's; ``us."12.01"``:
    any loan in the United States."""
    lpr = Decimal(table["lpr"])
    private = legal_lines("cn", LenderType.PRIVATE, lpr)
    kinds = {
        "bank": legal_lines("cn", LenderType.BANK, lpr),
        "us": legal_lines("us", LenderType.PRIVATE, lpr),
    }
    for key, value in table.items():
        if key == "lpr":
            continue
        cases = value.items() if isinstance(value, Mapping) else [(key, value)]
        lines = kinds[key] if isinstance(value, Mapping) else private
        for nominal, flags in cases:
            assert list(cost_flags(Decimal(nominal), lines)) == flags, (key, nominal)


def _check_lpr(table: Mapping[str, Any]) -> None:
    """``2025-05-20 = "3.00"``: the table in the code, every fixing and only those."""
    assert [(f.fixed_on, f.percent) for f in ONE_YEAR_LPR] == [
        (date.fromisoformat(day), Decimal(percent)) for day, percent in table.items()
    ]


def _check_plan(table: Mapping[str, Any]) -> None:
    debts = [
        Debt(
            name=debt["name"],
            currency="CNY",
            balance=Decimal(debt["balance"]),
            annual_percent=Decimal(debt["rate"]),
            minimum_fixed=Decimal(debt.get("minimum_fixed", "0")),
            minimum_percent=Decimal(debt.get("minimum_percent", "0")),
            minimum_floor=Decimal(debt.get("minimum_floor", "0")),
            overdue=Decimal(debt.get("overdue", "0")),
        )
        for debt in table["debts"]
    ]
    if table["strategy"] == "minimum":
        plan = minimum_only_plan(debts, table["as_of"])
    else:
        plan = make_plan(debts, Decimal(table["budget"]), table["strategy"], table["as_of"])
    for key, value in table["expect"].items():
        if key == "payoff":
            assert [[p.name, p.period] for p in plan.payoff] == value
        elif key == "month":
            for number, fields in value.items():
                row = plan.rows[int(number) - 1]
                for field, expected in fields.items():
                    actual = getattr(row, field)
                    if isinstance(expected, dict):
                        assert dict(actual) == {k: Decimal(v) for k, v in expected.items()}
                    else:
                        _check(f"month {number} {field}", actual, expected)
        else:
            _check(f"plan {key}", getattr(plan, key), value)


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize(("where", "block"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_worked_example(where: str, block: dict[str, Any], cli: Any) -> None:
    tables = set(block)
    unknown = tables - _LOAN_CHECKS - _STANDALONE - {"loan", "later"}
    assert not unknown, f"{where}: tables the test does not check: {sorted(unknown)}"
    if "loan" in block:
        assert tables & _LOAN_CHECKS, f"{where}: a loan with nothing to check"
        loan = _loan(block)
        if "schedule" in block:
            _check_schedule(loan, block["schedule"])
        for state in [block.get("state"), *block.get("later", [])]:
            if state is not None:
                _check_state(loan, state)
        if "cost" in block:
            _check_cost(loan, block["cost"], cli)
        if "planned" in block:
            _check_planned(loan, block["planned"])
    else:
        assert tables & _STANDALONE, f"{where}: nothing to check"
    if "rounding" in block:
        _check_rounding(block["rounding"])
    if "rate" in block:
        _check_rates(block["rate"])
    if "overdue_days" in block:
        _check_overdue_days(block["overdue_days"])
    if "flags" in block:
        _check_flags(block["flags"])
    if "plan" in block:
        _check_plan(block["plan"])
    if "lpr" in block:
        _check_lpr(block["lpr"])


def test_the_page_has_its_worked_examples() -> None:
    """The parser finds the blocks: a changed fence must not make every check vanish."""
    assert len(BLOCKS) >= 40
    kinds = {table for _, block in BLOCKS for table in block}
    assert kinds >= _LOAN_CHECKS | _STANDALONE | {"loan"}


def _values(item: Any) -> Iterator[str]:
    """Every number a block's tables hold, as text (keys and strings included)."""
    if isinstance(item, Mapping):
        for key, value in item.items():
            yield from _TWO_DECIMALS.findall(str(key))
            yield from _values(value)
    elif isinstance(item, list):
        for value in item:
            yield from _values(value)
    elif isinstance(item, str | Decimal):
        yield from _TWO_DECIMALS.findall(str(item))


def test_every_two_decimal_number_on_the_page_is_checked() -> None:
    checked = {number for _, block in BLOCKS for number in _values(block)}
    # Inline code shows how things are written (`1,234.50`), not a worked figure.
    prose = re.sub(r"`[^`\n]*`", "", TEXT.replace("```", ""))
    written = {number.replace(",", "") for number in _TWO_DECIMALS.findall(prose)}
    assert "16.28" in written  # the scan reads the prose
    assert written - checked == set()


def _anchors() -> set[str]:
    return set(re.findall(r'<a id="([a-z0-9-]+)"></a>', TEXT))


def test_every_link_to_the_page_has_its_anchor() -> None:
    linked = set(re.findall(r"\]\(#([a-z0-9-]+)\)", TEXT))
    for folder in ("debtplan", "tests", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            linked |= set(re.findall(r"conventions\.md#([a-z0-9-]+)", path.read_text("utf-8")))
    linked |= set(re.findall(r"conventions\.md#([a-z0-9-]+)", (ROOT / "README.md").read_text()))
    assert linked, "nothing links to the page"
    assert linked - _anchors() == set()


def test_the_code_cites_the_page_not_a_file_outside_the_repository() -> None:
    outside = "domain" + ".md"  # spelt apart so that this file does not cite it either
    for folder in ("debtplan", "tests", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            assert outside not in path.read_text("utf-8"), path
