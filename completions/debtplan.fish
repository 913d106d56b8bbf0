# fish completion for debtplan, from scripts/gen_completions.py: do not edit.
complete --command debtplan --no-files --arguments "(env _DEBTPLAN_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) debtplan)" --condition "env _DEBTPLAN_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args _TYPER_COMPLETE_ARGS=(commandline -cp) debtplan"
