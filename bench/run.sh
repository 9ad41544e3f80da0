#!/usr/bin/env bash
# feedcal against its peers and against an earlier feedcal, side by side, at
# several sizes, in one run.
#
# usage: bench/run.sh [--quick] [--sizes LIST] [--before REV] [--skip-python] [--skip-hugo]
#
#   --sizes LIST    comma-separated: `corpus` (the real 582 posts of
#                   ../shared/corpus/sofastack) and post counts for generated
#                   trees. Default: corpus,1000,10000,50000.
#   --quick         the same as --sizes 1000.
#   --before REV    the feedcal to compare with (default 6eb4749, before the
#                   pipeline was made one way), built in a temporary worktree
#                   and kept in bench/work/ab/; `--before none` leaves it out.
#   --skip-python   leave out the Python peer (peer_python.py).
#   --skip-hugo     leave out the Hugo peer (peer_hugo.sh).
#
# What it does, from a fresh clone with ../shared beside the repository:
#   1. installs what is missing: hyperfine, GNU time, strace and hugo from
#      Debian (apt-get, when root), and a venv at bench/work/venv for the
#      Python peer;
#   2. generates the trees with ../shared/peers/make_corpus.py into
#      bench/work/trees/<N>/ (kept between runs; regenerated when stale);
#   3. builds feedcal --release (and the --before revision) and copies the
#      binaries to bench/work/bin/, so a rebuild during the run cannot change
#      what is measured;
#   4. per size, runs every tool with hyperfine (JSON export, each run wrapped
#      in /usr/bin/time -v for its peak RSS), and counts the syncs and writes
#      of the default configuration's first build and rerun with
#      bench/syscalls.sh (strace);
#   5. prints the machine, then the tables (bench/report.py), then the targets.
# Each tool writes into bench/work/out/<size>/<tool>/, removed after the size.
#
# Tools per size ("before" is the same, run with the --before binary):
#   feedcal, before       the peers' work: bench/feedcal-bench.toml puts every
#                         post, with its full HTML, in one RSS and one Atom
#                         feed and every event in one calendar (the real
#                         corpus: bench/feedcal-corpus.toml). Outputs removed
#                         and `sync`ed before each run.
#   default-first,        the default configuration (every output on,
#   before-default-first  feed_items = 50: bench/feedcal-bench-defaults.toml,
#                         bench/feedcal-corpus-defaults.toml): a first build
#                         into an empty output folder.
#   default-rerun,        the same, run again over what it published: the
#   before-default-rerun  unchanged nightly run (nothing to write).
#   python       ../shared/peers/peer_python.py (PyYAML, python-markdown, feedgen).
#   hugo         ../shared/peers/peer_hugo.sh (theme-less Hugo, RSS + Calendar).
#   cat          find DIR -type f -name '*.md' -print0 | xargs -0 cat > /dev/null
#
# Runs: feedcal, before and cat 10 (corpus, 1,000), 5 (10,000), 3 (50,000)
# after one warm-up run; the default configuration as many without warm-up
# (the first build of the --before revision, which syncs every file on its
# own, as the slow tools); python and hugo 3 runs up to 10,000 posts and 1 run
# at 50,000, no warm-up (they take minutes). Hugo is skipped, with a message,
# when the memory it needs (~0.35 MB per post: 17.3 GB measured at 50,000
# posts, plus 1.5 GB headroom) is not available. Results:
# bench/work/results/<timestamp>/ (JSON, time -v, syscalls, table.md).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=$root/bench
work=$bench/work
peers=${FEEDCAL_PEERS:-$root/../shared/peers}
corpus=${FEEDCAL_CORPUS:-$root/../shared/corpus/sofastack}
base_url=https://bench.example.org/

sizes=corpus,1000,10000,50000
before=6eb4749
skip_python=0 skip_hugo=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) sizes=1000 ;;
    --sizes) [ $# -ge 2 ] || { echo "run.sh: --sizes needs a list, e.g. --sizes 1000,10000" >&2; exit 2; }
             sizes=$2; shift ;;
    --sizes=*) sizes=${1#--sizes=} ;;
    --before) [ $# -ge 2 ] || { echo "run.sh: --before needs a revision (or none)" >&2; exit 2; }
              before=$2; shift ;;
    --skip-python) skip_python=1 ;;
    --skip-hugo) skip_hugo=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
