package dev.sluice.control.orchestration;

import dev.sluice.control.task.TaskService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;


/** sluice_task_state{task,state} = 1 for each task's current state, and its lag and rows as apply reports them. */
@ApplicationScoped
public class TaskMetrics {

    private final TaskService tasks;
    private final MultiGauge state;
    private final MultiGauge lag;
    private final MultiGauge rows;

    public TaskMetrics(TaskService tasks, MeterRegistry registry) {
        this.tasks = tasks;
        this.state = MultiGauge.builder("sluice_task_state").description("1 for the task's current state").register(registry);
        this.lag = MultiGauge.builder("sluice_task_lag_ms").description("how far the task is behind its source").register(registry);
        this.rows = MultiGauge.builder("sluice_task_rows_applied").description("rows the task wrote since apply-service started it").register(registry);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        var all = tasks.list("", "");
        state.register(all.stream().map(t -> MultiGauge.Row.of(Tags.of("task", t.getId(), "state", t.getState()), 1)).toList(), true);
        lag.register(all.stream().map(t -> MultiGauge.Row.of(Tags.of("task", t.getId()), t.getStatus().getLagMs())).toList(), true);
        rows.register(all.stream().map(t -> MultiGauge.Row.of(Tags.of("task", t.getId()), t.getStatus().getRowsApplied())).toList(), true);
    }

}
