# Sourced by ./mvnw and ./layerbench (POSIX sh). Sets JAVA_HOME to a JDK of version 25 or newer:
# $JAVA_HOME when it is one, else the newest one under /usr/lib/jvm, else the one behind `java` on the PATH.
# With none of them, prints one line saying what to install and exits 1.
lb_jdk_major() {
  # The JDK's release file says JAVA_VERSION="25.0.1"; older JDKs say "1.8.0_x".
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 1
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

lb_find_jdk() {
  lb_candidates="${JAVA_HOME-}"
  lb_restore_f=$(case $- in *f*) echo yes ;; esac)
  set +f
  for lb_dir in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    lb_candidates="$lb_candidates ${lb_dir%/}"
  done
  [ "$lb_restore_f" = yes ] && set -f
  if command -v java >/dev/null 2>&1; then
    lb_java=$(readlink -f "$(command -v java)")
    lb_candidates="$lb_candidates ${lb_java%/bin/java}"
  fi
  for lb_dir in $lb_candidates; do
    lb_major=$(lb_jdk_major "$lb_dir") || continue
    if [ -n "$lb_major" ] && [ "$lb_major" -ge 25 ]; then
      JAVA_HOME="$lb_dir"
      export JAVA_HOME
      return 0
    fi
  done
  echo "LayerBench needs a JDK 25 or newer and found none (JAVA_HOME, /usr/lib/jvm, PATH): install one (apt-get install temurin-25-jdk) or set JAVA_HOME to it." >&2
  exit 1
}

lb_find_jdk
