package dev.jupyship.alerts;

import dev.jupyship.deploy.store.GcsArtifactStore;
import dev.jupyship.testing.GcsEmulator;
import dev.jupyship.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Once per event across sidecars sharing a GCS bucket (fake-gcs-server): the claim is a write that only the first one makes. */
class AlertsOnGcsTest {

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @Test
    void exactlyOneDeliveryPerEventWhenTwoSendersShareABucket() throws Exception {
        String bucket = GCS.newBucket();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            WebhookSenderTest.assertOneDeliveryEach(receiver, new GcsArtifactStore(bucket, "team-a", GCS.endpoint()),
                    new GcsArtifactStore(bucket, "team-a", GCS.endpoint()));
        }
    }
}
