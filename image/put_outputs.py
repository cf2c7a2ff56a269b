"""Copies a batch run's output folder to its place in the artifact store.

image/start batch --outputs-to runs the notebook with output_dir set to a local folder, so a notebook
writes its model and metrics with plain open() and os.makedirs(), exactly as on a laptop; this then
puts every file under that folder at the store location (gs://bucket/.../artifacts/, or a local
path), with fsspec, the library papermill and pandas already use for gs:// paths.

    python put_outputs.py LOCAL_FOLDER DESTINATION
"""
import os
import sys

import fsspec


def put_outputs(folder: str, destination: str) -> int:
    fs, root = fsspec.core.url_to_fs(destination)
    local = "file" in (fs.protocol if isinstance(fs.protocol, (tuple, list)) else (fs.protocol,))
    count = 0
    for directory, _, files in os.walk(folder):
        for name in sorted(files):
            source = os.path.join(directory, name)
            relative = os.path.relpath(source, folder).replace(os.sep, "/")
            target = root.rstrip("/") + "/" + relative
            if local:
                fs.makedirs(os.path.dirname(target), exist_ok=True)
            fs.put_file(source, target)
            count += 1
    return count


def main(argv: list) -> int:
    if len(argv) != 3:
        print("usage: put_outputs.py LOCAL_FOLDER DESTINATION", file=sys.stderr)
        return 2
    try:
        count = put_outputs(argv[1], argv[2])
    except Exception as error:  # one line for the job's log, never a traceback
        print(f"jupyship: could not store the run's outputs at {argv[2]}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"jupyship: stored {count} output file(s) at {argv[2]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
