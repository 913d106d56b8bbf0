"""The real cost of a loan: the rate of return of the money that actually changes hands.

An advertised rate can hide a fee taken up front or a flat fee charged on the
original principal. The real cost is the rate ``r`` at which what the borrower
received balances every payment on its date (PBoC announcement 〔2021〕 No. 3)::

    sum(amount_k / (1 + r) ** t_k) == 0

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

from debtplan.core.model import Loan, Method
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
_CONSUMER_LENDING_LINE = Decimal(24)  # regulators' ceiling, the 2015 court-protection line
_VOID_LINE = Decimal(36)  # above it interest was void under the 2015 rules

FLAG_NAMES = {
    ABOVE_4X_LPR: N_("above 4x the one-year LPR (the court cap for private lending)"),
    ABOVE_24: N_("above 24% a year (the line regulators expect consumer lending under)"),
    ABOVE_36: N_("above 36% a year (interest above it was void under the 2015 rules)"),
}
"""What each flag of :func:`cost_flags` means, as message ids."""

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

    ``nominal_apr`` is the periodic rate x periods a year (the annualized rate of
    PBoC 2021 No. 3); ``effective_apr`` compounds it, ``(1 + r) ** periods - 1``;
    ``advertised`` is the lender's stated rate, for comparison. ``total_interest``
    is what the borrower pays beyond the principal; ``total_fees`` the fees.
    ``flags`` holds ``"above_4x_lpr"``, ``"above_24"``, ``"above_36"`` (in that
    order) for each line ``nominal_apr`` exceeds.
    """

    nominal_apr: Decimal
    effective_apr: Decimal
    advertised: Decimal
    total_interest: Decimal
    total_fees: Decimal
    flags: tuple[str, ...]


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


def cost_flags(nominal_apr_percent: Decimal, lpr_percent: Decimal) -> tuple[str, ...]:
    """The benchmark lines a nominal APR (percent a year) exceeds, in this order.

    ``"above_4x_lpr"`` (the court cap for private lending, 4 x the one-year LPR),
    ``"above_24"`` and ``"above_36"``: flags to show, not limits to enforce.
    ``cost_flags(Decimal(30), Decimal(3)) == ("above_4x_lpr", "above_24")``.
    """
    lines = (
        (ABOVE_4X_LPR, lpr_percent * _COURT_CAP_LPR_MULTIPLE),
        (ABOVE_24, _CONSUMER_LENDING_LINE),
        (ABOVE_36, _VOID_LINE),
    )
    return tuple(code for code, line in lines if nominal_apr_percent > line)


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


def _check_principal(principal: Decimal) -> None:
    if not principal.is_finite() or principal <= 0:
        raise InputError(
            N_("principal is {value}; the amount lent must be more than 0"), value=principal
        )


def loan_cost(
    *,
    principal: Decimal,
    upfront_fee: Decimal,
    payments: Sequence[Decimal],
    periods_per_year: int,
    advertised_percent: Decimal,
    lpr_percent: Decimal = Decimal("3.0"),
    other_fees: Decimal = ZERO,
) -> Cost:
    """The real cost of an installment loan paid every period.

    ``r`` = periodic IRR of ``[principal - upfront_fee, -p1, -p2, ...]`` (a fee
    taken up front was never lent: Civil Code Art. 670); payments are positive
    amounts and include any fee charged with them. nominal = ``r x periods_per_year
    x 100``, effective = ``((1 + r) ** periods_per_year - 1) x 100``.
    total_interest = ``sum(payments) - principal`` (a fee inside the payments
    counts here); total_fees = ``upfront_fee + other_fees``. ``other_fees`` are
    only reported: put a fee into the payment it is paid with to count it in the rate.
    """
    _check_principal(principal)
    _check_amount("upfront_fee", upfront_fee)
    _check_amount("other_fees", other_fees)
    _check_percent("advertised_percent", advertised_percent)
    _check_percent("lpr_percent", lpr_percent)
    if upfront_fee >= principal:
        raise InputError(
            N_(
                "the up-front fee {fee} is not less than the principal {principal}, so nothing "
                "would be lent; check both amounts"
            ),
            fee=upfront_fee,
            principal=principal,
        )
    if isinstance(periods_per_year, bool) or periods_per_year < 1:
        raise InputError(
            N_(
                "periods_per_year is {value}; use 12 for monthly, 26 for biweekly or 52 for "
                "weekly installments"
            ),
            value=periods_per_year,
        )
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
            flags=cost_flags(nominal, lpr_percent),
        )


