package io.isula.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The {@code isulad} daemon: parses iSulad's flags, turns them into {@code isula.*} framework properties and boots
 * Felix with the bundles of {@code <home>/bundle/<level>-<name>/} at their start levels. The kernel reads the
 * properties and merges them over daemon.json (flags win). A {@code <level>-shell} folder (gogo.shell) is installed
 * only with {@code --console} or {@code -Dgosh.args=...}, so the daemon runs headless by default.
 */
public final class IsuladMain {
    static final String DEFAULT_CONFIG = "/etc/isulad/daemon.json";
    /** iSulad's log levels as java.util.logging levels (the JDK's System.Logger backend that the bundles log to). */
    private static final Map<String, java.util.logging.Level> LOG_LEVELS = Map.of(
            "FATAL", java.util.logging.Level.SEVERE, "ALERT", java.util.logging.Level.SEVERE,
            "CRIT", java.util.logging.Level.SEVERE, "ERROR", java.util.logging.Level.SEVERE,
            "WARN", java.util.logging.Level.WARNING, "NOTICE", java.util.logging.Level.INFO,
            "INFO", java.util.logging.Level.INFO, "DEBUG", java.util.logging.Level.FINE,
            "TRACE", java.util.logging.Level.FINEST);
    private static final Pattern LEVEL_DIR = Pattern.compile("(\\d+)-(.+)");

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("isulad: " + e.getMessage() + "\nSee 'isulad --help'.");
            System.exit(125);
        } catch (Exception e) {
            System.err.println("isulad: " + e.getMessage());
            System.exit(1);
        }
    }

    static final class UsageException extends Exception {
        UsageException(String m) { super(m); }
    }

    /** The parsed command line: {@code isula.*} properties of the flags given, plus launcher switches. */
    record Options(Map<String, String> props, List<String> hosts, boolean console, boolean help, boolean version) {
    }

    static Options parse(String[] args) throws UsageException {
        Map<String, String> p = new HashMap<>();
        List<String> hosts = new ArrayList<>();
        boolean console = false, help = false, version = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i], v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) { v = a.substring(eq + 1); a = a.substring(0, eq); }
            else if (a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-') { v = a.substring(2); a = a.substring(0, 2); }
            String key = switch (a) {
                case "-H", "--host" -> "isula.hosts";
                case "-g", "--graph" -> "isula.graph";
                case "-S", "--state" -> "isula.state";
                case "--config-file" -> "isula.config.file";
                case "-l", "--log-level" -> "isula.log.level";
                case "-p", "--pidfile" -> "isula.pidfile";
                case "--default-runtime" -> "isula.default.runtime";
                case "--console" -> { console = true; yield null; }
                case "-V", "--version" -> { version = true; yield null; }
                case "-h", "--help" -> { help = true; yield null; }
                default -> throw new UsageException("unknown flag: " + args[i]);
            };
            if (key == null) {
                if (v != null) throw new UsageException("flag " + a + " takes no value");
                continue;
            }
            if (v == null) {
                if (i + 1 >= args.length) throw new UsageException("flag needs an argument: " + a);
                v = args[++i];
            }
            if (v.isBlank()) throw new UsageException("empty value for " + a);
            if (key.equals("isula.hosts")) hosts.add(v);
            else p.put(key, key.equals("isula.graph") || key.equals("isula.state") || key.equals("isula.config.file")
                    || key.equals("isula.pidfile") ? Path.of(v).toAbsolutePath().normalize().toString() : v);
        }
        if (!hosts.isEmpty()) p.put("isula.hosts", String.join(",", hosts));
        String level = p.get("isula.log.level");
        if (level != null) {
            level = level.toUpperCase(Locale.ROOT);
            if (!LOG_LEVELS.containsKey(level)) throw new UsageException("invalid log level: " + p.get("isula.log.level")
                    + " (one of FATAL ALERT CRIT ERROR WARN NOTICE INFO DEBUG TRACE)");
            p.put("isula.log.level", level);
        }
        return new Options(p, hosts, console, help, version);
    }

    static int run(String[] args) throws Exception {
        Options o = parse(args);
        if (o.help()) { usage(System.out); return 0; }
        if (o.version()) { System.out.println("Version " + version() + ", commit " + commit()); return 0; }
        Map<String, String> cfg = new HashMap<>(o.props());
        Path home = home();

        // daemon.json: an explicit file must exist; the default may be missing (then the shipped conf/ defaults apply)
        Path config;
        if (cfg.containsKey("isula.config.file")) {
            config = Path.of(cfg.get("isula.config.file"));
            if (!Files.isReadable(config)) throw new IOException("cannot read config file " + config);
        } else {
            config = Path.of(DEFAULT_CONFIG);
            if (!Files.exists(config)) config = home.resolve("conf/daemon.json");
            if (Files.isReadable(config)) cfg.put("isula.config.file", config.toString());
        }
        String json = Files.isReadable(config) ? Files.readString(config) : "";
        // the launcher needs three keys before the kernel runs: where Felix's cache goes, the pidfile, the log level
        String state = first(cfg.get("isula.state"), jsonString(json, "state"), "/var/run/isulad");
        String pidfile = first(cfg.get("isula.pidfile"), jsonString(json, "pidfile"), "/var/run/isulad.pid");
        String level = first(cfg.get("isula.log.level"), upper(jsonString(json, "log-level")), "INFO");
        java.util.logging.Level julLevel = LOG_LEVELS.getOrDefault(level, java.util.logging.Level.INFO);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(julLevel);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(julLevel);
        }
        boolean verbose = julLevel.intValue() <= java.util.logging.Level.INFO.intValue();

        FileChannel pidChannel = lockPidfile(Path.of(pidfile));
        cfg.put("org.osgi.framework.storage", Path.of(state, "felix-cache").toString());
        cfg.put("org.osgi.framework.storage.clean", "onFirstInit");
        cfg.put("org.osgi.framework.startlevel.beginning", "1");
        cfg.put("org.osgi.framework.system.packages.extra", "sun.misc,sun.nio.ch");
        // resolve in the thread that asks: the resolver's default pool keeps a thread per core for the daemon's life
        cfg.put("felix.resolver.parallelism", "1");
        cfg.put("felix.fileinstall.dir", home.resolve("load").toString());
        cfg.put("felix.fileinstall.tmpdir", Path.of(state, "fileinstall").toString());
        cfg.put("felix.fileinstall.poll", "500");
        cfg.put("felix.fileinstall.filter", ".*\\.jar");
        cfg.put("felix.fileinstall.noInitialDelay", "true");
        cfg.put("felix.fileinstall.start.level", "3");
        cfg.put("felix.fileinstall.log.level", verbose ? "3" : "1");
        cfg.put("isula.home", home.toString());
        // bundle errors arrive once, through the FrameworkListener below; Felix's own logger repeats them with traces
        cfg.put("felix.log.level", System.getProperty("felix.log.level", level.matches("DEBUG|TRACE") ? "1" : "0"));
        boolean console = o.console() || System.getProperty("gosh.args") != null;

        long t0 = System.nanoTime();
        Framework fw = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi FrameworkFactory on the class path")).newFramework(cfg);
        fw.init();
        fw.getBundleContext().addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.ERROR || e.getType() == FrameworkEvent.WARNING) {
                System.err.println("isulad: " + (e.getType() == FrameworkEvent.ERROR ? "ERROR" : "WARNING") + " in bundle "
                        + e.getBundle().getSymbolicName() + ": " + (e.getThrowable() == null ? "" : e.getThrowable()));
            }
        });
        Path bundles = Path.of(System.getProperty("isula.bundle.dir", home.resolve("bundle").toString()));
        int max = 1;
        for (Path dir : list(bundles)) {
            Matcher m = LEVEL_DIR.matcher(dir.getFileName().toString());
            if (!Files.isDirectory(dir) || !m.matches() || (m.group(2).equals("shell") && !console)) continue;
            int lvl = Integer.parseInt(m.group(1));
            max = Math.max(max, lvl);
            for (Path jar : list(dir)) {
                if (!jar.toString().endsWith(".jar") || !isBundle(jar)) continue;
                Bundle b = fw.getBundleContext().installBundle(jar.toUri().toString());
                b.adapt(BundleStartLevel.class).setStartLevel(lvl);
                if (b.getHeaders().get("Fragment-Host") == null) b.start();
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fw.stop();
                fw.waitForStop(15_000);
            } catch (Exception ignored) {
                // exiting anyway
            }
            try { Files.deleteIfExists(Path.of(pidfile)); } catch (IOException ignored) { }
        }, "isulad-shutdown"));
        fw.start();
        CountDownLatch up = new CountDownLatch(1);
        fw.adapt(FrameworkStartLevel.class).setStartLevel(max, e -> up.countDown());
        up.await(60, TimeUnit.SECONDS);
        if (verbose) {
            System.err.printf("isulad: started in %d ms (start level %d, %d bundles, pid %d)%n",
                    (System.nanoTime() - t0) / 1_000_000, max, fw.getBundleContext().getBundles().length,
                    ProcessHandle.current().pid());
        }
        FrameworkEvent end = fw.waitForStop(0);
        Files.deleteIfExists(Path.of(pidfile));
        pidChannel.close();
        return end.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /** Writes our pid and keeps an exclusive lock on the file for the daemon's life (as iSulad does). */
    private static FileChannel lockPidfile(Path pidfile) throws IOException {
        Files.createDirectories(pidfile.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(pidfile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            throw new IOException("pid file " + pidfile + " is locked: is another isulad running?");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
        return ch;
    }

    private static boolean isBundle(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            if (j.getManifest() != null && j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") != null) {
                return true;
            }
        }
        System.err.println("isulad: WARNING: skipping " + jar + ": not an OSGi bundle");
        return false;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("no bundle folder " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** The distribution's root: {@code -Disula.home}, else the parent of the launcher jar's {@code lib/} folder. */
    static Path home() throws Exception {
        String h = System.getProperty("isula.home");
        if (h != null) return Path.of(h).toAbsolutePath();
        Path jar = Path.of(IsuladMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent();
    }

    /** The value of a top-level string key of daemon.json (enough for the three keys the launcher needs). */
    static String jsonString(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() && !m.group(1).isBlank() ? m.group(1).replace("\\/", "/").replace("\\\\", "\\") : null;
    }

    private static String upper(String s) { return s == null ? null : s.toUpperCase(Locale.ROOT); }

    private static String first(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }

    private static String version() {
        String v = IsuladMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String commit() {
        String c = System.getProperty("isula.commit");
        return c == null ? "unknown" : c;
    }

    static void usage(PrintStream out) {
        out.println("""
                Usage:  isulad [global options]

                lightweight container runtime daemon (iSulad on Apache Felix)

                Options:
                  -H, --host <address>        The socket name used to create gRPC/HTTP server (repeatable),
                                              default unix:///var/run/isulad.sock
                  -g, --graph <dir>           Root directory of the engine runtime, default /var/lib/isulad
                  -S, --state <dir>           Root directory for execution state files, default /var/run/isulad
                      --config-file <file>    daemon.json to read, default /etc/isulad/daemon.json
                  -l, --log-level <level>     FATAL ALERT CRIT ERROR WARN NOTICE INFO DEBUG TRACE, default INFO
                  -p, --pidfile <file>        Save pid into this file, default /var/run/isulad.pid
                      --default-runtime <rt>  Default container runtime, default runc
                      --console               Start the Gogo console (Felix shell) on this terminal
                  -V, --version               Print the version
                      --help                  Print usage

                Flags win over daemon.json. JVM properties: -Disula.bundle.dir=<dir> boots another bundle tree,
                -Dgosh.args="-q -c 'lb'" runs console commands and exits.""");
    }

    private IsuladMain() {
    }
}
