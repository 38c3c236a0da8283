package dev.sluice.control.secrets;

import dev.sluice.control.task.TaskEntity;
import dev.sluice.v1.ReencryptSecretsResponse;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Key rotation: every stored task password not sealed with the current key is re-sealed with it. Runs
 * when control-service starts with sluice.secrets.previous-keys (a restart is what changes the keys),
 * unless sluice.secrets.reseal-on-start is off, and whenever an admin asks (ReencryptSecrets, `sluice
 * secrets reencrypt`), which also tells when the previous keys can be dropped from the configuration.
 */
@ApplicationScoped
public class SecretRotation {

    private static final Logger LOG = Logger.getLogger(SecretRotation.class);

    private final SecretBox box;
    private final SecretsConfig config;

    public SecretRotation(SecretBox box, SecretsConfig config) {
        this.box = box;
        this.config = config;
    }

    void onStart(@Observes StartupEvent started) {
        if (!box.rotating()) {
            return;
        }
        if (!config.resealOnStart()) {
            LOG.infof("key rotation: %d previous key(s) configured, re-sealing left to `sluice secrets reencrypt` (sluice.secrets.reseal-on-start=false)",
                    box.previousKeyCount());
            return;
        }
        int resealed = resealAll();
        LOG.infof("key rotation: re-sealed %d stored task password(s) with the current sluice.secrets.key; every password is now readable "
                + "without sluice.secrets.previous-keys (SLUICE_SECRETS_PREVIOUS_KEYS), which can be removed", resealed);
    }

    /** Re-seals every password sealed with a previous key, for an admin's request. */
    @Transactional
    public ReencryptSecretsResponse reencrypt() {
        int resealed = resealAll();
        LOG.infof("key rotation: re-sealed %d stored task password(s) on request", resealed);
        return ReencryptSecretsResponse.newBuilder().setTasks((int) TaskEntity.count()).setResealed(resealed)
                .setPreviousKeys(box.previousKeyCount()).build();
    }

    /** Re-seals every password sealed with a previous key; returns how many. */
    @Transactional
    public int resealAll() {
        int n = 0;
        List<TaskEntity> all = TaskEntity.listAll();
        for (TaskEntity e : all) {
            // conditional on the old value: a task updated meanwhile already holds a password sealed with the current key
            if (!box.current(e.sourceSecret)) {
                n += TaskEntity.update("sourceSecret = ?1 where id = ?2 and sourceSecret = ?3", box.reseal(e.sourceSecret), e.id, e.sourceSecret);
            }
            if (!box.current(e.destinationSecret)) {
                n += TaskEntity.update("destinationSecret = ?1 where id = ?2 and destinationSecret = ?3", box.reseal(e.destinationSecret), e.id,
                        e.destinationSecret);
            }
        }
        return n;
    }
}
