package dev.weir.engine;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;

/**
 * execution.target = "weir-local": submits jobs straight to the engine's MiniCluster (no REST round trips
 * for submission and for the collect sink's result fetching). Registered through META-INF/services.
 *
 * <p>Flink 2.x submits a StreamGraph (PipelineExecutorUtils.getStreamGraph), 1.20 a JobGraph
 * (getJobGraph); both are looked up reflectively so the same source builds against both.
 */
public final class DirectExecutorFactory implements PipelineExecutorFactory {
    static final String NAME = "weir-local";
    static volatile MiniCluster cluster;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
        return NAME.equalsIgnoreCase(configuration.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
        return DirectExecutorFactory::execute;
    }

    private static CompletableFuture<JobClient> execute(Pipeline pipeline, Configuration conf, ClassLoader cl) throws Exception {
        MiniCluster mc = cluster;
        if (mc == null) throw new IllegalStateException("The engine's local cluster is not running.");
        Object plan = plan(pipeline, conf, cl);
        Method submit = null;
        for (Method m : MiniCluster.class.getMethods()) {
            if (m.getName().equals("submitJob") && m.getParameterCount() == 1 && m.getParameterTypes()[0].isInstance(plan)) submit = m;
        }
        if (submit == null) throw new IllegalStateException("No MiniCluster.submitJob for " + plan.getClass().getName());
        CompletableFuture<?> f = (CompletableFuture<?>) submit.invoke(mc, plan);
        return f.thenApply(r -> {
            try {
                JobID id = (JobID) r.getClass().getMethod("getJobID").invoke(r);
                return (JobClient) new MiniClusterJobClient(id, mc, cl, MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Object plan(Pipeline pipeline, Configuration conf, ClassLoader cl) throws Exception {
        for (Method m : PipelineExecutorUtils.class.getMethods()) {
            if (m.getName().equals("getStreamGraph") && m.getParameterCount() == 2) return m.invoke(null, pipeline, conf);
        }
        Method m = PipelineExecutorUtils.class.getMethod("getJobGraph", Pipeline.class, Configuration.class, ClassLoader.class);
        return m.invoke(null, pipeline, conf, cl);
    }
}
