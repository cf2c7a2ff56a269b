"""Compares two runs' models on the same input: each model is loaded in a fresh process of its own
(as serving loads it: fetched from the run's artifacts, checked on its sample input), answers every
row, and the answers are set side by side with a summary: how often they agree, the rows where they
differ most, and each model's metrics on the input when it carries labels.

    python -m jupyship_serving.compare < request.json > report.json
    request: {"store", "project", "runs": [{"run", "notebook"}, {"run", "notebook"}], "input": FILE | null,
              "rows": [...] | null, "label": COLUMN | null, "tolerance": 0.05}
    report:  {"runs": [...], "rows": N, "label", "predictions": [[a, b], ...], "summary": {...}}
             or {"error": "...", "kind": "input" | "model"}

`python -m jupyship_serving.compare --predict` is the process one model answers in.
"""
import csv
import json
import math
import os
import subprocess
import sys

from .interface import ModelInterface, show
from .models import Refused, load_version
from .store import Store, StoreError, run_prefix

LARGEST = 10
SIDE_BY_SIDE = 1000


class CompareError(Exception):
    """Bad input ("input") or a model that cannot answer ("model"): the message is for the person who asked."""

    def __init__(self, message, kind="input"):
        super().__init__(message)
        self.kind = kind


def read_rows(path, interface, label):
    """Rows from a CSV file (values typed by the model's input columns) or a JSON file (a list of rows,
    or {"rows": [...]}), and the labels when a label column is named."""
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8", newline="") as f:
            if path.lower().endswith(".csv"):
                rows = list(csv.DictReader(f))
                columns = list(rows[0].keys()) if rows else []
                rows = [typed_row(row, interface, name, i + 2) for i, row in enumerate(rows)]
            else:
                data = json.load(f)
                rows = data.get("rows") if isinstance(data, dict) else data
                columns = list(rows[0].keys()) if rows and isinstance(rows[0], dict) else None
    except FileNotFoundError:
        raise CompareError("%s: no such file" % path) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise CompareError("%s: %s" % (name, error)) from None
    if not isinstance(rows, list) or not rows:
        raise CompareError("%s: no rows (a CSV file with a header line, or JSON: a list of rows or {\"rows\": [...]})" % name)
    return split_label(rows, label, name, columns)


def typed_row(row, interface, name, line):
    if None in row:
        raise CompareError("%s line %d: more values than the header has columns" % (name, line))
    if interface.columns is None:
        return row
    typed = {}
    for column, text in row.items():
        kind = interface.columns.get(column)
        typed[column] = convert(text, kind, name, line, column)
    return typed


def convert(text, kind, name, line, column):
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "bool":
            lowered = text.strip().lower()
            if lowered in ("true", "1", "yes"):
                return True
            if lowered in ("false", "0", "no"):
                return False
            raise ValueError(text)
    except ValueError:
        raise CompareError("%s line %d, column %s: %s is not %s" % (name, line, column, show(text),
                                                                   {"int": "an int", "float": "a float", "bool": "a bool"}[kind])) from None
    return text


def split_label(rows, label, name, columns):
    if label is None:
        return rows, None
    if columns is not None and label not in columns:
        raise CompareError("%s: no label column %r (its columns: %s)" % (name, label, ", ".join(columns)))
    labels = []
    unlabelled = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or label not in row:
            raise CompareError("%s: row %d has no label %r" % (name, i, label))
        row = dict(row)
        value = row.pop(label)
        labels.append(number(value) if isinstance(value, str) and number(value) is not None else value)
        unlabelled.append(row)
    return unlabelled, labels


def number(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return int(value) if value.is_integer() else value


def predictions_of(request, run):
    """The run's model's answers, from a fresh Python process (nothing of the other model shared)."""
    task = {"store": request["store"], "project": request["project"], "notebook": run["notebook"], "run": run["run"],
            "rows": request["rows"]}
    done = subprocess.run([sys.executable, "-m", "jupyship_serving.compare", "--predict"], input=json.dumps(task),
                          capture_output=True, text=True, timeout=request.get("timeout_seconds", 600))
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise CompareError("run %s: the model's process ended without an answer (exit %d): %s"
                           % (run["run"], done.returncode, (done.stderr.strip().splitlines() or ["no output"])[-1]), "model") from None
    if "error" in answer:
        raise CompareError(answer["error"], answer.get("kind", "model"))
    return answer


def predict_main():
    task = json.load(sys.stdin)
    try:
        version = load_version(Store(task["store"]), task["project"], task["notebook"], task["run"])
        rows = task["rows"]
        try:
            version.interface.check_rows(rows)
        except ValueError as error:
            raise CompareError("run %s cannot answer the input: %s" % (task["run"], error)) from None
        try:
            predictions = version.answer(rows)
        except Exception as error:
            raise CompareError("run %s: the model failed on the input: %s: %s" % (task["run"], type(error).__name__, error),
                               "model") from None
        try:
            answer = json.dumps({"predictions": predictions, "model": version.interface.name, "output": version.interface.output,
                                 "metrics": version.metadata.get("metrics")}, allow_nan=False)
        except ValueError:
            raise CompareError("run %s: the model answered NaN or an infinity, which JSON cannot hold" % task["run"], "model") from None
        sys.stdout.write(answer)
    except CompareError as error:
        json.dump({"error": str(error), "kind": error.kind}, sys.stdout)
    except (Refused, StoreError) as error:
        json.dump({"error": str(error), "kind": "model"}, sys.stdout)


def numeric(values):
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values)


