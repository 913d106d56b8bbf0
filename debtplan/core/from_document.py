"""The loan file's document read into a :class:`~debtplan.core.model.Book`.

Every loan is validated field by field on every load and every edit. Validation
collects *all* problems (beancount-style) so that ``debtplan check`` can list them
at once; each :class:`~debtplan.core.model.Problem` says which loan, which field, what
is wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from debtplan.core.calendar import LAST_DUE_LIMIT
from debtplan.core.fields import (
    parse_allocation,
    parse_any_rate,
    parse_bool,
    parse_currency,
    parse_daily_rate,
    parse_date,
    parse_datetime,
    parse_day_count,
    parse_due_day,
    parse_frequency,
    parse_grace_days,
    parse_jurisdiction,
    parse_lender_type,
    parse_method,
    parse_min_rule,
    parse_money,
    parse_monthly_rate,
    parse_name,
    parse_penalty_base,
    parse_percent,
    parse_positive_money,
    parse_prepay,
    parse_prepay_fee,
    parse_term,
    parse_text,
    parse_whole_number,
)
from debtplan.core.model import (
    Book,
    BookError,
    Charge,
    ContactRecord,
    Evidence,
    Loan,
    Method,
    Payment,
    Prepay,
    Problem,
    RateChange,
    SavedPlan,
    Settings,
    Statement,
    default_day_count,
    name_key,
)
from debtplan.core.money import ZERO, Rate
from debtplan.core.text import N_, InputError

# ---------------------------------------------------------------------------------------
# The loan table: one row per field of a [[loans]] table.


@dataclass(frozen=True)
class FieldSpec:
    """How one field of a loan is read from the file (and from add/edit options)."""

    key: str  # TOML key; the CLI option is --key with dashes
    parse: Callable[[Any], Any]


LOAN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", parse_name),
    FieldSpec("lender", parse_text),
    FieldSpec("account", parse_text),
    FieldSpec("currency", parse_currency),
    FieldSpec("method", parse_method),
    FieldSpec("principal", parse_positive_money),
    FieldSpec("balance", parse_money),
    FieldSpec("rate", parse_any_rate),
    FieldSpec("term", parse_term),
    FieldSpec("frequency", parse_frequency),
    FieldSpec("start", parse_date),
    FieldSpec("first_due", parse_date),
    FieldSpec("due_day", parse_due_day),
    FieldSpec("grace_days", parse_grace_days),
    FieldSpec("penalty_rate", parse_daily_rate),
    FieldSpec("penalty_markup", parse_percent),
    FieldSpec("penalty_base", parse_penalty_base),
    FieldSpec("penalty_compound", parse_bool),
    FieldSpec("late_fee", parse_money),
    FieldSpec("upfront_fee", parse_money),
    FieldSpec("prepay_fee", parse_prepay_fee),
    FieldSpec("fee_rate", parse_monthly_rate),
    FieldSpec("min_payment", parse_min_rule),
    FieldSpec("min_floor", parse_money),
    FieldSpec("day_count", parse_day_count),
    FieldSpec("allocation", parse_allocation),
    FieldSpec("jurisdiction", parse_jurisdiction),
    FieldSpec("lender_type", parse_lender_type),
    FieldSpec("note", parse_text),
)
FIELD_KEYS = frozenset(spec.key for spec in LOAN_FIELDS) | {
    "payments", "contacts", "rate_changes", "charges", "statements",
}  # fmt: skip


def _label(raw: Mapping[str, Any], index: int) -> str:
    name = raw.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else f"loans[{index + 1}]"


def loan_from_dict(raw: Any, index: int = 0) -> tuple[Loan | None, list[Problem]]:
    """Validate one ``[[loans]]`` table; return the loan (None if invalid) and every problem."""
    if not isinstance(raw, Mapping):
        error = InputError(N_("each [[loans]] entry must be a table of fields"))
        return None, [Problem(f"loans[{index + 1}]", "-", error)]
    label = _label(raw, index)
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def fail(key: str, error: InputError) -> None:
        problems.append(Problem(label, key, error))

    for key in raw:
        if key not in FIELD_KEYS:
            fail(key, InputError(N_("unknown field {key!r}; check its spelling"), key=key))
    for spec in LOAN_FIELDS:
        if spec.key in raw:
            try:
                values[spec.key] = spec.parse(raw[spec.key])
            except InputError as error:
                fail(spec.key, error)

    if "currency" in values:  # the defaults that follow the currency, then the jurisdiction
        values.setdefault("jurisdiction", "us" if values["currency"] == "USD" else "cn")
        values.setdefault("day_count", default_day_count(values["jurisdiction"]))

    for key in ("name", "currency", "method", "rate", "start"):
        if key not in raw:
            fail(key, InputError(N_("this field is required")))

    method = values.get("method")
    if method is Method.REVOLVING:
        if "balance" not in raw and "principal" not in raw:
            fail("balance", InputError(N_("a revolving loan needs its balance (--balance)")))
        if "min_payment" not in raw:
            fail(
                "min_payment",
                InputError(N_("a revolving loan needs a minimum payment, such as 200 or 5%,100")),
            )
    elif method is not None:
        if "principal" not in raw:
            fail("principal", InputError(N_("this field is required")))
        if "term" not in raw:
            fail("term", InputError(N_("this field is required (number of installments)")))
        if "balance" in raw:
            fail("balance", InputError(N_("only revolving loans have a balance; use principal")))
    if method is Method.FLAT and "fee_rate" not in raw:
        fail("fee_rate", InputError(N_("a flat loan needs its monthly fee rate (--fee-rate)")))
    if method is not Method.FLAT and "fee_rate" in raw and method is not None:
        fail("fee_rate", InputError(N_("only flat loans have a fee rate; use --rate")))
    if "penalty_rate" in values and "penalty_markup" in values:
        fail(
            "penalty_markup",
            InputError(N_("give either a penalty rate or a penalty markup, not both")),
        )
    start, first_due = values.get("start"), values.get("first_due")
    if start and first_due and first_due <= start:
        fail("first_due", InputError(N_("the first due date must come after the start date")))
    principal = values.get("principal", values.get("balance"))
    fee = values.get("upfront_fee")
    if principal is not None and fee is not None and fee >= principal:
        fail("upfront_fee", InputError(N_("the up-front fee must be less than the principal")))

    payments: list[Payment] = []
    contacts: list[ContactRecord] = []
    rate_changes: list[RateChange] = []
    charges: list[Charge] = []
    statements: list[Statement] = []
    lists: tuple[tuple[str, list[Any], Callable[[Any], Any]], ...] = (
        ("payments", payments, _payment_from_dict),
        ("contacts", contacts, _contact_from_dict),
        ("rate_changes", rate_changes, _rate_change_from_dict),
        ("charges", charges, _charge_from_dict),
        ("statements", statements, _statement_from_dict),
    )
    for key, target, parse in lists:
        items = raw.get(key, [])
        if not isinstance(items, list):
            fail(key, InputError(N_("expected a list of [[loans.{key}]] tables"), key=key))
            continue
        for number, item in enumerate(items, start=1):
            try:
                target.append(parse(item))
            except InputError as error:
                fail(f"{key}[{number}]", error)

    _check_charges(values, charges, statements, fail)
    rule = values.get("min_payment")
    if method is Method.REVOLVING and rule and principal:
        # The minimum must cover a month's interest at the rate now and at every rate the
        # card changes to, or the balance never falls and no schedule exists.
        rates = [values["rate"]] if "rate" in values else []
        rates += [change.rate for change in rate_changes]
        for rate in rates:
            if _minimum_never_covers(values, rule, principal, rate):
                fail("min_payment", InputError(
                    N_("this minimum never covers the month's interest at {rate}, so the "
                       "balance would never fall; use the card's real rule, e.g. "
                       "1%+interest,35 or 3%,50"), rate=str(rate)))  # fmt: skip
                break
    if problems:
        return None, problems
    fixed, percent, floor, plus_interest = values.pop("min_payment", (None, None, None, False))
    stated_floor = values.pop("min_floor", ZERO)
    if "balance" in values:
        values["principal"] = values.pop("balance")
    loan = Loan(
        **values,
        min_payment=fixed,
        min_percent=percent,
        min_floor=floor if floor is not None else stated_floor,
        min_plus_interest=plus_interest,
        payments=tuple(sorted(payments, key=lambda p: p.on)),
        contacts=tuple(sorted(contacts, key=lambda c: c.at)),
        rate_changes=tuple(sorted(rate_changes, key=lambda r: r.starts)),
        charges=tuple(sorted(charges, key=lambda c: c.on)),
        statements=tuple(sorted(statements, key=lambda c: c.on)),
    )
    beyond = calendar_problem(loan)
    if beyond is not None:
        return None, [Problem(label, "first_due" if "first_due" in values else "start", beyond)]
    return loan, []


def _check_charges(
    values: Mapping[str, Any],
    charges: Sequence[Charge],
    statements: Sequence[Statement],
    fail: Callable[[str, InputError], None],
) -> None:
    """Charges and statements belong to a revolving line, on or after its start date."""
    method, start = values.get("method"), values.get("start")
    listed: tuple[tuple[str, Sequence[Charge | Statement]], ...] = (
        ("charges", charges), ("statements", statements),
    )  # fmt: skip
    for key, items in listed:
        if items and method is not None and method is not Method.REVOLVING:
            fail(
                key,
                InputError(
                    N_(
                        "only a revolving line (a card, 花呗, 借呗) takes charges "
                        "and statements; record a new loan with `debtplan add`"
                    )
                ),
            )
            continue
        for number, item in enumerate(items, start=1):
            if start is not None and item.on < start:
                fail(
                    f"{key}[{number}]",
                    InputError(
                        N_(
                            "{date} is before the card's start date ({start}); its balance on "
                            "the start date already holds it"
                        ),
                        date=item.on,
                        start=start,
                    ),
                )


_SAFE_YEARS = 102  # a schedule runs at most 1200 months (100 years) after its first period


def calendar_problem(loan: Loan) -> InputError | None:
    """Why ``loan``'s schedule leaves the calendar, or None when its last due date is on or
    before :data:`LAST_DUE_LIMIT`.

    An installment loan's last due date is its contract's. A card's is the last minimum
    payment of its contract schedule (payments only bring it closer); a card whose
    minimums would run past the calendar is refused like a loan.
    """
    latest = max(loan.start, loan.first_due or loan.start)
    if latest.year <= LAST_DUE_LIMIT.year - _SAFE_YEARS:
        return None  # every schedule from here ends within the calendar (the common case)
    from debtplan.core.schedule import ScheduleError, contract_schedule, due_date

    try:
        if loan.method is Method.REVOLVING:
            rows = contract_schedule(loan)
            last: date | None = rows[-1].due_date if rows else loan.first_due_date
        else:
            last = due_date(loan, 1 if loan.method is Method.LUMP_SUM else loan.term)
    except (ValueError, OverflowError, ScheduleError):
        last = None  # past 9999-12-31, or a card whose minimums never end
    if last is not None and last <= LAST_DUE_LIMIT:
        return None
    if loan.method is Method.REVOLVING:
        return InputError(
            N_("the minimum payments would run past {limit}, a year before the calendar ends "
               "(9999-12-31); check the start date, the first due date and the minimum payment"),
            limit=LAST_DUE_LIMIT.isoformat(),
        )  # fmt: skip
    if last is None:
        return InputError(
            N_("the installments would fall due after 9999-12-31, where the calendar ends; "
               "the last due date must be on or before {limit}, a year before the end, so "
               "check the start date, the first due date and the term"),
            limit=LAST_DUE_LIMIT.isoformat(),
        )  # fmt: skip
    return InputError(
        N_("the last installment would fall due on {last}; the last due date must be on or "
           "before {limit}, a year before the calendar ends (9999-12-31), so check the start "
           "date, the first due date and the term"),
        last=last.isoformat(), limit=LAST_DUE_LIMIT.isoformat(),
    )  # fmt: skip


def _minimum_never_covers(
    values: Mapping[str, Any], rule: tuple[Any, ...], principal: Decimal, rate: Rate
) -> bool:
    """Whether a card's minimum rule pays no more than a month's interest on ``principal``."""
    interest = principal * rate.annual_percent(values.get("day_count", 365)) / 1200
    fixed, percent, floor, plus_interest = rule
    minimum = max(fixed or ZERO, floor or values.get("min_floor", ZERO),
                  (principal + interest) * (percent or ZERO) / 100
                  + (interest if plus_interest else ZERO))  # fmt: skip
    return bool(0 < minimum <= interest and minimum < principal + interest)


def _table(item: Any, keys: Sequence[str]) -> Mapping[str, Any]:
    """``item`` as a table holding only ``keys``: a misspelt key would be dropped by the
    next save, so it is a problem, as in a loan's own table."""
    if not isinstance(item, Mapping):
        raise InputError(N_("expected a table of fields"))
    for key in item:
        if key not in keys:
            raise InputError(N_("unknown field {key!r}; check its spelling"), key=key)
    return item


