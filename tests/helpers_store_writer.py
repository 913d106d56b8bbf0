"""A separate debtplan process for tests/test_store.py: one read-modify-write.

    python tests/helpers_store_writer.py PATH WRITER HOLD_SECONDS

Prints ``ready`` once imported, waits for a line on stdin (so that the test can
start many of them at the same instant), then, in one store transaction, appends
``{writer = WRITER}`` to the document's ``records`` and sleeps HOLD_SECONDS before
saving, which widens the window in which an unlocked writer would lose an update.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from debtplan import store


def main(argv: list[str]) -> int:
    path, writer, hold = Path(argv[0]), int(argv[1]), float(argv[2])
    print("ready", flush=True)
    sys.stdin.readline()
    with store.transaction(path) as book:
        book.doc.setdefault("records", []).append({"writer": writer})
        time.sleep(hold)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
