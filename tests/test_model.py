"""The loan model: every field's bad input is a Problem naming the loan and the field,
all problems at once, unique names ignoring case (any script), and a lossless round trip."""

from __future__ import annotations

import tomllib
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.calendar import Frequency
from debtplan.core.from_document import (
    book_from_document,
    load_book,
    loan_from_dict,
    validate_loan_dict,
)
from debtplan.core.model import (
    DEFAULT_ALLOCATION,
    Book,
    BookError,
    Component,
    LenderType,
    Loan,
    Method,
    PenaltyBase,
    Prepay,
    Problem,
)
from debtplan.core.money import Rate, RateUnit
from debtplan.core.to_document import book_to_document, loan_to_dict

D = Decimal


def annuity(**fields: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "name": "Car loan",
        "currency": "CNY",
        "method": "annuity",
        "principal": "10000",
        "rate": "12%",
        "term": 12,
        "start": "2026-01-31",
    }
    raw.update(fields)
    return {k: v for k, v in raw.items() if v is not None}


def card(**fields: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "name": "Visa",
        "currency": "USD",
        "method": "revolving",
        "balance": "2000",
        "rate": "24%",
        "start": "2026-01-01",
        "min_payment": "5%,100",
    }
    raw.update(fields)
    return {k: v for k, v in raw.items() if v is not None}


def problems_of(raw: Any) -> list[tuple[str, str]]:
    loan, problems = loan_from_dict(raw)
    assert (loan is None) == bool(problems)
    return [(p.loan, p.field) for p in problems]


# --- a valid loan, parsed -------------------------------------------------------------------


def test_valid_annuity_parses_every_field() -> None:
    loan = validate_loan_dict(
        annuity(
            name="  房贷 🏠  ",
            lender="招商银行",
            currency="rmb",
            method="Equal_Principal",
            principal="¥1,234,567.89",
            rate="4.9%",
            term="360",
            frequency="biweekly",
            start="2026-01-31",
            first_due="2026-02-14",
            due_day=14,
            grace_days="3",
            penalty_markup="50%",
            penalty_base="principal",
            penalty_compound="yes",
            late_fee="30",
            upfront_fee="500.5",
            day_count=360,
            allocation="principal, interest, penalty, fees",
            jurisdiction="CN",
            note="给银行打过电话",
        )
    )
    assert loan == Loan(
        name="房贷 🏠",
        lender="招商银行",
        currency="CNY",
        method=Method.EQUAL_PRINCIPAL,
        principal=D("1234567.89"),
        rate=Rate(D("4.9")),
        term=360,
        frequency=Frequency.BIWEEKLY,
        start=date(2026, 1, 31),
        first_due=date(2026, 2, 14),
        due_day=14,
        grace_days=3,
        penalty_markup=D("50"),
        penalty_base=PenaltyBase.PRINCIPAL,
        penalty_compound=True,
        late_fee=D("30"),
        upfront_fee=D("500.5"),
        day_count=360,
        allocation=(Component.PRINCIPAL, Component.INTEREST, Component.PENALTY, Component.FEES),
        jurisdiction="cn",
        note="给银行打过电话",
    )


def test_defaults() -> None:
    loan = validate_loan_dict(annuity())
    assert loan.frequency is Frequency.MONTHLY
    assert loan.grace_days == 0
    assert loan.day_count == 360  # a cn loan: 日利率 = 年利率 / 360
    assert loan.allocation == DEFAULT_ALLOCATION
    assert loan.penalty_rate is None and loan.penalty_markup is None
    assert loan.jurisdiction == "cn"
    assert validate_loan_dict(annuity(currency="USD")).jurisdiction == "us"
    # First due one month after a Jan 31 start: clamped to Feb 28.
    assert loan.first_due_date == date(2026, 2, 28)
    assert loan.amount_received == D("10000")


