#!/usr/bin/env python3
"""A cost model of a training round from exchange_benchmark.py's figures, and what it predicts for
large clusters.

  round time = compute(K) + a + b * S + scheduling(P) + network(S)

Fitted on this machine from the runs with one executor (P = 1: the driver and one executor share the
two cores, nothing else competes): a + b * S is the fixed cost and the per-byte CPU of a round whose
trained tensors take S bytes (serializing, compressing, copying them through the broadcast, the
shuffle, the reducers and the driver). On a cluster every executor does its share of that work at
once, on its own cores, so it stays a + b * S whatever P is, plus what one machine cannot show:
  scheduling(P) = 5 ms per task and stage pair (Spark's scheduler, the driver's task results), and
  network(S)    = 3 S / link bandwidth: an executor sends its slices, receives its reducers' share of
                  every partition's slices and fetches the new broadcast, about S each with one
                  partition per executor; the driver receives S and serves S (torrent pieces).
Assumptions are stated in the printed table: one single-core partition per executor, all tensors move
(GAN phase), compute(K) = K one-core adversarial steps (--compute-json, seconds for K = 16).

  spark-job/bench/cost_model.py --exchange exchange.json --compute-json compute16.json
"""
import argparse, json

STATES = {"msrresnet:8x32:32": "msrresnet 8x32 + D 32", "msrresnet:16x64:64": "msrresnet 16x64 + D 64",
          "rrdb:23x64:64": "RRDB 23x64 + U-Net D 64"}


def fit(points):
    """Least squares of y = a + b x."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx
    return my - b * mx, b


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--exchange", required=True)
    p.add_argument("--compute-json", required=True)
    p.add_argument("--gbit", type=float, default=10.0, help="link bandwidth, Gbit/s")
    p.add_argument("--partitions", default="64,256")
    p.add_argument("--target-pct", type=float, default=5.0)
    args = p.parse_args()
    results = json.load(open(args.exchange))["results"]
    compute16 = json.load(open(args.compute_json))
    ones = [(r["exchanged_mb"], r["overhead_s"]) for r in results if r["partitions"] == 1]
    a, b = fit(ones)
    print(f"fit on the one-executor runs: a = {a:.2f} s, b = {b * 1000:.1f} ms per MB exchanged\n")
    link = args.gbit * 1e3 / 8  # MB/s
    print(f"| state | MB exchanged | P | predicted overhead s | compute(16) s | % of round at K = 16 | smallest K for <= {args.target_pct:g} % |")
    print("|---|---|---|---|---|---|---|")
    out = []
    for state, name in STATES.items():
        mb = next((r["exchanged_mb"] for r in results if r["state"] == state), None)
        if mb is None or state not in compute16:
            continue
        step = compute16[state] / 16
        for parts in map(int, args.partitions.split(",")):
            overhead = a + b * mb + 0.005 * parts + 3 * mb / link
            pct = 100 * overhead / (16 * step + overhead)
            # overhead / (K step + overhead) <= t  <=>  K >= overhead (1 - t) / (t step)
            t = args.target_pct / 100
            k = max(1, -(-overhead * (1 - t) // (t * step)))
            print(f"| {name} | {mb:.0f} | {parts} | {overhead:.1f} | {16 * step:.0f} | {pct:.1f} % | {int(k)} |")
            out.append({"state": state, "partitions": parts, "overhead_s": overhead, "pct_k16": pct, "k_for_target": int(k)})
    print(f"\n{args.gbit:g} GbE, one single-core partition per executor, GAN phase (every tensor moves)")
    json.dump({"a_s": a, "b_s_per_mb": b, "predictions": out}, open("cost_model.json", "w"), indent=2)


if __name__ == "__main__":
    main()
