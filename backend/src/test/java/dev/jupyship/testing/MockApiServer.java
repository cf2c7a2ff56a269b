package dev.jupyship.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * fabric8's mock API server in CRUD mode for each test, as {@code @EnableKubernetesMockClient(crud = true)}
 * gives it (the test's {@link KubernetesMockServer} and {@link KubernetesClient} fields are set), but
 * with a stop that a known fault of the mock does not turn into a failed test:
 * <pre>
 * &#64;RegisterExtension
 * final MockApiServer mock = new MockApiServer();          // a server each test: instance fields
 * &#64;RegisterExtension
 * static final MockApiServer MOCK = new MockApiServer();   // one for the class: static fields
 * </pre>
 * In kubernetes-server-mock 7.9, a watch its client closes while the mock is still sending it an
 * event blocks the mock's event loop for up to a minute ({@code WatchEventsListener.onClosed} awaits
 * the sender on that loop; fabric8 issue 7857, fixed in 8.0, which needs Jackson 3), and the mock's
 * own stop then gives up after 10 s with "Unable to close MockWebServer". That is a fault of the
 * stand-in's shutdown, after every assertion has run: it is logged, and the stuck loop ends by itself.
 */
public final class MockApiServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final Logger LOG = Logger.getLogger(MockApiServer.class.getName());

    private KubernetesMockServer server;
    private KubernetesClient client;
    /** Registered on a static field: one server for the whole class. */
    private boolean forTheClass;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        forTheClass = true;
        start();
        inject(context.getRequiredTestClass(), null);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!forTheClass) {
            start();
            Object test = context.getRequiredTestInstance();
            inject(test.getClass(), test);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!forTheClass) {
            stop(context);
        }
    }

    private void start() {
        var expectations = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        client = server.createClient();
    }

    /** Sets the test's mock-server and client fields: the static ones for a class's server, the instance ones for a test's. */
    private void inject(Class<?> testClass, Object test) throws IllegalAccessException {
        for (Class<?> type = testClass; type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) != (test == null)) {
                    continue;
                }
                if (field.getType() == KubernetesMockServer.class) {
                    field.setAccessible(true);
                    field.set(test, server);
                } else if (field.getType().isAssignableFrom(client.getClass()) && KubernetesClient.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    field.set(test, client);
                }
            }
        }
    }

    private void stop(ExtensionContext context) {
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            if (!"Unable to close MockWebServer".equals(e.getMessage())) {
                throw e;
            }
            LOG.warning(context.getDisplayName() + ": the mock API server did not stop within its 10 s (a watch closed while it was"
                    + " sending an event: fabric8 issue 7857); its threads end by themselves");
        }
    }
}