def _payment_from_dict(item: Any) -> Payment:
    table = _table(item, ("date", "amount", "note", "prepay"))
    if "date" not in table or "amount" not in table:
        raise InputError(N_("a payment needs a date and an amount"))
    return Payment(  # most payments are a date and an amount: the defaults need no parsing
        on=parse_date(table["date"]),
        amount=parse_positive_money(table["amount"]),
        note=parse_text(table["note"]) if "note" in table else "",
        prepay=parse_prepay(table["prepay"]) if "prepay" in table else Prepay.SHORTEN,
    )


def _charge_from_dict(item: Any) -> Charge:
    table = _table(item, ("date", "amount", "note"))
    if "date" not in table or "amount" not in table:
        raise InputError(N_("a charge needs a date and an amount"))
    return Charge(
        on=parse_date(table["date"]),
        amount=parse_positive_money(table["amount"]),
        note=parse_text(table["note"]) if "note" in table else "",
    )


def _statement_from_dict(item: Any) -> Statement:
    table = _table(item, ("date", "balance", "note"))
    if "date" not in table or "balance" not in table:
        raise InputError(N_("a statement needs a date and a balance"))
    return Statement(
        on=parse_date(table["date"]),
        balance=parse_money(table["balance"]),
        note=parse_text(table["note"]) if "note" in table else "",
    )


