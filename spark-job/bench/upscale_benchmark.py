#!/usr/bin/env python3
"""Upscale throughput: the Spark upscale job against the PyTorch anchor's inference, same machine.

Runs, one after the other (never concurrently: the cores are shared):
  1. io.srgan.spark.bench.UpscaleBenchmark: the upscale job (embedded Spark, local[CORES]) on N
     square RGB PNGs with a random-weight generator: PNG decode, tiling with exact overlap, model,
     PNG encode, atomic commit, listing and probing included;
  2. ../shared/anchors/srgan_bench.py --phases infer: one whole LR image through the same generator
     in PyTorch (no tiling, no I/O), CORES threads.
Prints output megapixels per second per core for both and writes everything as JSON.

Usage: spark-job/bench/upscale_benchmark.py [--images 8] [--size 256] [--blocks 16] [--channels 64]
           [--scale 4] [--tile 192] [--batch 4] [--cores N] [--infer-steps 3] [--json FILE] [--skip-torch]
           [--precision fp32|bf16|int8]
Needs: the project built (mvn -DskipTests package), /usr/bin/python3 with python3-torch for the anchor.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANCHOR = os.path.join(os.path.dirname(ROOT), "shared", "anchors", "srgan_bench.py")
OPENS = [
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
]


def classpath():
    cp_file = os.path.join(ROOT, "spark-job", "target", "launcher-classpath.txt")
    if not os.path.exists(cp_file):
        subprocess.run(["mvn", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    with open(cp_file) as f:
        deps = f.read().strip()
    # this checkout's classes first, so a srgan-core jar of another checkout in ~/.m2 cannot shadow them
    return ":".join([os.path.join(ROOT, "spark-job", "target", "classes"), os.path.join(ROOT, "core", "target", "classes"), deps])


def run_job(args):
    env = {**os.environ, "MALLOC_ARENA_MAX": "1", "MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "68719476736",
           "OMP_NUM_THREADS": str(args.omp_threads or args.cores), "SPARK_LOCAL_IP": "127.0.0.1"}
    with tempfile.TemporaryDirectory(prefix="upscale-bench-") as tmp:
        cmd = ["java", "-Xmx4g", *OPENS, "-Dspark.master=local[%d]" % args.cores, "-Dspark.driver.host=127.0.0.1",
               "-Dspark.ui.enabled=false", "-cp", classpath(), "io.srgan.spark.bench.UpscaleBenchmark",
               "--images", str(args.images), "--size", str(args.size), "--arch", "msrresnet", "--blocks", str(args.blocks),
               "--channels", str(args.channels), "--scale", str(args.scale), "--tile", str(args.tile), "--batch", str(args.batch),
               "--precision", args.precision, "--dir", tmp]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.exit("UpscaleBenchmark failed:\n" + out.stdout[-3000:] + out.stderr[-3000:])


def run_torch(args):
    cmd = ["/usr/bin/python3", ANCHOR, "--arch", "msrresnet", "--blocks", str(args.blocks), "--channels", str(args.channels),
           "--scale", str(args.scale), "--threads", str(args.cores), "--phases", "infer", "--infer-sizes", str(args.size),
           "--infer-steps", str(args.infer_steps), "--infer-warmup", "1"]
    t0 = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("JSON "):
            r = json.loads(line[len("JSON "):])
            r["wall_s"] = time.time() - t0
            return r
    sys.exit("srgan_bench.py failed:\n" + out.stdout[-3000:] + out.stderr[-3000:])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--images", type=int, default=8)
    p.add_argument("--size", type=int, default=256, help="LR side of the square test images")
    p.add_argument("--blocks", type=int, default=16)
    p.add_argument("--channels", type=int, default=64)
    p.add_argument("--scale", type=int, default=4)
    p.add_argument("--tile", type=int, default=192)
    p.add_argument("--batch", type=int, default=4, help="tiles per model call")
    p.add_argument("--cores", type=int, default=os.cpu_count(), help="Spark task slots and PyTorch threads")
    p.add_argument("--omp-threads", type=int, default=0, help="OMP_NUM_THREADS for the JVM (default: --cores)")
    p.add_argument("--infer-steps", type=int, default=3)
    p.add_argument("--json", default="upscale-benchmark.json")
    p.add_argument("--skip-torch", action="store_true")
    p.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "int8"],
                   help="the job's --precision (int8: its wall clock includes the driver's calibration)")
    args = p.parse_args()

    job = run_job(args)
    torch = None if args.skip_torch else run_torch(args)
    torch_infer = torch["results"]["infer_%d" % args.size] if torch else None
    rows = [("Spark upscale job, wall clock (all included)", job["output_mp_per_second"], job["output_mp_per_second_per_core"]),
            ("Spark upscale job, per task-second", None, job["output_mp_per_task_second"])]
    if torch_infer:
        rows.append(("PyTorch anchor, whole-image forward", torch_infer["out_mpix_per_s"], torch_infer["out_mpix_per_s"] / args.cores))

    print("\nmsrresnet %dx%d x%d %s, %d images of %dx%d LR, tile %d (overlap %d, batch %d), %d cores (shared machine: indicative only)"
          % (args.blocks, args.channels, args.scale, args.precision, args.images, args.size, args.size, args.tile, job["overlap"],
             args.batch, args.cores))
    print("%-46s %12s %16s" % ("", "output MP/s", "output MP/s/core"))
    for name, total, per_core in rows:
        print("%-46s %12s %16.3f" % (name, "%.3f" % total if total is not None else "-", per_core))
    print("peak RSS of the job's JVM (driver and %d tasks): %d MB" % (args.cores, job["peak_rss_mb"]))
    if torch_infer:
        print("ratio PyTorch / Spark job, per core: %.2f" % (torch_infer["out_mpix_per_s"] / args.cores / job["output_mp_per_second_per_core"]))
    report = {"machine": {"cpus": os.cpu_count()}, "args": vars(args), "spark_job": job, "pytorch": torch,
              "table": [dict(zip(("measure", "output_mp_per_s", "output_mp_per_s_per_core"), r)) for r in rows]}
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
    print("wrote " + args.json)


if __name__ == "__main__":
    main()
