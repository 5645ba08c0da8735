#!/usr/bin/env bash
# Tests docs/batch/paiban-array.sbatch on a real Slurm: starts a single-node cluster here (Debian's slurm-wlm
# and munge, installed if missing), submits the script as a 3-task array over the project's documents, and
# checks that the tasks' outputs are those of one full run and that each wrote its manifest part and report.
# Needs root and target/release/paiban; .ci/run calls it. Where Slurm cannot be installed or started it says
# so and skips; a wrong result fails. Daemons it started are stopped at the end; a slurm.conf it did not
# write is never touched.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=$repo/target/release
skip() { echo "skipping the Slurm recipe test: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "it needs root to start slurmctld and slurmd"
[ -x "$bin/paiban" ] || { echo "test-slurm.sh: build target/release/paiban first"; exit 1; }
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1; }
if ! command -v slurmctld >/dev/null; then
  install || { apt-get update -qq >/dev/null 2>&1 && install; } || skip "slurm-wlm could not be installed"
fi

conf=/etc/slurm/slurm.conf
marker="# written by paiban's docs/batch/test-slurm.sh"
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then skip "$conf exists and is not this script's"; fi
host=$(hostname -s)
memory=$(( $(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) / 1024 * 9 / 10 ))
mkdir -p /etc/slurm /run/munge /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > "$conf" <<CONF
$marker
ClusterName=paiban-test
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmUser=root
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

started=()
stop() { for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop EXIT
start() { # name, pid file, command...: runs the daemon unless one runs already, and remembers its pid
  local name=$1 pidfile=$2; shift 2
  pgrep -x "$name" >/dev/null && return 0
  "$@" || skip "$name could not be started"
  for _ in $(seq 10); do [ -s "$pidfile" ] && break; sleep 0.5; done
  [ -s "$pidfile" ] || skip "$name did not start (no $pidfile)"
  started+=("$(cat "$pidfile")")
}
chown munge:munge /run/munge
start munged /run/munge/munged.pid runuser -u munge -- /usr/sbin/munged
start slurmctld /run/slurmctld.pid /usr/sbin/slurmctld
start slurmd /run/slurmd.pid /usr/sbin/slurmd
for _ in $(seq 30); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o %T | grep -q idle || skip "the node did not come up (see /var/log/slurm/)"

work=$(mktemp -d); trap 'stop; rm -rf "$work"' EXIT
mkdir -p "$work/in/fixtures" "$work/logs" "$work/reports"
cp "$repo"/input/*.txt "$repo"/input/*.md "$work/in/"
cp "$repo"/tests/fixtures/{markdown-gfm.md,markdown-hant.md,speech-rural-water.txt,tiny.jpg} "$work/in/fixtures/"
cd "$work"
PATH=$bin:$PATH sbatch --wait --quiet --array=0-2 --mem=512M "$repo/docs/batch/paiban-array.sbatch" "$work/in" "$work/out"
"$bin/paiban" "$work/in" -o "$work/full" -q
diff -r -x manifest.d "$work/full" "$work/out"
[ "$(ls "$work/out/manifest.d")" = "$(printf 'shard-%s-of-3.jsonl\n' 0 1 2)" ]
[ "$(cat "$work"/out/manifest.d/*.jsonl | wc -l)" = "$(wc -l < "$work/full/manifest.d/shard-0-of-1.jsonl")" ]
[ "$(ls "$work/reports")" = "$(printf 'shard-%s.json\n' 0 1 2)" ]
echo "Slurm recipe: a 3-task array gave the outputs of one full run ($(find "$work/full" -name '*.pdf' | wc -l) documents)"
