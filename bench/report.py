#!/usr/bin/env python3
"""The table of bench/run.sh, from one results folder.

usage: report.py RESULTS_DIR

Reads, per size and tool, RESULTS_DIR/<size>.<tool>.json (hyperfine export),
<size>.<tool>.time (every run's `/usr/bin/time -v` report, appended) or
<size>.<tool>.skip (why it was not run), and <size>.posts. Prints one
Markdown table — wall median, peak RSS and the ratio of each tool to feedcal
measured in the same run — then the performance targets, met or missed.
Standard library only.
"""
import json
import math
import pathlib
import re
import statistics
import sys

TOOLS = [
    ("feedcal", "feedcal (full feeds)"),
    ("feedcal-50", "feedcal (feed_items = 50)"),
    ("python", "python peer"),
    ("hugo", "hugo peer"),
    ("cat", "cat of all files"),
]


def size_key(s):
    return (0, 0) if s == "corpus" else (1, int(s))


def fmt_time(s):
    if s is None:
        return "—"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def fmt_mem(kb):
    if kb is None:
        return "—"
    mb = kb / 1024
    return f"{mb:.0f} MB" if mb < 1024 else f"{mb / 1024:.2f} GB"


def fmt_ratio(x):
    if x is None:
        return "—"
    if x < 0.01:
        return "< 0.01×"
    return f"{x:.1f}×" if x >= 0.95 else f"{x:.2f}×"


def load(res, size, tool):
    """(runs, median, stddev, peak_rss_kb) or a skip reason (str), or None."""
    base = res / f"{size}.{tool}"
    skip = base.with_suffix(base.suffix + ".skip")
    js = base.with_suffix(base.suffix + ".json")
    if skip.exists():
        return skip.read_text().strip()
    if not js.exists():
        return None
    r = json.loads(js.read_text())["results"][0]
    times = r.get("times") or [r["mean"]]
    median = r.get("median", statistics.median(times))
    stddev = r.get("stddev") or 0.0
    rss = cpu = None
    tf = base.with_suffix(base.suffix + ".time")
    if tf.exists():
        text = tf.read_text()
        vals = [int(v) for v in re.findall(r"Maximum resident set size \(kbytes\): (\d+)", text)]
        rss = max(vals) if vals else None
        user = [float(v) for v in re.findall(r"User time \(seconds\): ([\d.]+)", text)]
        sys_ = [float(v) for v in re.findall(r"System time \(seconds\): ([\d.]+)", text)]
        if user and len(user) == len(sys_):
            cpu = statistics.median(u + s for u, s in zip(user, sys_))
    return (len(times), median, stddev, rss, cpu)


