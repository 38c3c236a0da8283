package dev.sluice.capture.source;

import com.github.shyiko.mysql.binlog.event.deserialization.AnnotateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidListEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.QueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For native executables only (mvn package -Dnative; unverified, see the README): what this service's
 * libraries reach by reflection and no Quarkus extension in use registers.
 * <ul>
 *   <li>the plain MariaDB driver (no quarkus-jdbc-mariadb here): DriverManager instantiates the
 *       {@code java.sql.Driver} service, and {@code Configuration} parses connection options through
 *       the fields and methods of its {@code Builder} — the same registrations as Quarkus' MariaDB
 *       extension;</li>
 *   <li>mysql-binlog-connector-java: {@code BinaryLogClient.ensureEventDataDeserializer} creates
 *       these deserializers with {@code Class.newInstance()}.</li>
 * </ul>
 * Protobuf messages (ours, protobuf-java's and CEL's {@code dev.cel.expr}, indexed through
 * application.properties) are registered by Quarkus' gRPC extension.
 */
@RegisterForReflection(targets = {
        org.mariadb.jdbc.Driver.class,
        org.mariadb.jdbc.Configuration.class,
        org.mariadb.jdbc.Configuration.Builder.class,
        GtidEventDataDeserializer.class,
        QueryEventDataDeserializer.class,
        AnnotateRowsEventDataDeserializer.class,
        MariadbGtidEventDataDeserializer.class,
        MariadbGtidListEventDataDeserializer.class,
        RotateEventDataDeserializer.class,
})
final class NativeReflection {
    private NativeReflection() {
    }
}
