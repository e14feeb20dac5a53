package io.isula.cli.format;

import io.isula.cli.http.MiniJson;
import io.isula.core.api.EngineInfo;
import io.isula.core.api.VersionInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LayoutTest {
    @Test
    void versionBlocks() {
        String out = VersionFormat.client("0.1.0", "abc", "2024-01-01")
                + VersionFormat.server(new VersionInfo("0.2.0", "1.43", null, "def", null, null, null, null, "2024-02-02"));
        assertEquals(""
                + "Client:\n"
                + "  Version:      0.1.0\n"
                + "  Git commit:   abc\n"
                + "  Built:        2024-01-01\n"
                + "\n"
                + "Server:\n"
                + "  Version:      0.2.0\n"
                + "  Git commit:   def\n"
                + "  Built:        2024-02-02\n"
                + "\n"
                + "OCI config:\n"
                + "  Version:      1.0.1\n"
                + "  Default file: /etc/default/isulad/config.json\n", out);
    }

    @Test
    void infoLines() {
        EngineInfo i = new EngineInfo("id", 3, 1, 0, 2, 4, "overlay2", "json-file", "cgroupfs", "2", "6.1.0",
                "Debian GNU/Linux 12 (bookworm)", "linux", "x86_64", 8, 16L * 1024 * 1024 * 1024 + 5, "host1", "0.1.0",
                "/var/lib/isulad", "", "", "", "runc",
                Map.of("runc", new EngineInfo.RuntimeEntry("runc"), "lxc", new EngineInfo.RuntimeEntry(null)),
                List.of("oci", "external"));
        assertEquals(""
                + "Containers: 3\n"
                + " Running: 1\n"
                + " Paused: 0\n"
                + " Stopped: 2\n"
                + "Images: 4\n"
                + "Server Version: 0.1.0\n"
                + "Storage Driver: overlay2\n"
                + "Logging Driver: json-file\n"
                + "Cgroup Driver: cgroupfs\n"
                + "Hugetlb Pagesize: 2MB\n"
                + "Kernel Version: 6.1.0\n"
                + "Operating System: Debian GNU/Linux 12 (bookworm)\n"
                + "OSType: linux\n"
                + "Architecture: x86_64\n"
                + "CPUs: 8\n"
                + "Total Memory: 16 GB\n"
                + "Name: host1\n"
                + "iSulad Root Dir: /var/lib/isulad\n"
                + "Http Proxy: \n"
                + "Https Proxy: \n"
                + "No Proxy: \n"
                + "Runtimes: lxc runc\n"
                + "Default Runtime: runc\n"
                + "Image Types: oci external\n",
                InfoFormat.render(i, InfoFormat.hugetlbPagesize(List.of("MemTotal: 1 kB", "Hugepagesize:    2048 kB"))));
    }

    @Test
    void inspectTemplatePaths() throws Exception {
        Object node = MiniJson.parse("{\"Id\":\"x\",\"State\":{\"Status\":\"running\",\"Pid\":7,\"Error\":null},"
                + "\"Config\":{\"Env\":[\"A=1\"],\"Labels\":{}}}");
        assertEquals("x running 7", InspectTemplate.parse("{{.Id}} {{.State.Status}} {{ .State.Pid }}").apply(node));
        assertEquals("[\"A=1\"]", InspectTemplate.parse("{{json .Config.Env}}").apply(node));
        assertEquals("{}", InspectTemplate.parse("{{.Config.Labels}}").apply(node));
        assertEquals("a\tb", InspectTemplate.parse("a\\tb").apply(node));
        assertThrows(TemplateException.class, () -> InspectTemplate.parse("{{.State.Missing}}").apply(node));
        assertThrows(TemplateException.class, () -> InspectTemplate.parse("{{.Id.Deeper}}").apply(node));
        assertThrows(TemplateException.class, () -> InspectTemplate.parse("{{len .Id}}"));
        assertThrows(TemplateException.class, () -> InspectTemplate.parse("{{.Id"));
    }

    @Test
    void prettyJsonUsesFourSpacesAndEmptyBrackets() throws Exception {
        Object node = MiniJson.parse("{\"a\":[],\"b\":{},\"c\":[1]}");
        assertEquals("{\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n        1\n    ]\n}", InspectJson.pretty(node));
    }
}
