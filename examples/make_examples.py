"""Writes the interface-test example notebooks with nbformat (Jupyter's own layout).

    .venv/bin/python examples/make_examples.py

The passing examples train real scikit-learn models on data sets that ship with scikit-learn; the
notebooks under broken/ each break one kind of contract check, say which in
metadata.jupyship_example.expect (the tests read it), and stay small: no scikit-learn, a few
seconds each (infinite_loop runs until its 60 s time limit).
"""
import json
import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def notebook(cells, contract=None, expect=None):
    nb = new_notebook()
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "python"}
    if contract is not None:
        nb.metadata["jupyship"] = {"contract": contract}
    if expect is not None:
        nb.metadata["jupyship_example"] = {"expect": expect}
    for kind, source, *tags in cells:
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        if tags:
            cell.metadata["tags"] = list(tags)
        nb.cells.append(cell)
    for index, cell in enumerate(nb.cells):  # stable ids, so regenerating changes nothing
        cell.id = "cell-%d" % index
    return nb


def write(path, nb):
    nbformat.validate(nb)
    nbformat.write(nb, os.path.join(HERE, path))


SAVE = """os.makedirs(output_dir, exist_ok=True)
with open(os.path.join(output_dir, "model.pkl"), "wb") as f:
    cloudpickle.dump(model, f)
with open(os.path.join(output_dir, "metrics.json"), "w") as f:
    json.dump(metrics, f, indent=2)
metrics"""

# --- passing examples -------------------------------------------------------------------------

write("iris_classifier.ipynb", notebook([
    ("md", "# Iris classifier\n\nA random forest on scikit-learn's iris data. The cell tagged `parameters` is the batch "
           "interface; the contract in the notebook metadata (`jupyship.contract`) says what a run must produce."),
    ("code", 'run_date = "2026-01-01"\noutput_dir = "outputs"\nn_estimators = 100\ntest_size = 0.25\nseed = 42', "parameters"),
    ("code", "import csv\nimport json\nimport os\n\nimport cloudpickle\n"
             "from sklearn.datasets import load_iris\nfrom sklearn.ensemble import RandomForestClassifier\n"
             "from sklearn.metrics import accuracy_score\nfrom sklearn.model_selection import train_test_split"),
    ("md", "## Data"),
    ("code", "X, y = load_iris(return_X_y=True)\nX_train, X_test, y_train, y_test = train_test_split(\n"
             "    X, y, test_size=test_size, random_state=seed, stratify=y)"),
    ("md", "## Train and evaluate"),
    ("code", "model = RandomForestClassifier(n_estimators=n_estimators, random_state=seed).fit(X_train, y_train)\n"
             "predictions = model.predict(X_test)\n"
             "metrics = {\"accuracy\": float(accuracy_score(y_test, predictions)), \"n_train\": len(X_train), \"run_date\": run_date}"),
    ("md", "## Save\nThe model with cloudpickle, the metrics as `metrics.json`, and the test-set predictions, all in `output_dir`."),
    ("code", SAVE.replace("metrics\"\"\"", "") + "\nwith open(os.path.join(output_dir, \"predictions.csv\"), \"w\", newline=\"\") as f:\n"
             "    writer = csv.writer(f)\n    writer.writerow([\"y_true\", \"y_pred\"])\n    writer.writerows(zip(y_test.tolist(), predictions.tolist()))"),
], contract={
    "parameters": {
        "run_date": {"type": "date", "required": True, "description": "the day the batch runs for"},
        "output_dir": {"type": "str", "description": "set by the platform"},
        "n_estimators": {"type": "int", "default": 100, "min": 1, "max": 1000},
        "test_size": {"type": "float", "min": 0.1, "max": 0.5},
        "seed": {"type": "int"},
    },
    "outputs": {
        "files": ["predictions.csv"],
        "model": {"path": "model.pkl", "loader": "cloudpickle", "method": "predict", "output": "int",
                  "sample_input": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]},
        "metrics": {"file": "metrics.json", "keys": {"accuracy": {"min": 0.8, "max": 1.0}, "n_train": {"min": 50}}},
    },
    "test_parameters": {"run_date": "2026-01-01", "n_estimators": 10},
    "time_limit_seconds": 120,
}))