@pytest.mark.parametrize(
    ("fields", "day_count", "lender"),
    [
        ({}, 360, LenderType.BANK),  # a yuan loan is a cn loan: 日利率 = 年利率 / 360
        ({"currency": "USD"}, 365, LenderType.BANK),  # a us loan: APR / 365
        ({"jurisdiction": "us"}, 365, LenderType.BANK),
        ({"currency": "USD", "jurisdiction": "cn"}, 360, LenderType.BANK),
        ({"day_count": 365}, 365, LenderType.BANK),  # the file's own word wins
        ({"currency": "USD", "day_count": 360}, 360, LenderType.BANK),
        ({"method": "lump-sum"}, 360, LenderType.PRIVATE),  # loans between people
        ({"method": "lump-sum", "currency": "USD"}, 365, LenderType.ONLINE),  # payday loans
        ({"method": "flat", "fee_rate": "0.75%"}, 360, LenderType.CONSUMER_FINANCE),
        ({"method": "equal-principal"}, 360, LenderType.BANK),
        ({"method": "interest-only"}, 360, LenderType.BANK),
        ({"method": "lump-sum", "lender_type": "Consumer_Finance"}, 360,
         LenderType.CONSUMER_FINANCE),
    ],
)  # fmt: skip
def test_day_count_and_lender_type_defaults(
    fields: dict[str, Any], day_count: int, lender: LenderType
) -> None:
    loan = validate_loan_dict(annuity(**fields))
    assert (loan.day_count, loan.lender_kind) == (day_count, lender)
    written = loan_to_dict(loan)  # a default is left out of the file, a chosen value kept
    assert ("day_count" in written) is ("day_count" in fields)
    assert ("lender_type" in written) is ("lender_type" in fields)
    assert validate_loan_dict(written) == loan


def test_a_card_defaults_to_the_card_lender_type() -> None:
    raw = annuity(method="revolving", balance="5000", min_payment="10%,100", term=None)
    raw.pop("principal")
    assert validate_loan_dict(raw).lender_kind is LenderType.CARD


def test_an_unknown_lender_type_is_refused_with_the_choices() -> None:
    with pytest.raises(BookError) as caught:
        validate_loan_dict(annuity(lender_type="friend"))
    assert str(caught.value.problems[0]) == (
        "Car loan: lender_type: 'friend' is not one of: bank, card, consumer-finance, online, "
        "private"
    )


def test_penalty_rate_bare_number_is_a_day() -> None:
    loan = validate_loan_dict(annuity(penalty_rate="0.05"))
    assert loan.penalty_rate == Rate(D("0.05"), RateUnit.DAY)


def test_toml_native_values_are_accepted() -> None:
    loan = validate_loan_dict(
        annuity(principal=D("10000.10"), rate=D("12"), term=D("12"), start=date(2026, 1, 31))
    )
    assert loan.principal == D("10000.10")
    assert loan.term == 12
    assert validate_loan_dict(annuity(start=datetime(2026, 1, 31, 9, 30))).start == date(
        2026, 1, 31
    )


def test_revolving_card() -> None:
    loan = validate_loan_dict(card())
    assert loan.principal == D("2000")
    assert (loan.min_payment, loan.min_percent, loan.min_floor) == (None, D("5"), D("100"))
    assert loan.term == 0
    fixed = validate_loan_dict(card(min_payment="200"))
    assert (fixed.min_payment, fixed.min_percent) == (D("200"), None)
    us = validate_loan_dict(card(min_payment="1%+interest,35"))
    assert (us.min_percent, us.min_floor, us.min_plus_interest) == (D("1"), D("35"), True)
    zero = validate_loan_dict(card(balance="0"))
    assert zero.principal == 0  # a card paid off is still a card


def test_payments_are_sorted_by_date() -> None:
    loan = validate_loan_dict(
        annuity(
            payments=[
                {"date": "2026-04-01", "amount": "100"},
                {"date": "2026-03-01", "amount": "200", "prepay": "reduce", "note": "bonus"},
            ]
        )
    )
    assert [p.on for p in loan.payments] == [date(2026, 3, 1), date(2026, 4, 1)]
    assert loan.payments[0].prepay is Prepay.REDUCE
    assert loan.payments[0].note == "bonus"


@pytest.mark.parametrize("field", ["note", "prepay"])
def test_a_payment_field_given_as_null_is_refused_not_defaulted(field: str) -> None:
    """JSON's null is not "left out": an import that says ``"note": null`` is told so."""
    payment: dict[str, Any] = {"date": "2026-03-01", "amount": "200", field: None}
    with pytest.raises(BookError) as raised:
        validate_loan_dict(annuity(payments=[payment]))
    assert "payments" in str(raised.value.problems[0])


# --- every field's bad input names the loan and the field ------------------------------------


