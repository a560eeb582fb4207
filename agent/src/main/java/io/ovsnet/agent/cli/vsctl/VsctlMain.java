package io.ovsnet.agent.cli.vsctl;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ovsnet vsctl} as a program of its own, for the launcher (scripts/ovsnet): the same
 * command as {@link VsctlCommand} without the picocli command tree, whose start-up would be most
 * of a one-shot command's run time.
 *
 * <p>The launcher puts only the agent jar, the OVSDB client's jar and Jackson on the class path:
 * the JDK opens every jar on it to look for service providers when the first socket is made.
 * Remotes that need the full OVSDB client ({@code ssl:}, lists of remotes) are rare; for those
 * the command is run again in a class loader that also has every jar of the agent's
 * {@code lib/} directory.
 */
public final class VsctlMain {
    private VsctlMain() {
    }

    /** The JDK's own selector provider on Linux (JDK 17), named so it need not be looked up. */
    private static final String LINUX_SELECTOR_PROVIDER = "sun.nio.ch.EPollSelectorProvider";
    private static final String SELECTOR_PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";

    public static void main(String[] args) {
        nameSelectorProvider();
        System.exit(run(args));
    }

    /**
     * Opening the first socket makes the JDK look for a selector provider in every jar on the
     * class path (a service lookup), unless a system property names one: about 10 ms of CPU for
     * a command that takes a few tens. The JDK's own provider can only be named when its package
     * is exported to us, which the launcher does ({@code --add-exports
     * java.base/sun.nio.ch=ALL-UNNAMED}); without that, or on a JDK without that class, the
     * lookup happens as usual.
     */
    private static void nameSelectorProvider() {
        if (System.getProperty(SELECTOR_PROVIDER_PROPERTY) != null
                || !Object.class.getModule().isExported("sun.nio.ch", VsctlMain.class.getModule())) {
            return;
        }
        try {
            Class.forName(LINUX_SELECTOR_PROVIDER, false, null);
            System.setProperty(SELECTOR_PROVIDER_PROPERTY, LINUX_SELECTOR_PROVIDER);
        } catch (ClassNotFoundException e) {
            // Another JDK or platform: the service lookup finds its provider.
        }
    }

    /** Runs {@code args}; public so that a class loader with more jars can call its own copy. */
    public static int run(String[] args) {
        try {
            return VsctlCommand.run(Arrays.asList(args));
        } catch (VswitchReaders.ClientNotLoaded e) {
            return runWithAllJars(args);
        }
    }

    private static int runWithAllJars(String[] args) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            // Never closed: the client's I/O thread still loads classes while it winds down,
            // after the command has returned; the process exits soon after.
            URLClassLoader loader = new URLClassLoader(allJars(), ClassLoader.getPlatformClassLoader());
            // Libraries that look up services through the context class loader must see the jars.
            thread.setContextClassLoader(loader);
            Class<?> main = Class.forName(VsctlMain.class.getName(), true, loader);
            return (Integer) main.getMethod("run", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException | MalformedURLException e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** This class's jar and the jars of the {@code lib/} directory beside it (the build's layout). */
    private static URL[] allJars() throws MalformedURLException {
        File jar;
        try {
            jar = new File(VsctlMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<URL> urls = new ArrayList<>(List.of(jar.toURI().toURL()));
        File[] lib = new File(jar.getParentFile(), "lib").listFiles((dir, name) -> name.endsWith(".jar"));
        if (lib != null) {
            Arrays.sort(lib);
            for (File f : lib) {
                urls.add(f.toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
