#!/bin/sh
# Regenerates the expected .py of every fixture notebook with jupytext (pin: 1.19.6):
#   <name>.py          jupytext --to py:percent -o - <name>.ipynb
#   <name>.noheader.py the same with --update-metadata '{"jupytext":{"notebook_metadata_filter":"-all"}}'
# The jupytext_version header line is removed: our exporter leaves it out on purpose.
# Usage: regenerate-expected.sh [path/to/jupytext]   (default: $JUPYSHIP_VENV/bin/jupytext, else <repo>/.venv's)
# PercentExporterFixtureTest.goldensAreWhatThePinnedJupytextWrites checks in every full run that they are.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jupytext=${1:-"${JUPYSHIP_VENV:-$here/../../../../../.venv}/bin/jupytext"}
"$jupytext" --version | grep -qx '1.19.6' || { echo "jupytext 1.19.6 required" >&2; exit 1; }
for notebook in "$here"/fixtures/*.ipynb; do
    base=${notebook%.ipynb}
    "$jupytext" --quiet --to py:percent -o - "$notebook" | sed '/^#       jupytext_version: /d' > "$base.py"
    "$jupytext" --quiet --to py:percent --update-metadata '{"jupytext":{"notebook_metadata_filter":"-all"}}' \
        -o - "$notebook" | sed '/^#       jupytext_version: /d' > "$base.noheader.py"
done
