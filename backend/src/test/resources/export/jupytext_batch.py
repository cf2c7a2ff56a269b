"""Runs jupytext once for many notebooks, for the exporter's conformance tests.

Reads tab-separated jobs from the file named by argv[1], one per line:
    export    <notebook.ipynb> <out.py>   what `jupytext --to py:percent -o - nb` prints
    noheader  <notebook.ipynb> <out.py>   the same with --update-metadata notebook_metadata_filter=-all
    roundtrip <file.py> <out.json>        cell types and sources of `jupytext --from py:percent --to ipynb`
    version   -              <out.txt>    the version of jupytext that runs the jobs
A job that fails writes <out>.error with the message instead. Running the CLI's own entry point
in-process keeps its exact behaviour (config lookup, trust handling) without a process per file.
"""
import io
import json
import sys
import traceback
import warnings

import jupytext
from jupytext.cli import jupytext as jupytext_cli


def run_cli(args):
    """The bytes jupytext's command line writes to stdout for these arguments."""
    saved = sys.stdout
    buffer = io.BytesIO()
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8")
    sys.stdout = wrapper
    try:
        status = jupytext_cli(args)
    except SystemExit as exit_:
        status = exit_.code
    finally:
        sys.stdout = saved
        wrapper.flush()
        wrapper.detach()  # else closing the wrapper would close the buffer
    if status:
        raise RuntimeError(f"jupytext exited with status {status}")
    return buffer.getvalue()


def roundtrip(path):
    notebook = jupytext.read(path, fmt="py:percent")
    return [{"cell_type": c.cell_type, "source": c.source} for c in notebook.cells]


def main():
    warnings.simplefilter("ignore")
    with open(sys.argv[1], encoding="utf-8") as jobs:
        lines = [line.rstrip("\n").split("\t") for line in jobs if line.strip()]
    for kind, source, target in lines:
        try:
            if kind == "export":
                data = run_cli(["--quiet", "--to", "py:percent", "-o", "-", source])
            elif kind == "noheader":
                data = run_cli(["--quiet", "--to", "py:percent", "--update-metadata",
                                '{"jupytext":{"notebook_metadata_filter":"-all"}}', "-o", "-", source])
            elif kind == "version":
                data = jupytext.__version__.encode("utf-8")
            elif kind == "roundtrip":
                data = json.dumps(roundtrip(source), ensure_ascii=False, indent=1).encode("utf-8")
            else:
                raise ValueError("unknown job " + kind)
            with open(target, "wb") as out:
                out.write(data)
        except BaseException as error:  # noqa: B036 - every failure is a result to report
            with open(target + ".error", "w", encoding="utf-8") as out:
                out.write(f"{type(error).__name__}: {error}\n")


if __name__ == "__main__":
    main()
