#!/usr/bin/env bash
# The grader's sandbox cost per child start: median wall time of N starts of
#   (a) /bin/true and (b) `java -version` (the child JVM's flags), bare and inside the same
# bubblewrap jail the grader builds (as root: setpriv to an unprivileged uid, prlimit, bwrap);
#   as root where the kernel has Landlock, also (c) `java -version` under the separate uid (the
#   fallback without namespaces) with and without its first step, OwnProcOnly (a JVM that closes
#   /proc to all but its own entries, then execs the child's command; needs the grader built).
#   .bench/sandbox_start.sh [N]        (default 21; needs bubblewrap; run as root for the uid drop)
set -euo pipefail
n="${1:-21}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java_home="$(cd "$root" && ./convkit doctor | sed -n 's/^JDK .*(\(.*\))$/\1/p')"
java="$java_home/bin/java"
jail=()
if [ "$(id -u)" = 0 ]; then
  jail+=(setpriv --reuid=61999 --regid=61999 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs
         prlimit --fsize=67108864 --nofile=512 --core=0 --cpu=240 --nproc=256 --)
fi
jail+=(bwrap --unshare-all --unshare-user --disable-userns --die-with-parent --new-session --hostname sandbox
       --cap-drop ALL --clearenv --setenv PATH /usr/bin:/bin --ro-bind /usr /usr)
for top in /lib /lib64 /bin /sbin; do
  if [ -L "$top" ]; then jail+=(--symlink "$(readlink "$top")" "$top"); elif [ -d "$top" ]; then jail+=(--ro-bind "$top" "$top"); fi
done
[ -e /etc/ld.so.cache ] && jail+=(--ro-bind /etc/ld.so.cache /etc/ld.so.cache)
case "$java_home" in /usr/*) ;; *) jail+=(--ro-bind "$java_home" "$java_home") ;; esac
jail+=(--proc /proc --dev /dev --tmpfs /tmp --tmpfs /home/student --chdir /home/student)
jvm=("$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -version)

median_ms() { # command...: median of n wall times in ms
  local times=() s e
  for _ in $(seq "$n"); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

uid=() stage=()
classes="$root/grader/target/classes"
if [ "$(id -u)" = 0 ] && [ -f "$classes/convkit/grader/child/OwnProcOnly.class" ]; then
  uid=(setpriv --reuid=61999 --regid=61999 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs)
  tops=(); for top in /*; do [ "$top" = /proc ] || tops+=("$top"); done
  # the flags of OwnProcOnly.command
  stage=("$java" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:+DisableAttachMechanism -XX:+DisplayVMOutputToStderr
         -Xmx32m -Xlog:disable -Xlog:all=warning:stderr --enable-native-access=ALL-UNNAMED
         -cp "$classes" convkit.grader.child.OwnProcOnly "${tops[@]}" --)
  "${uid[@]}" "${stage[@]}" /bin/true || { echo "OwnProcOnly cannot run here (no Landlock?): (c) skipped"; stage=(); }
fi

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg); runs: $n"
for round in 1 2; do
  t_bare=$(median_ms /bin/true); t_jail=$(median_ms "${jail[@]}" /bin/true)
  j_bare=$(median_ms "${jvm[@]}"); j_jail=$(median_ms "${jail[@]}" "${jvm[@]}")
  echo "round $round: true ${t_bare} -> ${t_jail} ms; java -version ${j_bare} -> ${j_jail} ms (bare -> sandboxed, medians)"
  if [ ${#stage[@]} -gt 0 ]; then
    u_plain=$(median_ms "${uid[@]}" "${jvm[@]}"); u_stage=$(median_ms "${uid[@]}" "${stage[@]}" "${jvm[@]}")
    echo "round $round: java -version under the separate uid ${u_plain} -> ${u_stage} ms (without -> with OwnProcOnly, medians)"
  fi
done
