"""image/start serve: serves a notebook's champion model (or one run's) over HTTP.

    python -m jupyship_serving NOTEBOOK [--model NAME] [--run RUN] [--port 8080] [--host 127.0.0.1]
                               [--poll-seconds 5] [--store URL --project NAME] [--workspace DIR]

Without --store, the store and project are those deploy uses: `jupyship serving plan` reads them from
the workspace's jupyship.toml (the embedded default: the folder .jupyship/ in the workspace). A model
the contract cannot serve, or that fails its sample input, is reported (`jupyship serving refused`:
the [alerts] webhooks) and never served."""
import argparse
import json
import logging
import os
import subprocess
import sys

from .models import Serving
from .store import Store, StoreError, absolute

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def parse(argv):
    parser = argparse.ArgumentParser(prog="image/start serve", description="Serves a notebook's champion model over HTTP.")
    parser.add_argument("notebook", help="the notebook's path in the workspace, as its runs record it (e.g. churn_retraining.ipynb)")
    parser.add_argument("--model", default=os.environ.get("JUPYSHIP_SERVE_MODEL"),
                        help="the model's name (the contract's outputs.model.name; default: model)")
    parser.add_argument("--run", default=os.environ.get("JUPYSHIP_SERVE_RUN"), help="serve this run's model, not the champion")
    parser.add_argument("--host", default=os.environ.get("JUPYSHIP_SERVE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("JUPYSHIP_SERVE_PORT", "8080")))
    parser.add_argument("--poll-seconds", type=float, default=float(os.environ.get("JUPYSHIP_SERVE_POLL_SECONDS", "5")),
                        help="how often the champion pointer is read (default 5)")
    parser.add_argument("--store", default=os.environ.get("JUPYSHIP_SERVE_STORE"),
                        help="the artifact store: a folder, or gs://bucket/prefix (default: the workspace's deploy configuration)")
    parser.add_argument("--project", default=os.environ.get("JUPYSHIP_SERVE_PROJECT"),
                        help="the runs' project (with --store; default: the workspace's)")
    parser.add_argument("--workspace", default=os.environ.get("JUPYSHIP_WORKSPACE", "."))
    args = parser.parse_args(argv)
    if args.poll_seconds <= 0:
        parser.error("--poll-seconds must be above 0")
    if args.store and not args.project:
        parser.error("--store needs --project (the folder under runs/ in the store)")
    return args


def notebook_path(text):
    """The notebook's path as its runs record it: relative, /-separated, no . or .. part."""
    path = os.path.normpath(text).replace(os.sep, "/")
    if path.startswith("/") or path == ".." or path.startswith("../"):
        sys.exit("image/start serve: %r: give the notebook's path in the workspace, as its runs record it" % text)
    return path


def launcher():
    return os.environ.get("JUPYSHIP_LAUNCHER") or "jupyship"


def plan(args):
    """The store and project deploy uses for this workspace, from `jupyship serving plan`."""
    command = [launcher(), "serving", "plan", args.notebook, "-w", args.workspace]
    if args.model:
        command += ["--model", args.model]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except OSError as error:
        sys.exit("image/start serve: could not run %s to read the workspace's store: %s; give --store and --project"
                 % (command[0], error))
    if done.returncode != 0:
        sys.exit(done.stderr.strip() or "image/start serve: %s failed (exit %d)" % (" ".join(command), done.returncode))
    return json.loads(done.stdout)


def refused_reporter(args, resolved):
    """Tells the [alerts] webhooks of a model not served, through the jupyship command (one alert per run)."""
    def report(run, reason):
        if not run:
            return
        command = [launcher(), "serving", "refused", args.notebook, "--model", resolved["model"], "--run", run,
                   "--reason", reason, "-w", args.workspace]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
            if done.returncode != 0:
                logging.getLogger("jupyship.serving").warning("could not send the alert: %s", done.stderr.strip())
        except OSError as error:
            logging.getLogger("jupyship.serving").warning("could not send the alert: %s", error)
    return report


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    if args.store:
        resolved = {"store": absolute(args.store), "project": args.project, "model": args.model or "model",
                    "notebook": notebook_path(args.notebook), "alerts": False}
    else:
        resolved = plan(args)
        os.environ.update(resolved.get("environment") or {})
    try:
        store = Store(resolved["store"])
    except (StoreError, ValueError, ImportError) as error:
        sys.exit("image/start serve: the store %s cannot be opened: %s" % (resolved["store"], error))
    serving = Serving(store, resolved["project"], resolved["notebook"], resolved["model"], run=args.run,
                      poll_seconds=args.poll_seconds, on_refused=refused_reporter(args, resolved) if resolved.get("alerts") else None)
    serving.start()
    import uvicorn

    from .app import create_app
    logging.getLogger("jupyship.serving").info(
        "serving %s of %s (%s) from %s on http://%s:%d", "run " + args.run if args.run else "the champion", resolved["notebook"],
        resolved["model"], resolved["store"], args.host, args.port)
    try:
        # h11, not httptools: httptools drops the body of a request that offers "Upgrade: h2c", which Java's
        # HttpClient does by default (uvicorn issue 2722), so a JVM service calling the model would get 400s.
        uvicorn.run(create_app(serving), host=args.host, port=args.port, http="h11", log_level="warning", access_log=False,
                    timeout_graceful_shutdown=20)
    finally:
        serving.stop()


if __name__ == "__main__":
    main()