write("diabetes_regression.ipynb", notebook([
    ("md", "# Diabetes progression regression\n\nRidge regression on scikit-learn's diabetes data, with a held-out R²."),
    ("code", 'output_dir = "outputs"\nalpha = 1.0\nsolver = "auto"\nsample_fraction = 1.0', "parameters"),
    ("code", "import json\nimport os\n\nimport cloudpickle\nimport numpy as np\n"
             "from sklearn.datasets import load_diabetes\nfrom sklearn.linear_model import Ridge\n"
             "from sklearn.metrics import mean_squared_error, r2_score\nfrom sklearn.model_selection import train_test_split"),
    ("code", "X, y = load_diabetes(return_X_y=True)\nkeep = np.random.default_rng(0).random(len(X)) < sample_fraction\n"
             "X_train, X_test, y_train, y_test = train_test_split(X[keep], y[keep], test_size=0.3, random_state=0)"),
    ("code", "model = Ridge(alpha=alpha, solver=solver).fit(X_train, y_train)\npredicted = model.predict(X_test)\n"
             "metrics = {\n    \"r2\": float(r2_score(y_test, predicted)),\n"
             "    \"rmse\": float(mean_squared_error(y_test, predicted) ** 0.5),\n    \"n_train\": int(len(X_train)),\n}"),
    ("code", SAVE),
], contract={
    "parameters": {
        "output_dir": {"type": "str"},
        "alpha": {"type": "float", "default": 1.0, "min": 0.0},
        "solver": {"type": "str", "allowed": ["auto", "svd", "cholesky", "lsqr"]},
        "sample_fraction": {"type": "float", "min": 0.05, "max": 1.0},
    },
    "outputs": {
        "model": {"path": "model.pkl", "method": "predict", "sample_input": [[0.0] * 10]},
        "metrics": {"keys": {"r2": {"min": 0.2, "max": 1.0}, "rmse": {"min": 0, "max": 80}, "n_train": {}}},
    },
    "test_parameters": {"alpha": 0.1, "sample_fraction": 0.6},
    "time_limit_seconds": 120,
}))

CHURN_SAMPLE = """# A small synthetic sample shaped like the snapshots, to explore with (examples/churn_snapshots.py writes those).
rng = np.random.default_rng(0)
rows = 800
df = pd.DataFrame({
    "tenure_months": rng.integers(1, 72, rows),
    "monthly_charges": rng.normal(70, 20, rows).round(2).clip(10, 200),
    "support_calls": rng.poisson(1.5, rows),
    "plan": rng.choice(["basic", "plus", "pro"], rows),
})
logit = -0.5 + 0.04 * (df.monthly_charges - 70) - 0.06 * (df.tenure_months - 36) + 0.9 * df.support_calls
df["churned"] = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)"""

