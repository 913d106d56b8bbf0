"""The Chinese interface: every message translated, placeholders kept, the .mo current.

The message ids come from ``scripts/extract_messages.py`` (string literals given to
``_()`` and ``N_()`` anywhere under ``debtplan/``); the translations are read from the
packaged ``.po`` and ``.mo`` with babel, independently of the script's own checks.
When a test here fails after you added or changed a message, run

    python scripts/extract_messages.py

translate the new ``msgstr ""`` entries in debtplan/locale/zh_CN/LC_MESSAGES/debtplan.po,
and run it again to compile the .mo.
"""

from __future__ import annotations

import importlib.util
import io
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from debtplan.i18n import detect_language

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "debtplan" / "locale" / "zh_CN" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "debtplan.po"
MO_PATH = LOCALE_DIR / "debtplan.mo"
HOW_TO_FIX = (
    "run `python scripts/extract_messages.py`, translate the empty msgstr entries in "
    "debtplan/locale/zh_CN/LC_MESSAGES/debtplan.po, then run the script again"
)


def _load_script() -> ModuleType:
    path = ROOT / "scripts" / "extract_messages.py"
    spec = importlib.util.spec_from_file_location("extract_messages", path)
    assert spec is not None and spec.loader is not None, f"{path} is missing"
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("extract_messages", module)
    spec.loader.exec_module(module)
    return module


extract_messages = _load_script()


@pytest.fixture(scope="module")
def source_ids() -> dict[str, list[tuple[str, int]]]:
    found = extract_messages.extract()
    assert not found.problems, "messages that cannot be extracted:\n" + "\n".join(found.problems)
    return found.messages


@pytest.fixture(scope="module")
def po() -> Catalog:
    with PO_PATH.open("rb") as handle:
        return read_po(handle, locale="zh_CN", domain="debtplan")


def fields(text: str) -> set[str]:
    """The ``{...}`` replacement fields of a format string, as written (``{value!r}``)."""
    found = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            conversion = f"!{conversion}" if conversion else ""
            spec = f":{spec}" if spec else ""
            found.add("{" + name + conversion + spec + "}")
    return found


def served(catalog: Catalog) -> dict[str, str]:
    """msgid -> msgstr for what gettext would serve (no header, nothing empty)."""
    return {m.id: m.string for m in catalog if m.id and m.string}


# -- the extractor sees the whole interface ------------------------------------------------


def test_extraction_finds_messages_in_every_layer(source_ids: dict) -> None:
    files = {path for locations in source_ids.values() for path, _line in locations}
    for layer in ("debtplan/cli/", "debtplan/core/", "debtplan/letters/", "debtplan/store/"):
        assert any(path.startswith(layer) for path in files), f"no messages found in {layer}"
    assert "Loan" in source_ids  # a table header: _("Loan") in the CLI
    assert "{shown!r} is negative; amounts are written without a sign" in source_ids  # N_ in core
    assert len(source_ids) > 200