BAD_FIELDS: list[tuple[str, Any]] = [
    ("name", ""),
    ("name", "   "),
    ("name", 42),
    ("name", "a\x00b"),
    ("name", "x" * 2001),
    ("lender", 7),
    ("currency", "US"),
    ("currency", "DOLLARS"),
    ("currency", "123"),
    ("currency", 156),
    ("method", "balloon"),
    ("method", ""),
    ("method", 1),
    ("principal", "-1"),
    ("principal", "0"),
    ("principal", "0.00"),
    ("principal", "NaN"),
    ("principal", "inf"),
    ("principal", "-inf"),
    ("principal", "ten thousand"),
    ("principal", "1.234"),
    ("principal", 10000.5),  # a float: never on the way to money
    ("principal", True),
    ("principal", D("NaN")),
    ("principal", D("-5")),
    ("principal", [10000]),
    ("rate", "-1%"),
    ("rate", "NaN"),
    ("rate", "inf%"),
    ("rate", "twelve"),
    ("rate", "2000%"),
    ("rate", "12%/week"),
    ("rate", 12.0),
    ("rate", False),
    ("term", 0),
    ("term", -12),
    ("term", 1201),
    ("term", "12.5"),
    ("term", "twelve"),
    ("term", True),
    ("term", D("12.5")),
    ("term", D("NaN")),
    ("term", 12.0),
    ("frequency", "daily"),
    ("frequency", 12),
    ("start", "2026-02-30"),
    ("start", "2026-13-01"),
    ("start", "2027-02-29"),
    ("start", "yesterday"),
    ("start", 20260131),
    ("start", ""),
    ("first_due", "2026-02-30"),
    ("first_due", "2026-01-31"),  # not after the start
    ("first_due", "2025-12-31"),
    ("due_day", 0),
    ("due_day", 32),
    ("due_day", "15th"),
    ("due_day", -1),
    ("grace_days", -1),
    ("grace_days", 91),
    ("grace_days", "a week"),
    ("penalty_rate", "-0.05%/day"),
    ("penalty_rate", "NaN"),
    ("penalty_rate", "lots"),
    ("penalty_rate", "5%/day"),  # over 1000 % a year
    ("penalty_markup", "50%/day"),  # a markup is a plain percent
    ("penalty_markup", "-10%"),
    ("penalty_markup", "half"),
    ("penalty_base", "interest"),
    ("penalty_compound", "maybe"),
    ("late_fee", "-30"),
    ("late_fee", "NaN"),
    ("late_fee", "thirty"),
    ("upfront_fee", "-1"),
    ("upfront_fee", "10000"),  # the whole principal
    ("upfront_fee", "20000"),
    ("fee_rate", "0.75%/month"),  # only flat loans have one
    ("day_count", 364),
    ("day_count", "many"),
    ("day_count", 0),
    ("allocation", "fees,penalty"),
    ("allocation", "fees,penalty,interest,principal,principal"),
    ("allocation", "fees,penalty,interest,capital"),
    ("allocation", 5),
    ("allocation", []),
    ("jurisdiction", "uk"),
    ("note", 5),
    ("note", "bad\x00note"),
    ("payments", "100 on Monday"),
    ("balance", "5000"),  # only revolving loans have a balance
]


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS)
def test_bad_field_is_a_problem_naming_loan_and_field(field: str, value: Any) -> None:
    label = "Car loan"
    if field == "name":  # the loan is called what the file calls it, or by its position
        label = value.strip() if isinstance(value, str) and value.strip() else "loans[1]"
    found = problems_of(annuity(**{field: value}))
    assert (label, field) in found
    assert all(loan == label for loan, _ in found)


BAD_CARD_FIELDS: list[tuple[str, Any]] = [
    ("balance", "-1"),
    ("balance", "NaN"),
    ("balance", "lots"),
    ("min_payment", "0"),
    ("min_payment", "-5"),
    ("min_payment", "5%/month"),
    ("min_payment", "150%"),
    ("min_payment", "0%"),
    ("min_payment", "5%+fees"),
    ("min_payment", "5%,-100"),
    ("min_payment", "minimum"),
    ("min_payment", "1%"),  # 1 % of the statement never covers 2 % interest a month
    ("min_payment", "30"),  # neither does 30 on 2,000 at 24 %
    ("min_floor", "-1"),
]


