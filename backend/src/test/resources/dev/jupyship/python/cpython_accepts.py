"""Tells, for many notebook cells at once, whether CPython accepts each one as IPython would run it.

Reads a JSON list of {"id", "source"} on stdin; writes a JSON object {id: error message or null}.
Each cell gets the same treatment as jupyship's IPythonMasking: a cell under a non-Python cell
magic (%%bash, %%html, ...) is accepted without parsing; a Python cell magic (%%time, ...) has its
first line dropped; automagic lines (`pip install x`, `cd ..`) are turned into %-magics; then
IPython's TransformerManager turns the remaining IPython syntax into Python and ast.parse decides.
"""
import ast
import json
import re
import sys
import warnings

from IPython.core.inputtransformer2 import TransformerManager

PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy"}
AUTOMAGICS = set("""pip conda mamba cd ls pwd cat cp mv rm mkdir rmdir env set_env load_ext reload_ext unload_ext
matplotlib pylab run time timeit who whos who_ls reset history autoreload aimport store config load save sx system
bookmark alias unalias precision xmode pdb debug prun lsmagic magic autosave tensorflow_version clear less more man
ldir lf ll lk lx rehashx dhist dirs popd pushd psearch pinfo pinfo2 pdef pdoc psource pfile edit notebook
killbgscripts""".split())
NOT_ARGUMENT_WORDS = {"if", "else", "and", "or", "in", "is", "not", "for", "as"}
AUTOMAGIC_LINE = re.compile(r"^(\s*)([A-Za-z_0-9]+)[ \t]+(\S.*)$")


def automagic(line):
    m = AUTOMAGIC_LINE.match(line)
    if not m or m.group(2) not in AUTOMAGICS:
        return False
    args = m.group(3).strip()
    first = args[0]
    if first == "-":
        return args.startswith("--") or args == "-"
    if args.startswith("..") or first in "/~$":
        return True
    if not (first.isalnum() or first == "_"):
        return False
    word = re.match(r"\w+", args).group(0)
    return word not in NOT_ARGUMENT_WORDS


def check(source, manager):
    stripped = source.lstrip(" \t")
    if stripped.startswith("%%"):
        name = stripped[2:].split(None, 1)[0] if stripped[2:].strip() else ""
        if name not in PYTHON_CELL_MAGICS:
            return None
        source = source.split("\n", 1)[1] if "\n" in source else ""
    lines = source.split("\n")
    # only whole logical lines at bracket depth 0 can be automagic; a cheap approximation is enough here
    lines = [re.sub(r"^(\s*)", r"\1%", l, count=1) if automagic(l) else l for l in lines]
    python = manager.transform_cell("\n".join(lines))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(python)
        return None
    except SyntaxError as e:
        return f"{e.msg} (line {e.lineno})"
    except (ValueError, RecursionError, MemoryError) as e:
        return str(e)


def main():
    cells = json.load(sys.stdin)
    manager = TransformerManager()
    result = {}
    for cell in cells:
        try:
            result[cell["id"]] = check(cell["source"], manager)
        except Exception as e:  # a transformer crash: report it rather than lose the whole run
            result[cell["id"]] = f"transform failed: {type(e).__name__}: {e}"
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
