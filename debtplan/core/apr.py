"""The real cost of a loan: the rate of return of the money that actually changes hands.

An advertised rate can hide a fee taken up front, a flat fee charged on the
original principal, or a first period shorter than the others. The real cost is
the rate ``R`` a year at which what the borrower received balances every payment
on its date (PBoC announcement 〔2021〕 No. 3; Excel's XIRR)::

    sum(amount_k / (1 + R) ** (days_k / 365)) == 0

Sign convention, the borrower's side: money the borrower receives is positive,
money the borrower pays is negative. Inside this module rates are fractions
(``0.01`` is 1 %); :class:`Cost` reports percents a year. Nothing is rounded
here: the renderer quantizes for display.

Arithmetic runs in a Decimal context of 28 digits of its own, so a caller's
context cannot change a result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from itertools import pairwise

from debtplan.core.model import LenderType, Loan, Method
from debtplan.core.money import HUNDRED, ZERO, cents
from debtplan.core.schedule import contract_schedule
from debtplan.core.text import N_, InputError

ONE = Decimal(1)
DAYS_A_YEAR = 365  # the Excel XIRR convention: t = days / 365

PRECISION = 28
TOLERANCE = Decimal("1e-12")  # Newton stops when a step is smaller; bisection when the bracket is
LOWEST_RATE = Decimal("-0.9999")  # a root is searched in the open interval (LOWEST, HIGHEST)
HIGHEST_RATE = Decimal("10")
_NEWTON_STEPS = 100

# Where the bisection fallback looks for a sign change, denser near the rates loans have.
_GRID = tuple(
    Decimal(text)
    for text in (
        "-0.9999", "-0.99", "-0.9", "-0.75", "-0.5", "-0.25", "-0.1", "-0.01", "0",
        "0.001", "0.01", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10",
    )
)  # fmt: skip

ABOVE_4X_LPR = "above_4x_lpr"
ABOVE_24 = "above_24"
ABOVE_36 = "above_36"
_COURT_CAP_LPR_MULTIPLE = 4  # SPC 法释〔2020〕17号 Art. 25: 4 x the one-year LPR
_CONSUMER_LENDING_LINE = Decimal(24)  # regulators' ceiling for licensed lenders since 2021
_CASH_LOAN_LINE = Decimal(36)  # 整治办函〔2017〕141号; void above it under the 2015 rules

FLAG_NAMES = {
    ABOVE_4X_LPR: N_(
        "above 4x the one-year LPR of the loan's start (the court cap for private lending)"
    ),
    ABOVE_24: N_("above 24% a year (the line regulators expect licensed lenders to stay under)"),
    ABOVE_36: N_(
        "above 36% a year (the line of the 2017 cash-loan rules; interest above it was void "
        "under the 2015 rules)"
    ),
}
"""What each flag of :func:`cost_flags` means, as message ids."""


@dataclass(frozen=True)
class LprFixing:
    """The one-year loan prime rate (LPR) in force from ``fixed_on``, percent a year."""

    fixed_on: date | None  # None: the book's ``lpr`` setting, not a fixing of the table
    percent: Decimal


ONE_YEAR_LPR: tuple[LprFixing, ...] = tuple(
    LprFixing(date.fromisoformat(day), Decimal(percent))
    for day, percent in (
        ("2019-08-20", "4.25"), ("2019-09-20", "4.20"), ("2019-11-20", "4.15"),
        ("2020-02-20", "4.05"), ("2020-04-20", "3.85"), ("2021-12-20", "3.80"),
        ("2022-01-20", "3.70"), ("2022-08-22", "3.65"), ("2023-06-20", "3.55"),
        ("2023-08-21", "3.45"), ("2024-07-22", "3.35"), ("2024-10-21", "3.10"),
        ("2025-05-20", "3.00"),
    )
)  # fmt: skip
"""Every change of the one-year LPR since the reformed LPR began on 2019-08-20, as
published by the National Interbank Funding Center (全国银行间同业拆借中心,
chinamoney.com.cn) under the PBoC's authority on the 20th of each month (the next
working day when it falls on a holiday); the months it did not change are left out.
Last fixing: 2025-05-20, 3.0 %. A new fixing is one line here (and one row of
docs/conventions.md#lpr); the ``lpr`` setting overrides the table meanwhile."""


def one_year_lpr(on: date) -> LprFixing:
    """The fixing in force on ``on``: the last one published on or before it (the first
    fixing, 2019-08-20, for an earlier day: the court rules know no LPR before it)."""
    earlier = [fixing for fixing in ONE_YEAR_LPR if (fixing.fixed_on or date.min) <= on]
    return earlier[-1] if earlier else ONE_YEAR_LPR[0]


@dataclass(frozen=True)
class Line:
    """A legal line a real cost is measured against: flagged as ``flag`` when the nominal
    APR is strictly above ``percent`` a year."""

    flag: str
    percent: Decimal


def legal_lines(jurisdiction: str, lender: LenderType, lpr_percent: Decimal) -> tuple[Line, ...]:
    """The lines a loan's real cost is measured against (docs/conventions.md#cost-flags).

    China, private lending: 4 x the one-year LPR (SPC 法释〔2020〕17号 Art. 25).
    China, a licensed lender (bank, card, consumer-finance, online): 24 % and 36 %.
    Anywhere else (the US): none; state usury laws differ.
    """
    if jurisdiction != "cn":
        return ()
    if lender is LenderType.PRIVATE:
        return (Line(ABOVE_4X_LPR, lpr_percent * _COURT_CAP_LPR_MULTIPLE),)
    return (Line(ABOVE_24, _CONSUMER_LENDING_LINE), Line(ABOVE_36, _CASH_LOAN_LINE))


# A flow as the solver sees it: (periods after the first flow, amount).
_Terms = Sequence[tuple[int, Decimal]]


@dataclass(frozen=True)
class CashFlow:
    """Money changing hands on a day: ``+`` the borrower receives it, ``-`` the borrower pays it."""

    on: date
    amount: Decimal


@dataclass(frozen=True)
class Cost:
    """What a loan really costs, every rate in percent a year (not rounded).

    ``nominal_apr`` is the rate a period x periods a year (the annualized rate of
    PBoC 2021 No. 3); ``effective_apr`` compounds it, ``(1 + r) ** periods - 1``;
    ``advertised`` is the lender's stated rate, for comparison. ``total_interest``
    is what the borrower pays beyond the principal; ``total_fees`` the fees.
    ``lines`` are the legal lines the loan is measured against and ``flags`` the
    ``flag`` of each one ``nominal_apr`` exceeds, in the same order; ``lpr`` is the
    one-year LPR the 4x line is drawn from (None without that line).
    """

    nominal_apr: Decimal
    effective_apr: Decimal
    advertised: Decimal
    total_interest: Decimal
    total_fees: Decimal
    flags: tuple[str, ...]
    lines: tuple[Line, ...] = ()
    lpr: LprFixing | None = None


def _context() -> Context:
    return Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)


