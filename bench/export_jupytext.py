"""jupytext's side of bench/export: warm, in-process export of every readable notebook under a folder.

Prints one line like ExportBench.java: "notebooks/s MB/s notebooks rounds".
"""
import sys
import time
from pathlib import Path

import jupytext
import nbformat

texts = []
for path in sorted(Path(sys.argv[1]).rglob("*.ipynb")):
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        jupytext.writes(jupytext.reads(text, "ipynb"), "py:percent")
        texts.append(text)
    except Exception:  # v3 and invalid files, as on the Java side
        pass
total = sum(len(t.encode("utf-8")) for t in texts)
for text in texts:  # warm-up: one round
    jupytext.writes(jupytext.reads(text, "ipynb"), "py:percent")
rounds, start = 0, time.perf_counter()
while time.perf_counter() - start < 5 or rounds == 0:
    for text in texts:
        jupytext.writes(jupytext.reads(text, "ipynb"), "py:percent")
    rounds += 1
seconds = time.perf_counter() - start
print(f"{len(texts) * rounds / seconds:.1f} {total * rounds / seconds / 1e6:.1f} {len(texts)} {rounds}")
