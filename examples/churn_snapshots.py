"""Writes synthetic versions of a customer-churn dataset as data snapshots in the platform's store,
in the layout a contract's snapshot parameter reads (docs/contract.md, "Data snapshots"), as the
write-snapshot snippet does: the data, then `_snapshot.json`, last.

    .venv/bin/python examples/churn_snapshots.py STORE_ROOT VERSION [--noise P] [--drift D] [--rows N]

STORE_ROOT is the store of jupyship.toml (`<workspace>/.jupyship` by default, or gs://bucket/prefix);
the snapshot goes to STORE_ROOT/datasets/churn/snapshots/VERSION/train.csv. `--noise` is the share of
labels flipped at random (data that got worse to learn from), `--drift` moves the monthly charges
and the weight of support calls (the world changed). The same arguments write the same rows.
"""
import argparse
import json
import zlib

import fsspec
import numpy as np
import pandas as pd

ROOT = "datasets/churn"


def churn_frame(seed: int, rows: int = 1500, noise: float = 0.0, drift: float = 0.0) -> pd.DataFrame:
    """Customers with tenure, charges, support calls and plan; churn follows them, as in load-snapshot's sample."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "tenure_months": rng.integers(1, 72, rows),
        "monthly_charges": rng.normal(70 + 10 * drift, 20, rows).round(2).clip(10, 200),
        "support_calls": rng.poisson(1.5, rows),
        "plan": rng.choice(["basic", "plus", "pro"], rows),
    })
    logit = (-0.5 + 0.04 * (frame.monthly_charges - 70) - 0.06 * (frame.tenure_months - 36)
             + (0.9 - 0.6 * drift) * frame.support_calls)
    churned = rng.random(rows) < 1 / (1 + np.exp(-logit))
    flipped = rng.random(rows) < noise
    frame["churned"] = (churned ^ flipped).astype(int)
    return frame


def write_snapshot(frame: pd.DataFrame, store_root: str, version: str) -> str:
    folder = f"{str(store_root).rstrip('/')}/{ROOT}/snapshots/{version}"
    fs, path = fsspec.core.url_to_fs(folder)
    if fs.exists(f"{path}/_snapshot.json"):
        raise SystemExit(f"snapshot {version} of {ROOT} exists, and snapshots never change: pick a new version")
    fs.makedirs(path, exist_ok=True)
    frame.to_csv(f"{folder}/train.csv", index=False)
    # The profile a contract's "validate" checks, as the write-snapshot snippet records it.
    profile = {str(c): {"nulls": int(frame[c].isna().sum()),
                        **({"mean": float(frame[c].mean())} if pd.api.types.is_numeric_dtype(frame[c]) else {})}
               for c in frame.columns}
    with fsspec.open(f"{folder}/_snapshot.json", "w") as out:
        json.dump({"version": version, "files": ["train.csv"], "rows": int(len(frame)), "columns": list(frame.columns),
                   "profile": profile}, out, indent=2)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store_root")
    parser.add_argument("version")
    parser.add_argument("--noise", type=float, default=0.0)
    parser.add_argument("--drift", type=float, default=0.0)
    parser.add_argument("--rows", type=int, default=1500)
    args = parser.parse_args()
    seed = zlib.crc32(args.version.encode("utf-8"))
    print(write_snapshot(churn_frame(seed, args.rows, args.noise, args.drift), args.store_root, args.version))


if __name__ == "__main__":
    main()