def _npv(terms: _Terms, rate: Decimal) -> Decimal:
    """Net present value at ``rate`` a period: sum(amount * (1 + rate) ** -t)."""
    discount = ONE / (ONE + rate)
    return sum((amount * discount**periods for periods, amount in terms), ZERO)


def _npv_and_slope(terms: _Terms, rate: Decimal) -> tuple[Decimal, Decimal]:
    """NPV and its derivative in ``rate``: d/dr (1 + r) ** -t == -t * (1 + r) ** -(t + 1)."""
    discount = ONE / (ONE + rate)
    value = slope = ZERO
    for periods, amount in terms:
        term = amount * discount**periods
        value += term
        slope -= periods * term * discount
    return value, slope


def _newton(terms: _Terms, start: Decimal, low: Decimal, high: Decimal) -> Decimal | None:
    """Newton's method from ``start``; None when it leaves (low, high) or does not settle."""
    rate = start
    for _ in range(_NEWTON_STEPS):
        value, slope = _npv_and_slope(terms, rate)
        if value == 0:
            return rate
        if slope == 0:
            return None
        step = value / slope
        rate -= step
        if not low < rate < high:
            return None
        if abs(step) < TOLERANCE:
            return rate
    return None


def _bisect(terms: _Terms) -> Decimal | None:
    """Find a sign change of the NPV on the grid (the one nearest 0 %) and halve it down."""
    values = [(rate, _npv(terms, rate)) for rate in _GRID]
    exact = [rate for rate, value in values[1:-1] if value == 0]
    brackets = [
        (low, high, low_value)
        for (low, low_value), (high, high_value) in pairwise(values)
        if low_value != 0 and high_value != 0 and (low_value < 0) != (high_value < 0)
    ]
    if not exact and not brackets:
        return None

    def distance_from_zero(bracket: tuple[Decimal, Decimal, Decimal]) -> Decimal:
        low, high, _ = bracket
        return ZERO if low < 0 < high else min(abs(low), abs(high))

    best_exact = min(exact, key=abs) if exact else None
    best_bracket = min(brackets, key=distance_from_zero) if brackets else None
    if best_bracket is None or (
        best_exact is not None and abs(best_exact) <= distance_from_zero(best_bracket)
    ):
        return best_exact
    low, high, low_value = best_bracket
    while high - low > TOLERANCE:
        middle = (low + high) / 2
        middle_value = _npv(terms, middle)
        if middle_value == 0:
            return middle
        if (middle_value < 0) == (low_value < 0):
            low, low_value = middle, middle_value
        else:
            high = middle
    middle = (low + high) / 2
    # A few Newton steps inside the bracket make the NPV at the result ~0, not just the rate.
    polished = _newton(terms, middle, low - TOLERANCE, high + TOLERANCE)
    return middle if polished is None else polished


