package io.ovsnet.agent.cli.store;

import io.ovsnet.ipam.allocator.Ipam;
import java.io.PrintWriter;

/**
 * What an operator command does once connected to the store: its requests through {@code ipam},
 * its result printed in {@code format} to {@code out}.
 *
 * @param <F> the command's output format
 */
@FunctionalInterface
public interface StoreRequest<F> {
    void run(Ipam ipam, F format, PrintWriter out);
}
