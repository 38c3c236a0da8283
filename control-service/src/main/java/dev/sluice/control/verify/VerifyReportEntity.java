package dev.sluice.control.verify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One stored verification report. */
@Entity
@Table(name = "verify_report")
public class VerifyReportEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "task_id")
    public String taskId;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public boolean equal;
    @Column(name = "report_json")
    public String reportJson;
}
