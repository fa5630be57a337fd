#!/usr/bin/env python3
"""Quality of parameter averaging: the training job with P partitions vs 1, same total samples.

The core quality benchmark's recipe (msrresnet 8x32 x4, L1, Adam 2e-4 beta 0.9/0.99, cosine to 1e-7,
batch 16 per partition, LR patch 24, flips/rot90, PSNR phase only, no EMA) through `srgan train` on
the embedded Spark: one partition for N steps against P partitions for N/P steps (P batches per
step, averaged every K steps). All are scored on Set5 x4 (PSNR-Y/SSIM-Y, the paper protocol) by the
job's own validation. Target: every P within 0.2 dB of P = 1.

  mvn -q -DskipTests package
  spark-job/bench/averaging_quality.py --partitions 1,2,4,8 --set cluster.lr-scaling=linear --json avg.json
  (~15 min per run on 2 cores; the result does not depend on timing, so other work may share the machine)
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
    for extra in (args.set if partitions > 1 else []):
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
    p.add_argument("--partitions", default="1,2", help="comma-separated P; steps = --steps / P")
    p.add_argument("--set", action="append", default=[], help="extra KEY=VALUE for the runs with P > 1, e.g. cluster.lr-scaling=sqrt")
    p.add_argument("--one-from", help="take the one-partition run from this earlier --json output instead of rerunning it")
    p.add_argument("--json", default="averaging_quality.json")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="srgan-avg-quality-")
    runs = []
    for parts in map(int, args.partitions.split(",")):
        if parts == 1 and args.one_from:
            one = json.load(open(args.one_from))["runs"][0]
            assert one["partitions"] == 1 and one["steps"] == args.steps, "--one-from holds another run"
            runs.append(one)
        else:
            runs.append(train(os.path.join(work, f"p{parts}"), parts, args.steps // parts, args))
        print(f"P={parts}: {runs[-1]}", flush=True)
    base = next((r for r in runs if r["partitions"] == 1), None)
    print(f"\nAveraging quality: msrresnet 8x32 x4, Set5 PSNR-Y/SSIM-Y, same total samples, K = {args.k}"
          f"{', ' + ' '.join(args.set) + ' for P > 1' if args.set else ''}\n")
    print("| partitions | steps | samples | PSNR-Y dB | vs P = 1 | SSIM-Y | minutes |")
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        diff = f"{r['psnr_y'] - base['psnr_y']:+.3f}" if base else "-"
        print(f"| {r['partitions']} | {r['steps']} | {r['samples']} | {r['psnr_y']:.3f} | {diff} | {r['ssim_y']:.4f} | {r['minutes']:.1f} |")
    with open(args.json, "w") as f:
        json.dump({"benchmark": "averaging_quality", "k": args.k, "settings": args.set, "runs": runs}, f, indent=2)


if __name__ == "__main__":
    main()
