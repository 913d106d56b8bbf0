"""Managing the loan book: add, edit, remove, list, show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from debtplan.cli.common import (
    JsonFlag,
    complete_choices,
    complete_loan_names,
    editing,
    emit_json,
    handles_errors,
    loan_file,
    read_book,
    read_loan,
    session,
    tell,
)
from debtplan.core.calendar import Frequency
from debtplan.core.from_document import validate_loan_dict
from debtplan.core.model import BookError, LenderType, Loan, Method, Problem
from debtplan.core.money import currency_of
from debtplan.core.text import N_, DebtplanError, InputError
from debtplan.core.to_document import loan_to_dict
from debtplan.i18n import _, default_currency
from debtplan.render.names import method_name, status_name

if TYPE_CHECKING:
    from debtplan.usecases.onboarding import OverdueNotice

# One Annotated type per loan field, shared by `add` and `edit` so that the two
# commands always take the same option names (scripts depend on them).
Lender = Annotated[str | None, typer.Option(help=N_("Who lent the money."))]
Account = Annotated[
    str | None, typer.Option(help=N_("The contract or account number, quoted in messages."))
]
Currency = Annotated[str | None, typer.Option(help=N_("ISO code: CNY, USD ... [default: locale]."))]
MethodOpt = Annotated[
    str | None,
    typer.Option(
        "--method",
        help=N_("annuity, equal-principal, interest-only, lump-sum, flat or revolving."),
        autocompletion=complete_choices(Method),
    ),
]
Principal = Annotated[str | None, typer.Option(help=N_("Amount borrowed, e.g. 10,000 or ¥10000."))]
Balance = Annotated[str | None, typer.Option(help=N_("Revolving: the balance owed on --start."))]
RateOpt = Annotated[
    str | None,
    typer.Option("--rate", help=N_("Contract rate: 12% (a year), 1.5%/month, 0.05%/day.")),
]
Term = Annotated[str | None, typer.Option(help=N_("Number of installments."))]
FrequencyOpt = Annotated[
    str | None,
    typer.Option(
        "--frequency",
        help=N_("monthly, biweekly or weekly [default: monthly]."),
        autocompletion=complete_choices(Frequency),
    ),
]
Start = Annotated[str | None, typer.Option(help=N_("Date the money was paid out (YYYY-MM-DD)."))]
FirstDue = Annotated[
    str | None, typer.Option(help=N_("First due date [default: one period after --start]."))
]
DueDay = Annotated[str | None, typer.Option(help=N_("Day of month installments are due (1-31)."))]
GraceDays = Annotated[str | None, typer.Option(help=N_("Days after a due date still on time."))]
PenaltyRate = Annotated[
    str | None, typer.Option(help=N_("Penalty interest, e.g. 0.05%/day on the overdue amount."))
]
PenaltyMarkup = Annotated[
    str | None, typer.Option(help=N_("Or: contract rate plus this percent, e.g. 50%."))
]
PenaltyBaseOpt = Annotated[
    str | None,
    typer.Option("--penalty-base", help=N_("What penalty runs on: overdue or principal.")),
]
PenaltyCompound = Annotated[
    str | None, typer.Option(help=N_("yes: penalty also runs on overdue interest (复利)."))
]
LateFee = Annotated[str | None, typer.Option(help=N_("Fee per missed installment."))]
UpfrontFee = Annotated[str | None, typer.Option(help=N_("Fee taken from the money lent."))]
PrepayFeeOpt = Annotated[
    str | None,
    typer.Option(
        "--prepay-fee", help=N_("Fee for paying early: 3% of the principal prepaid, or 200.")
    ),
]
FeeRate = Annotated[
    str | None, typer.Option(help=N_("Flat loans: monthly fee on the original principal, 0.75%."))
]
MinPayment = Annotated[
    str | None,
    typer.Option(
        help=N_(
            "Revolving minimum: 200, 5%, 5%,100 (percent with a floor) or 1%+interest,35 "
            "(percent plus the month's interest, with a floor)."
        )
    ),
]
DayCount = Annotated[
    str | None,
    typer.Option(
        help=N_("Days in a year for daily rates: 360 or 365 [default: 360 for cn, 365 for us].")
    ),
]
Allocation = Annotated[
    str | None,
    typer.Option(
        help=N_("Order payments are applied in [default: fees,penalty,interest,principal].")
    ),
]
JurisdictionOpt = Annotated[
    str | None, typer.Option("--jurisdiction", help=N_("Collection rules: cn or us."))
]
LenderTypeOpt = Annotated[
    str | None,
    typer.Option(
        "--lender-type",
        help=N_(
            "bank, card, consumer-finance, online or private: which legal lines the real "
            "cost is measured against [default: from the method]."
        ),
        autocompletion=complete_choices(LenderType),
    ),
]
Note = Annotated[str | None, typer.Option(help=N_("Anything worth remembering."))]
# Options of `add` and `edit` that are not fields of the loan.
PaidInstallments = Annotated[
    str | None,
    typer.Option(
        "--paid-installments",
        metavar="N",
        help=N_("A loan you have been paying: the first N installments, paid on their due dates."),
    ),
]


def _given(**options: Any) -> dict[str, Any]:
    """The options that were given, as file keys."""
    return {key: value for key, value in options.items() if value is not None}


def _check_unique(loans: tuple[Loan, ...], loan: Loan, ignore: Loan | None = None) -> None:
    for other in loans:
        if other is not ignore and other.key == loan.key:
            raise InputError(
                N_("a loan named {name!r} already exists (names are compared ignoring case and "
                   "invisible characters); choose another name"),
                name=other.name,
            )  # fmt: skip


@handles_errors
def add(
    name: Annotated[str, typer.Argument(help=N_("A name for the loan (any language)."))],
    lender: Lender = None,
    account: Account = None,
    currency: Currency = None,
    method: MethodOpt = None,
    principal: Principal = None,
    balance: Balance = None,
    rate: RateOpt = None,
    term: Term = None,
    frequency: FrequencyOpt = None,
    start: Start = None,
    first_due: FirstDue = None,
    due_day: DueDay = None,
    grace_days: GraceDays = None,
    penalty_rate: PenaltyRate = None,
    penalty_markup: PenaltyMarkup = None,
    penalty_base: PenaltyBaseOpt = None,
    penalty_compound: PenaltyCompound = None,
    late_fee: LateFee = None,
    upfront_fee: UpfrontFee = None,
    prepay_fee: PrepayFeeOpt = None,
    fee_rate: FeeRate = None,
    min_payment: MinPayment = None,
    day_count: DayCount = None,
    allocation: Allocation = None,
    jurisdiction: JurisdictionOpt = None,
    lender_type: LenderTypeOpt = None,
    note: Note = None,
    paid_installments: PaidInstallments = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a loan to the book."""
    raw = _given(**{k: v for k, v in locals().items() if k not in _NOT_FIELDS})
    # "¥10000" without --currency is a yuan loan, whatever the locale; a mark beside an
    # explicit --currency is decoration ("$" is also the sign of many other dollars).
    typed = [currency_of(raw[key]) for key in ("principal", "balance") if key in raw]
    named = next((code for code in typed if code), None)
    raw.setdefault("currency", named or default_currency())
    raw.setdefault("start", session().today.isoformat())
    if "method" not in raw:
        raw["method"] = "revolving" if "balance" in raw else "annuity"
    if str(raw["method"]).strip().lower() == "flat":
        raw.setdefault("rate", "0%")  # a flat loan's fee is its price (--fee-rate)
    loan = validate_loan_dict(raw)
    today = session().today
    if paid_installments is not None:
        from debtplan.usecases.onboarding import with_paid_installments

        loan = with_paid_installments(loan, paid_installments, today)
    from debtplan.usecases.onboarding import overdue_when_added

    # Worked out before the save: a loan whose ledger cannot be read (a card whose
    # minimums never pay it off) is refused here rather than saved and then unreadable.
    notice = overdue_when_added(loan, today)
    with editing() as edit:
        _check_unique(edit.book.loans, loan)
        edit.book = replace(edit.book, loans=(*edit.book.loans, loan))
    if as_json:
        from debtplan.usecases.standing import loan_document

        emit_json({"added": loan_document(loan)})
    else:
        tell(_("Added {name}.").format(name=_shown(loan.name)))
    if notice is not None:
        _warn_overdue(loan, today, notice)


