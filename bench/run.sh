#!/usr/bin/env bash
# bench/run.sh [quick|full|big|unpack|data] - pack benchmark on synthetic multi-GB models, side by side with baselines measured in
# the same run (openssl dgst -sha256, cp, tar | zstd -3 -T2, tar | pigz -p 2). Not part of the tests: run it by
# hand on an otherwise idle machine. `big` (use with WEIGHTS_GIB=8) runs only what the large size is for: tar+none
# packs with and without the archive and zstd, against cp and tar | zstd, with the heap each needed. `unpack` runs the
# baselines, one tar+none pack, then unpack and install only. Data is generated once under bench/work/ (about 4 GiB, reused).
#   WEIGHTS_GIB (default 2)  size of the incompressible weights file (AES-128-CTR keystream, fixed key)
#   CSV_MIB     (default 1024) size of the compressible CSV dataset
#   SMALL_FILES (default 10000) number of small files in the code tree
#   REPEAT      (default 3)    runs per measurement (baselines and plugin alike); rows show the median run and the
#                              spread. The slow ones (pigz, gzip level 6, push) run once.
#   BENCH_OUT   (bench/work/out) where outputs (and the cp baseline's copy) go; e.g. /dev/shm/bench to see the
#                              numbers without the disk's write-back (tmpfs), outputs being memory-bound
#   KIT_BINARY  (unset)        a `kit` CLI to measure side by side: kit pack (none, gzip-fastest, gzip, zstd) into a
#                              throwaway KITOPS_HOME, kit unpack, kit push; the plugin's rows are then compared with
#                              kit's own times instead of the stand-ins (cp for tar+none, 160 / 36 MB/s for gzip)
# Prints one row per run: seconds, MB/s (of input), peak heap, peak RSS, MiB read/written, ratio to a baseline.
set -euo pipefail
export LANG=C.UTF-8
cd "$(dirname "$0")/.."
mode=${1:-quick}
work=bench/work; mkdir -p "$work"
gib=${WEIGHTS_GIB:-2}; csv_mib=${CSV_MIB:-1024}; small=${SMALL_FILES:-10000}
data=$work/data-$gib-$csv_mib-$small

if [ ! -f "$data/.done" ]; then
  echo "generating $data (weights ${gib} GiB, csv ${csv_mib} MiB, $small small files)..." >&2
  rm -rf "$data"; mkdir -p "$data/model" "$data/data" "$data/code"
  head -c $((gib * 1024 * 1024 * 1024)) /dev/zero | openssl enc -aes-128-ctr -nosalt \
    -K 00000000000000000000000000000000 -iv 00000000000000000000000000000000 > "$data/model/weights.safetensors"
  awk -v limit=$((csv_mib * 1024 * 1024)) 'BEGIN { srand(7); n = 0; print "id,feature_a,feature_b,feature_c,label";
    while (n < limit) { line = sprintf("%d,%.6f,%.6f,%.4f,%s", NR++, rand(), rand() * 100, rand() - 0.5,
      (rand() < 0.5 ? "cat" : "dog")); print line; n += length(line) + 1 } }' > "$data/data/train.csv"
  python3 - "$data/code" "$small" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2]); random.seed(3)
for i in range(n):
    d = os.path.join(root, "pkg%03d" % (i % 100)); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "mod%05d.py" % i), "w") as f:
        f.write(("def f%d(x):\n    return x * %d\n" % (i, random.randint(1, 99))) * random.randint(5, 60))
PY
  touch "$data/.done"
fi
[ "$mode" = data ] && { echo "$data"; exit 0; }
printf 'manifestVersion: 1.0.0\npackage: {name: bench}\nmodel:\n  path: model/weights.safetensors\ndatasets:\n  - path: data/train.csv\ncode:\n  - path: code\n' > "$data/Kitfile"
# Raw layers hold one file each: a second context with just the two big files.
rawctx=$work/raw-$gib-$csv_mib; mkdir -p "$rawctx"
ln -sfn "$(cd "$data" && pwd)/model" "$rawctx/model"; ln -sfn "$(cd "$data" && pwd)/data" "$rawctx/data"
printf 'manifestVersion: 1.0.0\npackage: {name: bench}\nmodel:\n  path: model/weights.safetensors\ndatasets:\n  - path: data/train.csv\n' > "$rawctx/Kitfile"

if [ ! -f target/bench.classpath ] || [ ! -f target/test-classes/dev/modelkit/bench/Bench.class ]; then
  ./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
