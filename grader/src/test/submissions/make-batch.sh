#!/usr/bin/env bash
# Makes a batch of N submissions (default 50) for timing `./convkit grade --batch`: each one is
# the instructor solutions with, for most of them, one exercise replaced by a wrong or hostile
# case of this folder, cycling through the cases.
#   grader/src/test/submissions/make-batch.sh /tmp/batch50 50
#   time ./convkit grade --batch /tmp/batch50 --out /tmp/batch50-graded --jobs 2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: make-batch.sh OUT_DIR [N]}"
count="${2:-50}"
solutions="$here/../../solutions/java/convkit/exercises"
mapfile -t cases < <(cd "$here" && ls -d */ | sed 's#/$##')
mkdir -p "$out"
for i in $(seq 1 "$count"); do
  name="$(printf 'student%03d' "$i")"
  target="$out/$name/src/main/java/convkit/exercises"
  mkdir -p "$target"
  cp "$solutions"/Ex*.java "$target/"
  if [ $((i % 5)) -ne 0 ]; then
    case="${cases[$(( (i - 1) % ${#cases[@]} ))]}"
    cp "$here/$case"/convkit/exercises/*.java "$target/"
    echo "$case" > "$out/$name/CASE.txt"
  fi
done
echo "$count submissions in $out"