_NOT_FIELDS = frozenset({"as_json", "paid_installments"})


def _warn_overdue(loan: Loan, today: date, notice: OverdueNotice) -> None:
    """On stderr: the loan just added is already overdue, and how to record what was paid."""
    import shlex

    from debtplan.render.text import grouped

    if notice.card:
        warning = _("Warning: {name} is already overdue on {today}: {count} minimum payment(s) "
                    "unpaid since {since}, {owed} {currency} with penalty and fees.")  # fmt: skip
    else:
        warning = _("Warning: {name} is already overdue on {today}: {count} installment(s) "
                    "unpaid since {since}, {owed} {currency} with penalty and fees.")  # fmt: skip
    tell(warning.format(name=_shown(loan.name), today=today.isoformat(), count=notice.count,
                        since=notice.since.isoformat(), owed=grouped(notice.owed),
                        currency=loan.currency))  # fmt: skip
    pay = f"debtplan pay {shlex.quote(_shown(loan.name))} AMOUNT --date YYYY-MM-DD"
    if notice.card:
        tell(_("If you paid it, record each payment: `{pay}`.").format(pay=pay))
    else:
        tell(_("If you paid them, record what you paid: `debtplan undo`, then add it again with "
               "--paid-installments {due} (the installments due by today), or record each "
               "payment: `{pay}`.").format(due=notice.due_by_today, pay=pay))  # fmt: skip


