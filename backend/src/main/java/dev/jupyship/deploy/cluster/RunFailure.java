package dev.jupyship.deploy.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jupyship.run.CellFailure;
import dev.jupyship.run.RunResult;
import java.util.List;

/**
 * Why a run did not succeed, in the user's terms: never a bare "failed".
 *
 * @param kind      cell-error, kernel-died, timed-out, cancelled, papermill, store, interrupted, cluster; on
 *                  Kubernetes also out-of-memory, evicted, image-pull, pod-failed
 * @param summary   one sentence a person can act on
 * @param cell      the failing cell (or the last cell that started), 0-based over the notebook as deployed; null when unknown
 * @param source    that cell's source
 * @param ename     the exception's class
 * @param evalue    the exception's message
 * @param traceback the traceback, without colours
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunFailure(String kind, String summary, Integer cell, String source, String ename, String evalue, List<String> traceback) {

    public static RunFailure of(String kind, String summary) {
        return new RunFailure(kind, summary, null, null, null, null, null);
    }

    /** From the papermill engine's result. */
    public static RunFailure from(RunResult result) {
        CellFailure at = result.failure();
        String kind = switch (result.outcome()) {
            case CELL_FAILED -> "cell-error";
            case KERNEL_DIED -> "kernel-died";
            case TIMED_OUT -> "timed-out";
            case CANCELLED -> "cancelled";
            case PAPERMILL_FAILED, SUCCEEDED -> "papermill";
        };
        String summary = switch (result.outcome()) {
            case CELL_FAILED -> at == null ? result.message() : raised(at);
            case KERNEL_DIED -> "the Python kernel died (often out of memory, or a crash in native code): " + result.message();
            default -> result.message();
        };
        return at(kind, summary, at);
    }

    /** A failure at a cell (the failing one, or the last that started), or nowhere in particular when {@code at} is null. */
    public static RunFailure at(String kind, String summary, CellFailure at) {
        if (at == null) {
            return of(kind, summary);
        }
        return new RunFailure(kind, summary, at.cell(), at.source(), at.ename(), at.evalue(),
                at.traceback() == null || at.traceback().isEmpty() ? null : at.traceback());
    }

    /** "cell 3 raised ValueError: no data": a cell's exception in one line, cells counted from 1 as people count them. */
    public static String raised(CellFailure at) {
        return "cell " + (at.cell() + 1) + " raised " + at.ename() + (at.evalue() == null || at.evalue().isEmpty() ? "" : ": " + at.evalue());
    }
}
