# Shared by scripts/ovsnet and scripts/bench-vsctl (sourced, not run).
#
#   vsctl_classpath AGENT_TARGET_DIR    sets $vsctl_cp to the class path of 'ovsnet vsctl'
#                                       (no subprocess: this runs on every vsctl command)
#
# Only the jars that vsctl uses: the agent, the OVSDB client with Jackson, and for ssl: remotes
# Netty and SLF4J, then Bouncy Castle (PEM keys in older formats). A short class path is part of
# a fast start: the JDK looks up service providers (e.g. opening a unix socket) in every jar on
# it, and the class-data sharing archive is tied to this exact list.
vsctl_classpath() {
    _dir=$1
    vsctl_cp=""
    for _jar in "$_dir"/ovsnet-agent-*.jar; do
        vsctl_cp=$_jar
        break
    done
    for _name in ovsnet-ovsdb jackson-core jackson-databind jackson-annotations netty-common netty-buffer \
            netty-resolver netty-transport netty-transport-native-unix-common netty-codec-base netty-handler \
            slf4j-api slf4j-simple bcprov-jdk18on bcutil-jdk18on bcpkix-jdk18on; do
        for _jar in "$_dir"/lib/"$_name"-[0-9]*.jar; do
            if [ -f "$_jar" ]; then
                vsctl_cp="$vsctl_cp:$_jar"
            fi
        done
    done
}
