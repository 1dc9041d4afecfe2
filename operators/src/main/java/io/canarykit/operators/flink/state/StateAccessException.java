package io.canarykit.operators.flink.state;

/**
 * A failure of the state backend while a signal class read or wrote its state. The signal classes
 * see plain Java interfaces, so the backend's checked exceptions travel inside this one and fail
 * the task, which Flink then restarts from the last checkpoint.
 */
public final class StateAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateAccessException(String what, Exception cause) {
        super("state backend failed to " + what + ": " + cause.getMessage(), cause);
    }
}
