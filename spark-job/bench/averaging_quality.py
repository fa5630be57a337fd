#!/usr/bin/env python3
"""Quality of parameter averaging: the training job with 2 partitions vs 1, same total samples.

The core quality benchmark's recipe (msrresnet 8x32 x4, L1, Adam 2e-4 beta 0.9/0.99, cosine to 1e-7,
batch 16 per partition, LR patch 24, flips/rot90, PSNR phase only, no EMA) through `srgan train` on
the embedded Spark: one partition for N steps against two partitions for N/2 steps (two batches per
step, averaged every K steps). Both are scored on Set5 x4 (PSNR-Y/SSIM-Y, the paper protocol) by the
job's own validation. Target: the two within 0.2 dB.

  mvn -q -DskipTests package
  spark-job/bench/averaging_quality.py --json averaging.json     # ~30 min on 2 cores; run it alone
"""
import argparse, json, os, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def train(out, partitions, steps, args):
    sets = {"generator.arch": "msrresnet", "generator.blocks": 8, "generator.channels": 32, "scale": 4,
            "loss.pixel": "l1", "loss.adversarial-weight": 0, "optimizer.generator.lr": 2e-4,
            "optimizer.schedule.kind": "cosine", "optimizer.schedule.min-lr": 1e-7, "ema-decay": 0,
            "train.batch": 16, "train.lr-patch": 24, "train.steps": steps, "train.psnr-steps": steps,
            "train.hr": args.train_hr, "validation.hr": args.val_hr, "validation.every": steps,
            "cluster.partitions": partitions, "cluster.local-steps": args.k, "checkpoint.every": steps,
            "log-every": 100, "seed": 0}
    cmd = [os.path.join(ROOT, "bin", "srgan"), "train", "--config", os.path.join(ROOT, "conf", "quickstart.conf"),
           "--output", out]
    for key, value in sets.items():
        cmd += ["--set", f"{key}={value}"]
    for extra in args.set:
        cmd += ["--set", extra]
    t0 = time.time()
    with open(out + ".log", "w") as log:
        subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT)
    lines = [json.loads(l) for l in open(os.path.join(out, "metrics.jsonl")) if l.strip()]
    val = [l for l in lines if l.get("kind") == "validation"][-1]
    return {"partitions": partitions, "steps": steps, "samples": 16 * partitions * steps,
            "psnr_y": val["val_psnr_y"], "ssim_y": val["val_ssim_y"], "minutes": (time.time() - t0) / 60}


def main():
    shared = os.path.join(os.path.dirname(ROOT), "shared", "data")
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=2000, help="steps of the one-partition run")
    p.add_argument("--k", type=int, default=10, help="local steps per round")
    p.add_argument("--train-hr", default=os.path.join(shared, "train", "T91"))
    p.add_argument("--val-hr", default=os.path.join(shared, "Set5"))
    p.add_argument("--set", action="append", default=[], help="extra KEY=VALUE for both runs, e.g. cluster.lr-scaling=sqrt")
    p.add_argument("--one-from", help="take the one-partition run from this earlier --json output instead of rerunning it")
    p.add_argument("--json", default="averaging_quality.json")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="srgan-avg-quality-")
    if args.one_from:
        one = json.load(open(args.one_from))["runs"][0]
        assert one["partitions"] == 1 and one["steps"] == args.steps, "--one-from holds another run"
    else:
        one = train(os.path.join(work, "one"), 1, args.steps, args)
    two = train(os.path.join(work, "two"), 2, args.steps // 2, args)
    diff = two["psnr_y"] - one["psnr_y"]
    print(f"\nAveraging quality: msrresnet 8x32 x4, Set5 PSNR-Y/SSIM-Y, same total samples, K = {args.k}"
          f"{', ' + ' '.join(args.set) if args.set else ''}\n")
    print("| partitions | steps | samples | PSNR-Y dB | SSIM-Y | minutes |")
    print("|---|---|---|---|---|---|")
    for r in (one, two):
        print(f"| {r['partitions']} | {r['steps']} | {r['samples']} | {r['psnr_y']:.3f} | {r['ssim_y']:.4f} | {r['minutes']:.1f} |")
    print(f"\n2 partitions - 1 partition: {diff:+.3f} dB (target within 0.2 dB: {'met' if abs(diff) <= 0.2 else 'NOT met'})")
    with open(args.json, "w") as f:
        json.dump({"benchmark": "averaging_quality", "k": args.k, "settings": args.set, "runs": [one, two], "psnr_diff_db": diff}, f, indent=2)


if __name__ == "__main__":
    main()