def _contact_from_dict(item: Any) -> ContactRecord:
    from debtplan.core.contacts import parse_channel, parse_conduct

    table = _table(item, ("at", "channel", "conduct", "connected", "evidence", "note"))
    if "at" not in table or "channel" not in table:
        raise InputError(N_("a contact needs a time (at) and a channel"))
    conduct = table.get("conduct", [])
    if not isinstance(conduct, list):
        raise InputError(N_('conduct is a list, like conduct = ["threat", "insult"]'))
    evidence = table.get("evidence", [])
    if not isinstance(evidence, list):
        raise InputError(N_("expected a list of [[loans.{key}]] tables"), key="contacts.evidence")
    return ContactRecord(
        parse_datetime(table["at"]),
        parse_channel(parse_text(table["channel"])).value,
        parse_text(table.get("note", "")),
        tuple(dict.fromkeys(parse_conduct(parse_text(c)).value for c in conduct)),
        parse_bool(table["connected"]) if "connected" in table else False,
        tuple(_evidence_from_dict(e) for e in evidence),
    )


def _evidence_from_dict(item: Any) -> Evidence:
    table = _table(item, ("path", "sha256"))
    if "path" not in table or "sha256" not in table:
        raise InputError(N_("an evidence file needs a path and a sha256"))
    return Evidence(parse_text(table["path"]), parse_text(table["sha256"]).strip().lower())


