package io.isula.core.internal.volume;

import io.isula.core.api.EngineException;
import io.isula.core.api.MountPoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the mounts of a new container real: claims (and creates) its volumes, fills a new volume with what the image
 * has at its destination (unless {@code nocopy}), creates missing host folders of {@code -v} binds (as iSulad), and
 * returns the spec entries. {@link #abandon} undoes the claims of a create that failed.
 */
public final class MountPlanner {
    private final VolumeStore volumes;

    public MountPlanner(VolumeStore volumes) {
        this.volumes = volumes;
    }

    /** The mounts and the volume claims of one container; claims are listed so a failed create can give them back. */
    public record Plan(List<PlannedMount> mounts, List<VolumeStore.Claim> claims) {
        public List<MountPoint> points() {
            return mounts.stream().map(PlannedMount::point).toList();
        }
    }

    public Plan realize(List<MountRequest> requests, String containerId, Path rootfs) {
        List<PlannedMount> out = new ArrayList<>();
        List<VolumeStore.Claim> claims = new ArrayList<>();
        try {
            for (MountRequest r : requests) {
                out.add(switch (r.kind()) {
                    case BIND -> bind(r);
                    case VOLUME -> volume(r, containerId, rootfs, claims);
                    case TMPFS -> tmpfs(r);
                });
            }
        } catch (RuntimeException e) {
            abandon(new Plan(out, claims), containerId);
            throw e;
        }
        return new Plan(List.copyOf(out), List.copyOf(claims));
    }

    /** Gives back the volumes a failed create claimed; the ones it made are deleted. */
    public void abandon(Plan plan, String containerId) {
        for (VolumeStore.Claim c : plan.claims()) {
            volumes.discard(c, containerId);
        }
    }

    private PlannedMount bind(MountRequest r) {
        Path src = Path.of(r.source());
        if (!Files.exists(src)) {
            try {
                Files.createDirectories(src);
            } catch (IOException e) {
                throw EngineException.invalid("Failed to create directory '" + src + "': " + e.getMessage());
            }
        }
        List<String> options = List.of("rbind", r.propagation(), r.readOnly() ? "ro" : "rw");
        return new PlannedMount(r.destination(), "bind", r.source(), options,
                new MountPoint("bind", null, r.source(), r.destination(), null, r.mode(), !r.readOnly(), r.propagation()));
    }

    private PlannedMount volume(MountRequest r, String id, Path rootfs, List<VolumeStore.Claim> claims) {
        VolumeStore.Claim claim = r.source() == null ? volumes.claimAnonymous(id) : volumes.claimNamed(r.source(), id);
        claims.add(claim);
        if (claim.created() && !r.noCopy() && rootfs != null) {
            copyUp(rootfs, r.destination(), claim.data());
        }
        List<String> options = List.of("rbind", "rprivate", r.readOnly() ? "ro" : "rw");
        return new PlannedMount(r.destination(), "bind", claim.data().toString(), options,
                new MountPoint("volume", claim.name(), claim.data().toString(), r.destination(), VolumeStore.DRIVER,
                        r.mode(), !r.readOnly(), ""));
    }

    private static PlannedMount tmpfs(MountRequest r) {
        List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
        for (String o : r.tmpfsOptions()) {
            if (!options.contains(o)) {
                options.add(o);
            }
        }
        return new PlannedMount(r.destination(), "tmpfs", "tmpfs", List.copyOf(options),
                new MountPoint("tmpfs", null, "", r.destination(), null, r.mode(), !r.readOnly(), ""));
    }

    /** Docker's copy-up: a new volume starts with what the image holds at its destination (a real folder in it). */
    private static void copyUp(Path rootfs, String destination, Path data) {
        Path inImage = rootfs.resolve(destination.substring(1));
        for (Path p = inImage; p != null && p.startsWith(rootfs) && !p.equals(rootfs); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return;
            }
        }
        if (!Files.isDirectory(inImage, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            TreeCopy.copyContents(inImage, data);
        } catch (IOException e) {
            throw EngineException.internal("cannot copy " + destination + " of the image into its volume: "
                    + e.getMessage(), e);
        }
    }
}
