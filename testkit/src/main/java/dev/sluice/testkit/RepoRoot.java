package dev.sluice.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's top folder: from -Dsluice.repo.root, else the nearest parent holding deploy/local/db.sh. */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path find() {
        String configured = System.getProperty("sluice.repo.root");
        if (configured != null && Files.exists(Path.of(configured, "deploy/local/db.sh"))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("deploy/local/db.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (deploy/local/db.sh) from " + Path.of("").toAbsolutePath());
    }
}