def dated_loan_cost(
    *,
    flows: Sequence[CashFlow],
    principal: Decimal,
    advertised_percent: Decimal,
    lpr_percent: Decimal = Decimal("3.0"),
    total_fees: Decimal = ZERO,
) -> Cost:
    """The real cost of a loan with payments on actual dates (a lump sum, a payday loan).

    ``flows`` are what the borrower received (+, net of any fee taken up front)
    and paid (-), each on its day. effective = :func:`xirr` x 100; nominal is
    its daily-compounding equivalent, ``((1 + eff) ** (1 / 365) - 1) x 365 x 100``
    (the daily rate x 365). total_interest = money paid - principal;
    ``total_fees`` is only reported.
    """
    _check_principal(principal)
    _check_amount("total_fees", total_fees)
    _check_percent("advertised_percent", advertised_percent)
    _check_percent("lpr_percent", lpr_percent)
    daily = _daily_irr(flows)
    with localcontext(_context()):
        nominal = daily * DAYS_A_YEAR * HUNDRED
        effective = ((ONE + daily) ** DAYS_A_YEAR - ONE) * HUNDRED
        paid = -sum((flow.amount for flow in flows if flow.amount < 0), ZERO)
        return Cost(
            nominal_apr=nominal,
            effective_apr=effective,
            advertised=advertised_percent,
            total_interest=paid - principal,
            total_fees=total_fees,
            flags=cost_flags(nominal, lpr_percent),
        )


def advertised_percent(loan: Loan) -> Decimal:
    """The rate the lender states, as a yearly percent: a flat loan's monthly fee counts
    x 12 on top of its rate (0.75 %/month and 0 % -> 9 %), any other loan its contract rate."""
    if loan.method is Method.FLAT and loan.fee_rate is not None:
        return loan.fee_rate.annual_percent(loan.day_count) + loan.rate.annual_percent(
            loan.day_count
        )
    return loan.rate.annual_percent(loan.day_count)


def contract_cost(loan: Loan, lpr_percent: Decimal) -> Cost:
    """The real cost of ``loan``'s contract: money received against every installment
    (docs/conventions.md#real-cost; the flags, #cost-flags).

    A lump sum (one payment on a date, a payday loan) is costed on its dates with
    :func:`dated_loan_cost`; every other method as equally spaced installments with
    :func:`loan_cost`. ``advertised`` is :func:`advertised_percent`. The flags judge
    the nominal APR people see, to the cent: a 12 % loan whose installment was rounded
    up by a fraction of a cent is not flagged above 12 %. Raises the schedule's error
    when the contract has no schedule (a card whose minimum never covers its interest).
    """
    schedule = contract_schedule(loan)
    advertised = advertised_percent(loan)
    if loan.method is Method.LUMP_SUM:
        flows = [CashFlow(loan.start, loan.amount_received)]
        flows += [CashFlow(i.due_date, -i.payment) for i in schedule]
        cost = dated_loan_cost(flows=flows, principal=loan.principal,
                               advertised_percent=advertised, lpr_percent=lpr_percent,
                               total_fees=loan.upfront_fee)  # fmt: skip
    else:
        cost = loan_cost(principal=loan.principal, upfront_fee=loan.upfront_fee,
                         payments=[i.payment for i in schedule],
                         periods_per_year=loan.frequency.periods_per_year,
                         advertised_percent=advertised, lpr_percent=lpr_percent)  # fmt: skip
    return replace(cost, flags=cost_flags(cents(cost.nominal_apr), lpr_percent))
