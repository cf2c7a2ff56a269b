# jupyship interface tests: records writes a notebook makes outside its working folder.
# Installed as an IPython startup file of the test's own HOME, so it runs in the kernel before the
# first cell. It only records (it never blocks); it sees what goes through Python's audit events
# (open() and os.open for writing, mkdir, rename, remove...), not writes by C libraries or by
# other programs the notebook starts.
def _jupyship_write_guard():
    import os
    import sys

    root = os.environ.get("JUPYSHIP_WORK_DIR")
    log_path = os.environ.get("JUPYSHIP_WRITE_LOG")
    if not root or not log_path:
        return
    root = os.path.realpath(root)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    seen = set()
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
    events = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.symlink", "os.link",
              "os.truncate", "os.chmod", "shutil.rmtree", "shutil.copyfile", "shutil.move"}

    def outside(path):
        if isinstance(path, int):
            return None
        try:
            path = os.fsdecode(path)
            full = os.path.realpath(os.path.join(os.getcwd(), path))
        except Exception:
            return None
        if full == root or full.startswith(root + os.sep) or full.startswith("/dev/") or full.startswith("/proc/"):
            return None
        if "__pycache__" in full and full.endswith((".pyc", ".pyc.tmp")) or ".pyc." in full:
            return None
        return full

    def hook(event, args):
        if event == "open":
            path, mode, flags = (list(args) + [None, None, None])[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & write_flags)
            paths = [path] if writing else []
        elif event in events:
            paths = [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
            if event in ("os.rename", "os.replace", "shutil.copyfile", "shutil.move"):
                paths = paths[1:2]
        else:
            return
        for path in paths:
            full = outside(path)
            if full and full not in seen and len(seen) < 200:
                seen.add(full)
                os.write(log, (event + "\t" + full + "\n").encode("utf-8", "replace"))

    sys.addaudithook(hook)


_jupyship_write_guard()
del _jupyship_write_guard
