"""From the loan book to the planner: each loan as a :class:`~debtplan.core.planner.Debt`.

How a loan is counted as of ``as_of`` (the ledger's :func:`loan_state`):

- ``overdue``: everything owed on the installments due now (overdue, or due today or
  within the grace days): principal, interest, penalty interest and late fees.
  The plan pays it in full in its first month.
- ``balance``: the principal still owed on the installments not yet due (upcoming
  or partly paid).
- ``annual_percent``: the rate a year (a daily or monthly rate converted simply: x day
  count, x 12). A flat-fee loan (等本等息) charges its fee on the *original*
  principal, which the planner's interest on the balance cannot express; it is
  planned at the rate its remaining installments really cost (see below); money
  above the installment saves interest in proportion, as if the lender rebated the
  fee (many charge it anyway).
- ``minimum_fixed``: an installment loan's next scheduled installment (a weekly or
  biweekly one x 52/12 or 26/12, as a month). An equal-principal loan's is its
  principal part, with ``minimum_plus_interest``: the month's interest is added, so
  the minimum falls as its installments do. A loan repaid in one sum at its end
  (lump-sum, or interest-only's last principal) would leave that sum to one month;
  the plan sets money aside for it instead: its minimum is the interest installment
  (none for a lump sum) plus what is owed at the end spread evenly over the plan's
  months up to the last due date, so it is paid off no later than the contract asks.
- ``final_period``: the plan month of the last installment (one a month from the next
  one to the contract's ``term`` for a monthly loan; the months its installments span
  for a biweekly or weekly one, ``ceil(n x 12 / periods a year)``; the months to the
  last due date for a one-sum loan). From it on the minimum is all that is owed: the
  contract's last installment absorbs the rounding, so paying the minimums ends on
  the contract's last due date. A monthly annuity ``reamortize``s: a rate change works
  its installment out again over the months left, as its schedule does.
- A flat loan, or an annuity not paid monthly, is planned at the rate at which paying
  its installment every month ends in its last period (:func:`fitted_percent`): its
  installments' nominal IRR, moved by 0.0001 % steps until the planner's own cent
  rounding neither leaves a few cents for a month after nor ends a month before. A
  biweekly loan's flows are its contract's money at 26/12 installments a month.
- Revolving: ``minimum_fixed``, ``minimum_percent`` and ``minimum_floor`` are the
  card's ``min_payment``, ``min_percent`` and floor (:func:`card_floor`: 10 for a
  percent rule written without one); a "percent plus interest" rule sets
  ``minimum_plus_interest``, the month's interest at the rate in force.
- ``annual_percent`` and ``rate_changes``: the rate in force on ``as_of`` and the
  stored rate changes after it, each as an annual percent (none for a loan planned at
  an implied rate: its installments already carry them). A what-if change
  (:func:`with_rate_change`) is the rate the plan uses from its date, as given.

Loans paid off (nothing owed) are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from debtplan.core.calendar import Frequency, add_months
from debtplan.core.ledger import InstallmentState, LoanState, Status, outlook
from debtplan.core.model import Loan, Method
from debtplan.core.money import HUNDRED, ZERO, Rate, cents
from debtplan.core.planner import Debt, PlannedRateChange
from debtplan.core.schedule import card_floor
from debtplan.core.text import InputError

RATE_PLACES = Decimal("0.0001")  # a flat loan's implied rate, percent a year
_MONTHS_A_YEAR = 12
_ONE_SUM = (Method.LUMP_SUM, Method.INTEREST_ONLY)
# Whose figures need every installment still to come (implied rate, set-aside).
_WHOLE_SCHEDULE = (*_ONE_SUM, Method.FLAT)


def pending_installments(state: LoanState) -> tuple[InstallmentState, ...]:
    """Installments not yet due: upcoming, or partly paid ahead of their date."""
    return tuple(i for i in state.installments if i.status in (Status.UPCOMING, Status.PARTLY_PAID))


def implied_percent(loan: Loan, balance: Decimal, pending: Sequence[InstallmentState]) -> Decimal:
    """The nominal yearly percent at which ``pending`` installments repay ``balance``.

    ``r`` solves ``balance == sum(amount_k / (1 + r) ** k)`` (``k`` = 1, 2, ... in the
    loan's periods); the result is ``r x periods a year x 100``, rounded half-up to
    0.0001, and never below 0. A flat loan of 6,000 at 0.6 %/month over 12 months
    (12 x 536.00) gives 13.0342 (percent a year), its real APR.
    """
    from debtplan.core.apr import periodic_irr

    amounts = [i.amount_owed for i in pending if i.amount_owed > 0]
    if balance <= 0 or not amounts:
        return ZERO
    rate = periodic_irr([balance, *(-amount for amount in amounts)])
    with localcontext() as context:
        context.prec = 28
        percent = rate * loan.frequency.periods_per_year * HUNDRED
        return max(ZERO, percent.quantize(RATE_PLACES, rounding=ROUND_HALF_UP))


def _as_monthly(loan: Loan, amount: Decimal) -> Decimal:
    """A per-period amount as a month's: x 26/12 for biweekly, x 52/12 for weekly."""
    periods = loan.frequency.periods_per_year
    if periods == _MONTHS_A_YEAR:
        return amount
    return cents(amount * periods / _MONTHS_A_YEAR)


def months_until(as_of: date, last_due: date) -> int:
    """The plan's periods dated on or before ``last_due`` (at least 1).

    Period ``k`` is dated ``as_of + k months``: from 2026-11-28, a sum due on
    2027-02-28 has 3 periods (Dec 28, Jan 28, Feb 28).
    """
    months = (last_due.year - as_of.year) * 12 + last_due.month - as_of.month
    if months > 0 and add_months(as_of, months) > last_due:
        months -= 1
    return max(1, months)


def _set_aside(loan: Loan, as_of: date, pending: Sequence[InstallmentState]) -> Decimal:
    """The monthly minimum of a loan repaid in one sum at its end (see the module docstring)."""
    last = pending[-1]
    months = months_until(as_of, last.due_date)
    if len(pending) == 1:  # a lump sum, or interest-only's last installment
        return cents(last.amount_owed / months)
    principal = sum((i.principal_owed for i in pending), ZERO)
    return _as_monthly(loan, pending[0].interest) + cents(principal / months)


def debt_from_loan(loan: Loan, as_of: date) -> Debt | None:
    """``loan`` as the planner sees it on ``as_of`` (see the module docstring); None if paid off.

    The figures are those of the loan's whole ledger (:func:`loan_state`), but only a flat
    loan's implied rate, a one-sum loan's set-aside and a loan not paid monthly need every
    installment still to come; for the others the ledger stops at the first installment not
    yet due (:func:`~debtplan.core.ledger.outlook`), so a 50-year loan costs what its past
    costs.
    """
    complete = loan.method in _WHOLE_SCHEDULE or loan.frequency is not Frequency.MONTHLY
    view = outlook(loan, as_of, complete=complete)
    return debt_from_figures(loan, as_of, view.total_due, view.pending_principal, view.pending)


def debt_from_figures(
    loan: Loan,
    as_of: date,
    overdue: Decimal,
    balance: Decimal,
    pending: Sequence[InstallmentState],
) -> Debt | None:
    """The :class:`Debt` from a loan's ledger figures on ``as_of``: what is due now
    (``LoanState.total_due``), the principal owed on the installments not yet due, and
    those installments (every one for a flat, one-sum or not monthly loan, else at least
    the first)."""
    if balance <= 0 and overdue <= 0:
        return None
    percent = rate_in_force(loan, as_of)
    changes = tuple(
        PlannedRateChange(change.starts, change.rate.annual_percent(loan.day_count))
        for change in loan.rate_changes
        if change.starts > as_of
    )
    minimum = _Minimum()
    if loan.method is Method.REVOLVING:
        minimum = _Minimum(
            loan.min_payment or ZERO,
            loan.min_percent or ZERO,
            card_floor(loan),
            plus_interest=loan.min_plus_interest,
        )
    elif pending:
        minimum, implied = _installment_minimum(loan, as_of, balance, pending)
        if implied is not None:
            # Planned at the rate its remaining installments really cost; those installments
            # already carry its stored rate changes, so they are not applied twice.
            percent, changes = implied, ()
    return Debt(
        name=loan.name,
        currency=loan.currency,
        balance=cents(balance),
        annual_percent=percent,
        minimum_fixed=cents(minimum.fixed),
        minimum_percent=minimum.percent,
        minimum_floor=cents(minimum.floor),
        overdue=cents(overdue),
        rate_changes=changes,
        minimum_plus_interest=minimum.plus_interest,
        final_period=minimum.final_period,
        reamortize=minimum.reamortize,
    )


@dataclass(frozen=True)
class _Minimum:
    """A debt's minimum rule (the fields of :class:`Debt` that make it)."""

    fixed: Decimal = ZERO
    percent: Decimal = ZERO
    floor: Decimal = ZERO
    plus_interest: bool = False
    final_period: int = 0
    reamortize: bool = False


def rate_in_force(loan: Loan, on: date) -> Decimal:
    """The loan's yearly percent on ``on``: its rate, or its latest change starting by then."""
    rate = loan.rate
    for change in loan.rate_changes:
        if change.starts <= on:
            rate = change.rate
    return rate.annual_percent(loan.day_count)


def _installment_minimum(
    loan: Loan, as_of: date, balance: Decimal, pending: Sequence[InstallmentState]
) -> tuple[_Minimum, Decimal | None]:
    """An installment loan's minimum, and the implied rate it is planned at (None: its own).

    See the module docstring: the minimum follows the schedule, and from the period of
    the last installment on it is everything owed.
    """
    method = loan.method
    if method in _ONE_SUM:
        return _Minimum(_set_aside(loan, as_of, pending),
                        final_period=months_until(as_of, pending[-1].due_date)), None  # fmt: skip
    monthly = loan.frequency is Frequency.MONTHLY
    if monthly:
        # One plan period per installment; the schedule ends at the contract's term.
        final = len(pending) if method is Method.FLAT else loan.term - pending[0].number + 1
    else:  # the months the installments span: 26 biweekly installments take 12
        final = -(-len(pending) * _MONTHS_A_YEAR // loan.frequency.periods_per_year)
    if method is Method.EQUAL_PRINCIPAL:
        principal = _as_monthly(loan, pending[0].principal)
        return _Minimum(principal, plus_interest=True, final_period=max(final, 1)), None
    installment = _as_monthly(loan, pending[0].payment)
    if method is Method.ANNUITY and monthly:
        return _Minimum(installment, final_period=max(final, 1), reamortize=True), None
    # A flat loan, or an annuity not paid monthly: planned at the rate at which its
    # installments, a month's at a time, repay its balance over the same months.
    if monthly:
        flows = [i.amount_owed for i in pending if i.amount_owed > 0]
    else:
        total = sum((i.amount_owed for i in pending), ZERO)
        while final > 1 and total - (final - 1) * installment <= 0:
            final -= 1
        flows = [installment] * (final - 1) + [total - (final - 1) * installment]
    final = max(len(flows), 1)
    try:
        implied = fitted_percent(balance, installment, flows)
    except InputError:  # no rate balances them (cannot happen for a real schedule)
        implied = None
    return _Minimum(installment, final_period=final), implied


def fitted_percent(balance: Decimal, minimum: Decimal, flows: Sequence[Decimal]) -> Decimal:
    """The yearly percent at which paying ``minimum`` a month, and all that is left in the
    month of the last of ``flows``, asks no more in that month than ``flows[-1]``.

    It starts from the nominal yearly IRR of ``[balance, -flows...]`` (monthly, rounded
    half-up to 0.0001 %). When every flow but the last is ``minimum`` (level installments),
    it is the highest percent, in steps of 0.0001 % and at most that, at which the
    planner's own rounding (interest half-up to the cent each month) leaves no more than
    ``flows[-1]`` for the last month: a loan paid exactly its installment then ends on
    its last due date, never with a few cents a month later.
    """
    from debtplan.core.apr import periodic_irr

    if balance <= 0 or not flows:
        return ZERO
    rate = periodic_irr([balance, *(-amount for amount in flows)])
    with localcontext() as context:
        context.prec = 28
        percent = max(ZERO, (rate * _MONTHS_A_YEAR * HUNDRED).quantize(RATE_PLACES, ROUND_HALF_UP))
    if any(flow != minimum for flow in flows[:-1]):
        return percent  # not level: the planner's minimum does not follow them anyway
    start, pay, months = _to_cents(balance), _to_cents(minimum), len(flows)
    last = _to_cents(flows[-1])

    def steps_fit(steps: int) -> int:  # < 0: ends early, 0: fits, > 0: asks too much
        owed = _last_month(start, steps * RATE_PLACES, pay, months)
        return -1 if owed == 0 else (1 if owed > last else 0)

    at = int(percent / RATE_PLACES)
    where = steps_fit(at)
    if where == 0:
        return percent
    # The cost of the last month grows with the rate: find where it fits, nearest the IRR.
    if where > 0:
        if steps_fit(0) > 0:
            return percent  # not even at 0 %: the installments do not cover the balance
        low, high = 0, at  # low does not ask too much, high does
    else:
        reach = 1
        while steps_fit(at + reach) < 0:
            if reach > _MAX_STEPS:
                return percent
            reach *= 2
        low, high = at + reach // 2, at + reach  # low ends early, high does not
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if steps_fit(middle) < 0 else (low, middle)
        return high * RATE_PLACES if steps_fit(high) == 0 else percent
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if steps_fit(middle) <= 0 else (low, middle)
    return low * RATE_PLACES


_MAX_STEPS = 1 << 20  # 104.8576 % a year above the IRR: rounding never needs that much


def _to_cents(amount: Decimal) -> int:
    return int(cents(amount).scaleb(2))


def _last_month(balance: int, percent: Decimal, pay: int, months: int) -> int:
    """What the planner asks in month ``months`` (cents), paying ``pay`` a month before it
    at ``percent`` a year; 0 if it is paid off earlier. The planner's rounding, exactly:
    ``(x * 2 * num + den) // (2 * den)`` is ``x * num / den`` rounded half-up."""
    ratio = Fraction(percent) / 1200
    num, den = 2 * ratio.numerator, 2 * ratio.denominator
    for _ in range(months - 1):
        owed = balance + (balance * num + den // 2) // den
        balance = owed - min(pay, owed)
        if not balance:
            return 0
    return balance + (balance * num + den // 2) // den


def debts_from_book(loans: Iterable[Loan], as_of: date) -> list[Debt]:
    """Every loan still owed on ``as_of`` as a planner debt, in the book's order."""
    debts = []
    for loan in loans:
        debt = debt_from_loan(loan, as_of)
        if debt is not None:
            debts.append(debt)
    return debts


def with_rate_change(debt: Debt, loan: Loan, starts: date, rate: Rate) -> Debt:
    """``debt`` planned at ``rate`` from ``starts`` on (a what-if: a promotion, a reset).

    The rate is taken as given (a daily or monthly one converted simply with the
    loan's day count); a change the loan already has on that day is replaced.
    """
    change = PlannedRateChange(starts, rate.annual_percent(loan.day_count))
    kept = [old for old in debt.rate_changes if old.starts != starts]
    changes = tuple(sorted([*kept, change], key=lambda item: item.starts))
    return replace(debt, rate_changes=changes)
