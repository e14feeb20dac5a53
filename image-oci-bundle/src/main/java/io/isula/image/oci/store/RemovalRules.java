package io.isula.image.oci.store;

import io.isula.core.api.EngineException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Docker's rules for {@code rmi}: which references go and whether the image itself goes.
 * <ul>
 *   <li>by name: that name is untagged; untagging the last tag of a repository also drops that repository's
 *       digest references; the image goes when no reference is left;</li>
 *   <li>by id: the image goes with all its references when they are at most one tag plus digests of the same
 *       repository; more references need {@code force}.</li>
 * </ul>
 */
final class RemovalRules {
    record Plan(List<String> untag, boolean deleteImage) {
    }

    private RemovalRules() {
    }

    /** @param matched the stored reference the user named, or null when the image was named by id */
    static Plan plan(ImageRecord image, String matched, boolean force) {
        List<String> refs = image.references();
        if (matched != null) {
            List<String> untag = new ArrayList<>();
            untag.add(matched);
            if (!ImageNames.isDigested(matched)) {
                String repo = ImageNames.repository(matched);
                boolean tagLeftInRepo = refs.stream().anyMatch(r -> !r.equals(matched) && !ImageNames.isDigested(r)
                        && ImageNames.repository(r).equals(repo));
                if (!tagLeftInRepo) {
                    refs.stream().filter(r -> ImageNames.isDigested(r) && ImageNames.repository(r).equals(repo))
                            .forEach(untag::add);
                }
            }
            return new Plan(untag, refs.stream().allMatch(untag::contains));
        }
        if (refs.size() > 1 && !isSingleReference(refs) && !force) {
            throw EngineException.conflict("conflict: unable to delete " + image.id().substring(0, 12)
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        return new Plan(refs, true);
    }

    /** At most one tag, and every digest reference in that tag's repository (or in one repository when no tag). */
    static boolean isSingleReference(List<String> refs) {
        if (refs.size() <= 1) {
            return refs.size() == 1;
        }
        String tag = null;
        Set<String> digestRepos = new HashSet<>();
        for (String r : refs) {
            if (ImageNames.isDigested(r)) {
                digestRepos.add(ImageNames.repository(r));
            } else if (tag == null) {
                tag = r;
            } else {
                return false;
            }
        }
        String repo = ImageNames.repository(tag != null ? tag : refs.get(0));
        return digestRepos.size() == 1 && digestRepos.contains(repo);
    }
}