fi
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
bytes_all=$(du -sb --apparent-size "$data/model" "$data/data" "$data/code" | awk '{s += $1} END {printf "%.0f", s}')
bytes_big=$(du -sb --apparent-size "$data/model" "$data/data" | awk '{s += $1} END {printf "%.0f", s}')
out=${BENCH_OUT:-$work/out}; side=$out-side; mkdir -p "$side"; results=$work/results.txt; : > "$results"

drop() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }   # cold-ish runs when root
# Every run starts from the same memory state: no dirty pages left by the previous run (sync), so one run's
# write-back does not slow the next; the page cache emptied (when root), so no run pays for reclaiming the previous
# runs' pages (that alone moved cp between 1.3 and 12 s); then the inputs read into the cache.
# On a VM that hands freed memory back to its host (virtio-balloon free page reporting, as this bench machine does),
# pages freed by drop or rm are reported a few seconds later, and a page written to before that costs far less than
# one written to after (dd of 2.4 GB: 1.0 s of system time right after an rm, 3.0-8.2 s once reported). settle waits
# until reporting has gone quiet, so every run, baseline or plugin, starts from the same state. It reads a counter this
# machine's kernel exposes (reported_kib, not in every kernel); where there is none it returns at once.
settle() {
  local f=/sys/module/page_reporting/parameters/reported_kib prev cur i quiet=0
  [ -r "$f" ] || return 0
  prev=$(cat "$f")
  for ((i = 1; i <= 30; i++)); do
    sleep 0.5; cur=$(cat "$f")
    if [ "$cur" = "$prev" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    prev=$cur
    if [ "$i" -ge 6 ] && [ "$quiet" -ge 2 ]; then return 0; fi   # at least 3 s (reporting starts after about 2 s), then 1 s quiet
  done
}
warm() { drop; cat "$data/model/weights.safetensors" "$data/data/train.csv" > /dev/null; find "$data/code" -type f -exec cat {} + > /dev/null; settle; }
row() { # NAME SECONDS BYTES EXTRA
  awk -v n="$1" -v s="$2" -v b="$3" -v e="$4" 'BEGIN { printf "%-38s %8.2f s %8.1f MB/s  %s\n", n, s, b / s / 1e6, e }' | tee -a "$results"; }
timeit() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
repeat=${REPEAT:-3}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
spread() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR > 1) printf "(%d runs: %.2f-%.2f s)", NR, lo, hi }'; }
# timeN N SETUP -- COMMAND...: runs SETUP then times COMMAND, N times; prints "MEDIAN SPREAD"
timeN() {
  local n=$1 setup=$2 i; shift 3; local all=()
  for ((i = 0; i < n; i++)); do $setup; all+=("$(timeit "$@")"); done
  echo "$(printf '%s\n' "${all[@]}" | median) $(printf '%s\n' "${all[@]}" | spread)"
}
fresh_out() { rm -rf "$out"; mkdir -p "$out"; warm; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)" | tee -a "$results"
echo "output folder: $out ($(df -T "$(dirname "$out")" | awk 'NR==2 {print $2}'))" | tee -a "$results"
echo "input: $bytes_all bytes ($gib GiB weights, $csv_mib MiB csv, $small small files)" | tee -a "$results"
warm
declare -A base
sync
read -r base[sha] extra < <(timeN "$repeat" warm -- openssl dgst -sha256 "$data/model/weights.safetensors" "$data/data/train.csv")
row "baseline openssl dgst -sha256 (big files)" "${base[sha]}" "$bytes_big" "$extra"
read -r base[cp] extra < <(timeN "$repeat" fresh_out -- cp -r "$data/model" "$data/data" "$data/code" "$out/")
row "baseline cp -r" "${base[cp]}" "$bytes_all" "$extra"
if [ "$mode" != unpack ]; then
# What a pack with the archive writes: the bytes twice. On this kind of VM the second copy costs far more than the
# first (the kernel's cost per written page climbs once gigabytes are dirty), so this is the floor for that row.
read -r base[cp2] extra < <(timeN "$repeat" fresh_out -- bash -c "mkdir '$out/a' '$out/b' && cp -r '$data/model' '$data/data' '$data/code' '$out/a/' && cp -r '$data/model' '$data/data' '$data/code' '$out/b/'")
row "baseline cp -r twice (layout + archive)" "${base[cp2]}" "$bytes_all" "$extra"
read -r base[zstd] extra < <(timeN "$repeat" fresh_out -- bash -c "tar -C '$data' -cf - model data code | zstd -3 -T2 -q -c > '$out/x.tar.zst'")
row "baseline tar | zstd -3 -T2" "${base[zstd]}" "$bytes_all" "$(stat -c %s "$out/x.tar.zst") bytes $extra"
fi
if [ "$mode" = quick ] || [ "$mode" = full ]; then
warm
base[pigz]=$(timeit bash -c "tar -C '$data' -cf - model data code | pigz -p 2 -c > '$out/x.tar.gz'")
row "baseline tar | pigz -p 2" "${base[pigz]}" "$bytes_all" "$(stat -c %s "$out/x.tar.gz") bytes"
fi
rm -rf "$out"

