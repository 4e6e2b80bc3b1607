# The BENCHMARKS question (mean CPU of every container per minute) asked by pandas of a run's CSV:
#   /usr/bin/python3 benchmarks/scripts/pandas-q.py RUN_DIR > answer.csv
import glob, sys
import pandas as pd

files = sorted(glob.glob(sys.argv[1] + "/container/*.csv"))
cols = ["timestamp", "interval_ms", "node", "pod", "container_name", "cpu_usage_seconds"]
df = pd.concat((pd.read_csv(f, usecols=cols) for f in files), ignore_index=True)
df["minute"] = pd.to_datetime(df["timestamp"], utc=True).dt.floor("min")
df["cores"] = df["cpu_usage_seconds"] * 1000.0 / df["interval_ms"]
df.groupby(["node", "pod", "container_name", "minute"])["cores"].mean().reset_index().to_csv(sys.stdout, index=False)
