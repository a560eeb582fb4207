package io.ovsnet.ipam.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The OVSNet database schema, shipped as the resource {@code io/ovsnet/ipam/OVSNet.ovsschema}. */
public final class OvsNetSchema {
    /** The database name every transaction names. */
    public static final String DATABASE = "OVSNet";
    private static final String RESOURCE = "/io/ovsnet/ipam/OVSNet.ovsschema";

    private OvsNetSchema() {
    }

    /** The schema's version, as {@code ovsdb-tool schema-version} would print it, read from the resource. */
    public static String version() {
        try (InputStream in = open()) {
            String version = new ObjectMapper().readTree(in).path("version").asText("");
            if (version.isEmpty()) {
                throw new IllegalStateException("schema resource " + RESOURCE + " has no version");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema resource " + RESOURCE, e);
        }
    }

    private static InputStream open() {
        InputStream in = OvsNetSchema.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("schema resource " + RESOURCE + " is missing from the class path");
        }
        return in;
    }

    /** Writes the schema to {@code file} (for {@code ovsdb-tool create}); replaces an existing file. */
    public static Path writeTo(Path file) {
        try (InputStream in = open()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OVSNet schema to " + file, e);
        }
    }
}