def main():
    res = pathlib.Path(sys.argv[1])
    sizes = sorted({p.name.split(".")[0] for p in res.glob("*.posts")}, key=size_key)
    rows = []
    failed = []
    results = {}
    for size in sizes:
        posts = int((res / f"{size}.posts").read_text().strip())
        label = f"{posts:,} files (real corpus)" if size == "corpus" else f"{posts:,}"
        ref = load(res, size, "feedcal")
        ref = ref if isinstance(ref, tuple) else None
        for tool, name in TOOLS:
            r = load(res, size, tool)
            if r is None:
                continue
            results[(size, tool)] = r
            if isinstance(r, str):
                what = r if r.startswith("FAILED") else f"skipped: {r}"
                rows.append([label, name, "—", what, "", "", "", "", "", ""])
                if r.startswith("FAILED"):
                    failed.append(f"{label} {name}: {r}, see {res / (size + '.' + tool + '.log')}")
                continue
            runs, median, stddev, rss, cpu = r
            per_k = median / posts * 1000 if posts else None
            wall_ratio = median / ref[1] if ref and tool != "feedcal" else None
            rss_ratio = rss / ref[3] if ref and ref[3] and rss and tool != "feedcal" else None
            rows.append([
                label,
                name,
                str(runs),
                fmt_time(median),
                f"± {fmt_time(stddev)}" if runs > 1 else "",
                fmt_time(per_k),
                fmt_time(cpu),
                fmt_mem(rss),
                fmt_ratio(wall_ratio),
                fmt_ratio(rss_ratio),
            ])
    head = ["posts", "tool", "runs", "wall (median)", "σ", "per 1,000 posts", "CPU (user+sys)",
            "peak RSS", "wall ÷ feedcal", "RSS ÷ feedcal"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    print()
    for f in failed:
        print(f"failed: {f}")
    print("ratios: the tool's median wall time (peak RSS) divided by feedcal's (full feeds), same run.")
    print("runs: feedcal and cat after one warm-up run; python and hugo without (fewer runs: they take minutes).")
    print("CPU: median user+sys seconds (GNU time), less sensitive than wall time to other load on the machine.")
    print()
    targets(res, sizes, results)


def get(results, size, tool):
    r = results.get((size, tool))
    return r if isinstance(r, tuple) else None


def targets(res, sizes, results):
    def verdict(ok):
        return "met   " if ok else "MISSED"

    print("targets:")
    f50 = get(results, "50000", "feedcal-50")
    c50 = get(results, "corpus", "feedcal-50")
    if c50:
        print(f"  {verdict(c50[1] < 0.1)} real corpus in < 100 ms, feed_items = 50 (default): {fmt_time(c50[1])}")
    c = get(results, "corpus", "feedcal")
    if c:
        print(f"  {verdict(c[1] < 0.1)} real corpus in < 100 ms, full-content feeds: {fmt_time(c[1])}")
    if f50:
        print(f"  {verdict(f50[1] < 3)} 50,000 posts in < 3 s, feed_items = 50: {fmt_time(f50[1])}")
    f = get(results, "50000", "feedcal")
    if f:
        print(f"  {verdict(f[1] < 3)} 50,000 posts in < 3 s, full-content feeds: {fmt_time(f[1])}")
        if f[3]:
            print(f"  {verdict(f[3] < 1024 * 1024)} 50,000 posts, full-content feeds, peak RSS < 1 GB: {fmt_mem(f[3])}")
    if f50 and f50[3]:
        print(f"  {verdict(f50[3] < 200 * 1024)} 50,000 posts, feed_items = 50, peak RSS < 200 MB: {fmt_mem(f50[3])}")
    # The peers do the full-content work: compared with feedcal's full feeds.
    for tool, name, want in (("python", "the Python peer", 50), ("hugo", "the Hugo peer", 30)):
        p = get(results, "50000", tool)
        if f and p:
            x = p[1] / f[1]
            print(f"  {verdict(x >= want)} 50,000 posts, at least {want}× faster than {name}: {x:.1f}× ({fmt_time(p[1])} vs {fmt_time(f[1])})")
    c10 = get(results, "10000", "cat")
    for tool, what in (("feedcal-50", "feed_items = 50"), ("feedcal", "full-content feeds")):
        f10 = get(results, "10000", tool)
        if f10 and c10:
            x = f10[1] / c10[1]
            print(f"  {verdict(x <= 4)} 10,000 posts within 4× of cat, {what}: {x:.1f}× ({fmt_time(f10[1])} vs {fmt_time(c10[1])})")
    # Growth between consecutive sizes as an exponent: t ∝ n^k; k ≤ 1.15 is at
    # most linear (fixed costs make small sizes look slower per post).
    points = []
    for size in sizes:
        r = get(results, size, "feedcal")
        if r and size != "corpus":
            points.append((int(size), r[1]))
    if len(points) >= 2:
        ks = [(n1, n2, math.log(t2 / t1) / math.log(n2 / n1))
              for (n1, t1), (n2, t2) in zip(points, points[1:])]
        worst = max(k for _, _, k in ks)
        detail = ", ".join(f"{n1:,}→{n2:,}: n^{k:.2f}" for n1, n2, k in ks)
        print(f"  {verdict(worst <= 1.15)} linear growth (time ∝ n^k, k ≤ 1.15): {detail}")
    missing = [s for s in ("corpus", "10000", "50000") if s not in sizes]
    if missing:
        print(f"  (not measured in this run: {', '.join(missing)})")


if __name__ == "__main__":
    main()
