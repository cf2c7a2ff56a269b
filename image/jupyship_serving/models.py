"""The model serving answers with, and how it changes: a run's model is loaded beside the one in use,
checked on the contract's sample input, and only then swapped in. A request holds the version it
started with, so a swap fails none; a model that fails to load or to answer is never swapped in."""
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field

from .interface import InterfaceError, ModelInterface
from .store import StoreError, champion_key, run_prefix

log = logging.getLogger("jupyship.serving")


class Refused(Exception):
    """A run whose model cannot be served; the message says why."""


@dataclass(frozen=True)
class ModelVersion:
    run: str
    model: object = field(repr=False)
    interface: ModelInterface = field(repr=False)
    metadata: dict
    loaded_at: float

    def answer(self, rows):
        """The predictions for rows already checked against the interface."""
        return self.interface.answer(self.model, rows)


def load_version(store, project, notebook, run, model_name=None):
    """The run's model, loaded and checked on its contract's sample input; Refused when it cannot be served."""
    prefix = run_prefix(project, notebook, run)
    try:
        manifest = store.read_json(prefix + "manifest.json")
        if manifest.get("status") != "succeeded":
            raise Refused("run %s did not succeed (its status is %s)" % (run, manifest.get("status")))
        interface = ModelInterface.of_notebook(store.read_json(prefix + "input.ipynb"))
        problem = interface.servable()
        if problem:
            raise Refused("run %s: %s" % (run, problem))
        if model_name and interface.name != model_name:
            raise Refused("run %s made the model %r, not %r" % (run, interface.name, model_name))
        with tempfile.TemporaryDirectory(prefix="jupyship-model-") as folder:
            local = os.path.join(folder, "model")
            store.fetch(prefix + "artifacts/" + interface.path, local)
            model = interface.load(local)
    except (StoreError, InterfaceError) as error:
        raise Refused("run %s: %s" % (run, error)) from None
    except Refused:
        raise
    except Exception as error:  # whatever unpickling the model raised
        raise Refused("run %s: the model %s could not be loaded: %s: %s"
                      % (run, interface.path, type(error).__name__, error)) from None
    try:
        interface.predict(model, interface.sample_input)
    except Exception as error:
        raise Refused("run %s: the model failed on the contract's sample input: %s: %s"
                      % (run, type(error).__name__, error)) from None
    git = manifest.get("git") or {}
    metadata = {
        "run": run, "project": project, "notebook": notebook, "model": interface.name,
        "commit": git.get("commit"), "branch": git.get("branch"), "dirty": git.get("dirty"),
        "parameters": manifest.get("parameters"), "snapshots": manifest.get("snapshots"),
        "metrics": manifest.get("metrics"), "finished_at": manifest.get("finishedAt"),
        "input": interface.columns, "output": interface.output, "method": interface.method,
    }
    return ModelVersion(run, model, interface, metadata, time.time())


class Serving:
    """What is served: a fixed run, or the champion of a notebook's model, followed by polling its pointer."""

    def __init__(self, store, project, notebook, model_name, run=None, poll_seconds=5.0, on_refused=None, clock=time.time):
        self.store = store
        self.project = project
        self.notebook = notebook
        self.model_name = model_name
        self.fixed_run = run
        self.poll_seconds = poll_seconds
        self.on_refused = on_refused or (lambda run, reason: None)
        self.clock = clock
        self.current = None           # the ModelVersion requests use; replaced whole, never changed
        self.champion = None          # the pointer last read
        self.refused = None           # the last refusal: {run, reason, at}
        self.swaps = 0
        self._pointer_version = None
        self._stop = threading.Event()
        self._thread = None

    def pointer_key(self):
        return champion_key(self.project, self.notebook, self.model_name)

    def start(self):
        self.refresh()
        if self.fixed_run is None:
            self._thread = threading.Thread(target=self._follow, name="champion-follower", daemon=True)
            self._thread.start()

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=10)

    def _follow(self):
        while not self._stop.wait(self.poll_seconds):
            try:
                self.refresh()
            except Exception:  # the loop must outlive any one poll
                log.exception("following the champion failed; trying again in %ss", self.poll_seconds)

    def refresh(self):
        """Loads the run to serve when it changed; returns True when a new model was swapped in."""
        if self.fixed_run is not None:
            if self.current is None and self.refused is None:
                return self._try(self.fixed_run)
            return False
        key = self.pointer_key()
        try:
            version = self.store.version(key)
        except StoreError as error:
            log.warning("%s", error)
            return False
        if version is None or version == self._pointer_version:
            if version is None and self.champion is None and self.refused is None:
                self.refused = {"run": None, "reason": "%s has no champion yet (%s is absent)" % (self.notebook, key), "at": self.clock()}
            return False
        try:
            pointer = self.store.read_json(key)
        except StoreError as error:
            log.warning("%s", error)
            return False
        self._pointer_version = version
        self.champion = pointer
        run = pointer.get("run")
        if self.current is not None and self.current.run == run:
            self.refused = None  # the champion is the model served again (a rollback): nothing is refused now
            return False
        return self._try(run)

    def _try(self, run):
        started = time.monotonic()
        try:
            candidate = load_version(self.store, self.project, self.notebook, run, self.model_name)
        except Refused as refusal:
            reason = str(refusal)
            serving = self.current.run if self.current else None
            self.refused = {"run": run, "reason": reason, "at": self.clock(), "serving": serving}
            log.error("not serving %s: %s%s", run, reason, "; still serving %s" % serving if serving else "")
            # told on a thread of its own: an alert's delivery never holds up the following
            threading.Thread(target=self.on_refused, args=(run, reason), name="refused-alert", daemon=True).start()
            return False
        previous = self.current
        self.current = candidate
        self.swaps += 1
        self.refused = None
        log.info("serving run %s (%s) in %.0f ms%s", run, self.model_name, (time.monotonic() - started) * 1000,
                 ", in place of %s" % previous.run if previous else "")
        return True
