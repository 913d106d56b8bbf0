"""`python -m debtplan` and the `debtplan` console script."""

from __future__ import annotations


def main() -> None:
    from debtplan.cli.app import run

    run()


if __name__ == "__main__":
    main()