# kit itself, when a binary is named: each pack into a fresh KITOPS_HOME (its store is its only output, as the
# plugin's layout without the archive is).
kit_pack() { # COMPRESSION
  local home=$side/kithome
  rm -rf "$home"; warm
  KITOPS_HOME=$home timeit "$KIT_BINARY" pack "$data" -t bench/kit:v1 --compression "$1" --progress none
}
kitpack_base() { # COMPRESSION FALLBACK_SECONDS: kit's time for that pack, or the stand-in
  if [ -n "${KIT_BINARY:-}" ]; then echo "${base[kit-$1]}"; else echo "$2"; fi
}
if [ -n "${KIT_BINARY:-}" ]; then
  echo "kit: $("$KIT_BINARY" version 2>&1 | head -1)" | tee -a "$results"
  for c in gzip-fastest gzip zstd none; do   # none last: its store serves kit unpack and kit push below
    base[kit-$c]=$(kit_pack "$c")
    row "kit pack --compression $c" "${base[kit-$c]}" "$bytes_all" ""
  done
fi

# measure NAME BYTES BASELINE_SECONDS BASELINE_NAME RUNS SETUP -- Bench arguments...: RUNS JVMs, SETUP before each;
# the row is the median run's (by seconds), with the spread.
measure() {
  local name=$1 bytes=$2 bsecs=$3 bname=$4 runs=$5 setup=$6 i; shift 7
  local lines=() line secs
  for ((i = 0; i < runs; i++)); do
    $setup
    lines+=("$(java -Xmx64m -cp "$cp" dev.modelkit.bench.Bench "$@" | grep '^RESULT')")
  done
  line=$(printf '%s\n' "${lines[@]}" | sort -t= -k2 -g | sed -n "$(( (runs + 1) / 2 ))p")
  secs=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$line")
  last_secs=$secs
  row "$name" "$secs" "$bytes" "$(sed -E 's/RESULT seconds=[0-9.]+ //' <<<"$line") x$(echo "$secs / $bsecs" | bc -l | cut -c1-4) of $bname $(printf '%s\n' "${lines[@]}" | sed -E 's/.*seconds=([0-9.]+).*/\1/' | spread)"
}
pack() { # FORMAT LAYERFORMAT COMPRESSION ARCHIVE CONTEXT BYTES BASELINE_SECONDS BASELINE_NAME [RUNS]
  measure "pack $1 $2 $3 archive=$4" "$6" "$7" "$8" "${9:-$repeat}" fresh_out -- pack "$5" "$out" "$1" "$2" "$3" "$4"
}
fresh_unpack() { rm -rf "$side/unpacked"; warm; cat "$out"/modelkit/blobs/sha256/* > /dev/null; }
fresh_store() { rm -rf "$side/kitops"; warm; cat "$out"/modelkit/blobs/sha256/* > /dev/null; }
shacp=$(echo "${base[sha]} + ${base[cp]}" | bc -l)
kitname() { if [ -n "${KIT_BINARY:-}" ]; then echo "kit pack $1"; else echo "$2"; fi; }
pack modelkit tar none false "$data" "$bytes_all" "$(kitpack_base none "${base[cp]}")" "$(kitname none "cp (kit's tar+none pack)")"
if [ "$mode" != unpack ]; then
  pack modelkit tar none true "$data" "$bytes_all" "$(kitpack_base none "${base[cp]}")" "$(kitname none "cp (kit's tar+none pack)")"
  row "  the same pack, against cp -r twice" "$last_secs" "$bytes_all" "x$(echo "$last_secs / ${base[cp2]}" | bc -l | cut -c1-4) of cp -r twice"
fi
if [ "$mode" = big ]; then
  pack modelkit tar zstd false "$data" "$bytes_all" "${base[zstd]}" "tar|zstd -3 -T2"
  rm -rf "$out" "$side"
  echo "results in $results"
  exit 0
fi
# unpack and install the layout just packed (uncompressed tar layers)
layout_bytes=$(du -sb --apparent-size "$out/modelkit" | awk '{printf "%.0f", $1}')
unpack_base=$(echo "if (${base[cp]} > ${base[sha]}) ${base[cp]} else ${base[sha]}" | bc -l)
# GNU tar extracting every layer of the same layout, without any digest check: what kit's unpack does
tarx_setup() { rm -rf "$side/tarx"; mkdir -p "$side/tarx"; warm; cat "$out"/modelkit/blobs/sha256/* > /dev/null; }
read -r base[tarx] extra < <(timeN "$repeat" tarx_setup -- bash -c "for b in '$out'/modelkit/blobs/sha256/*; do tar -C '$side/tarx' -xf \"\$b\" 2>/dev/null || true; done")
rm -rf "$side/tarx"
row "baseline tar -x of every layer (no check)" "${base[tarx]}" "$layout_bytes" "$extra"
# cp -r again, right before unpack and install: this machine's write speed drifts by 1.5-2 x within the minutes
# between the first baselines and these rows, so they are also compared with a copy measured next to them
cpnow_setup() { rm -rf "$side/cpnow"; mkdir -p "$side/cpnow"; warm; cat "$out"/modelkit/blobs/sha256/* > /dev/null; }
read -r base[cpnow] extra < <(timeN "$repeat" cpnow_setup -- cp -r "$data/model" "$data/data" "$data/code" "$side/cpnow/")
rm -rf "$side/cpnow"
row "baseline cp -r (again, before unpack)" "${base[cpnow]}" "$bytes_all" "$extra"
# Unpack, paired round by round with a cp -r of the same bytes. On this machine what creating files and writing pages
# costs swings by 2-3 x within minutes and with what came just before (the same unpack took 7.1-9.2 s right after the
# rows above and 5.1-6.0 s a few minutes later; see the performance page), so a ratio to a cp measured minutes
# earlier says more about the machine than about unpack. Each unpack is compared with a cp -r measured next to it,
# from the same state: each run follows the deletion of the previous run's 10,000-file tree, then the page cache is
# emptied and settled. The order alternates (cp, unpack, unpack, cp, cp, unpack...), so neither always goes first.
# The row's ratio is the median of the rounds' ratios to max(cp of the round, openssl); its other columns are the
# median unpack's. The same unpacks against the cp at the start of the run and against tar -x follow it.
cp_round() { rm -rf "$prev_tree"; cpnow_setup; c=$(timeit cp -r "$data/model" "$data/data" "$data/code" "$side/cpnow/"); prev_tree=$side/cpnow; }
unpack_round() { rm -rf "$prev_tree"; fresh_unpack; u=$(java -Xmx64m -cp "$cp" dev.modelkit.bench.Bench unpack "$out/modelkit" "$side/unpacked" | grep '^RESULT'); prev_tree=$side/unpacked; }
pairs=(); ratios=(); lines=(); prev_tree=$side/cpnow
for ((i = 0; i < repeat; i++)); do
  if ((i % 2 == 0)); then cp_round; unpack_round; else unpack_round; cp_round; fi
  s_u=$(sed -E 's/^RESULT seconds=([0-9.]+).*/\1/' <<<"$u")
  m=$(echo "if ($c > ${base[sha]}) $c else ${base[sha]}" | bc -l)
  lines+=("$u"); pairs+=("$(printf '%.2f/%.2f' "$s_u" "$c")"); ratios+=("$(echo "$s_u / $m" | bc -l)")
done
rm -rf "$prev_tree"
paired=$(printf '%s\n' "${ratios[@]}" | median)
line=$(printf '%s\n' "${lines[@]}" | sort -t= -k2 -g | sed -n "$(( (repeat + 1) / 2 ))p")
last_secs=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$line")
row "unpack (verified) tar none, paired" "$last_secs" "$layout_bytes" "$(sed -E 's/RESULT seconds=[0-9.]+ //' <<<"$line") x$(echo "$paired" | cut -c1-4) of max(cp, openssl dgst), median of rounds (unpack/cp: ${pairs[*]} s)"
row "  the same, against cp at the start" "$last_secs" "$layout_bytes" "x$(echo "$last_secs / $unpack_base" | bc -l | cut -c1-4) of max(cp, openssl dgst) measured minutes before"
row "  the same, against tar -x" "$last_secs" "$layout_bytes" "x$(echo "$last_secs / ${base[tarx]}" | bc -l | cut -c1-4) of tar -x"
if [ -n "${KIT_BINARY:-}" ]; then
  rm -rf "$side/unpacked" "$side/kitunpacked"; warm
  kit_unpack=$(KITOPS_HOME=$side/kithome timeit "$KIT_BINARY" unpack bench/kit:v1 -d "$side/kitunpacked" --progress none)
  row "kit unpack (tar none)" "$kit_unpack" "$layout_bytes" ""
  rm -rf "$side/kitunpacked"
  measure "unpack (verified) tar none" "$layout_bytes" "$kit_unpack" "kit unpack" 1 fresh_unpack -- unpack "$out/modelkit" "$side/unpacked"
fi
rm -rf "$side/unpacked"
measure "install into the KitOps store" "$layout_bytes" "${base[cp]}" "cp" "$repeat" fresh_store -- install "$out/modelkit" "$side/kitops"
row "  the same install, against cp right before" "$last_secs" "$layout_bytes" "x$(echo "$last_secs / ${base[cpnow]}" | bc -l | cut -c1-4)"
rm -rf "$side/kitops"
if [ "$mode" = unpack ]; then
  rm -rf "$out" "$side"
  echo "results in $results"
  exit 0
fi
# push to a throwaway loopback registry (fresh storage), against skopeo copy of the same layout to another repo
reg=$work/registry; rm -rf "$reg"
export REGISTRY_ADDR=127.0.0.1:${BENCH_REGISTRY_PORT:-5099}
if bash .ci/oci/registry.sh start "$reg" >/dev/null; then
  warm
  skopeo_secs=$(timeit skopeo copy -q --dest-tls-verify=false "oci:$out/modelkit:v1" "docker://$REGISTRY_ADDR/bench/skopeo:v1")
  row "baseline skopeo copy to the registry" "$skopeo_secs" "$layout_bytes" ""
  if [ -n "${KIT_BINARY:-}" ]; then
    warm
    kit_push=$(KITOPS_HOME=$side/kithome timeit "$KIT_BINARY" push bench/kit:v1 "$REGISTRY_ADDR/bench/kit:v1" --plain-http --progress none)
    row "kit push to the registry" "$kit_push" "$layout_bytes" ""
  fi
  measure "push to the registry (cold)" "$layout_bytes" "$skopeo_secs" "skopeo copy" 1 warm -- push "$out/modelkit" "$REGISTRY_ADDR" bench/model
  measure "push again (nothing changed)" "$layout_bytes" "$skopeo_secs" "skopeo copy" 1 : -- push "$out/modelkit" "$REGISTRY_ADDR" bench/model
  bash .ci/oci/registry.sh stop "$reg" >/dev/null; rm -rf "$reg"
else
  echo "push: no registry could be started (docker-registry missing?), skipped" | tee -a "$results"
fi
pack modelkit tar zstd false "$data" "$bytes_all" "${base[zstd]}" "tar|zstd -3 -T2"
if [ -n "${KIT_BINARY:-}" ]; then
  pack modelkit tar zstd false "$data" "$bytes_all" "${base[kit-zstd]}" "kit pack zstd" 1
fi
pack modelkit raw none false "$rawctx" "$bytes_big" "$shacp" "sha256+cp"
pack modelpack tar none false "$data" "$bytes_all" "${base[cp]}" cp
pack modelpack raw none false "$rawctx" "$bytes_big" "$shacp" "sha256+cp"
pack modelkit tar gzip-fastest false "$data" "$bytes_all" "$(kitpack_base gzip-fastest "$(echo "$bytes_all / 160000000" | bc -l)")" "$(kitname gzip-fastest "kit gzip-fastest (160 MB/s)")"
pack modelkit tar gzip false "$data" "$bytes_all" "$(kitpack_base gzip "$(echo "$bytes_all / 36000000" | bc -l)")" "$(kitname gzip "kit gzip (36 MB/s)")" 1
if [ "$mode" = full ]; then
  pack modelkit raw zstd false "$rawctx" "$bytes_big" "${base[zstd]}" "tar|zstd -3 -T2"
  pack modelpack tar zstd false "$data" "$bytes_all" "${base[zstd]}" "tar|zstd -3 -T2"
  pack modelkit tar gzip true "$data" "$bytes_all" "${base[pigz]}" "tar|pigz -p 2" 1
fi
rm -rf "$out" "$side" "$side/kithome"
echo "results in $results"