def _solve(terms: _Terms, no_root_msgid: str, count: int) -> Decimal:
    """The rate a period making the NPV of ``terms`` zero: Newton from 0, bisection if it fails."""
    with localcontext(_context()):
        rate = _newton(terms, ZERO, LOWEST_RATE, HIGHEST_RATE)
        if rate is None:
            rate = _bisect(terms)
        if rate is None:
            raise InputError(no_root_msgid, count=count)
        return +rate


def _check_flows(amounts: Sequence[Decimal]) -> None:
    """Every amount finite; some money received and some paid (else no rate can balance them)."""
    for index, amount in enumerate(amounts, start=1):
        if not amount.is_finite():
            raise InputError(
                N_("cash flow {index} is {amount}; every cash flow must be a finite amount"),
                index=index,
                amount=amount,
            )
    if not any(amount > 0 for amount in amounts):
        raise InputError(
            N_(
                "cannot compute a rate: none of the {count} cash flows is money the borrower "
                "received; write money received as positive and money paid as negative"
            ),
            count=len(amounts),
        )
    if not any(amount < 0 for amount in amounts):
        raise InputError(
            N_(
                "cannot compute a rate: none of the {count} cash flows is money the borrower "
                "paid; write money received as positive and money paid as negative"
            ),
            count=len(amounts),
        )


def periodic_irr(amounts: Sequence[Decimal]) -> Decimal:
    """The rate a period (a fraction) of equally spaced flows, ``amounts[0]`` at t = 0.

    Solves ``sum(a_t / (1 + r) ** t) == 0`` by Newton's method in Decimal (28
    digits, to 1e-12) with a bisection fallback; when several rates fit, the one
    found is near 0. ``periodic_irr([Decimal(100), Decimal(-110)])`` is 0.1 (10 % a period).
    Raises :class:`InputError` without a sign change or a root in (-0.9999, 10).
    """
    _check_flows(amounts)
    return _solve(
        list(enumerate(amounts)),
        N_(
            "cannot compute a rate: no rate between -99.99% and 1000% a period makes "
            "these {count} cash flows balance; check the amounts and their signs"
        ),
        len(amounts),
    )


def _daily_irr(flows: Sequence[CashFlow]) -> Decimal:
    """The rate a day (a fraction) of dated flows: sum(a_k / (1 + d) ** days_k) == 0.

    ``(1 + d) ** days == (1 + r) ** (days / 365)`` for the yearly ``r = (1 + d) ** 365 - 1``,
    so this solves Excel's XIRR equation with whole powers only.
    """
    _check_flows([flow.amount for flow in flows])
    first = min(flow.on for flow in flows)
    return _solve(
        [((flow.on - first).days, flow.amount) for flow in flows],
        N_(
            "cannot compute a rate: no rate between -99.99% and 1000% a day makes these "
            "{count} dated cash flows balance; check the amounts, their signs and their dates"
        ),
        len(flows),
    )


def xirr(flows: Sequence[CashFlow]) -> Decimal:
    """The effective yearly rate (a fraction) of dated flows, in any order.

    The ``r`` with ``sum(a_k / (1 + r) ** (days_k / 365)) == 0``, days counted from
    the earliest flow (Excel's XIRR convention); solved for the daily rate ``d``
    then ``r = (1 + d) ** 365 - 1``. 10,000 received, 10,100 paid 30 days later:
    ``1.01 ** (365 / 30) - 1``, about 0.1287.
    """
    daily = _daily_irr(flows)
    with localcontext(_context()):
        return (ONE + daily) ** DAYS_A_YEAR - ONE


