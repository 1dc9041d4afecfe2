package io.canarykit.admin.preflight;

import io.canarykit.admin.control.ControlTopic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The commands on {@code kit.control} held against the audit log: a command the sidecar sent without
 * an audit entry fails the check; another producer's command and an intent never sent are warnings.
 *
 * @param commands the commands on the topic
 * @param missing ids of the sidecar's commands with no audit entry
 * @param foreign ids of other producers' commands with no audit entry, and their records that are not commands
 * @param unsent ids of intents the sidecar wrote but never got onto the topic
 */
record AuditCommands(int commands, List<String> missing, List<String> foreign, List<String> unsent) {

    private static final int SHOWN = 5;
    private static final String UNREADABLE = "(a record that is not a command)";

    /** Compares the topic's commands with the ids the audit log names and the intents left without outcome. */
    static AuditCommands compare(List<ControlTopic.Seen> onTopic, Set<String> audited, Set<String> withoutOutcome) {
        List<String> missing = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ControlTopic.Seen command : onTopic) {
            seen.add(command.id());
            if (command.id() != null && audited.contains(command.id())) {
                continue;
            }
            (command.bySidecar() ? missing : foreign).add(command.id() == null ? UNREADABLE : command.id());
        }
        List<String> unsent = withoutOutcome.stream().filter(id -> !seen.contains(id)).sorted().toList();
        return new AuditCommands(onTopic.size(), missing, foreign, unsent);
    }

    /** The preflight check this comparison gives. */
    Check check() {
        if (!missing.isEmpty()) {
            return Check.fail(Preflight.AUDIT_COMMANDS, missing.size() + " of the " + commands
                    + " commands the sidecar sent to kit.control have no audit entry, first: " + first(missing));
        }
        List<String> notes = new ArrayList<>();
        if (!foreign.isEmpty()) {
            notes.add(foreign.size() + " commands on kit.control were not sent through the sidecar and are not in its"
                    + " audit log, first: " + first(foreign));
        }
        if (!unsent.isEmpty()) {
            notes.add(unsent.size() + " intents without outcome (audited, never sent: the sidecar stopped first;"
                    + " nothing was done), first: " + first(unsent));
        }
        String summary = "every one of the " + (commands - foreign.size()) + " commands the sidecar sent to kit.control is in the audit log";
        return notes.isEmpty() ? Check.pass(Preflight.AUDIT_COMMANDS, summary)
                : Check.warn(Preflight.AUDIT_COMMANDS, summary + "; " + String.join("; ", notes));
    }

    private static String first(List<String> ids) {
        List<String> shown = ids.subList(0, Math.min(SHOWN, ids.size()));
        return String.join(", ", shown) + (ids.size() > SHOWN ? ", …" : "");
    }
}
