package dev.sluice.control.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A task as stored in the metadata database. Passwords are only ever held encrypted here.
 * Updates write only the changed columns: a status update racing with key rotation must not write back
 * a password sealed with the old key.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "task")
public class TaskEntity extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    public String environment;
    public String state;
    @Column(name = "spec_json")
    public String specJson;
    @Column(name = "source_secret")
    public String sourceSecret;
    @Column(name = "destination_secret")
    public String destinationSecret;
    @Column(name = "status_json")
    public String statusJson;
    @Column(name = "precheck_json")
    public String precheckJson;
    @Column(name = "ignored_checks")
    public String ignoredChecks = "";
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<TaskEntity> inStates(List<String> states) {
        return list("state in ?1 order by createdAt", states);
    }
}