def cost_flags(nominal_apr_percent: Decimal, lines: Sequence[Line]) -> tuple[str, ...]:
    """The flag of each line a nominal APR (percent a year) is strictly above, in order:
    flags to show, not limits to enforce.
    ``cost_flags(Decimal(30), legal_lines("cn", LenderType.BANK, Decimal(3))) == ("above_24",)``.
    """
    return tuple(line.flag for line in lines if nominal_apr_percent > line.percent)


def _check_amount(field: str, value: Decimal) -> None:
    if not value.is_finite() or value < 0:
        raise InputError(
            N_("{field} is {value}; it must be an amount of 0 or more"), field=field, value=value
        )


def _check_percent(field: str, value: Decimal) -> None:
    if not value.is_finite() or value < 0:
        raise InputError(
            N_("{field} is {value}; it must be a percent a year of 0 or more"),
            field=field,
            value=value,
        )


def check_principal(principal: Decimal) -> None:
    if not principal.is_finite() or principal <= 0:
        raise InputError(
            N_("principal is {value}; the amount lent must be more than 0"), value=principal
        )


def check_periods(periods_per_year: int) -> None:
    if isinstance(periods_per_year, bool) or periods_per_year < 1:
        raise InputError(
            N_(
                "periods_per_year is {value}; use 12 for monthly, 26 for biweekly or 52 for "
                "weekly installments"
            ),
            value=periods_per_year,
        )


def loan_cost(
    *,
    principal: Decimal,
    upfront_fee: Decimal,
    payments: Sequence[Decimal],
    periods_per_year: int,
    advertised_percent: Decimal,
    lines: Sequence[Line] = (),
    other_fees: Decimal = ZERO,
) -> Cost:
    """The real cost of installments exactly one period apart (a rate of return that
    ignores dates: :func:`contract_cost` uses :func:`dated_loan_cost`).

    ``r`` = periodic IRR of ``[principal - upfront_fee, -p1, -p2, ...]`` (a fee
    taken up front was never lent: Civil Code Art. 670); payments are positive
    amounts and include any fee charged with them. nominal = ``r x periods_per_year
    x 100``, effective = ``((1 + r) ** periods_per_year - 1) x 100``.
    total_interest = ``sum(payments) - principal`` (a fee inside the payments
    counts here); total_fees = ``upfront_fee + other_fees``. ``other_fees`` are
    only reported: put a fee into the payment it is paid with to count it in the rate.
    """
    check_principal(principal)
    _check_amount("upfront_fee", upfront_fee)
    _check_amount("other_fees", other_fees)
    _check_percent("advertised_percent", advertised_percent)
    if upfront_fee >= principal:
        raise InputError(
            N_(
                "the up-front fee {fee} is not less than the principal {principal}, so nothing "
                "would be lent; check both amounts"
            ),
            fee=upfront_fee,
            principal=principal,
        )
    check_periods(periods_per_year)
    if not payments:
        raise InputError(N_("there are no payments; list each installment the borrower pays"))
    for index, payment in enumerate(payments, start=1):
        if not payment.is_finite() or payment < 0:
            raise InputError(
                N_("payment {index} is {value}; write each payment as an amount of 0 or more"),
                index=index,
                value=payment,
            )
    rate = periodic_irr([principal - upfront_fee, *(-payment for payment in payments)])
    with localcontext(_context()):
        nominal = rate * periods_per_year * HUNDRED
        effective = ((ONE + rate) ** periods_per_year - ONE) * HUNDRED
        return Cost(
            nominal_apr=nominal,
            effective_apr=effective,
            advertised=advertised_percent,
            total_interest=sum(payments, ZERO) - principal,
            total_fees=upfront_fee + other_fees,
            flags=cost_flags(nominal, lines),
            lines=tuple(lines),
        )


