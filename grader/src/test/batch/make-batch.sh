#!/usr/bin/env bash
# Makes a batch of N submissions (default 50) for timing `./convkit grade --batch`: each one is
# the instructor solutions with, for most of them, one exercise replaced by a wrong or hostile
# case (convkit.grader.WrongCases, derived from the solutions), cycling through the cases.
#   grader/src/test/batch/make-batch.sh /tmp/batch50 50
#   time ./convkit grade --batch /tmp/batch50 --out /tmp/batch50-graded --jobs 2
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
out="${1:?usage: make-batch.sh OUT_DIR [N]}"
count="${2:-50}"
solutions="$root/grader/src/solutions/java/convkit/exercises"
cases_dir="$(mktemp -d)"
trap 'rm -rf "$cases_dir"' EXIT
(cd "$root" && ./mvnw -q -B -pl grader -am test-compile -Dconvkit.skipExerciseTests=true)
# the JDK the launcher found (the cases are compiled for Java 25)
jdk_home="$(cd "$root" && ./convkit doctor | sed -n 's/^JDK .*(\(.*\))$/\1/p')"
java_bin="$jdk_home/bin/java"
(cd "$root" && "$java_bin" -cp grader/target/test-classes convkit.grader.WrongCases "$cases_dir" >/dev/null)
mapfile -t cases < <(cd "$cases_dir" && ls -d */ | sed 's#/$##')
mkdir -p "$out"
for i in $(seq 1 "$count"); do
  name="$(printf 'student%03d' "$i")"
  target="$out/$name/src/main/java/convkit/exercises"
  mkdir -p "$target"
  cp "$solutions"/Ex*.java "$target/"
  if [ $((i % 5)) -ne 0 ]; then
    case="${cases[$(( (i - 1) % ${#cases[@]} ))]}"
    cp "$cases_dir/$case"/convkit/exercises/*.java "$target/"
    echo "$case" > "$out/$name/CASE.txt"
  fi
done
echo "$count submissions in $out"