IFS=, read -r -a size_list <<<"$sizes"
for s in "${size_list[@]}"; do
  [[ $s == corpus || $s =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: bad size '$s' in --sizes (numbers or 'corpus')" >&2; exit 2; }
done
for s in corpus 1000 10000 50000; do
  [[ ",$sizes," == *",$s,"* ]] || echo "note: size $s not run (--sizes $sizes)"
done
[ "$skip_python" = 1 ] && echo "note: Python peer skipped (--skip-python)"
[ "$skip_hugo" = 1 ] && echo "note: Hugo peer skipped (--skip-hugo)"

[ -f "$peers/make_corpus.py" ] || { echo "run.sh: peers not found at $peers (expected ../shared/peers beside the repository; or set FEEDCAL_PEERS)" >&2; exit 2; }
[ -d "$corpus" ] || { echo "run.sh: corpus not found at $corpus (or set FEEDCAL_CORPUS)" >&2; exit 2; }

# ---------------------------------------------------------------- tools
apt_install() { # apt_install PACKAGE... : when root, install what is missing
  if [ "$(id -u)" != 0 ]; then
    echo "run.sh: missing $* and not root; install with: sudo apt-get install $*" >&2
    return 1
  fi
  echo "installing $* (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
}
command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
command -v strace >/dev/null || apt_install strace
if [ "$skip_hugo" = 0 ] && ! command -v hugo >/dev/null; then
  apt_install hugo || { echo "note: Hugo peer skipped (hugo missing)"; skip_hugo=1; }
fi
command -v python3 >/dev/null || apt_install python3
venv=$work/venv
if [ "$skip_python" = 0 ] && ! "$venv/bin/python" -c 'import yaml, markdown, feedgen, icalendar' 2>/dev/null; then
  echo "setting up $venv (pyyaml markdown feedgen icalendar)"
  rm -rf "$venv"
  python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
  "$venv/bin/pip" install -q pyyaml markdown feedgen icalendar
fi

# ---------------------------------------------------------------- trees
mkdir -p "$work/trees"
gen_stamp=$(cat "$peers/make_corpus.py" <(find "$corpus" -name '*.md' -printf '%P %s\n' | sort) | sha256sum | cut -c1-16)
tree_for() { # tree_for SIZE -> content dir (generated on demand)
  local n=$1 dir=$work/trees/$1
  if [ "$n" = corpus ]; then echo "$corpus"; return; fi
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$gen_stamp" ]; then
    echo "generating $n posts into $dir" >&2
    rm -rf "$dir"
    python3 "$peers/make_corpus.py" "$corpus" "$dir" "$n" >/dev/null
    echo "$gen_stamp" >"$dir/.stamp"
  fi
  echo "$dir"
}

# ---------------------------------------------------------------- feedcal
echo "building feedcal (cargo build --release)"
(cd "$root" && cargo build --release --quiet)
mkdir -p "$work/bin"
cp "$root/target/release/feedcal" "$work/bin/feedcal"
feedcal=$work/bin/feedcal
rev=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(cd "$root" && git status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock 2>/dev/null | wc -l)
[ "$dirty" -gt 0 ] && rev="$rev+uncommitted($dirty files)"
# The --before revision, built once in its own worktree (as bench/ab.sh does).
feedcal_before=
if [ "$before" != none ]; then
  before_sha=$(cd "$root" && git rev-parse --short "$before")
  cached=$work/ab/feedcal-$before_sha
  if [ ! -x "$cached" ]; then
    echo "building feedcal $before_sha (--before)"
    src=$work/ab/src-$before_sha
    mkdir -p "$work/ab"
    rm -rf "$src"
    (cd "$root" && git worktree prune && git worktree add --detach -q "$src" "$before_sha")
    (cd "$src" && CARGO_TARGET_DIR=$work/ab/target cargo build --release --quiet)
    cp "$work/ab/target/release/feedcal" "$cached"
    (cd "$root" && git worktree remove --force "$src")
  fi
  cp "$cached" "$work/bin/feedcal-before"
  feedcal_before=$work/bin/feedcal-before
fi

# ---------------------------------------------------------------- run
stamp=$(date +%Y%m%d-%H%M%S)
res=$work/results/$stamp
mkdir -p "$res"
ln -sfn "$stamp" "$work/results/latest"
{
  echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(awk '/^MemTotal:/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "feedcal $rev${feedcal_before:+, before = $before_sha}; $(hyperfine --version)$(command -v hugo >/dev/null && echo "; $(hugo version | cut -d' ' -f1-2)")$([ -x "$venv/bin/python" ] && echo "; python peer on $("$venv/bin/python" --version 2>&1)")"
} >"$res/machine.txt"
cat "$res/machine.txt"
out=$work/out
q() { printf '%q' "$1"; }

mem_avail_kb() { awk '/^MemAvailable:/ {print $2}' /proc/meminfo; }

# measure SIZE TOOL RUNS WARMUP CMD [rerun]: hyperfine + time -v; results in
# $res/SIZE.TOOL.{json,time,log}. CMD writes into $out/SIZE/TOOL; before each
# run that folder is emptied, or, with `rerun`, built once before the first
# run and kept, so that every run is an unchanged rerun.
measure() {
  local size=$1 tool=$2 runs=$3 warmup=$4 cmd=$5 mode=${6:-fresh}
  local tag=$res/$size.$tool odir=$out/$size/$tool
  local wrapped="/usr/bin/time -v -a -o $(q "$tag.time") sh -c $(q "$cmd")"
  local prepare="rm -rf $(q "$odir") && mkdir -p $(q "$out/$size") && sync"
  local setup=(--prepare "$prepare")
  [ "$mode" = rerun ] && setup=(--setup "$prepare && $cmd" --prepare sync)
  : >"$tag.time"
  printf '  %-7s %-21s %2d run(s) ... ' "$size" "$tool" "$runs"
  if hyperfine --runs "$runs" --warmup "$warmup" --style basic "${setup[@]}" \
      --command-name "$tool" --export-json "$tag.json" "$wrapped" >"$tag.log" 2>&1; then
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f s" % r["median"])' "$tag.json"
  else
    local code
    code=$(sed -nE 's/.*non-zero exit code: ([0-9]+).*/\1/p' "$tag.log" | head -1)
    echo "FAILED${code:+ (exit code $code)}, see $tag.log"
    echo "FAILED${code:+ (exit code $code)}" >"$tag.skip"
  fi
}
skip() { # skip SIZE TOOL REASON
  echo "  $1 $2: skipped: $3"
  echo "$3" >"$res/$1.$2.skip"
}

for size in "${size_list[@]}"; do
  tree=$(tree_for "$size")
  posts=$(find "$tree" -type f -name '*.md' ! -name '_index.md' | wc -l)
  echo "$posts" >"$res/$size.posts"
  echo "size $size: $posts files in $tree"
  case $size in
    corpus) fast_runs=10 slow_runs=3 cfg=$bench/feedcal-corpus.toml ;;
    *) cfg=$bench/feedcal-bench.toml
       if [ "$size" -le 2000 ]; then fast_runs=10 slow_runs=3
       elif [ "$size" -le 20000 ]; then fast_runs=5 slow_runs=3
       else fast_runs=3 slow_runs=1; fi ;;
  esac
  build_cmd() { # build_cmd BINARY CONFIG TOOL
    echo "$(q "$1") --config $(q "$2") --content $(q "$tree") --out $(q "$out/$size/$3") --quiet build"
  }
  defaults=$bench/feedcal-bench-defaults.toml
  [ "$size" = corpus ] && defaults=$bench/feedcal-corpus-defaults.toml
  measure "$size" feedcal "$fast_runs" 1 "$(build_cmd "$feedcal" "$cfg" feedcal)"
  measure "$size" default-first "$fast_runs" 0 "$(build_cmd "$feedcal" "$defaults" default-first)"
  measure "$size" default-rerun "$fast_runs" 0 "$(build_cmd "$feedcal" "$defaults" default-rerun)" rerun
  bash "$bench/syscalls.sh" --raw --bin "$feedcal" --config "$defaults" --content "$tree" \
    --out "$out/$size/syscalls" >"$res/$size.default.syscalls"
  if [ -n "$feedcal_before" ]; then
    measure "$size" before "$fast_runs" 1 "$(build_cmd "$feedcal_before" "$cfg" before)"
    measure "$size" before-default-first "$slow_runs" 0 "$(build_cmd "$feedcal_before" "$defaults" before-default-first)"
    measure "$size" before-default-rerun "$fast_runs" 0 "$(build_cmd "$feedcal_before" "$defaults" before-default-rerun)" rerun
    bash "$bench/syscalls.sh" --raw --bin "$feedcal_before" --config "$defaults" --content "$tree" \
      --out "$out/$size/syscalls" >"$res/$size.before-default.syscalls"
  else
    for t in before before-default-first before-default-rerun; do skip "$size" "$t" "--before none"; done
  fi
  measure "$size" cat "$fast_runs" 1 "find $(q "$tree") -type f -name '*.md' -print0 | xargs -0 cat > /dev/null"
  if [ "$skip_python" = 1 ]; then
    skip "$size" python "--skip-python"
  else
    measure "$size" python "$slow_runs" 0 "$(q "$venv/bin/python") $(q "$peers/peer_python.py") $(q "$tree") $(q "$out/$size/python") $base_url"
  fi
  if [ "$skip_hugo" = 1 ]; then
    skip "$size" hugo "--skip-hugo or hugo missing"
  else
    need_kb=$(( (posts * 360 + 1500000) ))   # ~0.35 MB per post (17.3 GB measured at 50,000) + 1.5 GB
    avail_kb=$(mem_avail_kb)
    if [ "$need_kb" -gt "$avail_kb" ]; then
      skip "$size" hugo "needs ~$((need_kb / 1048576)) GB, $((avail_kb / 1048576)) GB available"
    else
      measure "$size" hugo "$slow_runs" 0 "SITE_DIR=$(q "$work/hugo-site") bash $(q "$peers/peer_hugo.sh") $(q "$tree") $(q "$out/$size/hugo") $base_url"
    fi
  fi
  rm -rf "${out:?}/$size"
done

# ---------------------------------------------------------------- report
echo
cat "$res/machine.txt"
echo
python3 "$bench/report.py" "$res" | tee "$res/table.md"
echo
echo "results: $res"