@pytest.mark.parametrize(("field", "value"), BAD_CARD_FIELDS)
def test_bad_card_field_is_a_problem(field: str, value: Any) -> None:
    assert ("Visa", field) in problems_of(card(**{field: value}))


def test_bad_flat_fee_rate() -> None:
    flat = annuity(method="flat", rate="0%", fee_rate="-0.75%/month")
    assert ("Car loan", "fee_rate") in problems_of(flat)
    assert ("Car loan", "fee_rate") in problems_of(annuity(method="flat", fee_rate="lots"))


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"date": "2026-02-30", "amount": "100"}, "payments[1]"),
        ({"date": "2026-03-01"}, "payments[1]"),
        ({"date": "2026-03-01", "amount": "0"}, "payments[1]"),
        ({"date": "2026-03-01", "amount": "-5"}, "payments[1]"),
        ({"date": "2026-03-01", "amount": "NaN"}, "payments[1]"),
        ({"date": "2026-03-01", "amount": "100", "prepay": "sometimes"}, "payments[1]"),
        ("100", "payments[1]"),
    ],
)
def test_bad_payment_names_its_position(item: Any, field: str) -> None:
    good = {"date": "2026-02-01", "amount": "50"}
    assert ("Car loan", field) in problems_of(annuity(payments=[item, good]))
    assert ("Car loan", "payments[2]") in problems_of(annuity(payments=[good, item]))


def test_bad_contacts_and_rate_changes() -> None:
    found = problems_of(
        annuity(
            contacts=[{"at": "2026-11-20T22:15", "channel": "pigeon"}, {"channel": "call"}],
            rate_changes=[{"from": "2026-06-01", "rate": "-1%"}, {"rate": "5%"}],
        )
    )
    assert set(found) == {
        ("Car loan", "contacts[1]"),
        ("Car loan", "contacts[2]"),
        ("Car loan", "rate_changes[1]"),
        ("Car loan", "rate_changes[2]"),
    }


@pytest.mark.parametrize(
    "key", ["name", "currency", "method", "rate", "start", "principal", "term"]
)
def test_required_fields(key: str) -> None:
    raw = annuity()
    del raw[key]
    label = "loans[1]" if key == "name" else "Car loan"
    assert (label, key) in problems_of(raw)


def test_required_for_a_card_and_a_flat_loan() -> None:
    raw = card()
    del raw["balance"], raw["min_payment"]
    assert set(problems_of(raw)) == {("Visa", "balance"), ("Visa", "min_payment")}
    assert problems_of(annuity(method="flat")) == [("Car loan", "fee_rate")]


def test_unknown_keys_are_problems() -> None:
    assert problems_of(annuity(princpal="10000", colour="red")) == [
        ("Car loan", "princpal"),
        ("Car loan", "colour"),
    ]


def test_penalty_rate_and_markup_together() -> None:
    assert problems_of(annuity(penalty_rate="0.05%/day", penalty_markup="50%")) == [
        ("Car loan", "penalty_markup")
    ]


def test_every_problem_at_once() -> None:
    found = problems_of(annuity(principal="-1", rate="NaN", term=0, start="2026-02-30", zzz=1))
    assert sorted(found) == sorted(
        [
            ("Car loan", "zzz"),
            ("Car loan", "principal"),
            ("Car loan", "rate"),
            ("Car loan", "term"),
            ("Car loan", "start"),
        ]
    )


def test_not_a_table() -> None:
    assert problems_of(["name", "x"]) == [("loans[1]", "-")]
    _, problems = loan_from_dict("loan", index=4)
    assert problems[0].loan == "loans[5]"


def test_problem_message_says_where_what_and_how() -> None:
    _, problems = loan_from_dict(annuity(start="2026-02-30"))
    (problem,) = problems
    text = str(problem)
    assert text.startswith("Car loan: start: ")
    assert "2026-02-30" in text and "YYYY-MM-DD" in text
    with pytest.raises(BookError) as caught:
        validate_loan_dict(annuity(start="2026-02-30", term=0))
    assert len(caught.value.problems) == 2
    assert "2 problem" in str(caught.value)


