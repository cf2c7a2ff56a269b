package dev.jupyship.deploy.store;

import com.google.api.gax.paging.Page;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.jupyship.errors.BadInput;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The store in a Google Cloud Storage bucket, under an optional prefix: key {@code k} is the object
 * {@code gs://bucket/prefix/k}. Uses Google's client over HTTP (JSON API), not gRPC.
 *
 * <p>Atomicity comes from GCS itself: an object appears only when its upload is finalized. Streams
 * go through a resumable upload ({@link Storage#writer}), which sends chunks as they fill and
 * finalizes on close; a stream that fails midway is abandoned without that close, so no object, not
 * even a partial one, is created (an unfinished session expires on its own after a week).
 *
 * <p>Credentials are Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, the
 * gcloud login, or the pod's workload identity), looked up on first use only, so opening a store
 * needs none. With an endpoint (an emulator such as fake-gcs-server) no credentials are sent.
 * Failures become {@link ArtifactStoreException}s that say what to change (missing bucket, refused
 * credentials, missing permission, no network), never the client's stack trace.
 */
public final class GcsArtifactStore implements ArtifactStore {

    /** The project sent to an emulator, which wants one for bucket operations only. */
    private static final String EMULATOR_PROJECT = "jupyship-emulator";
    /** GCS's naming rules for buckets, checked before any request so a typo is named as one. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");

    /** How many times a request GCS may have missed is sent, unless told otherwise (the client's default policy otherwise). */
    public static final int ATTEMPTS = 6;

    private final String bucket;
    private final String prefix;
    private final String endpoint;
    private final int attempts;
    private Storage client;

    /**
     * @param bucket   the bucket's name
     * @param prefix   the folder in the bucket, or null / blank for its root
     * @param endpoint the GCS API's address ({@code http://127.0.0.1:4443}) for an emulator, or null for Google's
     */
    public GcsArtifactStore(String bucket, String prefix, String endpoint) {
        this(bucket, prefix, endpoint, ATTEMPTS);
    }

    /** The same, sending a request GCS may have missed up to {@code attempts} times. */
    public GcsArtifactStore(String bucket, String prefix, String endpoint, int attempts) {
        this.attempts = attempts;
        if (bucket == null || bucket.isBlank()) {
            throw new BadInput("the gcs store needs a bucket ([store] bucket = \"...\")");
        }
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new BadInput("[store] bucket '" + bucket + "' is not a GCS bucket name (3 to 63 lowercase letters, "
                    + "digits, '-', '_' or '.', starting and ending with a letter or digit)");
        }
        this.bucket = bucket;
        String folder = prefix == null ? "" : prefix.strip().replaceAll("^/+|/+$", "");
        if (!folder.isEmpty() && !isKey(folder)) {
            throw new BadInput("[store] prefix '" + prefix + "' must be /-separated names, none empty, . or ..");
        }
        this.prefix = folder.isEmpty() ? "" : folder + "/";
        this.endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
        if (this.endpoint != null && !isHttpAddress(this.endpoint)) {
            throw new BadInput("[store] endpoint '" + endpoint + "' is not an http(s)://host:port address");
        }
    }

    private static boolean isKey(String text) {
        try {
            ArtifactStore.checkKey(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isHttpAddress(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public String bucket() {
        return bucket;
    }

    /** The client, made on first use: until then nothing needs credentials or the network. */
    synchronized Storage client() throws IOException {
        if (client == null) {
            HttpStorageOptions.Builder options = StorageOptions.http()
                    .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(attempts).build());
            if (endpoint != null) {
                options.setHost(endpoint).setProjectId(EMULATOR_PROJECT).setCredentials(NoCredentials.getInstance());
            } else {
                options.setCredentials(applicationDefaultCredentials());
            }
            client = options.build().getService();
        }
        return client;
    }

    private static GoogleCredentials applicationDefaultCredentials() throws IOException {
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            // The client would otherwise go on without credentials and fail later with a bare 401.
            throw new ArtifactStoreException("no Google credentials for the gcs store: set GOOGLE_APPLICATION_CREDENTIALS to a key file, "
                    + "run 'gcloud auth application-default login', or run where a service account is attached", e);
        }
    }

    private BlobId blob(String key) {
        return BlobId.of(bucket, prefix + ArtifactStore.checkKey(key));
    }

    /** One call to GCS; what it throws comes out as {@link #failure}, once, for every method. */
    @FunctionalInterface
    private interface Request<T> {
        T send(Storage client) throws IOException;
    }

    private <T> T request(String action, String key, Request<T> request) throws IOException {
        try {
            return request.send(client());
        } catch (IOException | RuntimeException e) {
            throw translated(action, key, e);
        }
    }

    @Override
    public void put(String key, InputStream data) throws IOException {
        BlobInfo info = BlobInfo.newBuilder(blob(key)).build();
        request("write", key, client -> {
            WriteChannel writer = client.writer(info);
            // A failing stream leaves here before close(): the upload stays unfinished, so nothing appears.
            data.transferTo(Channels.newOutputStream(writer));
            writer.close();
            return null;
        });
    }

    /** One request for values already in memory (manifests, logs): a single multipart upload. */
    @Override
    public void put(String key, byte[] data) throws IOException {
        BlobInfo info = BlobInfo.newBuilder(blob(key)).build();
        request("write", key, client -> client.create(info, data));
    }

    @Override
    public InputStream get(String key) throws IOException {
        Blob found = metadata(key);
        if (found == null) {
            throw missing(key);
        }
        // Pinned to the generation just seen: a put meanwhile cannot splice two values into one read.
        BlobId exact = BlobId.of(bucket, found.getName(), found.getGeneration());
        InputStream in = request("read", key, client -> Channels.newInputStream(client.reader(exact)));
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return request("read", key, client -> super.read(b, off, len));
            }
        };
    }

    @Override
    public byte[] read(String key) throws IOException {
        return request("read", key, client -> {
            try {
                return client.readAllBytes(blob(key));
            } catch (StorageException e) {
                if (e.getCode() == 404) {
                    throw missing(key);
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<Versioned> readVersioned(String key) throws IOException {
        return request("read", key, client -> {
            // The bytes of the generation the metadata named; replaced meanwhile, read the new one.
            for (int attempt = 1; ; attempt++) {
                Blob found = client.get(blob(key));
                if (found == null) {
                    return Optional.empty();
                }
                try {
                    byte[] data = client.readAllBytes(BlobId.of(bucket, found.getName(), found.getGeneration()));
                    return Optional.of(new Versioned(data, Long.toString(found.getGeneration())));
                } catch (StorageException e) {
                    if (e.getCode() != 404 || attempt == attempts) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Blob found = metadata(key);
        return found == null ? Optional.empty() : Optional.of(new ObjectInfo(found.getSize(), "crc32c-" + found.getCrc32c()));
    }

    /** GCS's own preconditions: {@code ifGenerationMatch}, or {@code ifGenerationMatch=0} for "no such object". */
    @Override
    public Optional<String> putIfVersion(String key, byte[] data, String expectedVersion) throws IOException {
        BlobId id = expectedVersion == null ? blob(key) : BlobId.of(bucket, blob(key).getName(), generation(expectedVersion));
        Storage.BlobTargetOption condition = expectedVersion == null ? Storage.BlobTargetOption.doesNotExist()
                : Storage.BlobTargetOption.generationMatch();
        return request("write", key, client -> {
            try {
                return Optional.of(Long.toString(client.create(BlobInfo.newBuilder(id).build(), data, condition).getGeneration()));
            } catch (StorageException e) {
                if (e.getCode() == 412) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static long generation(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + version + "' is not a version of a GCS object (a generation number)", e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return metadata(key) != null;
    }

    private Blob metadata(String key) throws IOException {
        return request("read", key, client -> client.get(blob(key)));
    }

    /**
     * One listing request: GCS lists in UTF-8 byte order (the contract's {@link ArtifactStore#ORDER})
     * and starts at {@code startOffset}, inclusive, so a page after a key asks for one more and drops
     * that key.
     */
    @Override
    public KeyPage list(String keyPrefix, int pageSize, String after) throws IOException {
        ArtifactStore.checkPageSize(pageSize);
        return request("list", keyPrefix, client -> {
            List<Storage.BlobListOption> options = new ArrayList<>(List.of(Storage.BlobListOption.prefix(prefix + keyPrefix),
                    Storage.BlobListOption.pageSize(pageSize + 1L)));
            if (after != null) {
                options.add(Storage.BlobListOption.startOffset(prefix + after));
            }
            Page<Blob> page = client.list(bucket, options.toArray(Storage.BlobListOption[]::new));
            List<String> found = new ArrayList<>();
            for (Blob blob : page.getValues()) {
                String key = blob.getName().substring(prefix.length());
                if (after == null || ORDER.compare(key, after) > 0) {
                    found.add(key);
                }
            }
            // Whatever came beyond the page size says more follow, as does a page token.
            found.sort(ORDER);
            if (found.size() > pageSize) {
                return new KeyPage(found.subList(0, pageSize), found.get(pageSize - 1));
            }
            return new KeyPage(found, page.hasNextPage() && !found.isEmpty() ? found.get(found.size() - 1) : null);
        });
    }

    @Override
    public void delete(String key) throws IOException {
        request("delete", key, client -> client.delete(blob(key)));
    }

    /** gcsfs (papermill's and fsspec's {@code gs://}) talks to an emulator named by this variable, and needs no credentials then. */
    @Override
    public java.util.Map<String, String> clientEnvironment() {
        return endpoint == null ? java.util.Map.of() : java.util.Map.of("STORAGE_EMULATOR_HOST", endpoint);
    }

    @Override
    public String location(String key) {
        return "gs://" + bucket + "/" + prefix + ArtifactStore.checkKey(key);
    }

    @Override
    public String rootLocation() {
        return ("gs://" + bucket + "/" + prefix).replaceAll("/$", "");
    }

    private NoSuchFileException missing(String key) {
        return new NoSuchFileException(key, null, "no such key in the store at gs://" + bucket + "/" + prefix);
    }

    /** The client's failures as {@link #failure}; the caller's own stream's errors (and a missing key) as they are. */
    private IOException translated(String action, String key, Exception e) {
        if (e instanceof StorageException se) {
            return failure(action, key, se);
        }
        if (e.getCause() instanceof StorageException se) {
            return failure(action, key, se);
        }
        if (e instanceof IOException io) {
            return io;
        }
        return new ArtifactStoreException("could not " + action + " gs://" + bucket + "/" + prefix + key + ": " + e.getMessage(), e);
    }

    /** The client's exception as a sentence that says what to do. */
    private ArtifactStoreException failure(String action, String key, StorageException e) {
        String where = "gs://" + bucket + "/" + prefix + key;
        String reason = switch (e.getCode()) {
            case 404 -> "the bucket '" + bucket + "' does not exist (or these credentials cannot see it)";
            case 401 -> "GCS refused the credentials; check GOOGLE_APPLICATION_CREDENTIALS or 'gcloud auth application-default login'";
            case 403 -> "these credentials may not " + action + " objects in bucket '" + bucket
                    + "'; grant them a role such as roles/storage.objectUser on it";
            case 0 -> "GCS could not be reached (" + e.getMessage() + ")";
            default -> "GCS answered " + e.getCode() + ": " + e.getMessage();
        };
        return new ArtifactStoreException("could not " + action + " " + where + ": " + reason, e);
    }
}