def test_extractor_reads_literals_and_rejects_computed_text(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text(
        "NAMES = {'a': N_('first'), 'b': N_('joined ' 'by Python')}\n"
        "print(_('Hello {name}').format(name='x'), _(NAMES['a']))\n"
        "print(_(f'no {NAMES}'), _('x' + 'y'))\n",
        encoding="utf-8",
    )
    found = extract_messages.extract(package, tmp_path)
    assert list(found.messages) == ["first", "joined by Python", "Hello {name}"]
    assert found.messages["Hello {name}"] == [("pkg/mod.py", 2)]
    assert [p.split(":")[:2] for p in found.problems] == [["pkg/mod.py", "3"]] * 2


def test_merge_keeps_translations_adds_new_ids_and_retires_old_ones() -> None:
    catalog = Catalog(locale="zh_CN", domain="debtplan")
    catalog.add("Loan", "借款")
    catalog.add("Gone", "已删除的文本")
    merged = extract_messages.merged(catalog, {"Loan": [("a.py", 1)], "Status": [("a.py", 2)]})
    assert merged["Loan"].string == "借款"
    assert not merged["Status"].string
    assert "Gone" not in merged and "Gone" in merged.obsolete


# -- the catalog -------------------------------------------------------------------------


def test_every_message_has_a_chinese_translation(source_ids: dict, po: Catalog) -> None:
    missing = [
        f"  {msgid!r}  ({locations[0][0]}:{locations[0][1]})"
        + (" [fuzzy: check it, then remove the fuzzy flag]" if msgid in po and po[msgid].fuzzy
           else "")
        for msgid, locations in source_ids.items()
        if msgid not in po or not (po[msgid].string or "").strip() or po[msgid].fuzzy
    ]  # fmt: skip
    assert not missing, (
        f"{len(missing)} user-facing message(s) have no Chinese translation; {HOW_TO_FIX}:\n"
        + "\n".join(missing)
    )


def test_catalog_holds_only_messages_the_source_still_uses(source_ids: dict, po: Catalog) -> None:
    stale = [m.id for m in po if m.id and m.id not in source_ids]
    assert not stale, f"ids no longer in the source (the script marks them obsolete): {stale}"


def test_translations_keep_every_placeholder(po: Catalog) -> None:
    wrong = []
    for msgid, text in served(po).items():
        try:
            same = fields(text) == fields(msgid)
        except ValueError as error:  # a lone brace: str.format would fail at run time
            wrong.append(f"  {msgid!r}: {error}")
            continue
        if not same:
            wrong.append(f"  {msgid!r}: {sorted(fields(msgid))} became {sorted(fields(text))}")
    assert not wrong, "translations must keep the msgid's {placeholders} exactly:\n" + "\n".join(
        wrong
    )


def test_translations_are_chinese(po: Catalog) -> None:
    """A msgstr that is just the English again is a missed translation, not a translation."""
    copied = [msgid for msgid, text in served(po).items() if text == msgid]
    assert not copied, f"translated as the English text: {copied}"


def test_committed_mo_matches_the_po(po: Catalog) -> None:
    buffer = io.BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    compiled = served(read_mo(buffer))
    with MO_PATH.open("rb") as handle:
        committed = served(read_mo(handle))
    assert committed == compiled, f"{MO_PATH.name} is stale; {HOW_TO_FIX}"
    assert compiled, "the compiled catalog is empty"


# -- the interface in Chinese --------------------------------------------------------------


def test_demo_in_chinese_shows_chinese_headers_statuses_and_advice(cli) -> None:
    result = cli("--lang", "zh", "--today", "2026-11-28", "demo")
    assert result.exit_code == 0, result.output + result.stderr
    # Rich wraps long lines at the terminal width; join them to look for phrases.
    out = "".join(line.strip() for line in result.stdout.splitlines())
    for text in ("借款", "出借方", "还款方式", "剩余本金", "状态", "到期日", "逾期天数",
                 "已逾期", "中期逾期", "等额本息", "罚息", "《民法典》",
                 "真实年化利率（名义）"):  # fmt: skip
        assert text in out, f"{text!r} missing from the Chinese demo"
    for english in ("Lender", "Balance", "Status", "Due date", "OVERDUE", "Penalty", "Your rights"):
        assert english not in out, f"{english!r} left in English"


def test_an_error_in_chinese(cli) -> None:
    result = cli("--lang", "zh", "add", "x", "--principal", "-5", "--rate", "12%",
                 "--term", "12", "--currency", "CNY")  # fmt: skip
    assert result.exit_code == 1
    assert "错误：" in result.stderr
    assert "'-5' 是负数；金额不要带正负号" in result.stderr
    assert "negative" not in result.stderr


def test_the_cron_command_speaks_chinese(cli, add_loan) -> None:
    add_loan("车贷", "--principal", "12000", "--rate", "6%", "--term", "12",
             "--start", "2026-10-28", "--currency", "CNY")  # fmt: skip
    result = cli("--lang", "zh", "due", "--within", "3")
    assert result.exit_code == 0, result.output + result.stderr
    assert "截至 2026-11-28，未来 3 天内应还的款项：" in result.stdout
    assert "到期日" in result.stdout and "今天" in result.stdout


# -- choosing the language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBTPLAN_LANG": "zh"}, "zh"),
        ({"DEBTPLAN_LANG": "zh_CN"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"DEBTPLAN_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_detect_language(env: dict[str, str], expected: str) -> None:
    assert detect_language(env) == expected


@pytest.mark.parametrize("env", [{"DEBTPLAN_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}])
def test_environment_selects_chinese_without_lang(cli, env: dict[str, str]) -> None:
    result = cli("--today", "2026-11-28", "demo", env=env)
    assert result.exit_code == 0, result.output + result.stderr
    assert "借款" in result.stdout and "状态" in result.stdout
