# Sourced by ./snn4j and ./run-tests: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 25+, then the newest 25+ JDK under the usual install locations.

snn4j_java_major() {  # prints the major version of the JDK at $1, or nothing
  local home=$1 v
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$v"
}

snn4j_find_jdk() {
  local need=25 best="" best_v=0 home v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(snn4j_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then
      return 0
    fi
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* /usr/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$home/bin/javac" ] || continue
    v=$(snn4j_java_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$need" ] && [ "$v" -gt "$best_v" ]; then
      best=$home
      best_v=$v
    fi
  done
  if [ -z "$best" ]; then
    echo "snn4j: no JDK $need or newer found (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm, /opt/java, ~/.sdkman)." >&2
    echo "snn4j: install one (e.g. Temurin 25: apt-get install temurin-25-jdk) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

snn4j_need_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "snn4j: Apache Maven (mvn) is needed to build snn4j; install it (apt-get install maven)." >&2
    return 1
  fi
  export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
}
