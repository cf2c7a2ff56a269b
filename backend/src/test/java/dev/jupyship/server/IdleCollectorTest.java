package dev.jupyship.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class IdleCollectorTest {

    private static final HotSpotDiagnosticMXBean VM = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    private static String flag(String name) {
        return VM.getVMOption(name).getValue();
    }

    @Test
    void theTightCollectionGivesTheHeapItsHeadroomBack() {
        String min = flag("MinHeapFreeRatio");
        String max = flag("MaxHeapFreeRatio");
        long collections = collections();
        IdleCollector.collectTightly();
        assertTrue(collections() > collections, "it collected");
        assertEquals(min, flag("MinHeapFreeRatio"), "MinHeapFreeRatio as before");
        assertEquals(max, flag("MaxHeapFreeRatio"), "MaxHeapFreeRatio as before");
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum();
    }
}