write("churn_retraining.ipynb", notebook([
    ("md", "# Churn retraining\n\nThe continuous-training loop on one notebook. Scheduled (`jupyship schedule add churn_retraining.ipynb "
           "--cron '0 3 * * *'`), each run trains on the newest **data snapshot** of `datasets/churn` in the platform's store "
           "(the contract's `train_data`, default `latest`), and records which one, with a fingerprint of its content. "
           "The **promotion gate** compares the run's `auc` with the champion's: the model is promoted unless it is more than "
           "0.02 worse, and a refusal says why and alerts the team (`[alerts]` in `jupyship.toml`).\n\n"
           "Write a snapshot before the first deploy, into the store (`.jupyship/` in the workspace by default; "
           "from the repository's root with `scripts/start`):\n\n"
           "    .venv/bin/python examples/churn_snapshots.py examples/.jupyship 2026-12-01\n"
           "    .venv/bin/python examples/churn_snapshots.py examples/.jupyship 2026-12-02 --noise 0.25 --drift 1   # worse: refused\n\n"
           "Here in JupyterLab, `train_data = \"sample\"` trains on a small sample made in memory."),
    ("code", 'train_data = "sample"  # a snapshot folder, passed by the platform; "sample": made up below\noutput_dir = "outputs"\nseed = 7',
     "parameters"),
    ("code", "import json\nimport os\n\nimport cloudpickle\nimport numpy as np\nimport pandas as pd\n"
             "from sklearn.compose import ColumnTransformer\nfrom sklearn.linear_model import LogisticRegression\n"
             "from sklearn.metrics import roc_auc_score\nfrom sklearn.model_selection import train_test_split\n"
             "from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import OneHotEncoder, StandardScaler"),
    ("md", "## Data\nOne snapshot: a local folder or a `gs://` URI, read as it is (snapshots never change)."),
    ("code", "FEATURES = [\"tenure_months\", \"monthly_charges\", \"support_calls\", \"plan\"]\n"
             "if train_data == \"sample\":\n" + "\n".join("    " + line if line else line for line in CHURN_SAMPLE.split("\n")) + "\n"
             "else:\n    df = pd.read_csv(f\"{train_data}/train.csv\")\n"
             "print(len(df), \"customers,\", round(df.churned.mean(), 3), \"churned, from\", train_data)"),
    ("md", "## Train and evaluate\nThe model takes rows as they will come to serving: one dict of the features per customer."),
    ("code", "class ChurnModel:\n    \"\"\"The probability that each customer churns.\"\"\"\n\n"
             "    def __init__(self, pipeline):\n        self.pipeline = pipeline\n\n"
             "    def predict(self, rows):\n        return self.pipeline.predict_proba(pd.DataFrame(rows, columns=FEATURES))[:, 1].tolist()\n\n\n"
             "X_train, X_test, y_train, y_test = train_test_split(df[FEATURES], df.churned, test_size=0.3, random_state=seed, stratify=df.churned)\n"
             "encode = ColumnTransformer([(\"plan\", OneHotEncoder(handle_unknown=\"ignore\"), [\"plan\"])], remainder=StandardScaler())\n"
             "model = ChurnModel(make_pipeline(encode, LogisticRegression(max_iter=1000)).fit(X_train, y_train))\n"
             "auc = roc_auc_score(y_test, model.predict(X_test.to_dict(\"records\")))\n"
             "metrics = {\"auc\": round(float(auc), 4), \"n_train\": len(X_train)}\nmetrics"),
    ("md", "## Save"),
    ("code", SAVE),
], contract={
    "parameters": {
        "train_data": {"type": "snapshot", "root": "datasets/churn", "default": "latest",
                       "description": "the training data: a snapshot of datasets/churn in the store",
                       "validate": {"columns": ["tenure_months", "monthly_charges", "support_calls", "plan", "churned"],
                                    "max_null_fraction": 0.0, "max_mean_change": {"monthly_charges": 0.25}}},
        "output_dir": {"type": "str"},
        "seed": {"type": "int"},
    },
    "outputs": {
        "model": {"path": "model.pkl", "method": "predict", "name": "churn",
                  "input": {"tenure_months": "int", "monthly_charges": "float", "support_calls": "int", "plan": "str"},
                  "output": "float",
                  "sample_input": [{"tenure_months": 3, "monthly_charges": 95.0, "support_calls": 4, "plan": "basic"},
                                   {"tenure_months": 60, "monthly_charges": 40.0, "support_calls": 0, "plan": "pro"}]},
        "metrics": {"keys": {"auc": {"min": 0.5, "max": 1.0, "better": "higher", "max_regression": 0.02}, "n_train": {"min": 100}}},
    },
    "test_parameters": {"train_data": "sample"},
    "time_limit_seconds": 120,
}))

