#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# 1. a JDK 25; 2. build convkit; 3. self-check: the instructor solutions must score full marks;
# 4. delete the solutions so no student code can read them at grading time.
set -euo pipefail
source_dir="${AUTOGRADER_ROOT:-/autograder}/source"
cd "$source_dir"

if ! ls -d /usr/lib/jvm/*25* >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  if ! apt-get install -y -q --no-install-recommends openjdk-25-jdk-headless; then
    echo "setup.sh: this image has no JDK 25 package; choose a Gradescope base image whose apt offers openjdk-25-jdk-headless, or install a JDK 25 under /usr/lib/jvm in this script" >&2
    exit 1
  fi
fi

# bubblewrap: the grader's namespace sandbox. Gradescope's containers may refuse namespaces (Docker's
# default seccomp profile); the grader then runs student code as a separate unprivileged uid.
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || true
apt-get install -y -q --no-install-recommends bubblewrap || echo "setup.sh: bubblewrap not installed; the grader will use a separate uid" >&2

chmod +x convkit mvnw
./mvnw -B -q -DskipTests package -pl cli -am
touch cli/target/convkit.stamp

# the course's secret seed: readable by root (the grader) only
chmod 600 course-seed

# self-check: the hidden suites on the instructor solutions, with the official (course seed) cases,
# full marks or the image fails
./convkit grade --self-check --official --seed-file course-seed --results /tmp/convkit-self-check.json

rm -rf grader/src/solutions grader/target/classes/convkit/grader/solutions

# close the autograder's folders to other users: without namespaces, student code runs as an
# unprivileged uid, which must not read the sources, the submission or the results
chmod 700 "$source_dir" "$(dirname "$source_dir")"
