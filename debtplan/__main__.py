"""`python -m debtplan` and the `debtplan` console script."""

from __future__ import annotations


def main() -> None:
    import os
    import sys

    # The cron command's plain forms are answered without importing Typer (see
    # debtplan.cli.cron); everything else, and any problem, goes through Typer.
    try:
        from debtplan.cli.cron import run_due

        code = run_due(sys.argv[1:], os.environ)
    except KeyboardInterrupt:
        if os.environ.get("DEBTPLAN_DEBUG"):
            raise
        raise SystemExit(130) from None
    if code is not None:
        raise SystemExit(code)
    from debtplan.cli.app import run

    run()


if __name__ == "__main__":
    main()
