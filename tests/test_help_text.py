"""The top-level help and the words around values, as a person reads them in both languages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from debtplan.cli.app import COMMANDS
from debtplan.cli.localize import summary, wrap_cjk


def run(args: list[str], tmp_path: Path, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": str(columns), "HOME": str(tmp_path),
           "DEBTPLAN_FILE": str(tmp_path / "loans.toml")}  # fmt: skip
    debtplan = str(Path(sys.executable).parent / "debtplan")
    return subprocess.run([debtplan, *args], capture_output=True, text=True, env=env,
                          timeout=60)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_summary_is_whole(tmp_path: Path, lang: str):
    out = run(["--lang", lang, "--help"], tmp_path).stdout
    assert "..." not in out.split("\n", 1)[1]  # below the usage line
    listed = out.split("\n命令：\n" if lang == "zh" else "\nCommands:\n", 1)[1]
    for name in COMMANDS:
        assert re.search(rf"^  {name} ", listed, re.M), name
    assert all(len(line) <= 80 for line in out.splitlines())
    if lang == "en":  # the first sentence, whole, wrapped under itself
        assert "  pay        Record a payment: it clears what is due, oldest first; the rest\n" \
               "             prepays principal.\n" in out  # fmt: skip


def test_chinese_help_uses_one_colon_style_and_chinese_usage(tmp_path: Path):
    out = run(["--lang", "zh", "--help"], tmp_path).stdout
    assert out.startswith("用法：debtplan [选项] 命令 [参数]...\n")
    assert "\n选项：\n" in out and "\n命令：\n" in out
    assert not re.search(r"^\S+:$", out, re.M)  # no heading with an ASCII colon
    out = run(["--lang", "zh", "plan", "--help"], tmp_path).stdout
    assert "highest-interest-cost（利息成本最高的先还）" in out  # a value is never split


def test_chinese_wrapping_breaks_between_characters_not_inside_values():
    text = (
        "还款策略：avalanche（利率最高的先还）、"
        "highest-interest-cost（利息成本最高的先还）或 custom。"
    )
    lines = wrap_cjk(text, 20).splitlines()
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert any(line.startswith("highest-interest-cost") for line in lines) or any(
        line.endswith("highest-interest-cost") for line in lines
    )
    for line in lines:
        assert line[0] not in "，。、；：）"  # a closing mark never starts a line
    assert wrap_cjk("一二三四五，六", 10) == "一二三四五，\n六"  # the comma stays with 五


def test_summary_is_the_first_sentence():
    assert summary("Add a loan to the book.") == "Add a loan to the book."
    assert summary("List the loans. Then more.") == "List the loans."
    assert summary("在账本中添加一笔借款。其余说明。") == "在账本中添加一笔借款。"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_negative_amount_is_a_bad_value_not_an_option(tmp_path: Path, lang: str):
    assert run(["add", "Car", "--principal", "12000", "--rate", "12%", "--term", "12",
                "--start", "2026-01-15"], tmp_path).returncode == 0  # fmt: skip
    before = (tmp_path / "loans.toml").read_bytes()
    result = run(["--lang", lang, "pay", "Car", "-100"], tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert (
        result.stderr
        == {
            "en": "Error: the amount must be positive, not -100\n",
            "zh": "错误：金额必须大于 0，不能是 -100\n",
        }[lang]
    )
    assert (tmp_path / "loans.toml").read_bytes() == before
    bogus = run(["pay", "Car", "100", "--bogus"], tmp_path)  # a real unknown option: usage
    assert bogus.returncode == 2 and "No such option: --bogus" in bogus.stderr


def test_a_mistyped_command_in_chinese_reads_as_one_chinese_sentence(tmp_path: Path):
    result = run(["--lang", "zh", "paay"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith("错误：没有 'paay' 这个命令。你是不是想输入 'pay', 'unpay'？\n")
