package dev.jupyship.api;

import java.time.Duration;

/**
 * The bounds that keep slow or dead clients and bursts of work from starving the sidecar: how long
 * a client may take to send its headers and its body, how long a connection may sit idle or leave
 * an answer unread, how much work runs at once and waits, how many logs are followed at once, how
 * many body bytes are held at once, and how long a stop may take.
 *
 * @param headerTimeout   time to send a request's headers once begun
 * @param bodyTimeout     time to send a request's whole body
 * @param idleTimeout     a kept-alive connection without a request is closed after this
 * @param writeTimeout    a client that reads nothing of a pending answer for this long is dropped
 * @param heavyThreads    lint, export, test, deploy and review requests running at once
 * @param heavyCapacity   such requests running or waiting; more are answered 503 with Retry-After
 * @param lightThreads    other requests running at once (run lists, rules, snippets)
 * @param lightCapacity   such requests running or waiting
 * @param maxFollowers    logs followed ({@code ?follow=true}) at once
 * @param bufferedBodies  request body bytes held in memory at once, across requests
 * @param stopTimeout     how long a stop lets running requests finish before it closes everything
 */
public record ServerLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, Duration writeTimeout,
                           int heavyThreads, int heavyCapacity, int lightThreads, int lightCapacity, int maxFollowers,
                           long bufferedBodies, Duration stopTimeout) {

    /**
     * What a notebook pod gets: heavy work on all cores but one (that one keeps health checks, IO and
     * the user's kernels responsive), bodies bounded by a few times the body limit.
     */
    public static ServerLimits defaults(long maxBodyBytes) {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        int heavy = Math.max(1, cores - 1);
        return new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60),
                heavy, Math.max(16, heavy * 8), 4, 64, 64, Math.max(2 * maxBodyBytes, 32L << 20), Duration.ofSeconds(10));
    }

    public ServerLimits withStopTimeout(Duration timeout) {
        return new ServerLimits(headerTimeout, bodyTimeout, idleTimeout, writeTimeout, heavyThreads, heavyCapacity, lightThreads,
                lightCapacity, maxFollowers, bufferedBodies, timeout);
    }

    public ServerLimits withTimeouts(Duration header, Duration body, Duration idle) {
        return new ServerLimits(header, body, idle, writeTimeout, heavyThreads, heavyCapacity, lightThreads, lightCapacity, maxFollowers,
                bufferedBodies, stopTimeout);
    }
}
