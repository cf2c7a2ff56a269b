"""The artifact store as serving reads it, through fsspec (a local folder, or gs://bucket/prefix through
gcsfs, which honours STORAGE_EMULATOR_HOST), in the layout the sidecar writes (docs/promotion.md):

    runs/<project>/<notebook>/<run>/input.ipynb     the notebook as deployed: its contract
                                    manifest.json   the run: commit, parameters, snapshots, metrics
                                    artifacts/...   its output_dir: the model
    champions/<project>/<notebook>/<model>/champion.json   the pointer serving follows
"""
import json
import os
from contextlib import contextmanager

import fsspec


class StoreError(RuntimeError):
    """The store could not be read; the message names the key."""


class Store:
    def __init__(self, url):
        self.url = url
        self.fs, root = fsspec.core.url_to_fs(url)
        self.root = root.rstrip("/")

    def path(self, key):
        return self.root + "/" + key if self.root else key

    @contextmanager
    def _reading(self, key):
        """Turns what fsspec raises into one sentence naming the key and the store."""
        try:
            yield
        except FileNotFoundError:
            raise StoreError("%s is not in the store %s" % (key, self.url)) from None
        except StoreError:
            raise
        except Exception as error:
            raise StoreError("could not read %s in the store %s: %s: %s" % (key, self.url, type(error).__name__, error)) from error

    def version(self, key):
        """Something that changes whenever the object is replaced (its GCS generation, locally its inode
        and modification time: the sidecar replaces files by an atomic rename), or None when absent."""
        with self._reading(key):
            try:
                info = self.fs.info(self.path(key), refresh=True) if _is_gcs(self.fs) else self.fs.info(self.path(key))
            except FileNotFoundError:
                return None
        return str(info.get("generation") or (info.get("ino"), info.get("mtime"), info.get("size")))

    def read(self, key):
        with self._reading(key), self.fs.open(self.path(key), "rb") as f:
            return f.read()

    def read_json(self, key):
        data = self.read(key)
        try:
            return json.loads(data)
        except ValueError as error:
            raise StoreError("%s in the store %s is not JSON: %s" % (key, self.url, error)) from None

    def fetch(self, key, local_path):
        """Copies an object to a local file (a model is loaded from a file)."""
        with self._reading(key):
            self.fs.get_file(self.path(key), local_path)


def _is_gcs(fs):
    protocol = fs.protocol if isinstance(fs.protocol, (tuple, list)) else (fs.protocol,)
    return "gs" in protocol or "gcs" in protocol


def run_prefix(project, notebook, run):
    return "runs/%s/%s/%s/" % (project, notebook, run)


def champion_key(project, notebook, model):
    return "champions/%s/%s/%s/champion.json" % (project, notebook, model)


def local_store(url):
    return "://" not in url and not url.startswith("gs:")


def absolute(url):
    return os.path.abspath(url) if local_store(url) else url
