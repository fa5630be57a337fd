#!/usr/bin/python3
"""Does training on Real-ESRGAN's degradations pay? Two small RRDBs, same samples, scored on degraded Set14.

conf/realesrnet-small.conf (RRDB 3x32 growth 16, x4, L1, Adam 2e-4 cosine, EMA 0.999, batch 8, LR
patch 16) is trained twice through `srgan train` on the same HR-only images for the same number of
steps (so the same samples, steps x batch), with the same seed: once on bicubic pairs
(degradation.enabled=false), once on degraded pairs (degradation.enabled=true, Real-ESRGAN's default
second-order degradation, without the unsharp masking of the targets: both models learn the HR as it
is, which is what they are scored against). Validation during training runs on Set5 (clean bicubic LR); Set14 is
only used here, for the test:

  * a fixed degraded x4 LR of Set14 (`srgan degrade`, default degradation, --degrade-seed), kept in
    <out>/set14_degraded_x4;
  * PSNR-Y / SSIM-Y against Set14 HR (`srgan evaluate --lr`, the EDSR protocol, the final EMA
    weights) of: bicubic upscaling of the degraded LR, the bicubic-trained model and the
    degradation-trained model on it, and, for the cost on clean inputs, both models (and bicubic) on
    the shared bit-exact bicubic LR of Set14;
  * cross-check: the degradation-trained model's outputs on the degraded LR, written by `srgan
    upscale`, and bicubic of the degraded LR by ../shared/tools/sr_eval.py's own MATLAB imresize,
    scored by sr_eval.py;
  * <out>/degradation_benefit.png: the same crop of a few Set14 images (degraded LR nearest x4,
    bicubic, both models, HR), whole-image PSNR-Y under each crop.

Prints a Markdown table and writes <out>/degradation_benefit.json (every number, the settings, the
seeds, the git commit, wall times). Needs numpy and Pillow (/usr/bin/python3 here) and a built
project (mvn -q -DskipTests package).

  nice -n 10 spark-job/bench/degradation_benefit.py --out /tmp/degbench   # 2 x 15-25 min of training on 2 cores, ~5 min more
  spark-job/bench/degradation_benefit.py --steps 10000 --validation-every 1000 --out /tmp/deglong   # the README's: 2 x 40-60 min
"""
import argparse, json, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
MODELS = ("bicubic_trained", "degradation_trained")
TITLES = {"bicubic": "Bicubic (MATLAB)", "bicubic_trained": "RRDB, bicubic-trained",
          "degradation_trained": "RRDB, degradation-trained"}


def srgan(args, *words, log=None):
    """Runs bin/srgan (nice'd as the caller chose), returns the wall time in seconds."""
    cmd = [args.srgan, *map(str, words)]
    t0 = time.time()
    if log:
        with open(log, "w") as f:
            result = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    else:
        result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(cmd)}\n" + (open(log).read()[-3000:] if log else result.stdout[-3000:]))
    return time.time() - t0


