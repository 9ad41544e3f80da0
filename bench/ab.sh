#!/usr/bin/env bash
# Two builds of feedcal side by side on one generated tree, in one run: what
# a change did to speed, measured the same way bench/run.sh measures.
#
# usage: bench/ab.sh REV_A [REV_B] [--size N] [--runs K] [--config FILE]
#
#   REV_A, REV_B   git revisions (REV_B defaults to the working tree as it is,
#                  built with `cargo build --release`); each other revision
#                  is built in its own worktree under bench/work/ab/.
#   --size N       posts in the generated tree (default 50000; the tree of
#                  bench/run.sh is reused, or generated with
#                  ../shared/peers/make_corpus.py).
#   --runs K       runs per build after one warm-up (default 5).
#   --config FILE  feedcal's config (default bench/feedcal-bench.toml:
#                  full-content feeds, the peers' work).
#
# Prints hyperfine's comparison, then each build's median wall time, median
# CPU (user+sys) and the ratio B/A. Timings on a shared machine are noisy:
# compare builds within one run, not across runs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$root/bench/work
peers=${FEEDCAL_PEERS:-$root/../shared/peers}
corpus=${FEEDCAL_CORPUS:-$root/../shared/corpus/sofastack}
size=50000 runs=5 config=$root/bench/feedcal-bench.toml
revs=()
while [ $# -gt 0 ]; do
  case $1 in
    --size) size=$2; shift ;;
    --runs) runs=$2; shift ;;
    --config) config=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "ab.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) revs+=("$1") ;;
  esac
  shift
done
[ ${#revs[@]} -ge 1 ] && [ ${#revs[@]} -le 2 ] || { echo "ab.sh: give one or two revisions (see --help)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "ab.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

mkdir -p "$work/ab"
build() { # build REV|worktree -> path of a copied binary
  local rev=$1 out
  if [ "$rev" = worktree ]; then
    (cd "$root" && cargo build --release --quiet)
    out=$work/ab/feedcal-worktree
    cp "$root/target/release/feedcal" "$out"
  else
    local sha dir
    sha=$(cd "$root" && git rev-parse --short "$rev")
    dir=$work/ab/src-$sha
    out=$work/ab/feedcal-$sha
    if [ ! -x "$out" ]; then
      rm -rf "$dir"
      (cd "$root" && git worktree prune && git worktree add --detach -q "$dir" "$sha")
      (cd "$dir" && CARGO_TARGET_DIR=$work/ab/target cargo build --release --quiet)
      cp "$work/ab/target/release/feedcal" "$out"
      (cd "$root" && git worktree remove --force "$dir")
    fi
  fi
  echo "$out"
}
echo "building ${revs[0]}" >&2
bin_a=$(build "${revs[0]}")
rev_b=${revs[1]:-worktree}
echo "building $rev_b" >&2
bin_b=$(build "$rev_b")

tree=$work/trees/$size
if [ ! -d "$tree" ]; then
  echo "generating $size posts into $tree" >&2
  python3 "$peers/make_corpus.py" "$corpus" "$tree" "$size" >/dev/null
fi

out=$work/ab/out
json=$work/ab/result.json
cmd() { echo "/usr/bin/time -a -o $work/ab/time-$2 -f '%U %S' $1 --config $config --content $tree --out $out --quiet build"; }
rm -f "$work/ab/time-a" "$work/ab/time-b"
hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $out; sync" \
  --command-name "A ${revs[0]}" "$(cmd "$bin_a" a)" \
  --command-name "B $rev_b" "$(cmd "$bin_b" b)" \
  --export-json "$json"
rm -rf "$out"
python3 - "$json" "$work/ab/time-a" "$work/ab/time-b" <<'EOF'
import json, statistics, sys
res = json.load(open(sys.argv[1]))["results"]
cpu = []
for f in sys.argv[2:4]:
    rows = [sum(map(float, l.split())) for l in open(f) if l.strip()]
    cpu.append(statistics.median(rows[1:] or rows))  # the warm-up run is first
for r, c in zip(res, cpu):
    print(f"{r['command']:<24} wall median {r['median']:.3f} s   CPU median {c:.2f} s")
a, b = res[0]["median"], res[1]["median"]
print(f"B / A: wall {b / a:.2f}×, CPU {cpu[1] / cpu[0]:.2f}×")
EOF