# quickstart.ipynb: the existing pure-Python example gains a contract (its cells stay as they are).
quickstart = nbformat.read(os.path.join(HERE, "quickstart.ipynb"), as_version=4)
quickstart.metadata["jupyship"] = {"contract": {
    "parameters": {
        "run_date": {"type": "date"},
        "output_dir": {"type": "str"},
        "slope_prior": {"type": "float", "default": 0.0},
        "seed": {"type": "int"},
    },
    "outputs": {
        "model": {"path": "model.pkl", "method": "predict", "sample_input": [0.0, 1.0, 2.0]},
        "metrics": {"keys": {"rmse": {"min": 0, "max": 0.5}, "slope": {"min": 2.5, "max": 3.5}, "run_date": {}}},
    },
    "test_parameters": {"seed": 7},
    "time_limit_seconds": 60,
}}
write("quickstart.ipynb", quickstart)

# --- broken examples: one per kind of check ---------------------------------------------------

PLAIN_MODEL = ("class MeanModel:\n    def __init__(self, mean):\n        self.mean = mean\n\n"
               "    def predict(self, rows):\n        return [self.mean for _ in rows]\n\n\n"
               "model = MeanModel(sum(values) / len(values))\nmetrics = {\"mae\": 0.5}")
IMPORTS = "import json\nimport os\n\nimport cloudpickle"
BASE_CONTRACT = {
    "parameters": {"output_dir": {"type": "str"}, "n": {"type": "int", "min": 1}},
    "outputs": {"model": {"path": "model.pkl", "method": "predict", "sample_input": [[1.0]]},
                "metrics": {"keys": {"mae": {"max": 1.0}}}},
    "test_parameters": {"n": 5},
    "time_limit_seconds": 60,
}


def contract(**changes):
    c = json.loads(json.dumps(BASE_CONTRACT))
    for key, value in changes.items():
        c[key] = value
    return c


def broken(name, cells, expect, contract_=None):
    write(os.path.join("broken", name + ".ipynb"), notebook(
        [("md", "# %s\n\n%s" % (title(expect), expect["why"]))] + cells,
        contract=contract_ if contract_ is not None else contract(), expect={k: v for k, v in expect.items() if k != "why"}))


def title(expect):
    if expect.get("passes"):
        return "A limit the platform must survive (the test passes)"
    return "Broken on purpose: " + (expect.get("check") or expect["finding"])


def good_cells(params='output_dir = "outputs"\nn = 10', body=None, save=SAVE):
    return [("code", params, "parameters"), ("code", IMPORTS),
            ("code", body or "values = [float(i) for i in range(n)]\n" + PLAIN_MODEL), ("code", save)]


# static checks (no kernel)
broken("missing_parameters_cell", [("code", 'output_dir = "outputs"\nn = 10'), *good_cells()[1:]],
       {"finding": "JS601", "why": "The parameters are there, but the cell is not tagged `parameters`."})
broken("malformed_contract", good_cells(),
       {"finding": "JS602", "message": "contract.parameters.n.type",
        "why": "The contract says `\"type\": \"integer\"`; the types are str, int, float, bool, date, list, dict."},
       contract_=contract(parameters={"output_dir": {"type": "str"}, "n": {"type": "integer"}}))
broken("parameter_mismatch", good_cells(params='output_dir = "outputs"\nn = 10\nlearning_rate = 0.1'),
       {"finding": "JS603", "message": "learning_rate",
        "why": "The parameters cell assigns `learning_rate`, which the contract does not declare."})
broken("parameter_default", good_cells(params='output_dir = "outputs"\nn = "10"'),
       {"finding": "JS604", "message": "is a str, but the contract declares int",
        "why": "`n` is declared `int` but its default is the string `\"10\"`."})
broken("parameter_reassigned", good_cells(body="n = 3  # overrides whatever the scheduler passed\nvalues = [float(i) for i in range(n)]\n" + PLAIN_MODEL),
       {"finding": "JS605", "message": "'n' is assigned again",
        "why": "`n` is set again before it is read, so the injected value is ignored."})
