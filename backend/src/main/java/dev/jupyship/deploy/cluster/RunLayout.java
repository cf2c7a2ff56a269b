package dev.jupyship.deploy.cluster;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a run's files live in the store, and how run ids are made:
 * <pre>
 * runs/&lt;project&gt;/&lt;notebook path&gt;/&lt;run id&gt;/input.ipynb       the notebook as deployed
 *                                            executed.ipynb    papermill's output
 *                                            artifacts/...     the run's output_dir
 *                                            metrics.json      output_dir/metrics.json, copied
 *                                            log.txt           papermill's log
 *                                            manifest.json     last
 * </pre>
 */
public final class RunLayout {

    public static final String ROOT = "runs/";
    public static final String MANIFEST = "manifest.json";
    public static final String INPUT = "input.ipynb";
    public static final String EXECUTED = "executed.ipynb";
    public static final String METRICS = "metrics.json";
    public static final String LOG = "log.txt";
    public static final String ARTIFACTS = "artifacts/";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private RunLayout() {
    }

    /** A new id, sortable by time to the second ({@code 20261128T023000Z-ab12cd}). */
    public static String newId(Instant now) {
        StringBuilder id = new StringBuilder(STAMP.format(now)).append('-');
        for (int i = 0; i < 6; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    public static boolean isId(String text) {
        return text != null && text.matches("\\d{8}T\\d{6}Z-[a-z0-9]{6}");
    }

    public static String prefix(String project, String notebook, String id) {
        return ROOT + project + "/" + notebook + "/" + id + "/";
    }

    /**
     * The run id when the key is a run's manifest ({@code runs/p/nb.ipynb/ID/manifest.json}), else
     * null: a {@code manifest.json} among a run's artifacts is the notebook's, not the run's.
     */
    public static String manifestRunId(String key) {
        String[] segments = key.split("/");
        int n = segments.length;
        if (n < 4 || !key.startsWith(ROOT) || !segments[n - 1].equals(MANIFEST) || !isId(segments[n - 2])) {
            return null;
        }
        for (int i = 1; i < n - 2; i++) {
            if (isId(segments[i])) {
                return null;
            }
        }
        return segments[n - 2];
    }
}
