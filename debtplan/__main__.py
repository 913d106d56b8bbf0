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
    # The --help texts are translated when the command modules are imported, so the
    # language is chosen before Typer reads --lang (it then chooses the same one).
    from debtplan.i18n import language_of, set_language

    set_language(language_of(sys.argv[1:], os.environ))
    from debtplan.cli.app import run

    run()


if __name__ == "__main__":
    main()