CHANNELS = ("call", "sms", "visit", "social", "third-party")


def _rate_change_from_dict(item: Any) -> RateChange:
    table = _table(item, ("from", "rate"))
    if "from" not in table or "rate" not in table:
        raise InputError(N_("a rate change needs a date (from) and a rate"))
    return RateChange(parse_date(table["from"]), parse_any_rate(table["rate"]))


def settings_from_dict(raw: Any) -> tuple[Settings, list[Problem]]:
    """Validate the ``[settings]`` table."""
    if raw is None:
        return Settings(), []
    problems: list[Problem] = []
    if not isinstance(raw, Mapping):
        return Settings(), [Problem("settings", "-", InputError(N_("expected a table of fields")))]
    values: dict[str, Any] = {}
    parsers: dict[str, Callable[[Any], Any]] = {
        "lpr": parse_percent,
        "history": lambda v: parse_whole_number(v, 0, 1000),
        "remind_days": lambda v: parse_whole_number(v, 0, 60),
    }
    for key, value in raw.items():
        try:
            if key == "budget":
                if not isinstance(value, Mapping):
                    raise InputError(
                        N_("write the budget per currency, like budget = {{CNY = 3000}}")
                    )
                values["budget"] = {
                    parse_currency(c): parse_positive_money(a) for c, a in value.items()
                }
            elif key in parsers:
                values["lpr_percent" if key == "lpr" else key] = parsers[key](value)
            else:
                raise InputError(N_("unknown field {key!r}; check its spelling"), key=key)
        except InputError as error:
            problems.append(Problem("settings", key, error))
    return Settings(**values), problems


