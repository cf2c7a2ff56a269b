# Verifies a run's declared outputs, in a Python process of its own (never in the kernel that
# made them): files exist, the model loads with cloudpickle and has its method (and answers the
# sample input, in the shapes the contract's input and output declare), metrics.json has the
# required keys within bounds.
# stdin: {"output_dir", "files": [...], "model": {...} | null, "metrics": {...} | null}
# stdout: {"checks": [{"name", "passed", "message"}]}
import glob
import json
import math
import os
import sys

# argv[1]: the folder holding jupyship_serving, whose ModelInterface calls a model as serving does
SERVING_PACKAGE = sys.argv[1] if len(sys.argv) > 1 else ""
if SERVING_PACKAGE:
    sys.path.insert(0, SERVING_PACKAGE)


def check_files(output_dir, patterns, checks):
    for pattern in patterns:
        matches = [m for m in glob.glob(os.path.join(output_dir, pattern), recursive=True) if os.path.isfile(m)]
        if matches:
            names = sorted(os.path.relpath(m, output_dir) for m in matches)
            checks.append({"name": "file " + pattern, "passed": True,
                           "message": "%d file(s): %s" % (len(names), ", ".join(names[:5]) + (" ..." if len(names) > 5 else ""))})
        else:
            checks.append({"name": "file " + pattern, "passed": False, "message": "no file in output_dir matches " + pattern})


def check_model(output_dir, spec, checks):
    """Loads and calls the model as serving will: through jupyship_serving's ModelInterface."""
    name = "model " + spec["path"]
    path = os.path.join(output_dir, spec["path"])
    if not os.path.isfile(path):
        checks.append({"name": name, "passed": False, "message": "no model file at output_dir/" + spec["path"]})
        return
    try:
        from jupyship_serving.interface import InterfaceError, ModelInterface, describe
    except ImportError as error:
        checks.append({"name": name, "passed": False, "message": "the model could not be checked: jupyship's serving package "
                       "(image/jupyship_serving) is not at %s: %s" % (SERVING_PACKAGE, error)})
        return
    interface = ModelInterface(spec)
    try:
        import cloudpickle
        with open(path, "rb") as f:
            model = cloudpickle.load(f)
    except Exception as error:
        checks.append({"name": name, "passed": False,
                       "message": "cloudpickle could not load it: %s: %s" % (type(error).__name__, error)})
        return
    message = "loads with cloudpickle as " + type(model).__name__
    method = spec.get("method")
    if method:
        if not callable(getattr(model, method, None)):
            checks.append({"name": name, "passed": False, "message": "%s, which has no method %s()" % (message, method)})
            return
        message += ", has %s()" % method
        if "sample_input" in spec:
            sample = spec["sample_input"]
            try:
                if isinstance(sample, list):  # rows: one prediction each, as serving requires
                    result = interface.predict(model, sample)
                else:
                    result = getattr(model, method)(sample)
            except InterfaceError as error:
                checks.append({"name": name, "passed": False, "message": "%s, but on sample_input: %s" % (message, error)})
                return
            except Exception as error:
                checks.append({"name": name, "passed": False, "message": "%s, but %s(sample_input) raised %s: %s"
                               % (message, method, type(error).__name__, error)})
                return
            message += ", %s(sample_input) returned %s" % (method, describe(result))
    checks.append({"name": name, "passed": True, "message": message})


def check_metrics(output_dir, spec, checks):
    name = "metrics " + spec["file"]
    path = os.path.join(output_dir, spec["file"])
    try:
        with open(path, encoding="utf-8") as f:
            metrics = json.load(f)
    except FileNotFoundError:
        checks.append({"name": name, "passed": False, "message": "no metrics file at output_dir/" + spec["file"]})
        return
    except ValueError as error:
        checks.append({"name": name, "passed": False, "message": "not valid JSON: %s" % error})
        return
    if not isinstance(metrics, dict):
        checks.append({"name": name, "passed": False, "message": "expected a JSON object of metrics, not " + type(metrics).__name__})
        return
    checks.append({"name": name, "passed": True, "message": "%d metrics: %s" % (len(metrics), ", ".join(sorted(metrics)[:10]))})
    for key, bound in spec["keys"].items():
        key_name = "metric " + key
        if key not in metrics:
            checks.append({"name": key_name, "passed": False, "message": "missing from %s" % spec["file"]})
            continue
        value = metrics[key]
        low, high = bound.get("min"), bound.get("max")
        if low is None and high is None and not bound.get("numeric"):
            checks.append({"name": key_name, "passed": True, "message": "%s = %r" % (key, value)})
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            checks.append({"name": key_name, "passed": False, "message": "%s = %r is not a finite number" % (key, value)})
            continue
        within = (low is None or value >= low) and (high is None or value <= high)
        bounds = "[%s, %s]" % ("-inf" if low is None else low, "inf" if high is None else high)
        checks.append({"name": key_name, "passed": within,
                       "message": "%s = %r %s %s" % (key, value, "within" if within else "outside", bounds)})


def main():
    request = json.load(sys.stdin)
    output_dir = request["output_dir"]
    checks = []
    check_files(output_dir, request.get("files") or [], checks)
    if request.get("model"):
        check_model(output_dir, request["model"], checks)
    if request.get("metrics"):
        check_metrics(output_dir, request["metrics"], checks)
    json.dump({"checks": checks}, sys.stdout)


main()
