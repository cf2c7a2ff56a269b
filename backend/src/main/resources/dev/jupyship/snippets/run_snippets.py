"""Runs snippets in one real IPython kernel, each in a fresh namespace and its own working folder.

Reads a plan (JSON file named by argv[1]):
  {"timeout": seconds per cell, "snippets": [{"id", "workdir", "packages": [...],
   "cells": [{"snippet", "file", "line", "code"}]}]}
and prints one JSON line per snippet as it finishes:
  {"id", "ok", "seconds"} or {"id", "ok": false, "file", "line", "snippet", "error"}.
One kernel for all snippets: imports (pandas, scikit-learn, ...) are paid once, and `%reset -f`
between snippets keeps a snippet from using variables it did not declare in `requires`.
"""
import json
import re
import sys
import time
from importlib import metadata

from jupyter_client.manager import start_new_kernel

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")


def installed(name):
    try:
        metadata.version(name)
        return True
    except metadata.PackageNotFoundError:
        return False


def emit(result):
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


class Kernel:
    def __init__(self):
        self.start()

    def start(self):
        self.manager, self.client = start_new_kernel(kernel_name="python3", startup_timeout=120)

    def restart(self):
        try:
            self.stop()
        finally:
            self.start()

    def stop(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)

    def run(self, code, timeout):
        """None when the code ran, else (line in the code or None, "Name: message")."""
        output = []
        hook = lambda msg: output.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None
        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=hook, allow_stdin=False)
        content = reply["content"]
        if content["status"] == "ok":
            return None
        traceback = ANSI.sub("", "\n".join(content.get("traceback", [])))
        match = CELL_LINE.search(traceback)
        message = f"{content.get('ename', 'Error')}: {content.get('evalue', '')}".strip()
        tail = "".join(output)[-1500:].strip()
        details = traceback[-3000:] + ("\n--- output ---\n" + tail if tail else "")
        return (int(match.group(1)) if match else None, message, details)


def main():
    plan = json.load(open(sys.argv[1], encoding="utf-8"))
    timeout = plan.get("timeout", 600)
    kernel = Kernel()
    try:
        for snippet in plan["snippets"]:
            started = time.monotonic()
            missing = [p for p in snippet.get("packages", []) if not installed(p)]
            if missing:
                emit({"id": snippet["id"], "ok": False, "missing": missing, "seconds": 0})
                continue
            prepare = ("%reset -f\nimport os as _os, sys as _sys\n_os.chdir(" + json.dumps(snippet["workdir"]) + ")\n"
                       "if 'matplotlib.pyplot' in _sys.modules: _sys.modules['matplotlib.pyplot'].close('all')\n"
                       "del _os, _sys\n")
            failure = kernel.run(prepare, timeout)
            if failure:
                emit({"id": snippet["id"], "ok": False, "error": "could not prepare the kernel: " + failure[1], "seconds": 0})
                continue
            result = {"id": snippet["id"], "ok": True}
            for cell in snippet["cells"]:
                try:
                    failure = kernel.run(cell["code"], timeout)
                except TimeoutError:
                    kernel.restart()
                    failure = (None, f"TimeoutError: the cell ran longer than {timeout} s", "")
                except RuntimeError as error:  # the kernel died
                    kernel.restart()
                    failure = (None, f"the kernel died: {error}", "")
                if failure:
                    line, message, details = failure
                    result = {"id": snippet["id"], "ok": False, "snippet": cell["snippet"], "file": cell["file"],
                              "line": cell["line"] + (line - 1 if line else 0), "error": message, "details": details}
                    break
            result["seconds"] = round(time.monotonic() - started, 2)
            emit(result)
    finally:
        kernel.stop()


if __name__ == "__main__":
    main()
