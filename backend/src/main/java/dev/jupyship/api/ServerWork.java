package dev.jupyship.api;

/**
 * Where requests run, and the bounds on them ({@link ServerLimits}): bodies read as they arrive
 * without a thread, heavy work (lint, export, tests, deploys, reviews) and light work (lists, rules,
 * snippets) each in its own bounded pool, and followed logs sent without a thread each.
 */
public final class ServerWork implements AutoCloseable {

    final BodyReader bodies;
    final WorkPool light;
    final WorkPool heavy;
    final FeedStreams feeds;

    public ServerWork(ServerLimits limits, long maxBodyBytes) {
        this.bodies = new BodyReader(maxBodyBytes, limits.bodyTimeout().toMillis(), limits.bufferedBodies());
        this.light = new WorkPool("jupyship-light", limits.lightThreads(), limits.lightCapacity());
        this.heavy = new WorkPool("jupyship-heavy", limits.heavyThreads(), limits.heavyCapacity());
        this.feeds = new FeedStreams(limits.maxFollowers());
    }

    /** What is under way now: requests running or waiting in each pool, logs being followed, body bytes held. */
    public record Activity(int light, int heavy, int followers, long bodyBytes) {
    }

    public Activity activity() {
        return new Activity(light.inFlight(), heavy.inFlight(), feeds.open(), bodies.held());
    }

    /** Requests taken for work since the start: it grows while the sidecar is busy. */
    public long workStarted() {
        return light.admitted() + heavy.admitted();
    }

    /**
     * For a stop: ends every followed log (it would last as long as its run) and drops clients still
     * sending a body (they could take the whole body timeout). Running work is left to finish.
     */
    public void stopWaiting() {
        feeds.close();
        bodies.dropAll();
    }

    @Override
    public void close() {
        feeds.close();
        light.close();
        heavy.close();
    }
}