def book_from_document(doc: Mapping[str, Any]) -> tuple[Book, list[Problem]]:
    """Validate a whole document; the book holds only the valid loans, problems all the rest."""
    problems: list[Problem] = []
    loans: list[Loan] = []
    raw_loans = doc.get("loans", [])
    if not isinstance(raw_loans, list):
        problems.append(Problem("loans", "-", InputError(N_("expected [[loans]] tables"))))
        raw_loans = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(raw_loans):
        loan, loan_problems = loan_from_dict(raw, index)
        problems.extend(loan_problems)
        # A loan with other problems still holds its name: a clash is listed now, not
        # only once the other problems are fixed.
        name = loan.name if loan is not None else _valid_name(raw)
        if name is None:
            continue
        if name_key(name) in seen:
            error = InputError(
                N_("the name is already used by {other!r}; names must differ (ignoring case)"),
                other=seen[name_key(name)],
            )
            problems.append(Problem(name, "name", error))
            continue
        seen[name_key(name)] = name
        if loan is not None:
            loans.append(loan)
    settings, settings_problems = settings_from_dict(doc.get("settings"))
    problems.extend(settings_problems)
    saved_plan = None
    if "saved_plan" in doc:
        try:
            saved_plan = saved_plan_from_dict(doc["saved_plan"])
        except InputError as bad:
            problems.append(Problem("saved_plan", "-", bad))
    for key in doc:
        if key not in {"schema_version", "loans", "settings", "saved_plan"}:
            error = InputError(N_("unknown field {key!r}; check its spelling"), key=key)
            problems.append(Problem("-", key, error))
    return Book(tuple(loans), settings, saved_plan), problems


def saved_plan_from_dict(raw: Any) -> SavedPlan:
    """The ``[saved_plan]`` table `plan --save` wrote (see :class:`SavedPlan`)."""
    from debtplan.core.planner import PLAN_STRATEGIES

    table = _table(raw, ("strategy", "as_of", "budget", "order", "targets"))
    missing = [k for k in ("strategy", "as_of", "budget", "targets") if k not in table]
    if missing:
        raise InputError(
            N_("the saved plan lacks {keys}; save it again with plan --save"),
            keys=", ".join(missing),
        )
    strategy = table["strategy"]
    if strategy not in PLAN_STRATEGIES:
        raise InputError(
            N_("the saved plan's strategy {value!r} is not one of {choices}"),
            value=strategy,
            choices=", ".join(PLAN_STRATEGIES),
        )
    budget, targets = table["budget"], table["targets"]
    if not isinstance(budget, Mapping) or not isinstance(targets, Mapping):
        raise InputError(N_("write the saved plan's budget and targets as tables"))
    rows = {}
    for name, row in targets.items():
        if not isinstance(row, list):
            raise InputError(
                N_("the saved plan's targets for {name!r} must be a list of amounts"), name=name
            )
        rows[parse_name(name)] = tuple(parse_money(v) for v in row)
    order = table.get("order", [])
    if not isinstance(order, list):
        raise InputError(N_("the saved plan's order must be a list of loan names"))
    return SavedPlan(
        strategy=strategy,
        as_of=parse_date(table["as_of"]),
        budget={parse_currency(c): parse_positive_money(a) for c, a in budget.items()},
        targets=rows,
        order=tuple(parse_name(n) for n in order),
    )


def _valid_name(raw: Any) -> str | None:
    """The name of a ``[[loans]]`` table that did not validate, if the name itself is valid."""
    if not isinstance(raw, Mapping):
        return None
    try:
        return parse_name(raw.get("name"))
    except InputError:
        return None


def load_book(doc: Mapping[str, Any]) -> Book:
    """The book, or :class:`BookError` listing every problem."""
    book, problems = book_from_document(doc)
    if problems:
        raise BookError(problems)
    return book


def validate_loan_dict(raw: Mapping[str, Any]) -> Loan:
    """One loan from a table, or :class:`BookError` with its problems (used by add/edit)."""
    loan, problems = loan_from_dict(raw)
    if loan is None:
        raise BookError(problems, N_("the loan has {count} problem(s); nothing was saved"))
    return loan
