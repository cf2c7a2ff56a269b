"""Reads [{"key", "code"}] as JSON on stdin; prints the syntax errors as [{"key", "line", "message"}].

Cells are turned into plain Python the way IPython itself does (magics, shell escapes) before
ast.parse, so `%pip install x==1` and `!ls` are valid; without IPython, such lines are blanked.
"""
import ast
import json
import sys
import warnings

try:
    from IPython.core.inputtransformer2 import TransformerManager
    _transform = TransformerManager().transform_cell
except Exception:  # no IPython: blank magic and shell lines, keeping line numbers
    def _transform(code):
        return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.split("\n"))

errors = []
for source in json.load(sys.stdin):
    code = source["code"]
    try:
        python = _transform(code + "\n")
    except SyntaxError as error:
        python = code
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(python, filename=source["key"])
    except SyntaxError as error:
        message = error.msg
        text = (error.text or "").strip()
        if text:
            message += ": " + text
        errors.append({"key": source["key"], "line": error.lineno or 1, "message": message})
json.dump(errors, sys.stdout)
