# jupyship: the guard of one papermill run. The sidecar starts it in place of papermill, so the run
# keeps its limits whether or not a sidecar still follows it (a sidecar killed with SIGKILL leaves
# its runs behind, re-parented): the guard copies papermill's output into capped logs, stops every
# process of the run (all carry the run's marker variable) at its deadline or when papermill ends,
# and records how papermill ended, where a sidecar started later reads it.
#
# Usage: python run_guard.py GUARD_JSON, with {command, cwd, marker: "NAME=value", deadline: epoch
# seconds, logCap, stdout, stderr, combined, status, pid}. Writes pid (its own pid) at start and
# status ({"exit": n, "timedOut": bool}) once papermill has ended.
import json
import os
import selectors
import signal
import subprocess
import sys
import time


class CappedFile:
    """A log written up to a cap, then marked as cut (the same note as the sidecar's CappedLog)."""

    def __init__(self, path, cap):
        self.out = open(path, "wb", buffering=0)
        self.cap = cap
        self.written = 0
        self.noted = False

    def append(self, data):
        if self.written < self.cap:
            keep = data[: self.cap - self.written]
            self.out.write(keep)
            self.written += len(keep)
        elif not self.noted:
            self.out.write(("\n[jupyship: log cut at %d bytes; the rest was dropped]\n" % self.cap).encode())
            self.noted = True


def marked(marker):
    """Pids of live processes carrying the marker in their environment, this guard left out."""
    needle = marker.encode() + b"\0"
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % name, "rb") as f:
                environ = b"\0" + f.read() + b"\0"
        except OSError:
            continue
        if b"\0" + needle in environ:
            found.append(int(name))
    return found


def stop_all(marker):
    """SIGKILL to every process of the run, again until none is left (a dying tree may still fork)."""
    for _ in range(20):
        pids = marked(marker)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)


def write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f)
    os.replace(tmp, path)


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    marker = spec["marker"]
    write_json(spec["pid"], {"pid": os.getpid()})
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    logs = [CappedFile(spec[name], spec["logCap"]) for name in ("stdout", "stderr", "combined")]
    papermill = subprocess.Popen(spec["command"], cwd=spec["cwd"], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    streams = selectors.DefaultSelector()
    streams.register(papermill.stdout, selectors.EVENT_READ, logs[0])
    streams.register(papermill.stderr, selectors.EVENT_READ, logs[1])
    timed_out = False
    drain_until = None
    while streams.get_map():
        now = time.time()
        if papermill.poll() is not None or stopping:
            # What is left of the run (a kernel's children) holds the pipes open: stop it, drain a moment.
            if drain_until is None:
                stop_all(marker)
                drain_until = now + 2
            elif now > drain_until:
                break
        elif now >= spec["deadline"]:
            timed_out = True
            stop_all(marker)
            drain_until = now + 2
        wait = max(0.05, min(1.0, spec["deadline"] - now))
        for key, _ in streams.select(wait):
            data = os.read(key.fd, 65536)
            if not data:
                streams.unregister(key.fileobj)
                continue
            key.data.append(data)
            logs[2].append(data)
    code = papermill.wait()
    stop_all(marker)
    write_json(spec["status"], {"exit": code if code >= 0 else 128 - code, "timedOut": timed_out})


if __name__ == "__main__":
    main()
