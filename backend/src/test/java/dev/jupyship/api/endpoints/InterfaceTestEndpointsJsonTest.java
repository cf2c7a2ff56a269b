package dev.jupyship.api.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.contract.Check;
import dev.jupyship.contract.InterfaceTestReport;
import dev.jupyship.json.Jsons;
import dev.jupyship.run.CellFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interface-test routes' records write the JSON the extension and the CLI's users read. */
class InterfaceTestEndpointsJsonTest {

    private static String json(Object value) throws Exception {
        return Jsons.MAPPER.writeValueAsString(value);
    }

    @Test
    void aRunningTestSaysItsCellAndAnEndedOneItsReport() throws Exception {
        assertEquals("{\"id\":\"t1\",\"status\":\"running\",\"progress\":\"running cell 3 of 7\",\"cell\":3,\"cells\":7}",
                json(new InterfaceTestEndpoints.TestView("t1", "running", "running cell 3 of 7",
                        new InterfaceTestEndpoints.Running(3, 7), null)));
        InterfaceTestEndpoints.Report report = new InterfaceTestEndpoints.Report("nb.ipynb", List.of(), null, ".jupyship/test-runs/t1",
                new InterfaceTestReport.Timings(1, 2, 3, 6));
        assertEquals("{\"id\":\"t1\",\"status\":\"failed\",\"progress\":\"failed\",\"path\":\"nb.ipynb\",\"checks\":[],"
                + "\"executedNotebook\":null,\"workDir\":\".jupyship/test-runs/t1\","
                + "\"timings\":{\"staticMillis\":1,\"runMillis\":2,\"verifyMillis\":3,\"totalMillis\":6}}",
                json(new InterfaceTestEndpoints.TestView("t1", "failed", "failed", null, report)));
    }

    @Test
    void aFailedCellIsTheCheckCellAndAnyOtherDetailItsDetails() throws Exception {
        CellFailure failure = new CellFailure(2, "1/0", "ZeroDivisionError", "division by zero", List.of("tb"));
        assertEquals(List.of("{\"name\":\"run\",\"passed\":false,\"message\":\"failed\",\"cell\":" + json(failure) + "}",
                        "{\"name\":\"metric\",\"passed\":false,\"message\":\"out\",\"details\":{\"value\":2}}",
                        "{\"name\":\"writes\",\"passed\":true,\"message\":\"none\"}"),
                InterfaceTestEndpoints.checks(List.of(new Check("run", false, "failed", failure),
                        new Check("metric", false, "out", Map.of("value", 2)), new Check("writes", true, "none", null)))
                        .stream().map(check -> {
                            try {
                                return json(check);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }).toList());
    }
}
