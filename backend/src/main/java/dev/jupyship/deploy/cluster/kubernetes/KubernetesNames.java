package dev.jupyship.deploy.cluster.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names jupyship gives Kubernetes objects, and the label and annotation keys it uses. Label
 * values are limited (63 characters of {@code [A-Za-z0-9-_.]}, alphanumeric at both ends), so a
 * notebook path or a user name becomes a sanitised label for selection and stays whole in an
 * annotation.
 */
public final class KubernetesNames {

    public static final String PREFIX = "jupyship.dev/";
    public static final String RUN = PREFIX + "run";
    public static final String NOTEBOOK = PREFIX + "notebook";
    public static final String USER = PREFIX + "user";
    public static final String AUTHOR = PREFIX + "author";
    /**
     * The machine (notebook pod) that deployed a run and follows it: each sidecar watches only the
     * Jobs and pods carrying its own, so its watch and cache do not grow with everyone else's runs.
     */
    public static final String OWNER = PREFIX + "owner";
    /** Annotation: the run's folder in the artifact store, so a restarted sidecar finds a Job's outputs. */
    public static final String STORE = PREFIX + "store";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "jupyship";
    /** The container of the Job template the sidecar fills in and reads the state of. */
    public static final String CONTAINER = "notebook";
    /** The label the Job controller puts on a Job's pods. */
    public static final String JOB_NAME = "job-name";

    static final int MAX_LABEL = 63;
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private KubernetesNames() {
    }

    /** {@code jupyship-<run id>} in lower case: a DNS-1123 label, so also a valid pod-name prefix and job-name label. */
    public static String jobName(String runId) {
        String name = ("jupyship-" + runId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        name = trim(name.length() > MAX_LABEL ? name.substring(0, MAX_LABEL) : name, "[^a-z0-9]");
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("run id '" + runId + "' gives no valid Job name");
        }
        return name;
    }

    /**
     * A valid label value that reads like the original: other characters become {@code -}, the ends
     * are trimmed to alphanumerics, and a value cut to fit keeps a hash of the whole so that two
     * long paths sharing a beginning still differ.
     */
    public static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        String clean = trim(value.replaceAll("[^A-Za-z0-9._-]+", "-"), "[^A-Za-z0-9]");
        if (clean.length() > MAX_LABEL) {
            String hash = sha256(value).substring(0, 10);
            clean = trim(clean.substring(0, MAX_LABEL - hash.length() - 1), "[^A-Za-z0-9]") + "-" + hash;
        }
        return clean;
    }

    public static boolean isLabelValue(String value) {
        return value.length() <= MAX_LABEL && LABEL_VALUE.matcher(value).matches();
    }

    public static boolean isDnsLabel(String value) {
        return value.length() <= MAX_LABEL && DNS_LABEL.matcher(value).matches();
    }

    private static String trim(String text, String unwanted) {
        return text.replaceAll("^(" + unwanted + ")+", "").replaceAll("(" + unwanted + ")+$", "");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
