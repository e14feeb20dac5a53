package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code isula cp} both ways, running and stopped containers, and symbolic links that point at the host. */
class CpTest extends E2eBase {

    private Path localTree(String name) throws IOException {
        Path top = Files.createDirectories(daemon.dir().resolve("cp-" + name).resolve("tree"));
        Files.createDirectories(top.resolve("sub/deeper"));
        Files.writeString(top.resolve("a.txt"), "alpha\n");
        Path exe = Files.writeString(top.resolve("sub/run.sh"), "#!/bin/sh\necho ran\n");
        Files.setAttribute(exe, "unix:mode", 04750);
        Files.writeString(top.resolve("sub/deeper/empty"), "");
        Files.setAttribute(top.resolve("sub/deeper"), "unix:mode", 0700);
        Files.createSymbolicLink(top.resolve("rel"), Path.of("sub/run.sh"));
        Files.createSymbolicLink(top.resolve("abs"), Path.of("/etc/passwd"));
        return top;
    }

    @Test
    void aTreeRoundTripsThroughARunningContainerWithModesAndLinks() throws IOException {
        String name = uniqueName("cprun");
        runDetached(name, "sleep", "1000");
        Path tree = localTree(name);
        isula.ok("cp", tree.toString(), name + ":/tmp/");
        Result inside = isula.ok("exec", name, "sh", "-c", "ls -l /tmp/tree/sub/run.sh; readlink /tmp/tree/rel; readlink /tmp/tree/abs; sh /tmp/tree/rel");
        assertTrue(inside.stdout().contains("-rwsr-x---"), inside::toString);
        assertTrue(inside.stdout().contains("sub/run.sh\n/etc/passwd\nran"), inside::toString);

        Path back = daemon.dir().resolve("cp-" + name).resolve("back");
        isula.ok("cp", name + ":/tmp/tree", back.toString());
        assertEquals(describe(tree), describe(back));

        // into an existing directory the copy keeps its name; SRC/. copies the contents
        Path into = Files.createDirectories(daemon.dir().resolve("cp-" + name).resolve("into"));
        isula.ok("cp", name + ":/tmp/tree", into.toString());
        assertEquals(describe(tree), describe(into.resolve("tree")));
        Path contents = Files.createDirectories(daemon.dir().resolve("cp-" + name).resolve("contents"));
        isula.ok("cp", name + ":/tmp/tree/.", contents.toString());
        assertEquals(describe(tree), describe(contents));
        isula.ok("exec", name, "rm", "-rf", "/tmp/tree");
    }

    @Test
    void filesCopyToAndFromAStoppedContainer() throws IOException {
        String name = uniqueName("cpstopped");
        create(name, List.of(), "true");
        Path file = Files.writeString(daemon.dir().resolve(name + ".txt"), "stopped but reachable\n");
        String target = "/tmp/" + name + ".copy";
        isula.ok("cp", file.toString(), name + ":" + target);
        Path back = daemon.dir().resolve(name + ".back");
        isula.ok("cp", name + ":" + target, back.toString());
        assertEquals("stopped but reachable\n", Files.readString(back));
        assertEquals("stopped but reachable\n", Files.readString(rootfs.path().resolve(target.substring(1))));
        Files.delete(rootfs.path().resolve(target.substring(1)));
    }

    @Test
    void aContainerLinkToTheHostNeverReachesTheHost() throws IOException {
        String name = uniqueName("cpescape");
        runDetached(name, "sleep", "1000");
        // a host directory the container does not have, and a link to it inside the container
        Path hostDir = Files.createDirectories(daemon.dir().resolve("host-only-" + name));
        Files.writeString(hostDir.resolve("secret"), "host secret\n");
        isula.ok("exec", name, "sh", "-c", "mkdir -p /tmp/" + name + " && ln -s " + hostDir + " /tmp/" + name + "/escape"
                + " && ln -s /etc /tmp/" + name + "/etc-link");

        Result read = isula("cp", name + ":/tmp/" + name + "/escape/secret", daemon.dir().resolve("stolen").toString());
        assertEquals(1, read.exitCode(), read::toString);
        assertFalse(Files.exists(daemon.dir().resolve("stolen")));

        Path payload = Files.writeString(daemon.dir().resolve(name + "-payload"), "payload\n");
        Result write = isula("cp", payload.toString(), name + ":/tmp/" + name + "/escape/planted");
        assertEquals(1, write.exitCode(), write::toString);
        try (var s = Files.list(hostDir)) {
            assertEquals(List.of("secret"), s.map(p -> p.getFileName().toString()).toList());
        }

        // a link to /etc means the container's /etc: the copy lands there, never in the host's
        String unique = name + ".conf";
        isula.ok("cp", payload.toString(), name + ":/tmp/" + name + "/etc-link/" + unique);
        assertFalse(Files.exists(Path.of("/etc", unique)), "nothing may be written to the host's /etc");
        assertEquals("payload\n", isula.ok("exec", name, "cat", "/etc/" + unique).stdout());
        isula.ok("cp", name + ":/tmp/" + name + "/etc-link/group", daemon.dir().resolve("group-copy").toString());
        assertEquals(isula.ok("exec", name, "cat", "/etc/group").stdout(),
                Files.readString(daemon.dir().resolve("group-copy")));
        isula.ok("exec", name, "rm", "-rf", "/etc/" + unique, "/tmp/" + name);
    }

    @Test
    void badInput() throws IOException {
        String name = uniqueName("cpbad");
        runDetached(name, "sleep", "1000");
        Result missing = isula("cp", name + ":/no/such/file", daemon.dir().resolve("x").toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("No such container:path"), missing::toString);
        Result noContainer = isula("cp", uniqueName("ghost") + ":/etc/hostname", daemon.dir().resolve("x").toString());
        assertEquals(1, noContainer.exitCode(), noContainer::toString);
        assertTrue(noContainer.stderr().contains("No such container"), noContainer::toString);
        Result noLocal = isula("cp", daemon.dir().resolve("nothing-here").toString(), name + ":/tmp/");
        assertEquals(1, noLocal.exitCode(), noLocal::toString);
        assertTrue(noLocal.stderr().contains("no such file or directory"), noLocal::toString);
        Result both = isula("cp", name + ":/a", name + ":/b");
        assertEquals(1, both.exitCode(), both::toString);
        Path dir = Files.createDirectories(daemon.dir().resolve("cpbad-dir"));
        Result dirToFile = isula("cp", dir.toString(), name + ":/etc/hostname");
        assertEquals(1, dirToFile.exitCode(), dirToFile::toString);
        assertTrue(dirToFile.stderr().contains("cannot copy a directory to a file"), dirToFile::toString);
    }

    /** Relative path → type, mode, size or link target. */
    private static Map<String, String> describe(Path top) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (var s = Files.walk(top)) {
            for (Path p : s.toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
                String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : a.get("size").toString();
                m.put(top.relativize(p).toString(), Integer.toOctalString((int) a.get("mode")) + " " + what);
            }
        }
        return m;
    }
}
