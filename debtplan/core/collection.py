"""What happens to a loan in collection, and what the borrower may insist on, per jurisdiction.

The law follows the loan: its ``jurisdiction`` (cn or us) chooses the rules, whatever
language the borrower reads them in. Everything here is data or a lookup: message
ids (``N_``) the CLI translates, never text it builds.

- Stages (:class:`~debtplan.core.penalty.Stage`): short 1-7 days, medium 8-30, long
  over 30, from reports of what online lenders do at each (docs/conventions.md#stages).
- The collection bucket (:func:`~debtplan.core.penalty.bucket`): M1 (1-30 days),
  M2 (31-60), ... M6+ (over 180), the cycles lenders and collectors count in.
- What usually happens next differs by country: in China the credit report counts
  the same M buckets and keeps a late record 5 years after the debt is settled
  (征信业管理条例 Art. 16); in the US a lender reports a late payment once it is
  30 days past due, and it stays 7 years from the first missed payment.
- The borrower's rights are those of the jurisdiction's collection rules
  (docs/conventions.md#collection-rules):
  NIFA's quiet hours, call limit and third-party rule, and the complaint lines 12378 /
  12363 in China; the FDCPA and Regulation F, validation, stop-contact and the CFPB
  in the US. They hold from day 1, so every stage of a jurisdiction names the same ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from debtplan.core.contacts import Jurisdiction
from debtplan.core.penalty import Stage, bucket, stage
from debtplan.core.text import N_

STAGE_NAMES: Mapping[Stage, str] = {
    Stage.SHORT: N_("short (1-7 days)"),
    Stage.MEDIUM: N_("medium (8-30 days)"),
    Stage.LONG: N_("long (over 30 days)"),
}
"""How each stage is named to people (message ids)."""

_REMINDERS = N_(
    "Reminders by SMS and app from day 1, then phone calls. Paying now stops "
    "the penalty and usually nothing is reported yet."
)
NEXT_STEPS: Mapping[tuple[Jurisdiction, Stage], str] = {
    # The first days are alike everywhere: reminders, and nothing reported yet.
    **{(where, Stage.SHORT): _REMINDERS for where in Jurisdiction},
    # China: a listed contact may be called only to restore contact (NIFA 2018 Art. 13),
    # which some lenders stretch; the credit report counts M1, M2, ... like collectors.
    (Jurisdiction.CN, Stage.MEDIUM): N_(
        "More calls, and some lenders start calling the contacts you gave them. The account "
        "is in the M1 bucket (1-30 days) of the credit report and moves to M2 on day 31. Ask "
        "the lender for a plan now."
    ),
    (Jurisdiction.CN, Stage.LONG): N_(
        "Calls to contacts, letters and visits, transfer to a collection agency, and a late "
        "mark on the credit report (it stays 5 years after the debt is settled)."
    ),  # 征信业管理条例 Art. 16
    # US: third parties only for location information (FDCPA §1692b); a lender reports a
    # late payment once it is 30 days past due, kept 7 years from the first delinquency.
    (Jurisdiction.US, Stage.MEDIUM): N_(
        "More calls and letters; a collector may call other people only to find you. Once the "
        "payment is 30 days late the lender may report it to the credit bureaus. Ask the "
        "lender for a plan now."
    ),
    (Jurisdiction.US, Stage.LONG): N_(
        "Letters and calls, transfer or sale to a collection agency, and late payments on the "
        "credit report at 30, 60, 90 days and on (they stay 7 years from the first missed "
        "payment)."
    ),
}
"""What borrowers report usually happens next, per jurisdiction and stage (message ids)."""

RIGHTS: Mapping[Jurisdiction, str] = {
    Jurisdiction.CN: N_(
        "Your rights: no collection between 22:00 and 08:00, at most 3 connected calls "
        "a day, no contacting people unrelated to the debt or telling them about it, no "
        "threats or insults (NIFA rules). The lender must tell you before reporting you "
        "to the credit bureau. Courts may reduce excessive penalties (Civil Code Art. 585). "
        "Complain to the lender first, then to 12378 (NFRA) or 12363 (PBoC)."
    ),
    Jurisdiction.US: N_(
        "Your rights: a debt collector (an agency collecting for the lender, not the lender "
        "itself) may not call before 8 a.m. or after 9 p.m. or more than 7 times in 7 days, "
        "may tell third parties nothing but ask where you are, and may not harass you or "
        "make false statements (FDCPA, Regulation F); you can dispute the debt in writing "
        "within 30 days of a collector's validation notice and ask in writing to stop "
        "contact. Whoever reports the account must report it accurately, and you can "
        "dispute it (FCRA). Complain to the CFPB."
    ),
}
"""The borrower's rights under each jurisdiction's collection rules (message ids); a
Chinese loan from a bank, a card issuer or a private lender has its own (below): the
NIFA rules bind online lenders and consumer-finance companies."""

RIGHTS_BY_LENDER: Mapping[tuple[Jurisdiction, str], str] = {
    (Jurisdiction.CN, "card"): N_(
        "Your rights: the bank may not collect by threats, insults or violence, or contact "
        "people unrelated to the debt or tell them about it (card rules Art. 68). It must "
        "tell you before reporting you to the credit bureau. You may ask it for an "
        "installment plan of up to 60 months (card rules Art. 70); courts may reduce an "
        "excessive late fee (Civil Code Art. 585). Complain to the bank first, then to 12378 "
        "(NFRA)."
    ),
    (Jurisdiction.CN, "bank"): N_(
        "Your rights: the bank may not collect by threats, insults or violence, or tell "
        "people unrelated to the debt about it. It must tell you before reporting you to "
        "the credit bureau. Courts may reduce an excessive late fee (Civil Code Art. 585). "
        "Complain to the bank first, then to 12378 (NFRA) or 12363 (PBoC)."
    ),
    (Jurisdiction.CN, "private"): N_(
        "Your rights: a private lender may not threaten, harass or shame you (threats are "
        "for the police, 110). A court protects interest, and overdue charges with it, only "
        "up to 4 times the one-year LPR (SPC private-lending rules Art. 25 and 29). A private "
        "lender does not report to the credit bureau."
    ),
}
"""Rights that replace :data:`RIGHTS` for a lender type (``LenderType`` values)."""

LETTER_FOR_STAGE: Mapping[Stage, str] = {
    Stage.SHORT: "extension",  # a few days late: ask for the days
    Stage.MEDIUM: "waiver",  # the penalty is growing: ask to waive it
    Stage.LONG: "installments",  # the whole debt is in play: ask for a plan
}
"""The kind of message (debtplan.letters.KINDS) worth sending to the lender at each stage."""


@dataclass(frozen=True)
class Standing:
    """Where an overdue loan stands in collection, and what to tell the borrower about it.

    ``next_step`` and ``rights`` are message ids; ``letter`` is a message kind.
    """

    jurisdiction: Jurisdiction
    days_overdue: int
    stage: Stage
    bucket: str
    next_step: str
    rights: str
    letter: str


def standing(
    jurisdiction: Jurisdiction | str, days_overdue: int, lender_type: str | None = None
) -> Standing | None:
    """The collection standing of a loan ``days_overdue`` days late under ``jurisdiction``
    and from a ``lender_type`` lender (the loan's, never the reader's language); None when
    it is not overdue.

    ``standing("us", 12).rights`` names the FDCPA; ``standing("cn", 12).rights`` NIFA;
    ``standing("cn", 12, "card").rights`` the card rules.
    """
    where = Jurisdiction(jurisdiction)
    at = stage(days_overdue)
    box = bucket(days_overdue)
    if at is None or box is None:
        return None
    rights = RIGHTS_BY_LENDER.get((where, str(lender_type)), RIGHTS[where])
    return Standing(where, days_overdue, at, box, NEXT_STEPS[where, at], rights,
                    LETTER_FOR_STAGE[at])  # fmt: skip
