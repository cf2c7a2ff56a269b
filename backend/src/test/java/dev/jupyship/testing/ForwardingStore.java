package dev.jupyship.testing;

import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.deploy.store.KeyPage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** A store that passes every call to another: tests override what they count or break. */
public class ForwardingStore implements ArtifactStore {

    protected final ArtifactStore inner;

    public ForwardingStore(ArtifactStore inner) {
        this.inner = inner;
    }

    @Override
    public void put(String key, InputStream data) throws IOException {
        inner.put(key, data);
    }

    @Override
    public InputStream get(String key) throws IOException {
        return inner.get(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return inner.exists(key);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return inner.stat(key);
    }

    @Override
    public Optional<Versioned> readVersioned(String key) throws IOException {
        return inner.readVersioned(key);
    }

    @Override
    public Optional<String> putIfVersion(String key, byte[] data, String expectedVersion) throws IOException {
        return inner.putIfVersion(key, data, expectedVersion);
    }

    @Override
    public KeyPage list(String prefix, int pageSize, String after) throws IOException {
        return inner.list(prefix, pageSize, after);
    }

    @Override
    public void delete(String key) throws IOException {
        inner.delete(key);
    }

    @Override
    public String location(String key) {
        return inner.location(key);
    }

    @Override
    public String rootLocation() {
        return inner.rootLocation();
    }

    @Override
    public Map<String, String> clientEnvironment() {
        return inner.clientEnvironment();
    }
}
