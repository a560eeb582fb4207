# Shared by scripts/ovsnet and scripts/bench-vsctl (sourced, not run).
#
#   vsctl_classpath AGENT_TARGET_DIR    sets $vsctl_cp to the class path of 'ovsnet vsctl'
#                                       (no subprocess: this runs on every vsctl command)
#
# Only the jars that vsctl's socket path uses: the agent, the OVSDB client's jar (remote syntax)
# and Jackson. A short class path is part of a fast start: the JDK opens every jar on it to look
# for service providers when the first socket is made. For ssl: remotes, which need Netty, vsctl
# runs the command again in a class loader with all of agent/target/lib (see VsctlMain).
vsctl_classpath() {
    _dir=$1
    vsctl_cp=""
    for _jar in "$_dir"/ovsnet-agent-*.jar; do
        vsctl_cp=$_jar
        break
    done
    for _name in ovsnet-ovsdb jackson-core jackson-databind jackson-annotations; do
        for _jar in "$_dir"/lib/"$_name"-[0-9]*.jar; do
            if [ -f "$_jar" ]; then
                vsctl_cp="$vsctl_cp:$_jar"
            fi
        done
    done
}