def dated_loan_cost(
    *,
    flows: Sequence[CashFlow],
    principal: Decimal,
    advertised_percent: Decimal,
    periods_per_year: int | None = None,
    lines: Sequence[Line] = (),
    total_fees: Decimal = ZERO,
) -> Cost:
    """The real cost of a loan from its flows on their dates (docs/conventions.md#real-cost).

    ``flows`` are what the borrower received (+, net of any fee taken up front) and
    paid (-), each on its day; ``d`` is their rate a day (:func:`xirr`'s equation).
    effective = ``((1 + d) ** 365 - 1) x 100``, the XIRR. nominal = the rate of one
    period of the loan x periods a year, ``((1 + d) ** p - 1) x 365 / p x 100``: the
    period ``p`` is ``365 / periods_per_year`` days for installments (12 monthly,
    26 biweekly, 52 weekly); ``periods_per_year=None`` is a loan repaid in one payment,
    whose period is its term, the days from the first flow to the last (so its nominal
    APR is the simple rate a year: 11,250 paid 365 days after 10,000 is 12.5 %).
    total_interest = money paid - principal; ``total_fees`` is only reported.
    """
    check_principal(principal)
    _check_amount("total_fees", total_fees)
    _check_percent("advertised_percent", advertised_percent)
    if periods_per_year is not None:
        check_periods(periods_per_year)
    daily = _daily_irr(flows)
    with localcontext(_context()):
        if periods_per_year is None:
            period = Decimal((max(f.on for f in flows) - min(f.on for f in flows)).days)
        else:
            period = Decimal(DAYS_A_YEAR) / periods_per_year
        growth = ONE + daily
        nominal = (growth**period - ONE) * DAYS_A_YEAR / period * HUNDRED
        effective = (growth**DAYS_A_YEAR - ONE) * HUNDRED
        paid = -sum((flow.amount for flow in flows if flow.amount < 0), ZERO)
        return Cost(
            nominal_apr=nominal,
            effective_apr=effective,
            advertised=advertised_percent,
            total_interest=paid - principal,
            total_fees=total_fees,
            flags=cost_flags(nominal, lines),
            lines=tuple(lines),
        )


def advertised_percent(loan: Loan) -> Decimal:
    """The rate the lender states, as a yearly percent: a flat loan's monthly fee counts
    x 12 on top of its rate (0.75 %/month and 0 % -> 9 %), any other loan its contract rate."""
    if loan.method is Method.FLAT and loan.fee_rate is not None:
        return loan.fee_rate.annual_percent(loan.day_count) + loan.rate.annual_percent(
            loan.day_count
        )
    return loan.rate.annual_percent(loan.day_count)


MAX_SHOWN_PERCENT = Decimal(1_000_000)  # a yearly rate beyond this is shown as no rate


def contract_cost(loan: Loan, lpr_percent: Decimal | None = None) -> Cost:
    """The real cost of ``loan``'s contract: the money received on its start date against
    every installment of the contract schedule on its due date (:func:`dated_loan_cost`;
    docs/conventions.md#real-cost), whatever the schedule charges for each period.

    A loan of one installment (a lump sum, a payday loan) has one period, its term.
    The lines (:func:`legal_lines`) follow the loan's jurisdiction and lender type; the
    one-year LPR is ``lpr_percent`` (the book's ``lpr`` setting) when given, else the
    fixing in force on the loan's start date (:func:`one_year_lpr`). The flags judge the
    nominal APR people see, to the cent. ``advertised`` is :func:`advertised_percent`.
    Raises the schedule's error when the contract has no schedule (a card whose minimum
    never covers its interest).
    """
    if lpr_percent is not None:
        _check_percent("lpr_percent", lpr_percent)
    schedule = contract_schedule(loan)
    lpr = one_year_lpr(loan.start) if lpr_percent is None else LprFixing(None, lpr_percent)
    lines = legal_lines(loan.jurisdiction, loan.lender_kind, lpr.percent)
    flows = [CashFlow(loan.start, loan.amount_received)]
    flows += [CashFlow(i.due_date, -i.payment) for i in schedule]
    cost = dated_loan_cost(flows=flows, principal=loan.principal,
                           advertised_percent=advertised_percent(loan),
                           periods_per_year=(loan.frequency.periods_per_year
                                             if len(schedule) > 1 else None),
                           lines=lines, total_fees=loan.upfront_fee)  # fmt: skip
    if max(cost.nominal_apr, cost.effective_apr) > MAX_SHOWN_PERCENT:
        # e.g. a term's interest due the day after the money is paid out: no yearly rate
        # says anything a person can use (and it would not fit in a Decimal's 28 digits).
        raise InputError(
            N_("the real cost of this contract is over 1,000,000% a year; check its dates "
               "and amounts (start, first due date, term)")
        )  # fmt: skip
    court_cap = any(line.flag == ABOVE_4X_LPR for line in lines)
    return replace(cost, flags=cost_flags(cents(cost.nominal_apr), lines),
                   lpr=lpr if court_cap else None)  # fmt: skip
