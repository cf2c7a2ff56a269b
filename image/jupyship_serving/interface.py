"""A model's interface as its notebook's contract declares it (outputs.model, docs/contract.md), and
the one way jupyship calls a model: serving, the interface test and compare all go through
ModelInterface.predict, so a model that passed its interface test is called the same way in serving.

    input         {"column": "int" | "float" | "str" | "bool", ...}: each row is a JSON object with
                  exactly these columns; absent, a row is any JSON value
    output        "int" | "float" | "str" | "bool" | "list": one prediction's type; absent, any JSON value
    sample_input  the example rows, which the model must answer before it is used
"""
import math

import cloudpickle

TYPES = ("int", "float", "str", "bool")
OUTPUT_TYPES = TYPES + ("list",)
MAX_ROWS = 10_000


class InterfaceError(ValueError):
    """Rows or predictions that do not fit the interface; the message names where."""


def fits(value, kind):
    if kind == "bool":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind == "int":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if kind == "float":
        return isinstance(value, (int, float)) and math.isfinite(value)
    if kind == "str":
        return isinstance(value, str)
    if kind == "list":
        return isinstance(value, list)
    return True


def show(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ModelInterface:
    def __init__(self, spec):
        spec = spec or {}
        self.path = spec.get("path", "model.pkl")
        self.name = spec.get("name", "model")
        self.method = spec.get("method")
        self.columns = spec.get("input")
        self.output = spec.get("output")
        self.sample_input = spec.get("sample_input")

    @classmethod
    def of_notebook(cls, notebook):
        """The interface a notebook's contract declares (notebook: the parsed .ipynb JSON)."""
        contract = ((notebook.get("metadata") or {}).get("jupyship") or {}).get("contract") or {}
        model = (contract.get("outputs") or {}).get("model")
        if not model:
            raise InterfaceError("the notebook's contract declares no model (outputs.model)")
        return cls(model)

    def servable(self):
        """Why serving cannot use this model, or None: it must say how to call the model and on what."""
        if not self.method:
            return "the contract's outputs.model gives no method to call (e.g. \"predict\")"
        if not isinstance(self.sample_input, list) or not self.sample_input:
            return "the contract's outputs.model gives no sample_input rows to check a model with before serving it"
        return None

    def check_rows(self, rows, where="rows"):
        if not isinstance(rows, list):
            raise InterfaceError("%s: expected a list of rows, not %s" % (where, type(rows).__name__))
        if not rows:
            raise InterfaceError("%s: no rows" % where)
        if len(rows) > MAX_ROWS:
            raise InterfaceError("%s: %d rows, more than the %d one request may carry" % (where, len(rows), MAX_ROWS))
        if self.columns is None:
            return
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InterfaceError("%s[%d]: expected an object with the columns %s, not %s"
                                     % (where, i, ", ".join(self.columns), show(row)))
            missing = [column for column in self.columns if column not in row]
            if missing:
                raise InterfaceError("%s[%d]: missing column%s %s" % (where, i, "s" if len(missing) > 1 else "",
                                                                     ", ".join(repr(c) for c in missing)))
            unknown = [column for column in row if column not in self.columns]
            if unknown:
                raise InterfaceError("%s[%d]: unknown column%s %s (the model's are %s)"
                                     % (where, i, "s" if len(unknown) > 1 else "", ", ".join(repr(c) for c in unknown),
                                        ", ".join(self.columns)))
            for column, kind in self.columns.items():
                if not fits(row[column], kind):
                    raise InterfaceError("%s[%d].%s: %s is not %s" % (where, i, column, show(row[column]), article(kind)))

    def predict(self, model, rows):
        """The model's predictions for the rows, as plain JSON values, one per row; InterfaceError when
        the rows or the answer do not fit; the model's own exception when it raises."""
        self.check_rows(rows)
        return self.answer(model, rows)

    def answer(self, model, rows):
        """predict() for rows already checked."""
        return self.check_output(getattr(model, self.method)(rows), len(rows))

    def check_output(self, answer, count):
        predictions = plain(answer)
        if not isinstance(predictions, list):
            raise InterfaceError("%s() returned %s, not one prediction per row" % (self.method, describe(answer)))
        if len(predictions) != count:
            raise InterfaceError("%s() returned %d prediction(s) for %d row(s)" % (self.method, len(predictions), count))
        if self.output:
            for i, value in enumerate(predictions):
                if not fits(value, self.output):
                    raise InterfaceError("%s() returned %s for row %d, not %s (the contract's outputs.model.output)"
                                         % (self.method, show(value), i, article(self.output)))
        return predictions

    def load(self, path):
        """The model at path, loaded with cloudpickle, with its method."""
        with open(path, "rb") as f:
            model = cloudpickle.load(f)
        if self.method and not callable(getattr(model, self.method, None)):
            raise InterfaceError("the model (%s) has no method %s()" % (type(model).__name__, self.method))
        return model


def article(kind):
    return {"int": "an int", "float": "a finite float", "str": "a str", "bool": "a bool", "list": "a list"}.get(kind, kind)


def describe(value):
    shape = getattr(value, "shape", None)
    if shape is not None:
        return "%s of shape %s" % (type(value).__name__, tuple(shape))
    if isinstance(value, (list, tuple)):
        return "%s of length %d" % (type(value).__name__, len(value))
    return type(value).__name__


def plain(value):
    """numpy arrays and scalars, pandas series and frames, tuples: as JSON's lists and numbers."""
    to_list = getattr(value, "tolist", None)
    if callable(to_list) and not isinstance(value, (list, dict, str, bytes)):
        value = to_list()
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (int, float, str, bool)):
        return item()
    return value
