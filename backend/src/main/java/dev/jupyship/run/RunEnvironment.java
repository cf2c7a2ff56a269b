package dev.jupyship.run;

import dev.jupyship.errors.BadInput;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a notebook run starts with: an allow-list of the sidecar's variables, never the
 * whole of it, so the sidecar's token and whatever else it was given for itself never reach a
 * notebook (which could print them into its executed notebook and log). What a notebook
 * legitimately needs passes: the PATH and locale, the Python environment, Google Cloud credentials
 * and the store emulator, proxies and certificates, thread and plotting settings. A team adds its
 * own names with {@code [deploy] pass_environment} in {@code jupyship.toml} ({@code NAME}, or
 * {@code PREFIX*}); the sidecar's own secrets are refused even there.
 */
public final class RunEnvironment {

    /** Passed by name. */
    private static final Set<String> NAMES = Set.of(
            "PATH", "LANG", "LANGUAGE", "TZ", "USER", "LOGNAME", "SHELL", "TERM", "HOSTNAME",
            "JUPYSHIP_VENV", "JUPYSHIP_PROJECT", "VIRTUAL_ENV", "CONDA_PREFIX", "CONDA_DEFAULT_ENV", "JUPYTER_PATH", "JUPYTER_DATA_DIR",
            "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT", "STORAGE_EMULATOR_HOST",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
            "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "PIP_CERT",
            "MPLBACKEND", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_MAX_THREADS",
            "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "JUPYTER_IMAGE", "JUPYTERHUB_USER");
    /** Passed by prefix: the locale's categories and Python's own settings. */
    private static final List<String> PREFIXES = List.of("LC_", "PYTHON");
    /** The sidecar's own secrets: never passed, whatever the configuration says. */
    private static final Set<String> NEVER = Set.of("JUPYSHIP_TOKEN", "JUPYTER_TOKEN", "JPY_API_TOKEN", "JUPYTERHUB_API_TOKEN",
            "JUPYTERHUB_COOKIE_SECRET", "JUPYTERHUB_CRYPT_KEY", "CONFIGPROXY_AUTH_TOKEN");

    private final List<String> extra;
    private final Map<String, String> fixed;

    /** @param extra the configured additions, {@code NAME} or {@code PREFIX*} */
    public RunEnvironment(List<String> extra) {
        this(extra, Map.of());
    }

    /**
     * @param extra the configured additions, {@code NAME} or {@code PREFIX*}
     * @param fixed set in every run whatever the parent has: what reaches the runs' store from the
     *              notebook, as a batch pod gets it ({@code ArtifactStore.clientEnvironment})
     */
    public RunEnvironment(List<String> extra, Map<String, String> fixed) {
        for (String entry : extra) {
            String problem = problem(entry);
            if (problem != null) {
                throw new BadInput(problem);
            }
        }
        for (String name : fixed.keySet()) {
            if (NEVER.contains(name)) {
                throw new IllegalArgumentException(name + " is a secret of the sidecar's own, which runs never get");
            }
        }
        this.extra = List.copyOf(extra);
        this.fixed = Map.copyOf(fixed);
    }

    public static RunEnvironment standard() {
        return new RunEnvironment(List.of());
    }

    /** Why a configured entry is refused, or null. */
    public static String problem(String entry) {
        if (entry == null || !entry.matches("[A-Za-z_][A-Za-z0-9_]*\\*?")) {
            return "pass_environment entry '" + entry + "' is not a variable name (NAME, or PREFIX* for every name starting with PREFIX)";
        }
        for (String secret : NEVER) {
            if (entry.endsWith("*") ? secret.startsWith(entry.substring(0, entry.length() - 1)) : secret.equals(entry)) {
                return "pass_environment entry '" + entry + "' would pass " + secret + ", a secret of the sidecar's own, which runs never get";
            }
        }
        return null;
    }

    /** The variables of {@code parent} a run may see, and the fixed ones. */
    public Map<String, String> filter(Map<String, String> parent) {
        Map<String, String> passed = new TreeMap<>();
        parent.forEach((name, value) -> {
            if (!NEVER.contains(name) && allowed(name)) {
                passed.put(name, value);
            }
        });
        passed.putAll(fixed);
        return passed;
    }

    private boolean allowed(String name) {
        if (NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith)) {
            return true;
        }
        return extra.stream().anyMatch(entry -> entry.endsWith("*") ? name.startsWith(entry.substring(0, entry.length() - 1)) : name.equals(entry));
    }
}