# --- the book: unique names, ignoring case, in any script ---------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Car", "car"),
        ("Car", "  CAR "),
        ("Straße", "STRASSE"),  # full case folding, not just lower()
        ("Ἀθῆναι", "ἈΘΗ͂ΝΑΙ"),
        ("Café", "CAFE\u0301"),  # the same text, composed and decomposed
        ("cafe\u0301", "Café"),
        ("Ǆ loan", "ǆ LOAN"),
    ],
)
def test_duplicate_names_are_refused(first: str, second: str) -> None:
    book, problems = book_from_document(
        {"loans": [annuity(name=first), annuity(name=second, principal="500")]}
    )
    assert [(p.loan, p.field) for p in problems] == [(second.strip(), "name")]
    assert problems[0].error.params["other"] == first
    assert [loan.name for loan in book.loans] == [first]


@pytest.mark.parametrize(
    ("first", "second"),
    [("房贷", "车贷"), ("Car 1", "Car 2"), ("Visa", "Visa card"), ("ı", "i")],
)
def test_different_names_are_kept(first: str, second: str) -> None:
    book, problems = book_from_document({"loans": [annuity(name=first), annuity(name=second)]})
    assert problems == []
    assert len(book.loans) == 2


def test_find_ignores_case_and_composition() -> None:
    book = load_book({"loans": [annuity(name="Café Crédit"), card()]})
    assert book.find("café crédit") is book.loans[0]
    assert book.find("CAFE\u0301 CRE\u0301DIT") is book.loans[0]
    assert book.find("visa") is book.loans[1]
    assert book.find("Mastercard") is None


def test_book_problems_are_all_listed() -> None:
    doc = {
        "schema_version": 1,
        "loans": [annuity(term=0), annuity(name="car LOAN"), card(balance="-1"), "junk"],
        "settings": {"lpr": "-3%", "budget": {"CNY": "0"}, "colour": "red"},
        "extra": 1,
    }
    book, problems = book_from_document(doc)
    assert [(p.loan, p.field) for p in problems] == [
        ("Car loan", "term"),
        ("car LOAN", "name"),  # clashes with "Car loan", though that one has problems too
        ("Visa", "balance"),
        ("loans[4]", "-"),
        ("settings", "lpr"),
        ("settings", "budget"),
        ("settings", "colour"),
        ("-", "extra"),
    ]
    assert book.loans == ()
    with pytest.raises(BookError) as caught:
        load_book(doc)
    assert len(caught.value.problems) == 8


def test_loans_must_be_a_list() -> None:
    _, problems = book_from_document({"loans": {"name": "x"}})
    assert [(p.loan, p.field) for p in problems] == [("loans", "-")]


# --- round trip: loan_to_dict -> loan_from_dict gives the same loan ------------------------


def round_trip(loan: Loan) -> Loan:
    again, problems = loan_from_dict(loan_to_dict(loan))
    assert problems == []
    assert again is not None
    return again


def through_toml(loan: Loan) -> Loan:
    """The way the store does it: tomli_w out, tomllib back with exact Decimals."""
    text = tomli_w.dumps({"loans": [loan_to_dict(loan)]})
    doc = tomllib.loads(text, parse_float=Decimal)
    return load_book(doc).loans[0]


FULL = annuity(
    name="Ünïcødé 贷款 \"quoted\" 'x'",
    lender="Bank",
    method="flat",
    rate="1%",
    fee_rate="0.75%/month",
    principal="10000.10",
    frequency="weekly",
    first_due="2026-02-07",
    grace_days=3,
    penalty_rate="0.05%/day",
    penalty_base="principal",
    penalty_compound=True,
    late_fee="30",
    upfront_fee="500",
    day_count=360,
    allocation=["principal", "interest", "fees", "penalty"],
    jurisdiction="us",
    note="line one\nline two",
    payments=[
        {"date": "2026-02-07", "amount": "1000.50", "note": "first", "prepay": "reduce"},
        {"date": "2026-03-07", "amount": "20"},
    ],
    contacts=[{"at": "2026-11-20T22:15:00", "channel": "call", "note": "at night"}],
    rate_changes=[{"from": "2026-06-01", "rate": "0.5%/month"}],
)


@pytest.mark.parametrize(
    "raw",
    [
        annuity(),
        FULL,
        annuity(method="lump-sum", penalty_markup="50%", due_day=31),
        annuity(method="interest-only", penalty_markup="30", penalty_base="overdue"),
        card(),
        card(min_payment="200"),
        card(min_payment="1%+interest,35"),
        card(min_payment="5%", min_floor="25"),
        card(min_payment="200", min_floor="250"),  # a floor above the fixed minimum
        card(balance="0", term=6),
    ],
    ids=lambda raw: f"{raw['method']}-{raw.get('min_payment', '')}",
)
def test_round_trip(raw: dict[str, Any]) -> None:
    loan = validate_loan_dict(raw)
    assert round_trip(loan) == loan
    assert through_toml(loan) == loan


