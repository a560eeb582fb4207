# Shared by the scripts/bench-* scripts (sourced, not run): builds bench/ with -Pbench when its
# jar is missing or older than any main source, into build directories of its own
# (target$OVSNET_BUILD_SUFFIX, default target-bench-NAME) so that a benchmark never disturbs a
# developer's build. Run from the repository root.
#
#   bench_build NAME    sets $suffix, $jar (the bench jar) and $bench_cp (its class path)

bench_build() {
    suffix=${OVSNET_BUILD_SUFFIX:--bench-$1}
    jar=bench/target$suffix/ovsnet-bench-0.1.0-SNAPSHOT.jar
    bench_cp="$jar:bench/target$suffix/lib/*"
    if [ -f "$jar" ] && [ -z "$(find agent/src/main bench/src/main ovsdb/src/main ipam/src/main \
            testbed/src/main -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
        return 0
    fi
    echo "building bench (suffix $suffix)..." >&2
    log=$(mktemp)
    if ! mvn -B -q -Dstyle.color=never -Pbench -Dovsnet.build.suffix="$suffix" -pl bench -am \
            package -Dmaven.test.skip=true >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
}
