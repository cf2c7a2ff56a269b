package dev.jupyship.deploy;

/**
 * One lock per run id, without interning strings (an interned id is a lock any code in the JVM may
 * take): a fixed set of stripes, the id's hash picking one. Two runs may share a stripe, which only
 * serializes their few milliseconds of bookkeeping; the set never grows.
 */
final class RunLocks {

    private static final int STRIPES = 64;

    private final Object[] stripes = new Object[STRIPES];

    RunLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    Object of(String runId) {
        return stripes[Math.floorMod(runId.hashCode(), STRIPES)];
    }
}
