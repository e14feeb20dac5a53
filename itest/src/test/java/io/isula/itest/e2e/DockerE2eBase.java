package io.isula.itest.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** An {@link E2eBase} whose tests also drive the stock docker CLI against the class's daemon. */
abstract class DockerE2eBase extends E2eBase {
    protected DockerCli docker;

    @BeforeAll
    void dockerClient() {
        docker = new DockerCli(daemon);
    }

    @AfterAll
    void removeDockerConfig() {
        if (docker != null) docker.close();
    }
}
