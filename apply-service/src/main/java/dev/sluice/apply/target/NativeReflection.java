package dev.sluice.apply.target;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For native executables only (mvn package -Dnative; unverified, see the README): the plain PostgreSQL
 * driver (no quarkus-jdbc-postgresql here). DriverManager instantiates the {@code java.sql.Driver}
 * service, and the driver creates {@code PGobject} types reflectively when reading values — the same
 * registrations as Quarkus' PostgreSQL extension.
 */
@RegisterForReflection(targets = {
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