@handles_errors
def edit(
    name: Annotated[
        str, typer.Argument(help=N_("The loan to change."), autocompletion=complete_loan_names)
    ],
    rename: Annotated[str | None, typer.Option(help=N_("A new name."))] = None,
    lender: Lender = None,
    account: Account = None,
    currency: Currency = None,
    method: MethodOpt = None,
    principal: Principal = None,
    balance: Balance = None,
    rate: RateOpt = None,
    term: Term = None,
    frequency: FrequencyOpt = None,
    start: Start = None,
    first_due: FirstDue = None,
    due_day: DueDay = None,
    grace_days: GraceDays = None,
    penalty_rate: PenaltyRate = None,
    penalty_markup: PenaltyMarkup = None,
    penalty_base: PenaltyBaseOpt = None,
    penalty_compound: PenaltyCompound = None,
    late_fee: LateFee = None,
    upfront_fee: UpfrontFee = None,
    prepay_fee: PrepayFeeOpt = None,
    fee_rate: FeeRate = None,
    min_payment: MinPayment = None,
    day_count: DayCount = None,
    allocation: Allocation = None,
    jurisdiction: JurisdictionOpt = None,
    lender_type: LenderTypeOpt = None,
    note: Note = None,
    unset: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FIELD",
            help=N_(
                "Remove an optional field (e.g. --unset first-due, --unset rate-changes); "
                "repeatable."
            ),
        ),
    ] = None,
    rate_change: Annotated[
        list[str] | None,
        typer.Option(
            "--rate-change",
            metavar="DATE=RATE",
            help=N_(
                "From DATE on the contract rate is RATE, e.g. 2027-06-01=4.2% (a change on "
                "the same date is replaced); repeatable."
            ),
        ),
    ] = None,
) -> None:
    """Change fields of a loan; the result is validated like a new loan."""
    options = {k: v for k, v in locals().items() if k not in _NOT_EDITED}
    with editing() as edit:
        old = edit.book.loan_named(name)
        raw = loan_to_dict(old)
        for key in unset or []:
            raw.pop(_unset_field(key), None)
        if rate_change:
            raw["rate_changes"] = _with_rate_changes(old, raw.get("rate_changes", []), rate_change)
        if "penalty_rate" in options and options["penalty_rate"] is not None:
            raw.pop("penalty_markup", None)
        if "penalty_markup" in options and options["penalty_markup"] is not None:
            raw.pop("penalty_rate", None)
        raw.update(_given(**options))
        if rename is not None:
            raw["name"] = rename
        new = validate_loan_dict(raw)
        _check_unique(edit.book.loans, new, ignore=old)
        edit.book = edit.book.replace_loan(old, new)
    tell(_("Updated {name}.").format(name=_shown(new.name)))


