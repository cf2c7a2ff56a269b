"""Jupyter server configuration shared by the notebook pod and the dev set-up.

JupyterLab reaches the jupyship sidecar on the same origin at ``<base_url>jupyship/``:
jupyter-server-proxy starts the sidecar on first use (loopback, a free port) and adds a token
header to every proxied request. The proxy skips Jupyter's own XSRF check and keeps the
browser's Host header, so the sidecar trusts only requests that carry that token.
"""
import os
import secrets

c = get_config()  # noqa: F821 (provided by Jupyter when it loads this file)

launcher = os.environ.get("JUPYSHIP_LAUNCHER", "jupyship")
workspace = os.environ.get("JUPYSHIP_WORKSPACE", os.getcwd())
# One token per server start, shared with the sidecar through its environment only.
token = os.environ.get("JUPYSHIP_TOKEN") or secrets.token_urlsafe(32)

c.ServerProxy.servers = {
    "jupyship": {
        "command": [launcher, "serve", "--port", "{port}", "--workspace", workspace],
        "environment": {"JUPYSHIP_TOKEN": token},
        "request_headers_override": {"X-Jupyship-Token": token},
        "absolute_url": False,
        "timeout": 60,
        "launcher_entry": {"enabled": False},
    }
}

# jupytext is in the environment for review tooling; its contents manager (which opens .py files as
# notebooks) stays off so the exports under review open as the plain code they are.
c.ServerApp.jpserver_extensions = {"jupyterlab_jupytext": False}

# Deploys to dev keep their runs under the workspace's .jupyship/ (the local store); the lab
# extension links to a run's executed notebook and metrics there, so hidden paths must open. The file
# browser still does not list them (show_hidden stays off).
c.ContentsManager.allow_hidden = True

# Root is normal in CI containers and single-user dev machines; notebook pods run as a normal user.
if hasattr(os, "geteuid") and os.geteuid() == 0:
    c.ServerApp.allow_root = True
