#!/usr/bin/env python3
"""Where a training step's time goes: oneDNN's own kernels (convolutions by direction, the layout
reorders libnd4j inserts around them, concatenations, matrix products), and everything outside
oneDNN (the Java kernels: activations, batch norm, pixel shuffle, the few-channel convolutions'
im2col, the optimizer; ND4J's op dispatch; the per-step GC).

Runs io.srgan.core.bench.StepBenchmark for one phase with DNNL_VERBOSE=1 and ONEDNN_VERBOSE=1 (both
oneDNN copies print every primitive they execute with its time: libnd4j's as dnnl_verbose, the
javacpp preset's 2.5 of the project's own engines as onednn_verbose) in a fresh JVM, adds up the times per category over every
step the benchmark ran (first + warm-up + timed + the one ConvFlops counts) and divides by their
number. The verbose output slows the step a little: the shares are read against the step median of
this same run. The 2048³ sgemm the benchmark takes as its reference is left out.

Usage: core/bench/onednn_breakdown.py [--arch msrresnet] [--blocks 8] [--channels 32] [--phase g|adv]
                                      [--d-arch vgg|unet-sn] [--steps 6] [--impl] [--json FILE]
Needs: the project built (mvn -DskipTests install), as speed_benchmark.py.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from speed_benchmark import JVM_ENV, core_classpath  # noqa: E402  (one home for the JVM's environment)

WARMUP = 2  # StepBenchmark's --warmup, passed explicitly below


def category(kind, direction):
    if kind == "convolution":
        return {"forward_inference": "convolution forward", "forward_training": "convolution forward",
                "backward_data": "convolution backward (data)",
                "backward_weights": "convolution backward (weights)"}.get(direction, "convolution " + direction)
    if kind == "deconvolution":
        return "transposed convolution (input gradients)"
    if kind == "reorder":
        return "layout reorders"
    return kind


def parse(lines):
    """(per category ms, per (kind, direction, impl, problem) ms) summed over the run."""
    by_category, by_impl = collections.Counter(), collections.Counter()
    for line in lines:
        if not line.startswith(("dnnl_verbose,exec,", "onednn_verbose,exec,")):
            continue
        f = line.rstrip().split(",")
        kind, impl, direction, problem, ms = f[3], f[4], f[5], f[-2], float(f[-1])
        if kind == "matmul" and problem.startswith("2048x2048"):
            continue  # the sgemm reference
        by_category[category(kind, direction)] += ms
        by_impl[(kind, direction, impl, problem)] += ms
    return by_category, by_impl


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--arch", default="msrresnet")
    ap.add_argument("--blocks", type=int, default=8)
    ap.add_argument("--channels", type=int, default=32)
    ap.add_argument("--phase", choices=("g", "adv"), default="g")
    ap.add_argument("--d-arch", default="vgg")
    ap.add_argument("--pixel-loss", default="l1")
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--impl", action="store_true", help="also list the 15 costliest primitives by implementation and shape")
    ap.add_argument("--json")
    args = ap.parse_args()

    cmd = ["java", "-Xmx3g", "-cp", core_classpath(), "io.srgan.core.bench.StepBenchmark", "--arch", args.arch,
           "--blocks", str(args.blocks), "--channels", str(args.channels), "--pixel-loss", args.pixel_loss,
           "--phases", args.phase, "--d-arch", args.d_arch, "--steps", str(args.steps), "--warmup", str(WARMUP)]
    env = dict(os.environ, DNNL_VERBOSE="1", ONEDNN_VERBOSE="1", **JVM_ENV)
    run = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, errors="replace")
    lines = run.stdout.splitlines()
    result = next((json.loads(l[len("RESULT "):]) for l in lines if l.startswith("RESULT ")), None)
    if run.returncode != 0 or result is None:
        sys.exit("StepBenchmark failed (exit %d): %s" % (run.returncode, " ".join(cmd)))
    phase = result["g_step" if args.phase == "g" else "adv_step"]
    steps_run = 1 + phase["warmup_steps"] + phase["n"] + 1
    by_category, by_impl = parse(lines)
    step_ms = phase["median_ms"]
    in_onednn = sum(by_category.values()) / steps_run

    name = "%s %dx%d, %s step%s" % (args.arch, args.blocks, args.channels, args.phase,
                                    "" if args.phase == "g" else " (" + args.d_arch + " D)")
    print("%s: %.0f ms median, convolutions %.1f GFLOP at %.0f GFLOP/s = %.0f %% of the sgemm's %.0f"
          % (name, step_ms, phase["conv_gflop"], phase["conv_gflops"], 100 * phase["conv_gflops"] / result["sgemm_gflops"],
             result["sgemm_gflops"]))
    print("%-44s %10s %8s" % ("where", "ms/step", "share"))
    rows = []
    for cat, ms in by_category.most_common():
        rows.append({"category": cat, "ms_per_step": ms / steps_run})
    rows.append({"category": "outside oneDNN (Java kernels, ND4J dispatch, GC)", "ms_per_step": step_ms - in_onednn})
    for r in rows:
        r["share"] = r["ms_per_step"] / step_ms
        print("%-44s %10.1f %7.1f%%" % (r["category"], r["ms_per_step"], 100 * r["share"]))
    costliest = []
    if args.impl:
        print("\ncostliest primitives (ms/step): kind, direction, implementation, problem")
        for (kind, direction, impl, problem), ms in by_impl.most_common(15):
            costliest.append({"kind": kind, "direction": direction, "impl": impl, "problem": problem, "ms_per_step": ms / steps_run})
            print("%8.1f  %s %s %s %s" % (ms / steps_run, kind, direction, impl, problem))
    out = {"config": vars(args), "step_median_ms": step_ms, "steps_run": steps_run, "conv_gflop": phase["conv_gflop"],
           "conv_gflops": phase["conv_gflops"], "sgemm_gflops": result["sgemm_gflops"], "breakdown": rows,
           "costliest": costliest}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
