"""JSON for people and for programs: the same document, indented only on a terminal."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from debtplan.render.formats import dumps

DOC = {"as_of": date(2026, 11, 28), "amount": Decimal("5307.268"), "name": "车贷", "n": 3}


def test_compact_for_programs_and_indented_for_people():
    compact, pretty = dumps(DOC, pretty=False), dumps(DOC, pretty=True)
    assert compact == '{"as_of":"2026-11-28","amount":"5307.27","name":"车贷","n":3}'
    assert pretty.startswith('{\n  "as_of": "2026-11-28",\n')
    assert json.loads(compact) == json.loads(pretty)


def test_default_follows_whether_stdout_is_a_terminal(monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert "\n" in dumps(DOC)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert "\n" not in dumps(DOC)
