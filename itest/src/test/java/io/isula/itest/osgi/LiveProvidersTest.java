package io.isula.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Issue 2, "Live providers", on real Felix with the real bundles: providers leave and come back while the
 * daemon runs, and containers keep running. Driven like a user: the real {@code isula} client as an external
 * process on the daemon's socket, plus the framework's own stop/start (what Felix's {@code stop}/{@code start}
 * do from the console) and a jar dropped into the fileinstall folder.
 *
 * <p>The {@link #config()} method runs in the driver (the surefire JVM, outside the framework); the tests run
 * inside the framework, in Pax Exam's probe bundle, and find the daemon's folders through framework
 * properties.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveProvidersTest {
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String RUNC_BUNDLE = "io.isula.runtime-runc-bundle";
    private static final String EXTERNAL_BUNDLE = "io.isula.image-external-bundle";
    private static final String P_ROOT = "itest.osgi.root";
    private static final String P_CLIENT = "itest.osgi.client";
    private static final String P_VENDOR_JAR = "itest.osgi.vendor.jar";

    @Inject
    private BundleContext context;

    private TestRoots roots;
    private IsulaClient isula;
    private String rootfs;
    private final List<String> containers = new ArrayList<>();

    // ---------------------------------------------------------------- driver side

    @Configuration
    public Option[] config() throws IOException {
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        TestRoots r = TestRoots.create();
        String vendorJar = TestRoots.requireJar(base.resolve("../examples/vendor-runtime/target/vendor-runtime-" + VERSION + ".jar"));
        return options(
                cleanCaches(),
                junitBundles(),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
                systemProperty("org.slf4j.simpleLogger.showDateTime").value("true"),
                // as the distribution's launcher: netty reaches for sun.misc / sun.nio.ch through the system bundle
                systemPackages("sun.misc", "sun.nio.ch"),
                /*
                 * Felix's implicit boot delegation lets a lookup that starts in JDK code (ServiceLoader, for one)
                 * fall through to the parent class loader, which here is the surefire class path with its own
                 * slf4j-simple, netty, jackson… slf4j then finds the class-path SimpleServiceProvider ("not a
                 * subtype") and logs nothing. Off: the bundles see only the framework, as under bin/isulad.
                 */
                frameworkProperty("felix.bootdelegation.implicit").value("false"),
                // the daemon: private roots, one socket, an empty daemon.json (no /etc/isulad/daemon.json)
                frameworkProperty("isula.graph").value(r.graph().toString()),
                frameworkProperty("isula.state").value(r.state().toString()),
                frameworkProperty("isula.hosts").value(r.host()),
                frameworkProperty("isula.config.file").value(r.config().toString()),
                // hot deploy
                frameworkProperty("felix.fileinstall.dir").value(r.load().toString()),
                frameworkProperty("felix.fileinstall.tmpdir").value(r.state().resolve("fileinstall").toString()),
                frameworkProperty("felix.fileinstall.poll").value("300"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.filter").value(".*\\.jar"),
                frameworkProperty("felix.fileinstall.start.level").value("3"),
                // for the probe
                frameworkProperty(P_ROOT).value(r.root.toString()),
                frameworkProperty(P_CLIENT).value(String.join("\n", TestRoots.clientCommand(base))),
                frameworkProperty(P_VENDOR_JAR).value(vendorJar),
                platformBundles(),
                projectBundles(base));
    }

    /** Level 1: SPI Fly, ASM and slf4j for Pax Exam's own bundles (osgi-stack.md P1, P2, P5); level 2: the libraries. */
    private static Option platformBundles() {
        String asm = "9.9.1";
        String netty = "4.2.15.Final";
        return composite(
                mavenBundle("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle", "1.3.7").startLevel(1),
                mavenBundle("org.ow2.asm", "asm", asm).startLevel(1),
                mavenBundle("org.ow2.asm", "asm-commons", asm).startLevel(1),
                mavenBundle("org.ow2.asm", "asm-tree", asm).startLevel(1),
                mavenBundle("org.ow2.asm", "asm-util", asm).startLevel(1),
                mavenBundle("org.ow2.asm", "asm-analysis", asm).startLevel(1),
                mavenBundle("org.slf4j", "slf4j-api", "2.0.17").startLevel(1),
                mavenBundle("org.slf4j", "slf4j-simple", "2.0.17").startLevel(1),
                mavenBundle("org.apache.felix", "org.apache.felix.scr", "2.2.12").startLevel(2),
                mavenBundle("org.osgi", "org.osgi.service.component", "1.5.1").startLevel(2),
                mavenBundle("org.osgi", "org.osgi.util.promise", "1.3.0").startLevel(2),
                mavenBundle("org.osgi", "org.osgi.util.function", "1.2.0").startLevel(2),
                mavenBundle("org.apache.felix", "org.apache.felix.fileinstall", "3.7.4").startLevel(2),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core", "2.19.2").startLevel(2),
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations", "2.19.2").startLevel(2),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind", "2.19.2").startLevel(2),
                mavenBundle("io.netty", "netty-common", netty).startLevel(2),
                mavenBundle("io.netty", "netty-buffer", netty).startLevel(2),
                mavenBundle("io.netty", "netty-resolver", netty).startLevel(2),
                mavenBundle("io.netty", "netty-transport", netty).startLevel(2),
                mavenBundle("io.netty", "netty-transport-native-unix-common", netty).startLevel(2),
                mavenBundle("io.netty", "netty-transport-classes-epoll", netty).startLevel(2),
                // a fragment of transport-classes-epoll carrying the .so: installed, never started
                mavenBundle().groupId("io.netty").artifactId("netty-transport-native-epoll").version(netty)
                        .classifier("linux-x86_64").noStart(),
                mavenBundle("io.netty", "netty-codec-base", netty).startLevel(2),
                mavenBundle("io.netty", "netty-codec-compression", netty).startLevel(2),
                mavenBundle("io.netty", "netty-handler", netty).startLevel(2),
                mavenBundle("io.netty", "netty-codec-http", netty).startLevel(2),
                mavenBundle("net.java.dev.jna", "jna", "5.19.1").startLevel(2));
    }

    /** Level 3: the reactor's bundles, from their target folders (P10), never from ~/.m2. */
    private static Option projectBundles(Path base) {
        return composite(
                projectBundle(base, "core-bundle"),
                projectBundle(base, "image-external-bundle"),
                projectBundle(base, "runtime-runc-bundle"),
                projectBundle(base, "server-bundle"),
                projectBundle(base, "cli-bundle"));
    }

    private static Option projectBundle(Path base, String module) {
        String jar = module + "/target/" + module + "-" + VERSION + ".jar";
        TestRoots.requireJar(base.resolve("../" + jar));
        return bundle("file:../" + jar).startLevel(3);
    }

    // ---------------------------------------------------------------- probe side

    @Before
    public void daemonUp() throws IOException {
        assertNotNull("BundleContext not injected", context);
        roots = TestRoots.at(property(P_ROOT));
        isula = new IsulaClient(Arrays.asList(property(P_CLIENT).split("\n")), roots.host(), roots.scratch());
        rootfs = roots.busyboxRootfs().toString();
        IsulaClient.Run[] last = new IsulaClient.Run[1];
        boolean up = poll(60_000, () -> (last[0] = isula.run("info")).code() == 0);
        assertTrue("the daemon never answered on " + roots.host() + ": "
                + (last[0] == null ? "" : last[0].describe()) + "\n" + bundleStates(), up);
    }

    @After
    public void cleanUp() throws IOException {
        // leave the framework as the next test expects it, whatever happened in this one
        startQuietly(RUNC_BUNDLE);
        startQuietly(EXTERNAL_BUNDLE);
        Path dropped = roots.load().resolve("vendor-runtime.jar");
        if (Files.deleteIfExists(dropped)) {
            poll(20_000, () -> !runtimes().contains("vendor-runc"));
        }
        for (String name : containers) {
            isula.run("rm", "-f", name);
        }
        containers.clear();
    }

    /**
     * The runc provider leaves while a container runs: its name leaves {@code isula info}, new containers for
     * it fail with "runtime runc is not available", the container's process lives on (conmon owns it).
     * The provider comes back: the container is running again and can be stopped through it.
     */
    @Test
    public void runcLeavesAndComesBackWhileItsContainerKeepsRunning() throws Exception {
        String name = name("keep");
        IsulaClient.Run run = isula.run("run", "-d", "--name", name, "--external-rootfs", rootfs, "none", "sleep", "1000");
        assertEquals(run.describe(), 0, run.code());
        IsulaClient.Run inspect = isula.run("inspect", "-f", "{{.State.Pid}}", name);
        assertEquals(inspect.describe(), 0, inspect.code());
        int pid = Integer.parseInt(inspect.out().strip());
        assertTrue("pid " + pid + " of " + name + " is not alive", alive(pid));
        assertTrue(runtimes().toString(), runtimes().contains("runc"));

        Bundle runc = installed(RUNC_BUNDLE);
        runc.stop();
        try {
            assertTrue("runc is still listed after its bundle stopped: " + runtimes(),
                    poll(10_000, () -> !runtimes().contains("runc")));

            IsulaClient.Run refused = isula.run("run", "--name", name("refused"), "--external-rootfs", rootfs, "none", "true");
            assertEquals(refused.describe(), 125, refused.code());
            assertTrue(refused.describe(), refused.err().contains("runtime runc is not available"));

            assertTrue("the container's process " + pid + " died with its runtime provider", alive(pid));
        } finally {
            runc.start();
        }

        assertTrue("runc did not come back: " + runtimes(), poll(10_000, () -> runtimes().contains("runc")));
        IsulaClient.Run[] ps = new IsulaClient.Run[1];
        assertTrue("isula ps does not show " + name + " running again:\n" + (ps[0] == null ? "" : ps[0].describe()),
                poll(20_000, () -> psLine(ps[0] = isula.run("ps"), name).contains("Up")));
        assertTrue("the container's process " + pid + " died when runc came back", alive(pid));

        IsulaClient.Run stop = isula.run("stop", "-t", "1", name);
        assertEquals(stop.describe(), 0, stop.code());
        assertTrue("process " + pid + " still alive after isula stop", poll(15_000, () -> !alive(pid)));
    }

    /**
     * A vendor runtime arrives by dropping its bundle into the hot-deploy folder, runs a container, and leaves
     * when the jar is deleted; nothing else is touched.
     */
    @Test
    public void vendorRuntimeIsHotDeployedAndRemoved() throws Exception {
        assertFalse(runtimes().contains("vendor-runc"));
        Path jar = Path.of(property(P_VENDOR_JAR));
        Path staged = roots.scratch().resolve("vendor-runtime.jar.part");
        Path dropped = roots.load().resolve("vendor-runtime.jar");
        Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, dropped, StandardCopyOption.ATOMIC_MOVE);

        assertTrue("vendor-runc never appeared in isula info: " + runtimes() + "\n" + bundleStates(),
                poll(15_000, () -> runtimes().contains("vendor-runc")));
        assertTrue(runtimes().toString(), runtimes().contains("runc"));

        String name = name("vendor");
        IsulaClient.Run run;
        try {
            run = isula.run("run", "--rm", "--name", name, "--runtime", "vendor-runc",
                    "--external-rootfs", rootfs, "none", "sh", "-c", "exit 4");
        } catch (AssertionError timedOut) {
            // what the daemon believes, next to what the process did: a lost exit shows as "running" with a dead pid
            IsulaClient.Run state = isula.run("inspect", "-f", "{{.State.Status}} {{.State.Pid}}", name);
            throw new AssertionError(timedOut.getMessage() + "\n  daemon's view of " + name + ": " + state.out().strip()
                    + " " + state.err().strip()); // no cause: Pax Exam reports the root cause of a probe failure
        }
        assertEquals(run.describe(), 4, run.code());

        Files.delete(dropped);
        assertTrue("vendor-runc is still listed after its jar was deleted: " + runtimes(),
                poll(15_000, () -> !runtimes().contains("vendor-runc")));
        assertTrue(runtimes().toString(), runtimes().contains("runc"));
    }

    /** The external image type leaves and comes back: {@code --external-rootfs} fails while it is gone. */
    @Test
    public void externalImageTypeLeavesAndComesBack() throws Exception {
        assertTrue(imageTypes().toString(), imageTypes().contains("external"));
        Bundle external = installed(EXTERNAL_BUNDLE);
        external.stop();
        try {
            assertTrue("external is still listed after its bundle stopped: " + imageTypes(),
                    poll(10_000, () -> !imageTypes().contains("external")));
            IsulaClient.Run refused = isula.run("run", "--rm", "--name", name("noext"), "--external-rootfs", rootfs,
                    "none", "true");
            assertEquals(refused.describe(), 125, refused.code());
            assertTrue(refused.describe(), refused.err().contains("external"));
        } finally {
            external.start();
        }
        assertTrue("external did not come back: " + imageTypes(), poll(10_000, () -> imageTypes().contains("external")));
        IsulaClient.Run run = isula.run("run", "--rm", "--name", name("ext"), "--external-rootfs", rootfs, "none", "true");
        assertEquals(run.describe(), 0, run.code());
    }

    // ---------------------------------------------------------------- helpers

    private String property(String key) {
        String v = context.getProperty(key);
        assertNotNull("framework property " + key + " is not set", v);
        return v;
    }

    private String name(String what) {
        String n = "lp-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(n);
        return n;
    }

    private List<String> runtimes() {
        return infoList("Runtimes:");
    }

    private List<String> imageTypes() {
        return infoList("Image Types:");
    }

    private List<String> infoList(String label) {
        IsulaClient.Run info = isula.run("info");
        assertEquals(info.describe(), 0, info.code());
        return IsulaClient.infoList(info, label);
    }

    private static String psLine(IsulaClient.Run ps, String name) {
        if (ps.code() != 0) {
            return "";
        }
        for (String line : ps.out().split("\n")) {
            if (Arrays.asList(line.strip().split("\\s+")).contains(name)) {
                return line;
            }
        }
        return "";
    }

    /** Alive: /proc/PID exists and is not a zombie waiting for its parent. */
    private static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            String afterComm = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !afterComm.startsWith("Z") && !afterComm.startsWith("X");
        } catch (IOException e) {
            return false;
        }
    }

    private Bundle installed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        fail("no bundle " + symbolicName + " in the framework:\n" + bundleStates());
        return null;
    }

    private void startQuietly(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.ACTIVE) {
                try {
                    b.start();
                } catch (BundleException e) {
                    System.err.println("itest-osgi: cannot start " + symbolicName + ": " + e);
                }
            }
        }
    }

    private String bundleStates() {
        StringBuilder b = new StringBuilder("bundles:");
        for (Bundle bundle : context.getBundles()) {
            b.append("\n  ").append(bundle.getBundleId()).append(' ').append(bundle.getSymbolicName()).append(' ')
                    .append(switch (bundle.getState()) {
                        case Bundle.ACTIVE -> "ACTIVE";
                        case Bundle.RESOLVED -> "RESOLVED";
                        case Bundle.INSTALLED -> "INSTALLED";
                        case Bundle.STARTING -> "STARTING";
                        case Bundle.STOPPING -> "STOPPING";
                        default -> String.valueOf(bundle.getState());
                    });
        }
        return b.toString();
    }

    private static boolean poll(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
