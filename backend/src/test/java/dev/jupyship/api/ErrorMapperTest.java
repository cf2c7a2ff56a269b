package dev.jupyship.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.cluster.BatchCluster.ClusterException;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.DomainError;
import dev.jupyship.errors.NotFound;
import dev.jupyship.errors.Refused;
import dev.jupyship.errors.Unavailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The domain's errors get the status of their kind; anything else is the sidecar's fault, never the caller's. */
class ErrorMapperTest {

    @Test
    void domainErrorsAnswerTheStatusOfTheirKind() {
        assertEquals(new ErrorMapper.Error(400, "bad"), ErrorMapper.map(new BadInput("bad"), null));
        assertEquals(new ErrorMapper.Error(403, "out"), ErrorMapper.map(new Refused("out"), null));
        assertEquals(new ErrorMapper.Error(404, "none"), ErrorMapper.map(new NotFound("none"), null));
        assertEquals(new ErrorMapper.Error(409, "ended"), ErrorMapper.map(new Conflict("ended"), null));
        assertEquals(new ErrorMapper.Error(503, "later"), ErrorMapper.map(new Unavailable("later"), null));
        assertEquals(new ErrorMapper.Error(404, "x.ipynb: no such file"),
                ErrorMapper.map(new UncheckedIOException(new NoSuchFileException("x.ipynb")), null));
        assertEquals(418, ErrorMapper.map(new ApiException(418, "teapot"), null).status());
        // The cluster's refusals: its own words, and the status of what is wrong (never a 500 with a stack trace in the log)
        assertEquals(new ErrorMapper.Error(503, "the API server did not answer"), ErrorMapper.map(
                new UncheckedIOException(new ClusterException(DomainError.Kind.UNAVAILABLE, "the API server did not answer")), null));
        assertEquals(403, ErrorMapper.map(new ClusterException(DomainError.Kind.REFUSED, "forbidden"), null).status());
    }

    @Test
    void unexpectedErrorsAreInternalNotTheCallersFault() {
        for (RuntimeException bug : new RuntimeException[] {new IllegalArgumentException("a bug"), new NullPointerException(),
                new IllegalStateException("a bug")}) {
            ErrorMapper.Error mapped = ErrorMapper.map(bug, null);
            assertEquals(500, mapped.status(), bug.toString());
            assertTrue(mapped.message().startsWith("internal error in the jupyship sidecar (" + bug.getClass().getSimpleName()), mapped.message());
            assertFalse(mapped.message().contains("a bug"), "the details go to the log, not to the caller");
        }
        assertEquals(500, ErrorMapper.map(new IOException("broken pipe"), null).status());
    }
}