def summary(a, b, labels, tolerance, rows):
    both_numeric = numeric(a) and numeric(b)
    discrete = not both_numeric or all(float(v).is_integer() for v in a + b)
    if both_numeric and not discrete:
        differences = [abs(x - y) for x, y in zip(a, b)]
        agree = sum(1 for d in differences if d <= tolerance)
        result = {"kind": "numeric", "tolerance": tolerance, "agreement": agree / len(a), "agreeing_rows": agree,
                  "mean_abs_difference": sum(differences) / len(a), "max_abs_difference": max(differences)}
        order = sorted(range(len(a)), key=lambda i: -differences[i])[:LARGEST]
        result["largest_differences"] = [{"row": i, "a": a[i], "b": b[i], "difference": differences[i], "input": rows[i]}
                                          for i in order if differences[i] > 0]
    else:
        agree = sum(1 for x, y in zip(a, b) if x == y)
        result = {"kind": "discrete", "agreement": agree / len(a), "agreeing_rows": agree}
        result["largest_differences"] = [{"row": i, "a": a[i], "b": b[i], "input": rows[i]}
                                          for i in range(len(a)) if a[i] != b[i]][:LARGEST]
    if labels is not None:
        result["metrics"] = [metrics(a, labels), metrics(b, labels)]
    return result


def metrics(predictions, labels):
    """What the input's labels say of one model's answers: accuracy for classes; mae and rmse for numbers;
    auc when the labels are 0/1 and the answers scores."""
    out = {}
    binary = set(labels) <= {0, 1, True, False}
    if numeric(predictions) and numeric([float(l) for l in labels if isinstance(l, (int, float))]) and len(labels) == len(predictions):
        if binary and not all(float(p).is_integer() for p in predictions):
            out["auc"] = auc(predictions, labels)
            out["accuracy_at_0.5"] = sum(1 for p, l in zip(predictions, labels) if (p >= 0.5) == bool(l)) / len(labels)
        elif all(float(p).is_integer() for p in predictions) and all(float(l).is_integer() for l in labels):
            out["accuracy"] = sum(1 for p, l in zip(predictions, labels) if p == l) / len(labels)
        else:
            errors = [p - l for p, l in zip(predictions, labels)]
            out["mae"] = sum(abs(e) for e in errors) / len(errors)
            out["rmse"] = math.sqrt(sum(e * e for e in errors) / len(errors))
    else:
        out["accuracy"] = sum(1 for p, l in zip(predictions, labels) if p == l) / len(labels)
    return out


def auc(scores, labels):
    """The area under the ROC curve: the chance a positive row scores above a negative one (ties count half)."""
    ranked = sorted(zip(scores, labels), key=lambda pair: pair[0])
    positives = sum(1 for _, l in ranked if l)
    negatives = len(ranked) - positives
    if positives == 0 or negatives == 0:
        return None
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average_rank = (i + j + 1) / 2  # ranks i+1 .. j, averaged over the ties
        rank_sum += average_rank * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def compare(request):
    store = Store(request["store"])
    runs = request["runs"]
    if len(runs) != 2:
        raise CompareError("compare takes two runs, not %d" % len(runs))
    first = runs[0]
    try:
        interface = ModelInterface.of_notebook(store.read_json(run_prefix(request["project"], first["notebook"], first["run"]) + "input.ipynb"))
    except (StoreError, ValueError) as error:
        raise CompareError("run %s: %s" % (first["run"], error), "model") from None
    if request.get("input"):
        rows, labels = read_rows(request["input"], interface, request.get("label"))
    else:
        rows, labels = split_label(request.get("rows") or [], request.get("label"), "the rows", None)
        if not rows:
            raise CompareError("no rows to compare on")
    if interface.columns is not None:
        for i, row in enumerate(rows[:1]):
            missing = [c for c in interface.columns if not isinstance(row, dict) or c not in row]
            if missing:
                raise CompareError("%s: no column %s, which the model of run %s needs (its input: %s)"
                                   % (os.path.basename(request["input"]) if request.get("input") else "the rows",
                                      ", ".join(repr(c) for c in missing), first["run"], ", ".join(interface.columns)))
    request = dict(request, rows=rows)
    answers = [predictions_of(request, run) for run in runs]
    a, b = answers[0]["predictions"], answers[1]["predictions"]
    return {
        "runs": [{"run": run["run"], "notebook": run["notebook"], "model": answer["model"], "run_metrics": answer["metrics"]}
                 for run, answer in zip(runs, answers)],
        "rows": len(rows), "label": request.get("label"),
        "predictions": [[x, y] for x, y in zip(a, b)][:SIDE_BY_SIDE],
        "summary": summary(a, b, labels, float(request.get("tolerance", 0.05)), rows),
    }


def main():
    if sys.argv[1:] == ["--predict"]:
        predict_main()
        return 0
    request = json.load(sys.stdin)
    os.environ.update(request.get("environment") or {})
    try:
        report = compare(request)
    except CompareError as error:
        report = {"error": str(error), "kind": error.kind}
    except StoreError as error:
        report = {"error": str(error), "kind": "model"}
    json.dump(report, sys.stdout, allow_nan=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
