package dev.sluice.apply.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "sluice.apply")
public interface ApplyConfig {

    @WithDefault("50000")
    long chunkRows();

    @WithDefault("4")
    int parallelChunks();

    @WithDefault("2000")
    int batchRows();

    @WithDefault("8")
    int credits();

    @WithDefault("20000")
    long commitRows();

    @WithDefault("100")
    long commitMillis();

    @WithDefault("sluice")
    String checkpointSchema();

    /** Usage is metered in windows of this length (milliseconds), sent to billing once closed. */
    @WithDefault("60000")
    long usageWindowMillis();

    /** How often the usage outbox is delivered (read by the scheduler through its expression). */
    @WithDefault("10s")
    String usageFlushInterval();
}
