#!/usr/bin/env python3
"""Round overhead, bytes moved and driver memory of the sharded exchange, from 1 to 16 partitions.

Starts a Spark standalone Master and 8 one-core Workers (separate JVMs, from the build's jars) and,
for each state size and each P, runs io.srgan.spark.train.ExchangeBenchmark on min(P, 8) one-core
executors: the real round machinery (per-group broadcasts, the sharded average, the driver's slice
by slice assembly, Spark's own byte counts) with a stand-in task that loads and exports the state
as a trainer would but does not train, GAN phase (every tensor moves). The first half of each run's
rounds is warm-up (the JIT takes a few rounds of this much data to settle) and left out; the table
shows medians of the second half and the driver's largest heap peak.

Compute per round is measured separately (--compute-json, from compute_per_round.py or by hand):
overhead % = (broadcast + averaging) / (compute(K=16) + broadcast + averaging).

  mvn -q -DskipTests package
  spark-job/bench/exchange_benchmark.py --json exchange.json      # ~20 min; run nothing else meanwhile
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from round_benchmark import ROOT, OPENS, start_cluster  # noqa: E402

STATES = {"msrresnet:8x32:32": "msrresnet 8x32 + D 32", "msrresnet:16x64:64": "msrresnet 16x64 + D 64",
          "rrdb:23x64:64": "RRDB 23x64 (16.7 M) + U-Net D 64 (synthetic)"}


def run(master, classpath, state, partitions, executors, args, out):
    classes = os.path.join(ROOT, "spark-job", "target", "classes")
    cmd = ["java", f"-Xmx{args.driver_heap}", *OPENS, f"-Dspark.master={master}", "-Dspark.driver.host=127.0.0.1",
           "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false", f"-Dspark.executor.extraClassPath={classes}",
           f"-Dspark.executor.memory={args.executor_memory}", "-Dspark.executor.cores=1", f"-Dspark.cores.max={executors}",
           "-Dspark.executorEnv.OMP_NUM_THREADS=1", "-Dspark.executorEnv.MALLOC_ARENA_MAX=1",
           "-Dspark.executorEnv.MALLOC_MMAP_MAX_=0", "-Dspark.executorEnv.MALLOC_TRIM_THRESHOLD_=68719476736",
           "-cp", classes + ":" + ":".join(classpath), "io.srgan.spark.train.ExchangeBenchmark",
           "--state", state, "--partitions", str(partitions), "--rounds", str(args.rounds), "--steps", "16", "--phase", "gan",
           "--out", out]
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", MALLOC_ARENA_MAX="1", MALLOC_MMAP_MAX_="0",
               MALLOC_TRIM_THRESHOLD_="68719476736")
    with open(out + ".log", "w") as log:
        subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT, env=env)
    return [json.loads(l) for l in open(out) if l.strip()]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--states", default=",".join(STATES))
    p.add_argument("--partitions", default="1,2,4,8,16")
    p.add_argument("--rounds", type=int, default=8, help="rounds per run, the first half is warm-up")
    p.add_argument("--max-executors", type=int, default=8)
    p.add_argument("--driver-heap", default="2g")
    p.add_argument("--executor-memory", default="2g")
    p.add_argument("--compute-json", help="{state: seconds of 16 GAN steps on one core} for the overhead %%")
    p.add_argument("--json", default="exchange_benchmark.json")
    args = p.parse_args()
    cp_file = os.path.join(ROOT, "spark-job", "target", "launcher-classpath.txt")
    if not os.path.exists(cp_file):
        raise SystemExit("build first: mvn -q -DskipTests package")
    classpath = open(cp_file).read().strip().split(":")
    compute = json.load(open(args.compute_json)) if args.compute_json else {}
    home = tempfile.mkdtemp(prefix="srgan-bench-exchange-")
    master, procs = start_cluster(home, classpath, args.max_executors)
    results = []
    try:
        for state in args.states.split(","):
            for parts in map(int, args.partitions.split(",")):
                executors = min(parts, args.max_executors)
                lines = run(master, classpath, state, parts, executors, args, os.path.join(home, f"{state.replace(':', '_')}-p{parts}.jsonl"))
                rest = lines[len(lines) // 2:]
                med = {k: statistics.median(l[k] for l in rest) for k in
                       ("round_s", "broadcast_s", "averaging_s", "bytes_up", "bytes_to_driver", "bytes_down", "bytes_broadcast")}
                med["overhead_s"] = med["broadcast_s"] + med["averaging_s"]
                med["driver_heap_peak_mb"] = max(l["driver_heap_peak_mb"] for l in lines)
                med["exchanged_mb"] = rest[0]["exchanged_floats"] * 4 / 1e6
                c16 = compute.get(state)
                med["compute16_s"] = c16
                med["overhead_pct"] = 100 * med["overhead_s"] / (c16 + med["overhead_s"]) if c16 else None
                results.append({"state": state, "partitions": parts, "executors": executors, "measured_rounds": len(rest), **med})
                print(f"{state} P={parts}: {med}", file=sys.stderr, flush=True)
    finally:
        for proc in procs:
            proc.kill()
        subprocess.run(["pkill", "-f", f"{home}/work-"], check=False)
    print(f"\nSharded exchange, GAN phase (every tensor moves), min(P, {args.max_executors}) one-core executors on one machine,"
          f" driver -Xmx{args.driver_heap}, default spark.driver.maxResultSize; medians of the last {args.rounds - args.rounds // 2} of {args.rounds} rounds\n")
    print("| state | MB exchanged | P | executors | broadcast s | averaging s | overhead s | % of round at K=16 |"
          " up MB | to driver MB | down MB | driver heap peak MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        pct = f"{r['overhead_pct']:.1f} %" if r["overhead_pct"] is not None else "-"
        print(f"| {STATES.get(r['state'], r['state'])} | {r['exchanged_mb']:.0f} | {r['partitions']} | {r['executors']} |"
              f" {r['broadcast_s']:.2f} | {r['averaging_s']:.2f} | {r['overhead_s']:.2f} | {pct} | {r['bytes_up'] / 1e6:.0f} |"
              f" {r['bytes_to_driver'] / 1e6:.0f} | {r['bytes_down'] / 1e6:.0f} | {r['driver_heap_peak_mb']:.0f} |")
    with open(args.json, "w") as f:
        json.dump({"benchmark": "sharded_exchange", "results": results}, f, indent=2)
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
