package dev.sluice.precheck.checks;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For native executables only (mvn package -Dnative; unverified, see the README): the plain MariaDB
 * and PostgreSQL drivers (no quarkus-jdbc-* extension here). DriverManager instantiates the
 * {@code java.sql.Driver} services; MariaDB's {@code Configuration} parses connection options through
 * the fields and methods of its {@code Builder}; PostgreSQL creates {@code PGobject} types reflectively
 * when reading values — the same registrations as Quarkus' JDBC extensions.
 */
@RegisterForReflection(targets = {
        org.mariadb.jdbc.Driver.class,
        org.mariadb.jdbc.Configuration.class,
        org.mariadb.jdbc.Configuration.Builder.class,
        org.postgresql.Driver.class,
        org.postgresql.ssl.LibPQFactory.class, // the sslfactory for every sslmode, created by class name (tls:)
        org.postgresql.util.PGobject.class,
        org.postgresql.util.PGInterval.class,
        org.postgresql.util.PGmoney.class,
        org.postgresql.geometric.PGbox.class,
        org.postgresql.geometric.PGcircle.class,
        org.postgresql.geometric.PGline.class,
        org.postgresql.geometric.PGlseg.class,
        org.postgresql.geometric.PGpath.class,
        org.postgresql.geometric.PGpoint.class,
        org.postgresql.geometric.PGpolygon.class,
})
final class NativeReflection {
    private NativeReflection() {
    }
}