def train(args, name, degraded):
    run = os.path.join(args.out, "runs", name)
    steps = args.steps
    offset = 0
    init = {}
    if degraded and args.finetune_from:
        # Real-ESRNet's recipe: start from a bicubic-trained model (here the bicubic run's checkpoint at
        # that step, its EMA weights) and train the rest of the same sample budget on degraded pairs
        offset = args.finetune_from
        steps = args.steps - offset
        init = {"train.init-from": os.path.join(args.out, "runs", "bicubic_trained", "ckpt-%08d" % offset)}
    sets = {"train.hr": args.train_hr, "train.steps": steps, "train.psnr-steps": steps, "train.batch": args.batch,
            "degradation.enabled": str(degraded).lower(), "degradation.usm.enabled": "false", "validation.hr": args.val_hr,
            "validation.every": args.validation_every, "checkpoint.every": args.validation_every,
            "checkpoint.keep-last": steps // args.validation_every, "seed": args.seed, **init}
    final = os.path.join(run, "ckpt-%08d" % steps)
    resume = False
    if args.reuse and os.path.isdir(final):
        print(f"{name}: reusing {run}", flush=True)
        seconds = args.previous.get("runs", {}).get(name, {}).get("wall_s")
    else:
        resume = os.path.exists(run)
        if resume and not args.reuse:
            sys.exit(f"{run} exists: remove it, or pass --reuse to take a finished run from it (an unfinished one is resumed)")
        os.makedirs(os.path.dirname(run), exist_ok=True)
        words = ["train", "--config", os.path.join(ROOT, "conf", "realesrnet-small.conf"), "--output", run]
        words += ["--resume"] if resume else []  # exact: a resumed run ends bit-identical to an uninterrupted one
        for key, value in sets.items():
            words += ["--set", f"{key}={value}"]
        print(f"{name}: {'resuming' if resume else 'training'} {steps} steps x batch {args.batch} -> {run}", flush=True)
        seconds = srgan(args, *words, log=run + (".resumed.log" if resume else ".log"))
        if resume:
            seconds = None  # only part of the training: see the run's metrics (train_s)
    parts = sorted((f for f in os.listdir(run) if f.startswith("metrics") and f.endswith(".jsonl")),
                   key=lambda f: (f != "metrics.jsonl", f))
    lines = [l for f in parts for l in map(parse_line, open(os.path.join(run, f))) if l]
    rounds = list({l["step"]: l for l in lines if l.get("kind") == "round"}.values())  # a resumed run's last word per step
    val = list({l["step"]: l for l in lines if l.get("kind") == "validation"}.values())
    return {"run": run, "settings": sets, "degradation": degraded, "wall_s": seconds, "resumed": resume, "step_offset": offset,
            "train_s": sum(r.get("round_s", 0) for r in rounds), "last_l_g_pix": rounds[-1].get("l_g_pix") if rounds else None,
            "set5_validation": [{"step": v["step"] + offset, "psnr_y": v["val_psnr_y"], "ssim_y": v["val_ssim_y"]} for v in val]}


def parse_line(line):
    try:
        return json.loads(line) if line.strip() else None
    except json.JSONDecodeError:  # a line cut short by a killed run
        return None


def evaluate(args, label, source, lr):
    out = os.path.join(args.out, "eval", label + ".json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    words = ["evaluate", "--hr", args.test_hr, "--lr", lr, "--json", out]
    if source == "bicubic":
        words += ["--bicubic", "--scale", 4]
    elif os.path.basename(source).startswith("ckpt-"):
        words += ["--model", source]
    else:
        words += ["--model", source, "--checkpoint", "latest"]
    seconds = srgan(args, *words)
    e = json.load(open(out))
    return {"psnr_y": e["mean_psnr_y"], "ssim_y": e["mean_ssim_y"], "wall_s": seconds,
            "images": {os.path.splitext(i["name"])[0]: {"psnr_y": i["psnrY"], "ssim_y": i["ssimY"]} for i in e["images"]}}


def checkpoints(run, offset=0):
    """(step, folder) of the run's complete checkpoints, by step (plus the steps it started from)."""
    found = [(int(d[5:]) + offset, os.path.join(run, d)) for d in os.listdir(run) if d.startswith("ckpt-") and d[5:].isdigit()
             and os.path.exists(os.path.join(run, d, "meta.json"))]
    return sorted(found)


def parse_variant(text):
    name, _, sets = text.partition(":")
    if not name or not sets:
        raise argparse.ArgumentTypeError(f"--variant expects NAME:KEY=VALUE KEY=VALUE..., got {text!r}")
    return name, sets.split()


def sr_eval_score(hr, sr):
    tool = os.path.join(SHARED, "tools", "sr_eval.py")
    out = sr + ".sr_eval.json"
    subprocess.run([sys.executable, tool, "score", "--hr", hr, "--sr", sr, "--scale", "4", "--json", out],
                   check=True, stdout=subprocess.DEVNULL)
    r = json.load(open(out))
    r = r[0] if isinstance(r, list) else r
    return {"psnr_y": r["psnr"], "ssim_y": r["ssim"], "n": r["n"]}


def bicubic_outputs(lr_dir, out_dir):
    """MATLAB bicubic x4 of each LR by sr_eval.py's own imresize (independent of the Java code)."""
    sys.path.insert(0, os.path.join(SHARED, "tools"))
    import sr_eval
    os.makedirs(out_dir, exist_ok=True)
    for f in sr_eval.list_images(lr_dir):
        sr_eval.save(sr_eval.imresize(sr_eval.load(os.path.join(lr_dir, f)), 4.0), os.path.join(out_dir, f))


def busiest_window(hr_y, side):
    """Top-left (x, y), multiples of 4, of the side x side HR window with the most gradient energy."""
    import numpy as np
    g = np.abs(np.diff(hr_y, axis=0))[:, :-1] + np.abs(np.diff(hr_y, axis=1))[:-1, :]
    c = np.pad(g, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    best, at = -1.0, (0, 0)
    for y in range(0, g.shape[0] - side + 1, 4):
        for x in range(0, g.shape[1] - side + 1, 4):
            e = c[y + side, x + side] - c[y, x + side] - c[y + side, x] + c[y, x]
            if e > best:
                best, at = e, (x, y)
    return at


def picture(args, names, folders, scores, path):
    """One row per image: degraded LR (nearest x4), bicubic, both models, HR; labelled, PSNR-Y under each."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont
    side, pad, head, name_h, label_h = 4 * args.crop, 8, 40, 22, 22
    columns = [("lr", "Degraded LR", "nearest \u00d74"), ("bicubic", "Bicubic", "MATLAB \u00d74")] + \
              [(m, TITLES[m].split(", ")[1].capitalize(), "RRDB 3x32") for m in MODELS] + [("hr", "HR", "ground truth")]
    width = pad + len(columns) * (side + pad)
    canvas = Image.new("RGB", (width, head + len(names) * (name_h + side + label_h) + pad), "white")
    draw = ImageDraw.Draw(canvas)
    try:
        bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 13)
        font = ImageFont.truetype("DejaVuSans.ttf", 12)
    except OSError:
        bold = font = ImageFont.load_default()

    def centred(text, x, y, f, fill):
        w = draw.textlength(text, font=f)
        draw.text((x + max(0, (side - w) / 2), y), text, font=f, fill=fill)

    for c, (_, title, detail) in enumerate(columns):
        centred(title, pad + c * (side + pad), 6, bold, "black")
        centred(detail, pad + c * (side + pad), 22, font, "#555")
    windows = {}
    y0 = head
    for name in names:
        hr = Image.open(os.path.join(args.test_hr, name + ".png")).convert("RGB")
        hr = hr.crop((0, 0, hr.width - hr.width % 4, hr.height - hr.height % 4))
        x, y = busiest_window(np.asarray(hr.convert("L"), dtype=np.float64), side)
        windows[name] = {"x": x, "y": y, "size": side}
        box = (x, y, x + side, y + side)
        lr = Image.open(os.path.join(folders["lr"], name + ".png")).convert("RGB")
        cells = {"lr": lr.crop((x // 4, y // 4, (x + side) // 4, (y + side) // 4)).resize((side, side), Image.NEAREST),
                 "hr": hr.crop(box)}
        for key in ("bicubic",) + MODELS:
            cells[key] = Image.open(os.path.join(folders[key], name + ".png")).convert("RGB").crop(box)
        draw.text((pad, y0 + 4), f"{name}   (HR window {side}x{side} at x={x}, y={y}; PSNR-Y / SSIM-Y of the whole image)",
                  font=font, fill="black")
        y0 += name_h
        for c, (key, _, _) in enumerate(columns):
            cx = pad + c * (side + pad)
            canvas.paste(cells[key], (cx, y0))
            s = scores.get(key, {}).get(name)
            centred(f"{s['psnr_y']:.2f} dB / {s['ssim_y']:.3f}" if s else ("input" if key == "lr" else "reference"),
                    cx, y0 + side + 4, font, "black" if s else "#777")
        y0 += side + label_h
    canvas.save(path, optimize=True)
    return windows


def git_commit():
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


DEFAULT_VARIANTS = [
    "noise-jpeg:degradation.first.blur-prob=0 degradation.second.blur-prob=0 degradation.final.sinc-prob=0"
    " degradation.first.resize-prob=[0,0,1] degradation.second.resize-prob=[0,0,1]",
    "blur-resize:degradation.first.noise-range=[0,0] degradation.first.poisson-scale-range=[0,0]"
    " degradation.second.noise-range=[0,0] degradation.second.poisson-scale-range=[0,0]"
    " degradation.first.jpeg-range=[100,100] degradation.second.jpeg-range=[100,100]",
]


def main():
    data = os.path.join(SHARED, "data")
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=2500, help="steps of each training (a multiple of 100; default 2500: the"
                   " preset's 3000 took 0.35 s a step on 2 cores alone, 0.55-0.6 s shared with other work, ~30 min a run)")
    p.add_argument("--finetune-from", type=int, default=0, metavar="STEP",
                   help="start the degradation-trained model from the bicubic run's checkpoint at STEP (Real-ESRNet starts from"
                        " ESRGAN) and train it the remaining --steps - STEP steps: the same samples in all (0: from scratch)")
    p.add_argument("--batch", type=int, default=8, help="patches per step (the preset's 8)")
    p.add_argument("--seed", type=int, default=0, help="training seed (patches, their degradations, initial weights)")
    p.add_argument("--degrade-seed", type=int, default=0, help="seed of the degraded Set14 test LR")
    p.add_argument("--train-hr", default=os.path.join(data, "train", "T91"))
    p.add_argument("--val-hr", default=os.path.join(data, "Set5"), help="validation during training (not Set14)")
    p.add_argument("--validation-every", type=int, default=500)
    p.add_argument("--test-hr", default=os.path.join(data, "Set14"))
    p.add_argument("--clean-lr", default=os.path.join(data, "LR_bicubic", "Set14", "x4"))
    p.add_argument("--extra-degrade-seeds", default="1,2,3,4",
                   help="more degraded copies of Set14 (same settings, these seeds) to score the final models on: how much the"
                        " result depends on the one test set ('' for none)")
    p.add_argument("--variant", action="append", type=parse_variant,
                   help="NAME:KEY=VALUE ...: also score on Set14 degraded with these srgan degrade --set overrides (degrade seed);"
                        " repeatable; default: noise-jpeg (no blur, no random resize) and blur-resize (no noise, JPEG 100)")
    p.add_argument("--no-curve", action="store_true", help="skip scoring every kept checkpoint on the degraded test set")
    p.add_argument("--picture", action="append", help="Set14 image in the picture, repeatable (default: lenna, monarch, zebra)")
    p.add_argument("--crop", type=int, default=40, help="LR side of the picture's crop (HR: 4x)")
    p.add_argument("--out", default="degradation_benefit", help="folder for everything (runs, test LR, outputs, picture, JSON)")
    p.add_argument("--reuse", action="store_true", help="take finished runs and test LR from --out instead of redoing them;"
                   " resume unfinished runs")
    p.add_argument("--srgan", default=os.path.join(ROOT, "bin", "srgan"), help="the launcher (e.g. of a frozen build)")
    args = p.parse_args()
    if args.steps % 100 or args.steps % args.validation_every or args.validation_every % 100:
        p.error("--steps and --validation-every must be multiples of 100 (the preset's local steps), --steps of --validation-every")
    if args.finetune_from and (args.finetune_from % args.validation_every or args.finetune_from >= args.steps):
        p.error("--finetune-from must be a checkpoint of the bicubic run (a multiple of --validation-every) below --steps")
    args.out = os.path.abspath(args.out)
    names = args.picture or ["lenna", "monarch", "zebra"]
    variants = args.variant if args.variant is not None else [parse_variant(v) for v in DEFAULT_VARIANTS]
    extra_seeds = [int(x) for x in args.extra_degrade_seeds.split(",") if x.strip()]
    os.makedirs(args.out, exist_ok=True)
    json_path = os.path.join(args.out, "degradation_benefit.json")
    args.previous = json.load(open(json_path)) if args.reuse and os.path.exists(json_path) else {}
    result = {"benchmark": "degradation_benefit", "commit": git_commit(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "preset": "conf/realesrnet-small.conf", "steps": args.steps, "batch": args.batch, "samples": args.steps * args.batch, "finetune_from": args.finetune_from,
              "seed": args.seed, "degrade_seed": args.degrade_seed, "train_hr": args.train_hr, "val_hr": args.val_hr,
              "test_hr": args.test_hr, "clean_lr": args.clean_lr, "scale": 4, "weights": "EMA of the final checkpoint",
              "protocol": "PSNR-Y / SSIM-Y, BT.601 Y, 4-pixel border shaved, gray HR (bridge) scored directly, mean over 14 images"}
    t_all = time.time()

    degraded = os.path.join(args.out, "set14_degraded_x4")
    if args.reuse and os.path.isdir(degraded):
        result["degrade_wall_s"] = None
    else:
        result["degrade_wall_s"] = srgan(args, "degrade", "--input", args.test_hr, "--output", degraded, "--seed",
                                         args.degrade_seed, "--overwrite")
    result["degraded_lr"] = degraded

    runs = {"bicubic_trained": train(args, "bicubic_trained", False), "degradation_trained": train(args, "degradation_trained", True)}
    result["runs"] = runs

    scores = {}
    for inputs, lr in (("degraded", degraded), ("clean", args.clean_lr)):
        scores[inputs] = {"bicubic": evaluate(args, f"bicubic_on_{inputs}", "bicubic", lr)}
        for m in MODELS:
            scores[inputs][m] = evaluate(args, f"{m}_on_{inputs}", runs[m]["run"], lr)
            print(f"{m} on {inputs}: {scores[inputs][m]['psnr_y']:.3f} dB", flush=True)
    result["scores"] = scores

    # how the result depends on the test set: other seeds, and the degradation's parts on their own
    others = []
    for name, seed, sets in [("default", s, []) for s in extra_seeds] + [(n, args.degrade_seed, v) for n, v in variants]:
        folder = os.path.join(args.out, f"set14_{name}_s{seed}_x4")
        words = ["degrade", "--input", args.test_hr, "--output", folder, "--seed", seed, "--overwrite"]
        for kv in sets:
            words += ["--set", kv]
        srgan(args, *words)
        row = {"name": name, "seed": seed, "sets": sets, "lr": folder}
        for key in ("bicubic",) + MODELS:
            e = evaluate(args, f"{key}_on_{name}_s{seed}", "bicubic" if key == "bicubic" else runs[key]["run"], folder)
            row[key] = {"psnr_y": e["psnr_y"], "ssim_y": e["ssim_y"]}
        print(f"{name} seed {seed}: " + ", ".join(f"{k} {row[k]['psnr_y']:.3f}" for k in ("bicubic",) + MODELS), flush=True)
        others.append(row)
    result["other_test_sets"] = others

    # how the result develops with training: every kept checkpoint on the degraded test set
    curve = []
    if not args.no_curve:
        kept = {m: dict(checkpoints(runs[m]["run"], runs[m]["step_offset"])) for m in MODELS}
        steps = sorted(set.intersection(*(set(kept[m]) for m in MODELS)))
        for step in steps:
            point = {"step": step}
            for m in MODELS:
                folder = kept[m][step]
                e = evaluate(args, f"{m}_step{step}_on_degraded", folder, degraded)
                point[m] = {"psnr_y": e["psnr_y"], "ssim_y": e["ssim_y"]}
            curve.append(point)
    result["curve"] = curve

    # outputs on the degraded LR for the picture and the cross-check
    folders = {"lr": degraded, "bicubic": os.path.join(args.out, "sr", "bicubic_on_degraded")}
    bicubic_outputs(degraded, folders["bicubic"])
    upscale_s = {}
    for m in MODELS:
        folders[m] = os.path.join(args.out, "sr", f"{m}_on_degraded")
        upscale_s[m] = srgan(args, "upscale", "--model", runs[m]["run"], "--checkpoint", "latest", "--input", degraded,
                             "--output", folders[m], "--overwrite")
    result["upscale_wall_s"] = upscale_s
    check = {}
    for key in ("bicubic", "degradation_trained"):
        ref = sr_eval_score(args.test_hr, folders[key])
        ours = scores["degraded"][key]
        check[key] = {"sr_eval": ref, "srgan_evaluate": {"psnr_y": ours["psnr_y"], "ssim_y": ours["ssim_y"]},
                      "psnr_diff": ours["psnr_y"] - ref["psnr_y"], "ssim_diff": ours["ssim_y"] - ref["ssim_y"]}
    result["cross_check"] = check

    picture_path = os.path.join(args.out, "degradation_benefit.png")
    per_image = {k: v["images"] for k, v in scores["degraded"].items()}
    result["picture"] = {"path": picture_path, "images": names,
                         "windows": picture(args, names, folders, per_image, picture_path), "bytes": None}
    result["picture"]["bytes"] = os.path.getsize(picture_path)
    result["wall_s"] = time.time() - t_all

    d, c = scores["degraded"], scores["clean"]
    print(f"\nDegradation benefit: RRDB 3x32 g16 x4 (conf/realesrnet-small.conf), {args.steps} steps x batch {args.batch}"
          f" = {args.steps * args.batch} samples each, seed {args.seed}, trained on {os.path.basename(args.train_hr)};"
          f" Set14 x4, degraded LR seed {args.degrade_seed}"
          + (f"; the degradation-trained model fine-tuned from the bicubic run's step {args.finetune_from}" if args.finetune_from else "")
          + "\n")
    print("| method | degraded LR: PSNR-Y dB | SSIM-Y | clean bicubic LR: PSNR-Y dB | SSIM-Y |")
    print("|---|---|---|---|---|")
    for key in ("bicubic",) + MODELS:
        print(f"| {TITLES[key]} | {d[key]['psnr_y']:.3f} | {d[key]['ssim_y']:.4f} | {c[key]['psnr_y']:.3f} | {c[key]['ssim_y']:.4f} |")
    gain = d["degradation_trained"]["psnr_y"] - d["bicubic_trained"]["psnr_y"]
    cost = c["degradation_trained"]["psnr_y"] - c["bicubic_trained"]["psnr_y"]
    wins = sum(d["degradation_trained"]["images"][n]["psnr_y"] > d["bicubic_trained"]["images"][n]["psnr_y"]
               for n in d["bicubic_trained"]["images"])
    result["summary"] = {"gain_on_degraded_db": gain, "gain_over_bicubic_on_degraded_db":
                         d["degradation_trained"]["psnr_y"] - d["bicubic"]["psnr_y"], "cost_on_clean_db": cost,
                         "images_won_on_degraded": wins, "images": len(d["bicubic_trained"]["images"])}
    print(f"\ndegradation-trained vs bicubic-trained: {gain:+.3f} dB on degraded LR ({wins} of"
          f" {len(d['bicubic_trained']['images'])} images better), {cost:+.3f} dB on clean LR")
    if others:
        print("\nThe final models on other degraded Set14 copies (PSNR-Y dB / SSIM-Y):\n")
        print("| test LR | seed | bicubic | bicubic-trained | degradation-trained | gain |")
        print("|---|---|---|---|---|---|")
        for o in others:
            cells = " | ".join(f"{o[k]['psnr_y']:.3f} / {o[k]['ssim_y']:.4f}" for k in ("bicubic",) + MODELS)
            print(f"| {o['name']} | {o['seed']} | {cells} | {o['degradation_trained']['psnr_y'] - o['bicubic_trained']['psnr_y']:+.3f} dB |")
        default = [o for o in others if o["name"] == "default"] + [{"seed": args.degrade_seed, **{k: d[k] for k in MODELS}}]
        gains = [o["degradation_trained"]["psnr_y"] - o["bicubic_trained"]["psnr_y"] for o in default]
        result["summary"]["gain_on_degraded_by_seed_db"] = gains
        print(f"\ngain over the {len(gains)} default-degradation seeds: mean {sum(gains) / len(gains):+.3f} dB,"
              f" min {min(gains):+.3f}, max {max(gains):+.3f}")
    if curve:
        print("\nEvery kept checkpoint on the degraded test set (seed %d), PSNR-Y dB / SSIM-Y:\n" % args.degrade_seed)
        print("| step | bicubic-trained | degradation-trained | gain |")
        print("|---|---|---|---|")
        for c_ in curve:
            b, g = c_["bicubic_trained"], c_["degradation_trained"]
            print(f"| {c_['step']} | {b['psnr_y']:.3f} / {b['ssim_y']:.4f} | {g['psnr_y']:.3f} / {g['ssim_y']:.4f}"
                  f" | {g['psnr_y'] - b['psnr_y']:+.3f} dB |")
    for key, v in check.items():
        print(f"cross-check {key} on degraded LR: srgan evaluate {v['srgan_evaluate']['psnr_y']:.4f} dB,"
              f" sr_eval.py {v['sr_eval']['psnr_y']:.4f} dB ({v['psnr_diff']:+.4f})")
    for m in MODELS:
        r = runs[m]
        print(f"{m}: training wall {r['wall_s'] / 60:.1f} min" if r["wall_s"] else f"{m}: reused", end="")
        print(f", Set5 validation at the end {r['set5_validation'][-1]['psnr_y']:.3f} dB" if r["set5_validation"] else "")
    print(f"picture: {picture_path} ({result['picture']['bytes'] // 1024} KB)")
    with open(json_path, "w") as f:
        json.dump(result, f, indent=2)
    print(f"JSON: {json_path}")


if __name__ == "__main__":
    main()
