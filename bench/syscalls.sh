#!/usr/bin/env bash
# How many syncs and writes a build makes: a first build into an empty output
# folder, then an unchanged rerun over what it published. Counted with
# strace (threads followed):
#
#   strace -f -c -e trace=fsync,fdatasync,syncfs,sync_file_range,write,pwrite64 feedcal … --quiet build
#
# sync_file_range (Linux) only starts a file's write-out and waits for
# nothing; it is counted apart from the syncs.
#
# usage: bench/syscalls.sh [--bin FEEDCAL] [--config FILE] [--content DIR] [--out DIR] [--raw]
#
#   --bin FILE     the feedcal binary (default target/release/feedcal, built
#                  with `cargo build --release` when missing)
#   --config FILE  default feeds/feedcal.toml (the sample site)
#   --content DIR  default: the config's `content`
#   --out DIR      the output folder, emptied first (default a temporary folder,
#                  removed afterwards)
#   --raw          print one line per run, `first fsync=… fdatasync=… syncfs=…
#                  sync_file_range=… write=… pwrite64=…`, for scripts (bench/run.sh)
#
# `--quiet` keeps the summary off stdout, so every write counted is a write
# of the build itself. An unchanged rerun must count 0 of each.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin= config=$root/feeds/feedcal.toml content= out= raw=0
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift ;;
    --config) config=$2; shift ;;
    --content) content=$2; shift ;;
    --out) out=$2; shift ;;
    --raw) raw=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "syscalls.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
command -v strace >/dev/null || { echo "syscalls.sh: needs strace (apt-get install strace)" >&2; exit 2; }
if [ -z "$bin" ]; then
  bin=$root/target/release/feedcal
  [ -x "$bin" ] || (cd "$root" && cargo build --release --quiet)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$out" ] || out=$tmp/out
rm -rf "$out"

args=(--config "$config" --out "$out" --quiet)
[ -n "$content" ] && args+=(--content "$content")
calls=(fsync fdatasync syncfs sync_file_range write pwrite64)

# count RUN: one build under strace; prints RUN and the count of each call.
count() {
  local run=$1 trace=$tmp/$1.strace
  strace -f -c -e trace="$(IFS=,; echo "${calls[*]}")" -o "$trace" \
    "$bin" "${args[@]}" build --today 2024-11-25 >/dev/null
  # strace -c: "% time seconds usecs/call calls [errors] syscall"; the
  # count is the fourth column, the name the last.
  local line="$run"
  for c in "${calls[@]}"; do
    n=$(awk -v c="$c" '$NF == c && $4 ~ /^[0-9]+$/ { print $4 }' "$trace")
    line="$line $c=${n:-0}"
  done
  echo "$line"
}

first=$(count first)
rerun=$(count rerun)
if [ "$raw" = 1 ]; then
  echo "$first"
  echo "$rerun"
  exit 0
fi
echo "syscalls of $bin, $config${content:+ --content $content}"
printf '%-8s' run; for c in "${calls[@]}"; do printf ' %15s' "$c"; done; echo
for line in "$first" "$rerun"; do
  set -- $line
  printf '%-8s' "$1"; shift
  for kv in "$@"; do printf ' %15s' "${kv#*=}"; done; echo
done
