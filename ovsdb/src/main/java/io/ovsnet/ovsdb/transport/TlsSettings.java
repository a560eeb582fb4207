package io.ovsnet.ovsdb.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The PEM files for {@code ssl:} remotes, as OVS takes them ({@code --private-key},
 * {@code --certificate}, {@code --ca-cert}). The server's certificate must be signed by the CA;
 * as in OVS, its name is not checked against the remote's address.
 *
 * @param privateKey the client's private key (PKCS#8 PEM)
 * @param certificate the client's certificate (PEM)
 * @param caCertificate the CA certificate that signed the server's certificate (PEM)
 */
public record TlsSettings(Path privateKey, Path certificate, Path caCertificate) {
    public TlsSettings {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }
}
