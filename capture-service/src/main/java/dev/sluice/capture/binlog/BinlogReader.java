package dev.sluice.capture.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.sluice.capture.convert.BinlogDeserializers;
import dev.sluice.capture.stream.BatchSink;
import dev.sluice.capture.stream.FatalCaptureException;
import dev.sluice.capture.stream.StreamSession;
import dev.sluice.model.Secrets;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.SourcePosition;
import dev.sluice.v1.Subscribe;
import dev.sluice.v1.TableSchema;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows the binlog from the applier's checkpoint as a replica with its own server id, and sends
 * the selected tables' changes in transaction-aligned batches. Any disconnect ends the stream: the
 * applier resubscribes from what it committed, so nothing is skipped or sent twice on a reconnect.
 */
public final class BinlogReader implements StreamSession.Producer {

    static final int QUEUE_CAPACITY = 20_000;
    static final long HEARTBEAT_MILLIS = 1000;
    /** Without any event (heartbeats included) for this long the connection is considered dead. */
    static final long SILENCE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void run(Subscribe s, BatchSink sink) throws Exception {
        Map<String, TableSchema> selected = new HashMap<>();
        Set<String> databases = new HashSet<>();
        for (TableSchema t : s.getTablesList()) {
            selected.put(t.getDatabase() + "." + t.getName(), t);
            databases.add(t.getDatabase());
        }
        BlockingQueue<BinlogItem> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        SourcePosition start = s.getPosition();
        BinlogEventHandler handler = new BinlogEventHandler(selected, new DdlGuard(selected.keySet(), databases), queue, start);
        BinaryLogClient client = client(s.getSpec().getSource(), start, handler, queue);
        BinlogTls.apply(client, s.getSpec().getSource());
        try {
            connect(client, s.getSpec().getSource());
            new TransactionBatcher(s, sink, queue, handler::lastEventNanos).run();
        } finally {
            disconnect(client);
        }
    }

    private static BinaryLogClient client(Endpoint source, SourcePosition start, BinlogEventHandler handler, BlockingQueue<BinlogItem> queue) {
        BinaryLogClient c = new BinaryLogClient(source.getHost(), source.getPort(), source.getUser(), Secrets.password(source));
        // A random id in a range MariaDB servers rarely use: two replicas with one id disconnect each other.
        c.setServerId(0x40000000L + RANDOM.nextInt(0x3FFFFFFF));
        c.setEventDeserializer(BinlogDeserializers.create());
        // Our own reconnect (by resubscribing from the committed checkpoint) replaces the library's keepalive,
        // whose mid-transaction reconnects could deliver part of a transaction twice.
        c.setKeepAlive(false);
        c.setHeartbeatInterval(HEARTBEAT_MILLIS);
        c.setConnectTimeout(10_000);
        if (!start.getGtidSet().isBlank()) {
            c.setGtidSet(start.getGtidSet());
        } else {
            c.setBinlogFilename(start.getBinlogFile());
            c.setBinlogPosition(Math.max(4, start.getBinlogPosition()));
        }
        c.registerEventListener(handler);
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
                queue.offer(new BinlogItem.Failure(classify(ex, start)));
                disconnect(client);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
                // The library would skip the event and go on: that would lose rows.
                queue.offer(new BinlogItem.Failure(new IllegalStateException("cannot decode a binlog event: " + ex.getMessage(), ex)));
                disconnect(client);
            }

            @Override
            public void onDisconnect(BinaryLogClient client) {
                queue.offer(new BinlogItem.Failure(new IOException("the binlog connection to the source closed")));
            }
        });
        return c;
    }

    static Exception classify(Exception ex, SourcePosition start) {
        if (ex instanceof ServerException se && se.getErrorCode() == 1236) {
            return new FatalCaptureException("the source no longer has the binlog at the task's position (GTID " + start.getGtidSet()
                    + ", " + start.getBinlogFile() + ":" + start.getBinlogPosition() + "): " + se.getMessage()
                    + ". The binlogs were purged before Sluice read them: run the task again with full synchronization, and keep binlogs "
                    + "longer (expire_logs_days >= 7)");
        }
        return ex;
    }

    static void connect(BinaryLogClient c, Endpoint source) throws IOException {
        try {
            c.connect(10_000);
        } catch (javax.net.ssl.SSLException e) {
            // The JDK's words (No name matching ..., PKIX path building failed) do not say which setting is involved.
            throw new IOException("TLS on the binlog connection to " + source.getHost() + ":" + source.getPort() + " failed (source.tls.mode "
                    + source.getTls().getMode() + "; check source.tls and source.host): " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("timed out connecting to the source binlog at " + source.getHost() + ":" + source.getPort());
        }
    }

    private static void disconnect(BinaryLogClient c) {
        try {
            c.disconnect();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
