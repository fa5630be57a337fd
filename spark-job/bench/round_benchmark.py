#!/usr/bin/env python3
"""Round time split of the Spark training job on a real two-executor standalone cluster.

Starts a Spark standalone Master and two one-core Workers (separate JVMs, from the build's jars),
runs `srgan train` in the GAN phase with the 16x64 MSRResNet generator and the width-64
discriminator for K = 1, 4, 16 local steps per round, and reads the job's own round metrics
(metrics.jsonl: round_s, compute_s, averaging_s, broadcast_s). The first round of each run is
warm-up (shard decoding, JIT, oneDNN set-up) and is left out; the table shows medians of the rest.

  mvn -q -DskipTests package
  spark-job/bench/round_benchmark.py --json rounds.json

Run nothing else on the machine meanwhile: the executors take one core each.
"""
import argparse, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPENS = [f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in (
    "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
    "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs",
    "sun.security.action", "sun.util.calendar")] + ["-Djdk.reflect.useDirectMethodHandle=false"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cluster(home, classpath, workers):
    jars = os.path.join(home, "jars")
    os.makedirs(jars)
    os.makedirs(os.path.join(home, "logs"))
    for entry in classpath:
        if entry.endswith(".jar") and not os.path.exists(os.path.join(jars, os.path.basename(entry))):
            os.symlink(entry, os.path.join(jars, os.path.basename(entry)))
    env = dict(os.environ, SPARK_HOME=home, SPARK_SCALA_VERSION="2.12", SPARK_LOCAL_IP="127.0.0.1")
    port, ui = free_port(), free_port()
    procs = []

    def launch(name, cls, *args):
        log = open(os.path.join(home, "logs", name + ".log"), "w")
        procs.append(subprocess.Popen(["java", "-Xmx512m", *OPENS, "-cp", jars + "/*", cls, *args],
                                      env=env, stdout=log, stderr=subprocess.STDOUT))

    launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
           "--webui-port", str(ui))
    for i in range(workers):
        launch(f"worker-{i}", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
               "--memory", "8g", "--work-dir", os.path.join(home, f"work-{i}"), "--webui-port", str(free_port()),
               f"spark://127.0.0.1:{port}")
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            status = json.load(urllib.request.urlopen(f"http://127.0.0.1:{ui}/json/", timeout=5))
            if status.get("aliveworkers", 0) >= workers:
                return f"spark://127.0.0.1:{port}", procs
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"workers did not come up; see {home}/logs")


def run(master, classpath, k, rounds, out, args):
    classes = os.path.join(ROOT, "spark-job", "target", "classes")
    sets = {"generator.arch": "msrresnet", "generator.blocks": args.blocks, "generator.channels": args.channels,
            "discriminator.width": 64, "train.batch": args.batch, "train.lr-patch": 24, "train.psnr-steps": 0,
            "train.steps": k * rounds, "cluster.partitions": 2, "cluster.local-steps": k,
            "checkpoint.every": k * rounds, "validation.hr": "null", "log-every": k,
            "train.hr": os.path.join(ROOT, "spark-job", "sample-data", "train")}
    cmd = ["java", "-Xmx4g", *OPENS, f"-Dspark.master={master}", "-Dspark.driver.host=127.0.0.1",
           "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false", f"-Dspark.executor.extraClassPath={classes}",
           "-Dspark.executor.memory=6g", "-Dspark.executor.cores=1", "-Dspark.cores.max=2",
           "-Dspark.executorEnv.OMP_NUM_THREADS=1", "-Dspark.executorEnv.MALLOC_MMAP_MAX_=0", "-Dspark.executorEnv.MALLOC_ARENA_MAX=1",
           "-Dspark.executorEnv.MALLOC_TRIM_THRESHOLD_=68719476736",
           "-cp", classes + ":" + ":".join(classpath), "io.srgan.spark.cli.Srgan", "train",
           "--config", os.path.join(ROOT, "conf", "quickstart.conf"), "--output", out]
    for key, value in sets.items():
        cmd += ["--set", f"{key}={value}"]
    with open(out + ".log", "w") as log:
        subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, SPARK_LOCAL_IP="127.0.0.1"))
    lines = [json.loads(l) for l in open(os.path.join(out, "metrics.jsonl")) if l.strip()]
    return [l for l in lines if l.get("kind") == "round"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ks", default="1,4,16")
    p.add_argument("--rounds", default="6,4,3", help="rounds per K, the first of each is warm-up")
    p.add_argument("--blocks", type=int, default=16)
    p.add_argument("--channels", type=int, default=64)
    p.add_argument("--batch", type=int, default=16, help="per partition")
    p.add_argument("--json", default="round_benchmark.json")
    args = p.parse_args()
    cp_file = os.path.join(ROOT, "spark-job", "target", "launcher-classpath.txt")
    if not os.path.exists(cp_file):
        raise SystemExit("build first: mvn -q -DskipTests package")
    classpath = open(cp_file).read().strip().split(":")
    home = tempfile.mkdtemp(prefix="srgan-bench-spark-")
    master, procs = start_cluster(home, classpath, 2)
    results = []
    try:
        for k, rounds in zip(map(int, args.ks.split(",")), map(int, args.rounds.split(","))):
            lines = run(master, classpath, k, rounds, os.path.join(home, f"run-k{k}"), args)[1:]
            med = {m: statistics.median(l[m] for l in lines) for m in ("round_s", "compute_s", "averaging_s", "broadcast_s")}
            med["overhead_pct"] = 100 * (med["averaging_s"] + med["broadcast_s"]) / med["round_s"]
            med["samples_per_s"] = statistics.median(l["samples_per_s"] for l in lines)
            results.append({"k": k, "measured_rounds": len(lines), "executors": max(l["executors"] for l in lines), **med})
            print(f"K={k}: {med}", file=sys.stderr)
    finally:
        for proc in procs:
            proc.kill()
        subprocess.run(["pkill", "-f", f"{home}/work-"], check=False)
    print(f"\nRound time split, GAN phase, msrresnet {args.blocks}x{args.channels}, D width 64, 2 executors x 1 core,"
          f" batch {args.batch} per partition, LR patch 24, x4 (medians; first round of each run left out)\n")
    print("| K | rounds | round s | compute s | averaging s | broadcast s | averaging+broadcast | samples/s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['k']} | {r['measured_rounds']} | {r['round_s']:.2f} | {r['compute_s']:.2f} | {r['averaging_s']:.2f} |"
              f" {r['broadcast_s']:.2f} | {r['overhead_pct']:.1f} % | {r['samples_per_s']:.2f} |")
    with open(args.json, "w") as f:
        json.dump({"benchmark": "round_split", "blocks": args.blocks, "channels": args.channels, "batch": args.batch,
                   "results": results}, f, indent=2)
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