_NOT_EDITED = frozenset({"name", "rename", "unset", "rate_change"})
_REQUIRED = frozenset({"name", "currency", "method", "rate", "start"})


def _unset_field(key: str) -> str:
    """The file key ``--unset KEY`` removes: an optional field of the loan table."""
    from debtplan.core.from_document import FIELD_KEYS

    field = key.strip().lower().replace("-", "_")
    if field in _REQUIRED:
        raise InputError(N_("{field} is required and cannot be removed"), field=key)
    if field not in FIELD_KEYS:
        fields = ", ".join(sorted(k.replace("_", "-") for k in FIELD_KEYS - _REQUIRED))
        raise InputError(N_("--unset {field!r}: no such field; use one of: {fields}"),
                         field=key, fields=fields)  # fmt: skip
    return field


def _with_rate_changes(loan: Loan, changes: list[Any], given: list[str]) -> list[Any]:
    """The file's rate changes with those of ``--rate-change DATE=RATE`` added; one given for
    a date that has a change replaces it. The loan is then validated as a whole."""
    from debtplan.core.fields import parse_dated_rate

    by_date = {change["from"]: change for change in changes}
    for text in given:
        try:
            starts, rate = parse_dated_rate(text)
        except InputError as error:
            problem = Problem(loan.name, "--rate-change", error)
            saved = N_("the loan has {count} problem(s); nothing was saved")
            raise BookError([problem], saved) from None
        by_date[starts] = {"from": starts, "rate": str(rate)}
    return [by_date[day] for day in sorted(by_date)]


