package io.isula.cli.format;

import io.isula.core.api.EngineInfo;

import java.util.List;
import java.util.TreeMap;

/** {@code isula info}: iSulad's lines in iSulad's order, then the runtimes and image types this engine has live. */
public final class InfoFormat {
    private static final long GIB = 1024L * 1024 * 1024;

    private InfoFormat() {
    }

    /** {@code hugetlbPagesize} is not in the API yet; the client reads it locally (same host as the socket). */
    public static String render(EngineInfo i, String hugetlbPagesize) {
        StringBuilder b = new StringBuilder(1024);
        line(b, "Containers: ", i.containers());
        line(b, " Running: ", i.running());
        line(b, " Paused: ", i.paused());
        line(b, " Stopped: ", i.stopped());
        line(b, "Images: ", i.images());
        line(b, "Server Version: ", i.serverVersion());
        line(b, "Storage Driver: ", i.driver());
        line(b, "Logging Driver: ", i.loggingDriver());
        line(b, "Cgroup Driver: ", i.cgroupDriver());
        line(b, "Hugetlb Pagesize: ", hugetlbPagesize);
        line(b, "Kernel Version: ", i.kernelVersion());
        line(b, "Operating System: ", i.operatingSystem());
        line(b, "OSType: ", i.osType());
        line(b, "Architecture: ", i.architecture());
        line(b, "CPUs: ", i.cpus());
        line(b, "Total Memory: ", i.memTotal() / GIB + " GB");
        line(b, "Name: ", i.name());
        line(b, "iSulad Root Dir: ", i.rootDir());
        line(b, "Http Proxy: ", i.httpProxy());
        line(b, "Https Proxy: ", i.httpsProxy());
        line(b, "No Proxy: ", i.noProxy());
        line(b, "Runtimes: ", join(i.runtimes() == null ? List.of() : new TreeMap<>(i.runtimes()).keySet()));
        line(b, "Default Runtime: ", i.defaultRuntime());
        line(b, "Image Types: ", join(i.imageTypes() == null ? List.of() : i.imageTypes()));
        return b.toString();
    }

    private static String join(Iterable<String> names) {
        return String.join(" ", names);
    }

    private static void line(StringBuilder b, String label, Object value) {
        b.append(label).append(value == null ? "" : value).append('\n');
    }

    /** {@code Hugepagesize: 2048 kB} in /proc/meminfo as iSulad prints it ("2MB"); empty when unknown. */
    public static String hugetlbPagesize(List<String> meminfo) {
        for (String l : meminfo) {
            if (l.startsWith("Hugepagesize:")) {
                String[] f = l.substring("Hugepagesize:".length()).trim().split("\\s+");
                try {
                    long kb = Long.parseLong(f[0]);
                    return kb % (1024 * 1024) == 0 ? kb / (1024 * 1024) + "GB"
                            : kb % 1024 == 0 ? kb / 1024 + "MB" : kb + "KB";
                } catch (NumberFormatException e) {
                    return "";
                }
            }
        }
        return "";
    }

}
