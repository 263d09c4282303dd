package dev.weir.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.command.StopJobOperation;
import org.apache.flink.types.Row;

/** SHOW JOBS and STOP JOB, which the gateway (not the Table API) implements, over the cluster's REST API. */
final class Jobs {
    private static RestClusterClient<StandaloneClusterId> client(Map<String, String> conf) throws Exception {
        return new RestClusterClient<>(Configuration.fromMap(conf), StandaloneClusterId.getInstance());
    }

    Collection<JobStatusMessage> list(Map<String, String> conf) throws Exception {
        try (RestClusterClient<StandaloneClusterId> c = client(conf)) {
            return c.listJobs().get(60, TimeUnit.SECONDS);
        }
    }

    Op.Result stopJob(Operation operation, Map<String, String> conf) throws Exception {
        StopJobOperation s = (StopJobOperation) operation;
        JobID id = JobID.fromHexString(s.getJobId());
        try (RestClusterClient<StandaloneClusterId> c = client(conf)) {
            if (s.isWithSavepoint()) {
                String dir = conf.get("execution.checkpointing.savepoint-dir");
                if (dir == null) dir = conf.get("state.savepoints.dir");
                String path = c.stopWithSavepoint(id, s.isWithDrain(), dir, SavepointFormatType.DEFAULT).get(300, TimeUnit.SECONDS);
                return Session.synthetic(List.of(Column.physical("savepoint path", DataTypes.STRING())), List.of(Row.of(path)),
                        ResultKind.SUCCESS_WITH_CONTENT, null);
            }
            c.cancel(id).get(60, TimeUnit.SECONDS);
            return Session.synthetic(List.of(Column.physical("result", DataTypes.STRING())), List.of(Row.of("OK")), ResultKind.SUCCESS, null);
        }
    }
}