broken("output_not_written", good_cells(save=SAVE.replace('"metrics.json"', '"scores.json"')),
       {"finding": "JS606", "message": "metrics.json",
        "why": "The metrics are written to `scores.json`, not the declared `metrics.json`."})

# executed checks
broken("cell_error", good_cells(body="values = [float(i) for i in range(n)]\nraise ValueError('no training data for ' + str(n) + ' rows')"),
       {"check": "run", "message": "ValueError", "why": "A cell raises; the report names the cell and its traceback."})
broken("missing_file", good_cells(save=SAVE + "\nwith open(\"predictions.csv\", \"w\") as f:  # the working folder, not output_dir\n"
                                           "    f.write(\"row,prediction\\n\")"),
       {"check": "file predictions.csv", "message": "no file",
        "why": "`predictions.csv` is written to the working folder instead of `output_dir`."},
       contract_=contract(outputs={**BASE_CONTRACT["outputs"], "files": ["predictions.csv"]}))
broken("model_without_method", good_cells(body="values = [float(i) for i in range(n)]\n" + PLAIN_MODEL.replace("def predict", "def forecast")),
       {"check": "model model.pkl", "message": "no method predict", "why": "The model has `forecast()`, not the declared `predict()`."})
broken("model_not_loadable", good_cells(save=SAVE.replace("cloudpickle.dump(model, f)", "f.write(b'not a pickle')")),
       {"check": "model model.pkl", "message": "could not load", "why": "`model.pkl` is not a pickle at all."})
broken("model_answer_mismatch", good_cells(body="values = [float(i) for i in range(n)]\n"
                                                + PLAIN_MODEL.replace("return [self.mean for _ in rows]", "return self.mean")),
       {"check": "model model.pkl", "message": "not one prediction per row",
        "why": "`predict()` answers one number for all the rows; serving needs one prediction per row."})
broken("metric_out_of_bounds", good_cells(body="values = [float(i) for i in range(n)]\n" + PLAIN_MODEL.replace('"mae": 0.5', '"mae": 4.2')),
       {"check": "metric mae", "message": "outside", "why": "`mae` is 4.2; the contract allows at most 1.0."})
broken("metric_missing", good_cells(body="values = [float(i) for i in range(n)]\n" + PLAIN_MODEL.replace('"mae": 0.5', '"mse": 0.25')),
       {"check": "metric mae", "message": "missing", "why": "`metrics.json` has no `mae`."})
broken("kernel_dies", good_cells(body="import os as _os\n_os._exit(1)"),
       {"check": "run", "message": "kernel died", "why": "The kernel process exits in the middle of a cell."})
broken("infinite_loop", good_cells(body="import time\nwhile True:\n    time.sleep(0.1)"),
       {"check": "run", "message": "time limit", "why": "The loop never ends; the 60-second time limit stops it. The limit "
                                                      "counts from the run's start, the kernel's start included, which takes "
                                                      "far less even on a loaded machine: what it stops is the loop."},
       contract_=contract(time_limit_seconds=60))
broken("prints_100mb", good_cells(body="values = [float(i) for i in range(n)]\n"
                                       "print('x' * 100_000_000)\n" + PLAIN_MODEL),
       {"check": None, "passes": True, "why": "A cell prints 100 MB. The run passes; the sidecar reads the 100 MB "
                                               "notebook without loading it, and the logs stay capped."},
       contract_=contract(time_limit_seconds=90))
broken("writes_outside", good_cells(body="import tempfile\nvalues = [float(i) for i in range(n)]\n"
                                         "with open(os.path.join(os.path.dirname(os.getcwd()), 'escaped.txt'), 'w') as f:\n"
                                         "    f.write('outside')\n" + PLAIN_MODEL),
       {"check": "writes", "message": "escaped.txt", "why": "A cell writes a file in the folder above its working folder."})
