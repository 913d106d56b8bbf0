"""The pure core: Decimal and date in, frozen dataclasses out.

Nothing here reads the clock, touches a file, prints, or imports typer or rich
(debtplan/core/ruff.toml bans it). ``as_of`` is always a parameter.
"""
