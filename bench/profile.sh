#!/usr/bin/env bash
# Where feedcal's time goes, by stage: discover, read, decode, front matter
# (YAML/TOML), Markdown → HTML, plain text, location, event time, rendering,
# publishing (compare, parse-back check, write, sync, rename).
#
# usage: bench/profile.sh [--sizes 10000,50000] [--callgrind-size 1000]
#
#   1. callgrind (valgrind) on a generated tree of --callgrind-size posts
#      (default 1,000): instructions per stage, inclusive, exact;
#   2. when the kernel allows software sampling (`perf record -e cpu-clock`),
#      perf at each of --sizes (default 10,000 and 50,000): share of CPU
#      samples per stage, inclusive, including the kernel's page zeroing
#      (clear_page_*) and page-cache copies (copy_*_iter) — what large
#      allocations and large writes cost;
#   3. peak RSS (GNU time) and the RSS timeline (VmRSS every 0.25 s) at the
#      largest size, with full-content feeds, with feed_items = 50, and with
#      every default output on (bench/feedcal-bench-defaults.toml).
# Hardware counters (`perf stat -e instructions`) are not needed: on VMs
# without them, cpu-clock sampling still works.
#
# Uses the trees and binary of bench/run.sh (bench/work/trees, bench/work/bin),
# building them when missing; installs valgrind / linux-perf when root.
# Output: bench/work/profile/<timestamp>/ and a summary on stdout.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=$root/bench
work=$bench/work
peers=${FEEDCAL_PEERS:-$root/../shared/peers}
corpus=${FEEDCAL_CORPUS:-$root/../shared/corpus/sofastack}
sizes=10000,50000
cg_size=1000
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift ;;
    --callgrind-size) cg_size=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
IFS=, read -r -a size_list <<<"$sizes"

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null && return 0
  [ "$(id -u)" = 0 ] || { echo "profile.sh: $1 missing; install $2" >&2; return 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null
}
need valgrind valgrind
need callgrind_annotate valgrind
have_perf=0
if need perf linux-perf 2>/dev/null && perf record -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
  have_perf=1
fi

