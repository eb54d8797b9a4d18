package org.kcedu.info;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** What this build of kc-edu is: its version, the Keycloak it was built for and the features it carries. */
public record BundleInfo(String name, String version, String keycloakSpiVersion, String keycloakDistVersion,
                         List<String> features) {

    /** Features in this JAR, in the order they were added; clients may check for one before calling it. */
    static final List<String> FEATURES = List.of("info", "directory", "audit", "bulk");

    private static final BundleInfo CURRENT = load();

    public static BundleInfo current() {
        return CURRENT;
    }

    private static BundleInfo load() {
        Properties p = new Properties();
        try (InputStream in = BundleInfo.class.getResourceAsStream("/kc-edu-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("kc-edu-build.properties missing from the kc-edu JAR");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BundleInfo("kc-edu", p.getProperty("version"), p.getProperty("keycloak.spi.version"),
                p.getProperty("keycloak.dist.version"), FEATURES);
    }
}
