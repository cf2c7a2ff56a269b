package dev.jupyship.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.json.Jsons;
import dev.jupyship.testing.Container;
import dev.jupyship.testing.Docker;
import dev.jupyship.testing.RuntimeImage;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The image's {@code sidecar} mode alone, in a container with a memory limit as a notebook pod has:
 * the sidecar answers its health route, sizes its heap to the limit (bin/jupyship: a quarter of it),
 * and the image's health check passes in this mode too.
 */
class ImageSidecarIT {

    @RegisterExtension
    static final RuntimeImage IMAGE = new RuntimeImage();

    private static final long LIMIT_MB = 600;

    @Test
    void theSidecarAloneAnswersWithAHeapThatFitsTheMemoryLimit() throws Exception {
        Container sidecar = IMAGE.start(List.of("--network", "none", "--memory", LIMIT_MB + "m"), "sidecar", "--port", "8890");
        assertEquals(String.valueOf(LIMIT_MB * 1024 * 1024), sidecar.inspect("{{.HostConfig.Memory}}"));
        sidecar.await(Duration.ofMinutes(2), "the sidecar to answer", c -> c.get("http://127.0.0.1:8890/api/health", "").status() == 200);
        Container.Answer health = sidecar.get("http://127.0.0.1:8890/api/health", "");
        assertEquals("ok", Jsons.MAPPER.readTree(health.body()).path("status").asText(), health.body());

        // The JVM's own maximum heap, as the sidecar logs it when it starts.
        Matcher heap = Pattern.compile("heap limit (\\d+) MB").matcher(sidecar.logs());
        assertTrue(heap.find(), sidecar.logs());
        long heapMb = Long.parseLong(heap.group(1));
        assertTrue(heapMb <= LIMIT_MB / 4 && heapMb >= LIMIT_MB / 4 - 16, "a heap of " + heapMb + " MB in a " + LIMIT_MB + " MB container");

        List<Container.Proc> processes = sidecar.processes();
        assertTrue(processes.stream().anyMatch(p -> p.commandLine().contains("-Xmx" + LIMIT_MB / 4 + "m")), processes.toString());
        assertTrue(processes.stream().allMatch(p -> p.uid() == 1000), processes.toString());

        assertEquals(0, sidecar.exec("/opt/jupyship/image/start", "health").code(), "the health check in sidecar mode");

        // In a terminal of the pod, the jupyship command hands lint to this sidecar, with curl, and prints what
        // its own JVM prints; no jar to fall back on proves the sidecar answered.
        sidecar.exec("bash", "-c", "printf '%s' '{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": null, \"id\": \"a\","
                + " \"metadata\": {}, \"outputs\": [], \"source\": [\"import pickle\"]}], \"metadata\": {}, \"nbformat\": 4,"
                + " \"nbformat_minor\": 5}' > /home/jovyan/work/train.ipynb").ok();
        Docker.Result own = sidecar.exec("bash", "-c", "cd /home/jovyan/work && JUPYSHIP_NO_SIDECAR=1 jupyship lint --no-standard train.ipynb");
        Docker.Result handedOff = sidecar.exec("bash", "-c", "cd /home/jovyan/work && JUPYSHIP_JAR=/nonexistent jupyship lint --no-standard train.ipynb");
        assertTrue(own.out().contains("train.ipynb:cell 1:"), own.out() + own.err());
        assertEquals(own.out(), handedOff.out(), handedOff.err());
        assertEquals(own.code(), handedOff.code());
        assertEquals("sidecar", sidecar.exec("cat", "/tmp/jupyship-mode").ok().strip());
    }
}
