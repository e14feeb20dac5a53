package io.isula.itest.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.isula.itest.e2e.Exec;
import io.isula.itest.e2e.Files2;
import io.isula.itest.e2e.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The test CA's certificates are what a TLS registry and its clients need, checked by openssl and the JDK. */
class TestCaTest {

    @Test
    void serverCertificateIsSignedByTheCaForLoopbackNames() throws Exception {
        Path certsD = Files.createTempDirectory(Path.of("/tmp"), "isula-test-certsd-");
        Path caDir;
        try (TestCa ca = TestCa.create()) {
            caDir = ca.dir();
            Result verify = Exec.run(List.of("openssl", "verify", "-CAfile", ca.caCert().toString(), "-purpose", "sslserver",
                    ca.serverCert().toString()), Map.of(), null, Duration.ofSeconds(30));
            assertEquals(0, verify.exitCode(), verify::toString);

            X509Certificate server = TestCa.readCertificates(ca.serverCert()).get(0);
            Set<String> sans = new HashSet<>();
            server.getSubjectAlternativeNames().forEach(san -> sans.add(san.get(0) + "=" + san.get(1)));
            assertEquals(Set.of("7=127.0.0.1", "2=localhost"), sans, "an IP and a DNS subject alternative name");
            server.verify(TestCa.readCertificates(ca.caCert()).get(0).getPublicKey());
            assertEquals("RSA", TestCa.readPrivateKey(ca.serverKey()).getAlgorithm());

            Path host = ca.writeCertsD(certsD, "127.0.0.1:5000");
            assertEquals(certsD.resolve("127.0.0.1:5000"), host);
            assertEquals(Files.readString(ca.caCert()), Files.readString(host.resolve("ca.crt")));
            assertThrows(IllegalArgumentException.class, () -> ca.issue("../escape", ""), "names stay inside the CA folder");
        } finally {
            Files2.deleteTree(certsD);
        }
        assertFalse(Files.exists(caDir), "close() removes the CA folder");
        assertTrue(caDir.toString().startsWith("/tmp/isula-test-ca-"));
    }
}
