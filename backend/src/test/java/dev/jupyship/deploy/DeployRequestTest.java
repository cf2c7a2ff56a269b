package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployRequestTest {

    @Test
    void aNullParameterIsKeptInOrderNotACrash() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("seed", 1);
        given.put("run_date", null);
        DeployRequest request = new DeployRequest("nb.ipynb", null, given, null, false, null);
        assertEquals(List.of("seed", "run_date"), List.copyOf(request.parameters().keySet()));
        assertTrue(request.parameters().containsKey("run_date"));
        assertThrows(UnsupportedOperationException.class, () -> request.parameters().put("x", 1));
        assertEquals(Map.of(), new DeployRequest("nb.ipynb", null, null, null, false, null).parameters());
    }
}
