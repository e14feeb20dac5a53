package io.isula.core.internal.spec;

import io.isula.core.api.EngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code -u name|uid[:group|gid]} against the rootfs' /etc/passwd and /etc/group. The files are
 * read only when they are regular files inside the rootfs: a link can not make the engine read the host's.
 */
public final class UserResolver {
    private static final long MAX_FILE = 4L << 20;

    public UserSpec resolve(Path rootfs, String user) {
        return resolve(rootfs, user, null);
    }

    /** With {@code --group-add}: each group name (from the rootfs' /etc/group) or gid joins the supplementary groups. */
    public UserSpec resolve(Path rootfs, String user, List<String> groupAdd) {
        UserSpec base = resolveUser(rootfs, user);
        if (groupAdd == null || groupAdd.isEmpty()) {
            return base;
        }
        List<String[]> groups = table(rootfs, "etc/group");
        List<Integer> extra = new ArrayList<>(base.additionalGids());
        for (String g : groupAdd) {
            int gid;
            if (!g.isEmpty() && g.chars().allMatch(Character::isDigit)) {
                gid = number(g, g);
            } else {
                gid = groups.stream().filter(e -> e.length > 2 && e[0].equals(g)).findFirst()
                        .map(e -> number(e[2], g))
                        .orElseThrow(() -> EngineException.invalid("Unable to find group " + g
                                + ": no matching entries in group file"));
            }
            if (!extra.contains(gid)) {
                extra.add(gid);
            }
        }
        return new UserSpec(base.uid(), base.gid(), List.copyOf(extra));
    }

    private UserSpec resolveUser(Path rootfs, String user) {
        if (user == null || user.isBlank()) {
            return UserSpec.root();
        }
        String[] parts = user.split(":", 2);
        List<String[]> passwd = table(rootfs, "etc/passwd");
        List<String[]> groups = table(rootfs, "etc/group");
        int uid;
        int gid;
        String userName;
        Optional<String[]> entry = parts[0].chars().allMatch(Character::isDigit) && !parts[0].isEmpty()
                ? passwd.stream().filter(e -> e.length > 3 && e[2].equals(parts[0])).findFirst()
                : passwd.stream().filter(e -> e.length > 3 && e[0].equals(parts[0])).findFirst();
        if (entry.isPresent()) {
            uid = number(entry.get()[2], user);
            gid = number(entry.get()[3], user);
            userName = entry.get()[0];
        } else if (!parts[0].isEmpty() && parts[0].chars().allMatch(Character::isDigit)) {
            uid = number(parts[0], user);
            gid = uid == 0 ? 0 : uid;
            userName = null;
        } else {
            throw EngineException.invalid("Unable to find user " + parts[0] + ": no matching entries in passwd file");
        }
        if (parts.length == 2) {
            String g = parts[1];
            if (!g.isEmpty() && g.chars().allMatch(Character::isDigit)) {
                gid = number(g, user);
            } else {
                gid = groups.stream().filter(e -> e.length > 2 && e[0].equals(g)).findFirst()
                        .map(e -> number(e[2], user))
                        .orElseThrow(() -> EngineException.invalid("Unable to find group " + g
                                + ": no matching entries in group file"));
            }
        }
        List<Integer> extra = new ArrayList<>();
        if (userName != null) {
            for (String[] e : groups) {
                if (e.length > 3 && List.of(e[3].split(",")).contains(userName)) {
                    int g = number(e[2], user);
                    if (g != gid && !extra.contains(g)) {
                        extra.add(g);
                    }
                }
            }
        }
        return new UserSpec(uid, gid, extra);
    }

    private static int number(String s, String user) {
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > 0xFFFFFFFEL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("Invalid user " + user + ": " + s + " is not a valid id");
        }
    }

    private static List<String[]> table(Path rootfs, String relative) {
        Path file = rootfs.resolve(relative);
        for (Path p = file; p != null && p.startsWith(rootfs) && !p.equals(rootfs); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return List.of();
            }
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_FILE) {
                return List.of();
            }
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split(":", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            return List.of();
        }
    }
}