def test_round_trip_of_the_whole_book() -> None:
    book = load_book({"loans": [annuity(), card(), FULL], "settings": {"lpr": "3.1%"}})
    again = load_book(tomllib.loads(tomli_w.dumps(book_to_document(book, 1)), parse_float=D))
    assert again == book
    assert isinstance(again, Book)


def test_loan_to_dict_is_short() -> None:
    out = loan_to_dict(validate_loan_dict(annuity()))
    assert out == {
        "name": "Car loan",
        "currency": "CNY",
        "method": "annuity",
        "principal": D("10000.00"),
        "rate": "12%",
        "term": 12,
        "start": date(2026, 1, 31),
    }


names = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "\x00" not in s)
money = st.integers(min_value=1, max_value=10**12).map(lambda c: D(c) / 100)
percents = st.decimals(min_value=0, max_value=100, places=3)


@st.composite
def raw_loans(draw: st.DrawFn) -> dict[str, Any]:
    method = draw(st.sampled_from([m for m in Method if m is not Method.REVOLVING]))
    principal = draw(money)
    start = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
    raw: dict[str, Any] = {
        "name": draw(
            st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "\x00" not in s)
        ),
        "currency": draw(st.sampled_from(["CNY", "USD", "EUR", "jpy"])),
        "method": method.value,
        "principal": f"{principal:,.2f}",
        "rate": f"{draw(percents)}%",
        "term": draw(st.integers(min_value=1, max_value=1200)),
        "start": start.isoformat(),
    }
    optional: dict[str, Any] = {
        "lender": draw(st.text(max_size=20).filter(lambda s: "\x00" not in s)),
        "frequency": draw(st.sampled_from(list(Frequency))).value,
        "due_day": draw(st.integers(min_value=1, max_value=31)),
        "grace_days": draw(st.integers(min_value=0, max_value=90)),
        "penalty_compound": draw(st.booleans()),
        "late_fee": f"{draw(money)}",
        "day_count": draw(st.sampled_from([360, 365])),
        "jurisdiction": draw(st.sampled_from(["cn", "us"])),
        "lender_type": draw(st.sampled_from(list(LenderType))).value,
        "note": draw(st.text(max_size=40).filter(lambda s: "\x00" not in s)),
        "first_due": date.fromordinal(start.toordinal() + draw(st.integers(1, 400))).isoformat(),
    }
    for key in draw(st.sets(st.sampled_from(sorted(optional)))):
        raw[key] = optional[key]
    penalty = draw(st.sampled_from(["none", "rate", "markup"]))
    if penalty == "rate":
        raw["penalty_rate"] = f"{draw(st.decimals(min_value=0, max_value=2, places=4))}%/day"
    elif penalty == "markup":
        raw["penalty_markup"] = f"{draw(percents)}%"
    if method is Method.FLAT:
        raw["fee_rate"] = f"{draw(st.decimals(min_value=0, max_value=5, places=3))}%/month"
    if draw(st.booleans()):
        raw["upfront_fee"] = f"{draw(money) % principal}"
    return raw


@settings(max_examples=150, deadline=None)
@given(raw_loans())
def test_round_trip_of_any_valid_loan(raw: dict[str, Any]) -> None:
    loan = validate_loan_dict(raw)
    assert round_trip(loan) == loan
    assert through_toml(loan) == loan


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and "\x00" not in s))
def test_any_name_is_unique_ignoring_case(name: str) -> None:
    variants = [name.upper(), name.casefold(), unicodedata.normalize("NFD", name)]
    for other in variants:
        if other.strip() == name.strip():
            continue
        _, problems = book_from_document({"loans": [annuity(name=name), annuity(name=other)]})
        assert [p.field for p in problems] == ["name"], (name, other)


def test_problem_is_a_value() -> None:
    _, problems = loan_from_dict(annuity(term=0))
    assert isinstance(problems[0], Problem)
    assert problems[0].error.msgid  # a message id the CLI translates
