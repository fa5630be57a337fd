#!/usr/bin/env python3
"""Side-by-side speed benchmark: srgan-spark's training step and inference against the PyTorch
anchor (../shared/anchors/srgan_bench.py) with the same --arch, and its inference against ONNX
Runtime 1.20 running the same generator exported to ONNX, on this machine, in one run.

For each generator size it runs, one after the other (never concurrently: the cores are shared),
a fresh JVM with io.srgan.core.bench.StepBenchmark (so its peak RSS belongs to that size),
srgan_bench.py, and a JVM with io.srgan.core.bench.OnnxRuntimeBenchmark (test classpath), which with
--int8 also times the project's int8 path (upscale --precision int8); --bf16 also times the project's
bf16 path (upscale --precision bf16) in StepBenchmark's JVM. Prints a table of medians and ratios and
writes everything as JSON.

Usage: core/bench/speed_benchmark.py [--arch msrresnet|srresnet|rrdb|srvgg] [--sizes 8x32,16x64] [--steps N]
                                     [--json FILE] [--skip-torch] [--skip-onnxruntime] [--degrade] [--infer-only] [--int8] [--bf16]
srgan_bench.py has no srvgg (Real-ESRGAN's SRVGGNetCompact): core/bench/srvgg_anchor.py runs its harness with one.
Needs: the project built with its tests compiled (mvn -DskipTests install), /usr/bin/python3 with python3-torch.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANCHOR = os.path.join(os.path.dirname(ROOT), "shared", "anchors", "srgan_bench.py")
ANCHOR_ARCHS = ("srresnet", "msrresnet", "rrdb", "srvgg")
# srgan_bench.py has no SRVGGNetCompact: this script runs its harness with one
SRVGG_ANCHOR = os.path.join(ROOT, "core", "bench", "srvgg_anchor.py")
JVM_ENV = {"MALLOC_ARENA_MAX": "1", "MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "68719476736", "OMP_NUM_THREADS": str(os.cpu_count())}


def core_classpath(scope="compile"):
    """core's classes and dependencies; scope "test" adds the test classes and test dependencies."""
    cp_file = os.path.join(ROOT, "core", "target", "bench-classpath-%s.txt" % scope)
    if not os.path.exists(cp_file):
        subprocess.run(["mvn", "-q", "-pl", "core", "dependency:build-classpath", "-Dmdep.includeScope=" + scope,
                        "-Dmdep.outputFile=" + cp_file], cwd=ROOT, check=True)
    with open(cp_file) as f:
        extra = [os.path.join(ROOT, "core", "target", "test-classes")] if scope == "test" else []
        return ":".join([os.path.join(ROOT, "core", "target", "classes")] + extra + [f.read().strip()])


