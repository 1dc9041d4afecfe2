package io.canarykit.admin.ledger;

/** The database could not do what was asked; the message says what and why. */
public final class LedgerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
