"""Wraps a jupyship run's model as an MLflow pyfunc model, for bench/serving: MLflow's scoring server
then serves the very same cloudpickled object jupyship's serving does.

    python serving_mlflow.py MODEL_PKL OUTPUT_DIR
"""
import sys

import mlflow.pyfunc


class RunModel(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        import cloudpickle
        with open(context.artifacts["model"], "rb") as f:
            self.model = cloudpickle.load(f)

    def predict(self, context, model_input, params=None):
        # MLflow hands a data frame; the run's model takes the rows as JSON objects, as jupyship passes them
        return self.model.predict(model_input.to_dict("records"))


if __name__ == "__main__":
    mlflow.pyfunc.save_model(sys.argv[2], python_model=RunModel(), artifacts={"model": sys.argv[1]})
