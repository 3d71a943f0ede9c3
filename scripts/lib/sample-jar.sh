# Sourced by the scripts that start the sample application (failover-drill.sh, demo.sh), from the project's root.
# The executable jar carries the --add-opens flags Ignite needs in its manifest (made from the root pom's
# sessiongrid.add-opens, the build's one list of them), so `java -jar "$sample_jar"` needs no JVM flags.
sample_jar=sample-app/target/sessiongrid-sample-app-0.1.0-SNAPSHOT.jar

# Builds the jar when it is missing, or always when the first argument is not empty.
ensure_sample_jar() {
  if [ ! -f "$sample_jar" ] || [ -n "${1:-}" ]; then
    echo "Building $sample_jar (./mvnw -pl sample-app -am -DskipTests package)"
    ./mvnw -q -B -ntp -pl sample-app -am -DskipTests package
  fi
}
