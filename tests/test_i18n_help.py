"""Chinese help and usage errors, through the installed command.

Help texts are message ids where they are written and are translated when a command is
built for the run (debtplan.cli.localize), after --lang (eager) or the environment has
chosen the language; Typer's and click's own words go through the same adapter. These
tests are its guard: a Typer release that moves a hook fails them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DEBTPLAN = Path(sys.executable).with_name("debtplan")


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "COLUMNS": "200",
               "XDG_DATA_HOME": str(tmp_path / "data"), **env}  # fmt: skip
    return subprocess.run([str(DEBTPLAN), *args], capture_output=True, text=True,
                          env=environ, timeout=60)  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "env", "chinese"),
    [
        (["--lang", "zh", "add", "--help"], {}, True),
        (["--lang=zh", "--help"], {}, True),
        (["--file", "x.toml", "--lang", "zh", "pay", "--help"], {}, True),
        (["--lang", "en", "pay", "--help"], {"DEBTPLAN_LANG": "zh"}, False),
        (["pay", "--help"], {"DEBTPLAN_LANG": "zh"}, True),
        (["pay", "--help"], {"LANG": "zh_CN.UTF-8"}, True),
        (["--lang", "en", "--help"], {"LANG": "zh_CN.UTF-8"}, False),
    ],
)
def test_the_language_of_the_help(tmp_path, argv, env, chinese):
    out = run(argv, tmp_path, **env).stdout
    assert out.startswith("用法：" if chinese else "Usage: "), out


def test_one_process_speaks_each_language_it_is_asked_for(cli, tmp_path):
    """The command modules are imported once; their help follows each run's --lang."""
    for _ in range(2):
        chinese = cli("--lang", "zh", "pay", "--help").stdout
        assert "记录一笔还款" in chinese and "还款金额，例如 888.49 或 ¥1,000。" in chinese
        english = cli("--lang", "en", "pay", "--help").stdout
        assert "Record a payment" in english and "Amount paid, e.g. 888.49" in english
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)


def test_chinese_root_help(tmp_path):
    result = run(["--lang", "zh", "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("用法：debtplan ")
    assert "把你的所有借款记在一个文件里" in out  # the app's help
    assert "选项" in out and "命令" in out  # Typer's headings
    assert "显示版本号。" in out and "借款文件 [默认：用户数据目录中的 loans.toml]。" in out
    assert "[环境变量：DEBTPLAN_FILE]" in out
    assert "显示此帮助信息并退出。" in out and "为当前 shell 安装命令补全。" in out
    assert "list       列出所有借款：剩余本金、利率、下一个还款日和状态。" in out  # a docstring
    assert "Show the version" not in out and "Options" not in out and "Usage" not in out


def test_chinese_add_help(tmp_path):
    out = run(["--lang", "zh", "add", "--help"], tmp_path).stdout
    assert out.startswith("用法：debtplan add ")
    assert "在账本中添加一笔借款。" in out
    assert "参数" in out and "借款的名称（任何语言均可）。" in out and "[必填]" in out
    assert "借款金额，例如 10,000 或 ¥10000。" in out
    assert "--principal" in out  # option names stay as they are


def test_chinese_help_from_the_environment(tmp_path):
    out = run(["pay", "--help"], tmp_path, DEBTPLAN_LANG="zh").stdout
    assert "记录一笔还款：先按时间从早到晚结清应还款项，多余部分提前偿还本金。" in out
    assert "--date DATE" in out and "还款日期，格式为 YYYY-MM-DD [默认：今天]。" in out
    assert "[默认：shorten]" in out and "输出一个 JSON 文档。" in out
    out = run(["pay", "--help"], tmp_path, LANG="zh_CN.UTF-8").stdout
    assert "还款金额，例如 888.49 或 ¥1,000。" in out


def test_chinese_missing_argument(tmp_path):
    result = run(["--lang", "zh", "pay"], tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "用法：debtplan pay [选项] NAME AMOUNT\n"
        "运行 'debtplan pay -h' 查看帮助。\n\n"
        "错误：缺少参数 'NAME'。\n"
    )


def test_chinese_unknown_option_and_bad_value(tmp_path):
    result = run(["--lang", "zh", "list", "--bogus"], tmp_path)
    assert result.returncode == 2
    assert "运行 'debtplan list -h' 查看帮助。" in result.stderr
    assert result.stderr.endswith("错误：没有这个选项：--bogus\n")
    result = run(["--lang", "zh", "due", "--within", "abc"], tmp_path)
    assert result.returncode == 2
    assert "错误：'--within' 的值无效：'abc' 不是有效的整数范围。" in result.stderr
    result = run(["--lang", "zh", "nosuch"], tmp_path)
    assert result.returncode == 2 and "错误：没有 'nosuch' 这个命令。" in result.stderr
    result = run(["--lang", "zh", "list", "extra"], tmp_path)
    assert result.returncode == 2 and "错误：收到了多余的参数（extra）" in result.stderr


def test_english_stays_english(tmp_path):
    out = run(["--help"], tmp_path).stdout
    assert out.startswith("Usage: debtplan ")
    assert "Show the version." in out and "Commands" in out and "Show this message and exit." in out
    assert "Add a loan to the book." in out
    result = run(["pay"], tmp_path)
    assert result.returncode == 2
    assert "Try 'debtplan pay -h' for help." in result.stderr
    assert result.stderr.endswith("Error: Missing argument 'NAME'.\n")
    result = run(["--lang", "en", "list", "--bogus"], tmp_path, LANG="zh_CN.UTF-8")
    assert result.stderr.endswith("Error: No such option: --bogus\n")