def run_java(arch, blocks, channels, args):
    cmd = ["java", "-Xmx3g", "-cp", core_classpath(), "io.srgan.core.bench.StepBenchmark",
           "--arch", arch, "--blocks", str(blocks), "--channels", str(channels), "--pixel-loss", "l1",
           "--steps", str(args.steps), "--warmup", str(args.warmup), "--infer-steps", str(args.infer_steps)]
    if args.degrade:
        cmd += ["--phases", "g,adv,infer,degrade"]
    elif args.infer_only:
        cmd += ["--phases", "infer"]
    if args.bf16:
        cmd.append("--bf16")
    out = subprocess.run(cmd, env={**os.environ, **JVM_ENV}, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.exit("StepBenchmark failed:\n" + out.stdout[-3000:] + out.stderr[-3000:])


def run_onnxruntime(arch, blocks, channels, args):
    cmd = ["java", "-Xmx3g", "-cp", core_classpath("test"), "io.srgan.core.bench.OnnxRuntimeBenchmark",
           "--arch", arch, "--blocks", str(blocks), "--channels", str(channels), "--infer-steps", str(args.infer_steps)]
    if args.int8:
        cmd.append("--int8")
    out = subprocess.run(cmd, env={**os.environ, **JVM_ENV}, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.exit("OnnxRuntimeBenchmark failed:\n" + out.stdout[-3000:] + out.stderr[-3000:])


def run_torch(arch, blocks, channels, args):
    cmd = ["/usr/bin/python3", SRVGG_ANCHOR if arch == "srvgg" else ANCHOR, "--arch", arch, "--blocks", str(blocks), "--channels", str(channels),
           "--threads", str(os.cpu_count()), "--pixel-loss", "l1", "--steps", str(args.steps),
           "--warmup", str(args.warmup), "--infer-steps", str(args.infer_steps)]
    if args.infer_only:
        cmd += ["--phases", "infer"]
    t0 = time.time()
    # the machine's OpenBLAS tuning is for ND4J's build; Debian's torch runs with its own defaults
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    for line in out.stdout.splitlines():
        if line.startswith("JSON "):
            r = json.loads(line[len("JSON "):])
            r["wall_s"] = time.time() - t0
            return r
    sys.exit("srgan_bench.py failed:\n" + out.stdout[-3000:] + out.stderr[-3000:])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--arch", default="srresnet", choices=["srresnet", "msrresnet", "rrdb", "srvgg"])
    p.add_argument("--sizes", default="8x32,16x64")
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--infer-steps", type=int, default=3)
    p.add_argument("--json", default="speed-benchmark.json")
    p.add_argument("--skip-torch", action="store_true")
    p.add_argument("--skip-onnxruntime", action="store_true")
    p.add_argument("--infer-only", action="store_true", help="time inference only (no training steps)")
    p.add_argument("--int8", action="store_true",
                   help="also time int8 inference (upscale --precision int8: quantised, run by ONNX Runtime)")
    p.add_argument("--bf16", action="store_true",
                   help="also time bf16 inference (upscale --precision bf16: the convolutions' products in bf16)")
    p.add_argument("--degrade", action="store_true",
                   help="also time Real-ESRGAN's degradation of one batch of HR patches, against the steps")
    args = p.parse_args()
    if args.arch not in ANCHOR_ARCHS and not args.skip_torch:
        print("the PyTorch anchor has no %s: running srgan-spark only" % args.arch, file=sys.stderr)
        args.skip_torch = True

    rows, report = [], {"arch": args.arch, "machine": {"cpus": os.cpu_count()}, "sizes": {}}
    for size in args.sizes.split(","):
        blocks, channels = (int(v) for v in size.split("x"))
        ours = run_java(args.arch, blocks, channels, args)
        torch = None if args.skip_torch else run_torch(args.arch, blocks, channels, args)
        ort = None if args.skip_onnxruntime else run_onnxruntime(args.arch, blocks, channels, args)
        report["sizes"][size] = {"srgan_spark": ours, "pytorch": torch, "onnxruntime": ort}
        tr = torch["results"] if torch else {}

        def ratio(ours_v, other, higher_is_better):
            if ours_v is None or not other:
                return None
            return (other / ours_v) if higher_is_better else (ours_v / other)

        def row(name, ours_v, torch_v, unit, higher_is_better=False, ort_v=None):
            rows.append((size, name, ours_v, torch_v, ort_v, unit, ratio(ours_v, torch_v, higher_is_better),
                         ratio(ours_v, ort_v, higher_is_better)))

        if not args.infer_only:
            row("G step", ours["g_step"]["median_ms"], tr.get("g_step", {}).get("median_ms"), "ms")
            row("adversarial step", ours["adv_step"]["median_ms"], tr.get("adv_step", {}).get("median_ms"), "ms")
            # the distance to the limit: the convolutions' GFLOP/s against a 2048^3 sgemm on the same cores
            for phase, label in (("g_step", "G step"), ("adv_step", "adversarial step")):
                row("  %s conv GFLOP/s" % label, ours[phase]["conv_gflops"], None, "GFLOP/s")
                row("    %% of sgemm (%.0f GFLOP/s)" % ours["sgemm_gflops"], 100 * ours[phase]["conv_gflops"] / ours["sgemm_gflops"],
                    None, "%")
            row("first G step", ours["g_step"]["first_step_ms"], None, "ms")
            row("first adversarial step", ours["adv_step"]["first_step_ms"], None, "ms")
        for s in (128, 256):
            row("infer %d->%d" % (s, 4 * s), ours["infer_%d" % s]["out_mpix_per_s"],
                tr.get("infer_%d" % s, {}).get("out_mpix_per_s"), "MP/s", higher_is_better=True,
                ort_v=(ort or {}).get("infer_%d" % s, {}).get("out_mpix_per_s"))
            row("  conv GFLOP/s (%% of sgemm %.0f)" % ours["sgemm_gflops"], ours["infer_%d" % s]["conv_gflops"], None, "GFLOP/s")
            row("    %", 100 * ours["infer_%d" % s]["conv_gflops"] / ours["sgemm_gflops"], None, "%")
            q = (ort or {}).get("infer_int8_%d" % s, {}).get("out_mpix_per_s")
            if q is not None:
                # precision int8: srgan-spark's int8 path against PyTorch's and ONNX Runtime's fp32
                row("infer %d->%d int8" % (s, 4 * s), q, tr.get("infer_%d" % s, {}).get("out_mpix_per_s"), "MP/s",
                    higher_is_better=True, ort_v=(ort or {}).get("infer_%d" % s, {}).get("out_mpix_per_s"))
                row("  int8 / own fp32 speed", q / ours["infer_%d" % s]["out_mpix_per_s"], None, "x")
            b = ours.get("infer_bf16_%d" % s, {}).get("out_mpix_per_s")
            if b is not None:
                # precision bf16: srgan-spark's bf16 path against PyTorch's and ONNX Runtime's fp32
                row("infer %d->%d bf16" % (s, 4 * s), b, tr.get("infer_%d" % s, {}).get("out_mpix_per_s"), "MP/s",
                    higher_is_better=True, ort_v=(ort or {}).get("infer_%d" % s, {}).get("out_mpix_per_s"))
                row("  bf16 / own fp32 speed", b / ours["infer_%d" % s]["out_mpix_per_s"], None, "x")
                row("  conv GFLOP/s (bf16)", ours["infer_bf16_%d" % s]["conv_gflops"], None, "GFLOP/s")
        if "degrade_batch" in ours:
            d = ours["degrade_batch"]["median_ms"]
            row("degradation of one batch", d, None, "ms")
            row("  as % of the G step", 100 * d / ours["g_step"]["median_ms"], None, "%")
            row("  as % of the adv. step", 100 * d / ours["adv_step"]["median_ms"], None, "%")
        if not args.infer_only:
            row("peak RSS, training steps", ours["peak_rss_training_mb"], None, "MB")
        row("peak RSS, all phases", ours["peak_rss_mb"], None, "MB")

    print("\n%s, %d cores; ratio = srgan-spark cost / other cost (lower is better; for MP/s the inverse)"
          % (args.arch, os.cpu_count()))
    fmt = "%-6s %-28s %12s %12s %12s %6s %9s %9s"
    print(fmt % ("size", "measure", "srgan-spark", "PyTorch", "ONNX RT", "unit", "vs torch", "vs ORT"))

    def num(v, f="%.3f"):
        return f % v if v is not None else "-"

    for size, name, o, t, r, unit, rt, rr in rows:
        print(fmt % (size, name, num(o), num(t), num(r), unit, num(rt, "%.2f"), num(rr, "%.2f")))
    report["table"] = [dict(zip(("size", "measure", "srgan_spark", "pytorch", "onnxruntime", "unit", "ratio",
                                 "ratio_onnxruntime"), r)) for r in rows]
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
    print("\nwrote " + args.json)


if __name__ == "__main__":
    main()
