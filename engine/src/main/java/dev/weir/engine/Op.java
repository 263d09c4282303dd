package dev.weir.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.utils.print.RowDataToStringConverter;
import org.apache.flink.util.CloseableIterator;

/**
 * One submitted statement: its status (PENDING, RUNNING, FINISHED, ERROR, CANCELED, CLOSED) and, once
 * finished, its result pages. Tokens follow the gateway: only the current token (new rows) or the
 * previous one (the same page again) may be fetched; a query's rows are pulled by a background thread.
 */
final class Op {
    enum Status { PENDING, RUNNING, FINISHED, ERROR, CANCELED, CLOSED }

    final UUID handle;
    private Status status = Status.PENDING;
    private Throwable error;
    private Result result;
    volatile Future<?> task;
    volatile JobClient syncJob; // a table.dml-sync INSERT: cancel stops this job

    Op(UUID handle) {
        this.handle = handle;
    }

    synchronized Status status() {
        return status;
    }

    synchronized boolean start() {
        if (status != Status.PENDING) return false;
        status = Status.RUNNING;
        return true;
    }

    synchronized void finish(Result r) {
        if (status != Status.RUNNING) {
            r.close();
            return;
        }
        try {
            r.startPulling(handle);
        } catch (Throwable t) {
            error = t;
            status = Status.ERROR;
            return;
        }
        result = r;
        status = Status.FINISHED;
    }

    synchronized void fail(Throwable t) {
        if (status != Status.RUNNING && status != Status.PENDING) return;
        error = t;
        status = Status.ERROR;
    }

    /** Cancels a running operation; a finished one refuses, as the gateway does. */
    synchronized void cancel() {
        if (status != Status.RUNNING && status != Status.PENDING) {
            throw new SqlGatewayException("Failed to convert the Operation Status from " + status + " to CANCELED for " + handle + ".");
        }
        status = Status.CANCELED;
        stopWork();
    }

    synchronized void close() {
        status = Status.CLOSED;
        stopWork();
        if (result != null) result.close();
    }

    private void stopWork() {
        JobClient j = syncJob;
        if (j != null) j.cancel();
        Future<?> f = task;
        if (f != null) f.cancel(true);
    }

    /** The page for a token, or null when the result is not ready yet (NOT_READY). */
    synchronized Page fetch(long token) {
        switch (status) {
            case PENDING:
            case RUNNING:
                return null;
            case ERROR:
                throw new SqlExecutionException("Failed to execute the operation " + handle + ".", error);
            case FINISHED:
                return result.fetch(token);
            default:
                throw new SqlGatewayException("Can not fetch results from the " + handle + " in " + status + " status.");
        }
    }

    /** One page of a result. */
    static final class Page {
        final boolean eos;
        final List<RowData> rows;
        final Result result;
        final long next;

        Page(boolean eos, List<RowData> rows, Result result, long next) {
            this.eos = eos;
            this.rows = rows;
            this.result = result;
            this.next = next;
        }
    }

    /** A statement's result: its columns and the rows still to be handed out. */
    static final class Result {
        final List<Column> columns;
        final List<LogicalType> types = new ArrayList<>();
        final String resultKind;
        final boolean isQuery;
        final String jobId;
        final RowDataToStringConverter text;
        private final CloseableIterator<RowData> it;
        private final ArrayDeque<RowData> buffer = new ArrayDeque<>();
        private boolean exhausted;
        private Throwable failure;
        private volatile boolean closed;
        private long current;
        private Page last;
        private Thread puller;
        private static final int MAX_BUFFER = 100_000;

        Result(List<Column> columns, String resultKind, boolean isQuery, String jobId, RowDataToStringConverter text, CloseableIterator<RowData> it) {
            this.columns = columns;
            for (Column c : columns) types.add(c.getDataType().getLogicalType());
            this.resultKind = resultKind;
            this.isQuery = isQuery;
            this.jobId = jobId;
            this.text = text;
            this.it = it;
        }

        /** Non-query results are small and complete: read them now. Query rows come from a thread. */
        void startPulling(UUID handle) {
            if (!isQuery) {
                try {
                    while (it.hasNext()) buffer.add(it.next());
                } finally {
                    exhausted = true;
                    closeQuietly();
                }
                return;
            }
            puller = new Thread(this::pull, "weir-collect-" + handle);
            puller.setDaemon(true);
            puller.start();
        }

        private void pull() {
            try {
                while (!closed && it.hasNext()) {
                    RowData r = it.next();
                    synchronized (buffer) {
                        while (buffer.size() >= MAX_BUFFER && !closed) buffer.wait(200);
                        buffer.add(r);
                    }
                }
            } catch (Throwable t) {
                if (!closed) synchronized (buffer) { failure = t; }
            } finally {
                synchronized (buffer) {
                    exhausted = true;
                    buffer.notifyAll();
                }
            }
        }

        synchronized Page fetch(long token) {
            if (token == current) {
                List<RowData> rows;
                boolean eos;
                synchronized (buffer) {
                    if (failure != null && buffer.isEmpty()) throw new SqlExecutionException("Failed to fetch results.", failure);
                    rows = new ArrayList<>(buffer);
                    buffer.clear();
                    buffer.notifyAll();
                    eos = rows.isEmpty() && exhausted && failure == null;
                }
                current++;
                last = new Page(eos, rows, this, current);
                return last;
            }
            if (token == current - 1 && last != null) return last;
            throw new SqlExecutionException("Expecting token to be " + current + " or " + (current - 1) + ", but found " + token + ".");
        }

        void close() {
            closed = true;
            closeQuietly();
            Thread p = puller;
            if (p != null) p.interrupt();
        }

        private void closeQuietly() {
            try {
                it.close();
            } catch (Exception ignored) {
                // the job may be gone already
            }
        }
    }
}