tree_for() {
  local dir=$work/trees/$1
  if [ ! -f "$dir/.stamp" ] && [ ! -f "$dir/.profile-stamp" ]; then
    rm -rf "$dir"
    python3 "$peers/make_corpus.py" "$corpus" "$dir" "$1" >/dev/null
    echo profile >"$dir/.profile-stamp"
  fi
  echo "$dir"
}
if [ ! -x "$work/bin/feedcal" ] || [ -n "${PROFILE_REBUILD:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
  mkdir -p "$work/bin" && cp "$root/target/release/feedcal" "$work/bin/feedcal"
fi
feedcal=$work/bin/feedcal
out=$work/profile/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"

# Stages: label and the symbol that is the stage (inclusive cost).
stages=(
  "discover (walk the folders)|feedcal::discover::discover"
  "read files|std::io::default_read_to_end"
  "decode (encodings, mojibake)|feedcal::decode::decode"
  "front matter (YAML/TOML)|feedcal::front_matter::parse"
  "Markdown to HTML|feedcal::body::to_html"
  "plain text (summary)|feedcal::body::to_plain_text"
  "location and cancelled lines (line_facts)|feedcal::body::line_facts"
  "live link (find_live_url)|feedcal::body::find_live_url"
  "  regex engine: PikeVM (slow path)|regex_automata::nfa::thompson::pikevm::PikeVM::search_imp"
  "event time (when::decide)|feedcal::when::decide"
  "  of which: no_event_time hint|feedcal::when::scan::unlabelled_date"
  "plan (which files, which posts)|feedcal::plan::plan"
  "render RSS|<feedcal::render::rss::Rss as feedcal::render::Format>::render"
  "render Atom|<feedcal::render::atom::Atom as feedcal::render::Format>::render"
  "render JSON Feed|<feedcal::render::jsonfeed::JsonFeed as feedcal::render::Format>::render"
  "render iCalendar|feedcal::render::ics::calendar"
  "render the page|<feedcal::render::page::Page as feedcal::render::Format>::render"
  "publish: stage (compare, check, write)|feedcal::publish::Transaction::stage"
  "  of which: compare with the published file|feedcal::publish::same_bytes"
  "  of which: parse-back check|feedcal::publish::self_check"
  "  of which: write into the staging folder|feedcal::publish::write_all"
  "publish: commit (sync, rename, sync)|feedcal::publish::Transaction::commit"
  "kernel: page faults (first touch of memory)|asm_exc_page_fault"
  "kernel: zeroing new pages|clear_page_"
  "kernel: page-cache copies|copy_folio_from_iter_atomic"
)

# table FILE: FILE has lines "<percent> <symbol...>"; prints one row per stage (max % of matching lines).
table() {
  local f=$1 s label sym pct
  for s in "${stages[@]}"; do
    label=${s%%|*} sym=${s#*|}
    pct=$(awk -v sym="$sym" 'index($0, sym) { v = $1 + 0; if (v > m) m = v } END { printf "%5.1f%%", m }' "$f")
    printf '  %-46s %s\n' "$label" "$pct"
  done
}

echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "feedcal: $feedcal; results in $out"
echo

# ---------------------------------------------------------------- callgrind
tree=$(tree_for "$cg_size")
echo "callgrind, $cg_size posts, full-content feeds (bench/feedcal-bench.toml): share of all instructions, inclusive"
rm -rf "$out/cg-out"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
  "$feedcal" --config "$bench/feedcal-bench.toml" --content "$tree" --out "$out/cg-out" --quiet build \
  2>"$out/callgrind.log" || true
rm -rf "$out/cg-out"
callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" 2>/dev/null >"$out/callgrind.txt" || true
# "  1,234 (12.34%)  file:function [object]" -> "12.34 file:function [object]"
sed -nE 's/^ *[0-9,]+ \( *([0-9.]+)%\) +(.*)$/\1 \2/p' "$out/callgrind.txt" >"$out/callgrind.pct"
echo "  total instructions: $(grep -m1 'PROGRAM TOTALS' "$out/callgrind.txt" | awk '{print $1}')"
table "$out/callgrind.pct"
echo

# ---------------------------------------------------------------- perf
if [ "$have_perf" = 1 ]; then
  for n in "${size_list[@]}"; do
    tree=$(tree_for "$n")
    for cfg in feedcal-bench feedcal-bench-50; do
      rm -rf "$out/perf-out"; sync
      perf record -q -e cpu-clock -F 199 --call-graph dwarf,16384 -o "$out/perf-$n-$cfg.data" \
        "$feedcal" --config "$bench/$cfg.toml" --content "$tree" --out "$out/perf-out" --quiet build \
        >/dev/null 2>"$out/perf-$n-$cfg.log" || true
      rm -rf "$out/perf-out"
      perf report -i "$out/perf-$n-$cfg.data" --children --sort symbol --stdio -g none 2>/dev/null |
        sed -nE 's/^ *([0-9.]+)% +[0-9.]+% +\[[.k]\] +(.*)$/\1 \2/p' >"$out/perf-$n-$cfg.pct"
      samples=$(perf report -i "$out/perf-$n-$cfg.data" --stdio 2>/dev/null | sed -nE 's/^# Samples: ([0-9KM.]+).*/\1/p' | head -1)
      echo "perf, $n posts, $cfg.toml: share of CPU samples (cpu-clock, $samples samples), inclusive"
      table "$out/perf-$n-$cfg.pct"
      echo
    done
  done
else
  echo "perf: software sampling not available here; callgrind only"
  echo
fi

# ---------------------------------------------------------------- memory
n=${size_list[-1]}
tree=$(tree_for "$n")
for cfg in feedcal-bench feedcal-bench-50 feedcal-bench-defaults; do
  rm -rf "$out/mem-out"; sync
  /usr/bin/time -f '%e %M' -o "$out/mem-$cfg.time" \
    "$feedcal" --config "$bench/$cfg.toml" --content "$tree" --out "$out/mem-out" --quiet build >/dev/null 2>&1 &
  pid=$!
  : >"$out/mem-$cfg.timeline"
  start=$(date +%s.%N)
  while kill -0 "$pid" 2>/dev/null; do
    child=$(pgrep -P "$pid" | head -1 || true)
    if [ -n "$child" ]; then
      rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$child/status" 2>/dev/null || true)
      [ -n "$rss" ] && echo "$(echo "$(date +%s.%N) - $start" | bc) $rss" >>"$out/mem-$cfg.timeline"
    fi
    sleep 0.25
  done
  wait "$pid" || true
  rm -rf "$out/mem-out"
  read -r wall peak <"$out/mem-$cfg.time"
  echo "memory, $n posts, $cfg.toml: wall $wall s, peak RSS $((peak / 1024)) MB; RSS over time (s MB):"
  awk '{ printf "%s%.1f:%d", (NR > 1 ? "  " : "    "), $1, $2 / 1024 } NR % 8 == 0 { print ""; c = 1 } END { print "" }' \
    "$out/mem-$cfg.timeline"
done
