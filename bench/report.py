#!/usr/bin/env python3
"""The table of bench/run.sh, from one results folder.

usage: report.py RESULTS_DIR

Reads, per size and tool, RESULTS_DIR/<size>.<tool>.json (hyperfine export),
<size>.<tool>.time (every run's `/usr/bin/time -v` report, appended) or
<size>.<tool>.skip (why it was not run), <size>.posts, and the syscall counts
of bench/syscalls.sh (<size>.default.syscalls, <size>.before-default.syscalls).
Prints two Markdown tables — the peers' work (wall median, peak RSS and the
ratio of each tool to feedcal measured in the same run), then the default
configuration's first build and unchanged rerun, now and before — then the
performance targets, met or missed. Standard library only.
"""
import json
import math
import pathlib
import re
import statistics
import sys

TOOLS = [
    ("feedcal", "feedcal (full feeds)"),
    ("before", "feedcal before (full feeds)"),
    ("python", "python peer"),
    ("hugo", "hugo peer"),
    ("cat", "cat of all files"),
]

# The default configuration: (label, first-build tool, rerun tool, syscalls file).
DEFAULTS = [
    ("feedcal", "default-first", "default-rerun", "default"),
    ("feedcal before", "before-default-first", "before-default-rerun", "before-default"),
]

SYNCS = ("fsync", "fdatasync", "syncfs")
WRITES = ("write", "pwrite64")


def syscalls(res, size, name):
    """{run: {call: count}} from bench/syscalls.sh --raw, or None."""
    f = res / f"{size}.{name}.syscalls"
    if not f.exists():
        return None
    out = {}
    for line in f.read_text().splitlines():
        run, *pairs = line.split()
        out[run] = {k: int(v) for k, v in (p.split("=") for p in pairs)}
    return out


def counts(calls, run):
    """(syncs, write-outs started, writes) of one run, or None."""
    if not calls or run not in calls:
        return None
    c = calls[run]
    return (sum(c.get(k, 0) for k in SYNCS), c.get("sync_file_range", 0),
            sum(c.get(k, 0) for k in WRITES))


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
    print("runs: feedcal, before and cat after one warm-up run; python and hugo without (fewer runs: they take minutes).")
    print("CPU: median user+sys seconds (GNU time), less sensitive than wall time to other load on the machine.")
    print()
    defaults_table(res, sizes, results)
    print()
    targets(res, sizes, results)


def defaults_table(res, sizes, results):
    """The default configuration: first build and unchanged rerun, now and before."""
    head = ["posts", "feedcal", "first build", "CPU", "peak RSS", "syncs", "write-outs", "writes",
            "rerun", "CPU", "peak RSS", "syncs", "write-outs", "writes"]
    rows = []
    for size in sizes:
        posts = int((res / f"{size}.posts").read_text().strip())
        label = f"{posts:,} (real corpus)" if size == "corpus" else f"{posts:,}"
        for name, first, rerun, calls_name in DEFAULTS:
            calls = syscalls(res, size, calls_name)
            cells = [label, name]
            for tool, run in ((first, "first"), (rerun, "rerun")):
                r = load(res, size, tool)
                results[(size, tool)] = r
                n = counts(calls, run)
                if isinstance(r, tuple):
                    cells += [fmt_time(r[1]), fmt_time(r[4]), fmt_mem(r[3])]
                else:
                    cells += [r or "—", "", ""]
                cells += [str(x) for x in n] if n else ["—", "—", "—"]
            rows.append(cells)
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    print("default configuration (every output on, feed_items = 50):")
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    print()
    print("first build: into an empty output folder; rerun: over what it published, nothing changed.")
    print(f"syncs: {'+'.join(SYNCS)} calls; write-outs: sync_file_range calls (start a file's write to disk, wait for nothing); writes: {'+'.join(WRITES)} calls; in one build under strace -f (bench/syscalls.sh).")


def get(results, size, tool):
    r = results.get((size, tool))
    return r if isinstance(r, tuple) else None


def targets(res, sizes, results):
    def verdict(ok):
        return "met   " if ok else "MISSED"

    print("targets:")
    c = get(results, "corpus", "feedcal")
    if c:
        print(f"  {verdict(c[1] < 0.1)} real corpus in < 100 ms, full-content feeds: {fmt_time(c[1])}")
    for size in ("10000", "50000"):
        f, b = get(results, size, "feedcal"), get(results, size, "before")
        n = f"{int(size):,}"
        if f and b:
            x = f[1] / b[1]
            print(f"  {verdict(x <= 1.5)} {n} posts, peers' work within 1.5× of before: {x:.2f}× ({fmt_time(f[1])} vs {fmt_time(b[1])}); peak RSS {fmt_mem(f[3])} vs {fmt_mem(b[3])}")
        # The peers do the full-content work: compared with feedcal's full feeds.
        for tool, name, want in (("python", "the Python peer", 50), ("hugo", "the Hugo peer", 20)):
            p = get(results, size, tool)
            if f and p:
                x = p[1] / f[1]
                print(f"  {verdict(x >= want)} {n} posts, at least {want}× faster than {name}: {x:.1f}× ({fmt_time(p[1])} vs {fmt_time(f[1])})")
    for size in sizes:
        n = counts(syscalls(res, size, "default"), "rerun")
        if n:
            label = "real corpus" if size == "corpus" else f"{int(size):,} posts"
            print(f"  {verdict(n == (0, 0, 0))} {label}, default configuration, unchanged rerun: {n[0]} syncs, {n[2]} writes (must be 0)")
    c10 = get(results, "10000", "cat")
    f10 = get(results, "10000", "feedcal")
    if f10 and c10:
        x = f10[1] / c10[1]
        print(f"  {verdict(x <= 4)} 10,000 posts within 4× of cat, full-content feeds: {x:.1f}× ({fmt_time(f10[1])} vs {fmt_time(c10[1])})")
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
