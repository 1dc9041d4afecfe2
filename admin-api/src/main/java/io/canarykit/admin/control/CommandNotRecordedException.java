package io.canarykit.admin.control;

import io.canarykit.schema.ControlCommand;

/**
 * The ledger failed around a command: before the send (its intent was not written, so nothing was
 * sent) or after it (its outcome was not recorded; the intent is in the audit log).
 */
public final class CommandNotRecordedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ControlCommand command;
    private final boolean published;
    private final boolean acknowledged;

    CommandNotRecordedException(ControlCommand command, boolean published, boolean acknowledged, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.command = command;
        this.published = published;
        this.acknowledged = acknowledged;
    }

    public ControlCommand command() {
        return command;
    }

    /** Whether the command was published at all; false means nothing was sent. */
    public boolean published() {
        return published;
    }

    /** Whether the broker acknowledged it. */
    public boolean acknowledged() {
        return acknowledged;
    }
}
