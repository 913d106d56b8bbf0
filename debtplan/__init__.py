"""debtplan: a command-line personal debt planner.

Keeps a borrower's loans in a local TOML file and tells them what is due, what is
late and what it costs, how to pay it all off within a budget, and what to write
to the lender.
"""

__version__ = "0.1.0"
