package org.kcedu.audit.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS socket factory for RFC 5425 from an optional truststore (server CA) and keystore (client cert). */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** Null paths fall back to the JVM defaults (cacerts, no client certificate). */
    public static SSLSocketFactory socketFactory(String truststore, String truststorePassword, String truststoreType,
                                                 String keystore, String keystorePassword, String keystoreType) {
        try {
            TrustManagerFactory tmf = null;
            if (truststore != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(truststore, truststorePassword, truststoreType));
            }
            KeyManagerFactory kmf = null;
            if (keystore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keystore, keystorePassword, keystoreType),
                        keystorePassword == null ? null : keystorePassword.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("kc-edu audit: cannot set up TLS for syslog: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String path, String password, String type) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        return ks;
    }
}