@handles_errors
def remove(
    name: Annotated[
        str,
        typer.Argument(
            help=N_("The loan to remove, with its payments."), autocompletion=complete_loan_names
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask."))] = False,
    purge: Annotated[
        bool,
        typer.Option(
            "--purge",
            help=N_(
                "Also delete the earlier versions that hold the loan (no undo brings it back)."
            ),
        ),
    ] = False,
) -> None:
    """Remove a loan (asks first; `debtplan undo` brings it back)."""
    from debtplan.cli.common import _history_setting
    from debtplan.core.to_document import book_to_document
    from debtplan.store import SCHEMA_VERSION, changed_meanwhile, history_folder

    asked = None
    if not yes:
        asked = read_book()
        loan = asked.loan_named(name)
        question = _("Remove {name} and its {count} payment(s)?").format(
            name=_shown(loan.name), count=len(loan.payments)
        )
        if not typer.confirm(question, default=False, err=True):
            tell(_("Nothing removed."))
            raise typer.Exit(1)
    with editing() as edit:
        # The question was asked about the book read before the lock: if the file
        # changed while the person answered, the answer may not hold for it.
        if asked is not None and edit.book != asked:
            raise changed_meanwhile(loan_file())
        loan = edit.book.loan_named(name)
        edit.book = replace(edit.book, loans=tuple(x for x in edit.book.loans if x is not loan))
    if purge:
        dropped = _purge(loan.name)
        tell(_("Removed {name}, and the {count} earlier version(s) that held it; no undo "
               "brings it back.").format(name=_shown(loan.name), count=dropped))  # fmt: skip
        return
    tell(_("Removed {name}. `debtplan undo` brings it back.").format(name=_shown(loan.name)))
    kept = _history_setting(book_to_document(replace(edit.book, loans=()), SCHEMA_VERSION))
    if kept:
        tell(_("Its data stays in the earlier versions in {folder} for {count} more save(s); "
               "`debtplan remove NAME --purge` deletes it from them too.").format(
                   folder=history_folder(loan_file()), count=kept))  # fmt: skip


def _purge(name: str) -> int:
    """Delete the kept versions that hold a loan named ``name``; how many."""
    from debtplan.core.model import name_key
    from debtplan.store import drop_versions, forget_commands, parse_document

    key = name_key(name)

    def holds(data: bytes) -> bool:
        try:
            loans = parse_document(loan_file(), data).get("loans")
        except DebtplanError:  # a version that does not parse: look for the name itself
            return name.encode("utf-8") in data
        return isinstance(loans, list) and any(
            isinstance(loan, dict) and isinstance(loan.get("name"), str)
            and name_key(loan["name"]) == key for loan in loans
        )  # fmt: skip

    dropped = drop_versions(loan_file(), holds)
    # The commands recorded for `debtplan history` that named it (this remove among them).
    forget_commands(loan_file(), lambda command: key in name_key(command) or name in command)
    return dropped


def _shown(text: str) -> str:
    from debtplan.render.text import literal

    return literal(text)


@handles_errors
def list_loans(as_json: JsonFlag = False) -> None:
    """List every loan: balance, rate, next due date, status."""
    from debtplan.usecases.standing import loan_listing

    today = session().today
    items = loan_listing(read_book().loans, today)
    if as_json:
        emit_json({"as_of": today, "loans": items})
        return
    if not items:
        tell(_("No loans yet. Add one with `debtplan add NAME --principal ... --rate ...`."))
        return
    from debtplan.render.tables import print_table
    from debtplan.render.text import grouped, iso

    rows = [
        [
            item["name"], item["lender"], method_name(item["method"]), item["currency"],
            grouped(item["balance"]), f"{item['rate']}%", iso(_due_date(item)),
            grouped(_due_amount(item)) if _due_amount(item) is not None else "",
            status_name(item["status"]),
        ]
        for item in items
    ]  # fmt: skip
    styles = [
        {"overdue": "red", "due": "yellow", "paid-off": "dim"}.get(i["status"], "") for i in items
    ]
    print_table(
        [_("Loan"), _("Lender"), _("Method"), _("Currency"), _("Balance"), _("Rate"),
         _("Due"), _("Amount due"), _("Status")],
        rows, right=(4, 5, 7), styles=styles, drop=(1, 2, 5),
        title=_("Loans as of {date}").format(date=today.isoformat()),
    )  # fmt: skip


def _due_date(item: dict[str, Any]) -> date | None:
    """What `list` shows as due: the oldest installment still unpaid when one is due now
    (overdue, or due today), else the next one."""
    due: date | None = item["oldest_unpaid_date"] or item["next_due_date"]
    return due


def _due_amount(item: dict[str, Any]) -> Any:
    """All that is due now (with penalty and fees) when something is, else the next
    installment."""
    return item["total_due"] if item["oldest_unpaid_date"] else item["next_due_amount"]


@handles_errors
def show(
    name: Annotated[
        str, typer.Argument(help=N_("The loan to show."), autocompletion=complete_loan_names)
    ],
    as_json: JsonFlag = False,
) -> None:
    """Everything about one loan: terms, where it stands today, and its real cost."""
    from debtplan.cli.views import print_loan_summary
    from debtplan.usecases.standing import loan_summary

    loan, settings = read_loan(name)
    summary = loan_summary(loan, session().today, settings.lpr_percent)
    if as_json:
        emit_json(summary)
    else:
        print_loan_summary(summary)


def register(app: typer.Typer) -> None:
    app.command()(add)
    app.command()(edit)
    app.command()(remove)
    app.command("list")(list_loans)
    app.command()(show)
